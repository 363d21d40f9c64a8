/**
 * The platform's callbacks (第三方应用): flow events of a sub-company's flows, and the onboarding
 * events (OrgOpenTsignBiz, VerifyStaffInfo), go to the application's callback targets, encrypted
 * with the application's key and signed with its token, through the same dispatcher (faults,
 * the guide's retry schedule, the delivery log of `GET /_emulator/callbacks`).
 *
 * Envelope `{ MsgId, MsgType, MsgVersion: "ThirdPartyApp", MsgData }` (the partner docs' examples);
 * MsgData names `ApplicationId`, `ProxyOrganizationOpenId` and `ProxyOperatorOpenId`. The
 * FlowStatusChange body beyond those ids (FlowDetailInfo's fields, `Approvers` as FlowApproverDetail)
 * is the emulator's assumption — see docs/emulator.md, "Fidelity: essbasic".
 */
import { ESSBASIC_MSG_VERSION } from '@ess-kit/shared';
import type { RenderedMessage } from '../callbacks/delivery.js';
import type { CallbackDispatcher } from '../callbacks/index.js';
import { flowMsgData, flowStatusName } from '../callbacks/messages.js';
import { newId } from '../ids.js';
import type { StateEventMap } from '../state/events.js';
import type { EmulatorState } from '../state/store.js';
import type { CallbackTarget } from '../state/types.js';
import { operatorOpenIdOf, subCompanyOfOrganization } from './onboarding.js';
import type { Application, SubCompany } from './types.js';
import { approverDetail, customerDataOf } from './views.js';

/** The application's targets, with its key and token where a target names none. */
export function applicationTargets(app: Application): CallbackTarget[] {
  return app.callbackTargets.map((t) => ({
    ...t,
    format: t.format ?? 'v2',
    key: t.key ?? app.callbackKey,
    token: t.token ?? app.callbackToken,
  }));
}

/** What the platform's callbacks are built from: the state's events and data, and the ess dispatcher's delivery. */
export interface PlatformCallbackDeps {
  state: Pick<EmulatorState, 'on' | 'data'>;
  callbacks: Pick<CallbackDispatcher, 'deliver'>;
}

/** Subscribes to the state and sends the platform's callbacks; one per emulator in platform mode. */
export class PlatformCallbacks {
  readonly #deps: PlatformCallbackDeps;
  readonly #unsubscribe: () => void;

  constructor(deps: PlatformCallbackDeps) {
    this.#deps = deps;
    this.#unsubscribe = deps.state.on('flow.changed', (event) => this.#onFlow(event));
  }

  close(): void {
    this.#unsubscribe();
  }

  /** Sends one platform message about a sub-company to its application's targets. */
  send(
    app: Application,
    sub: SubCompany,
    msgType: string,
    family: RenderedMessage['family'],
    data: Record<string, unknown>,
    flowId?: string,
  ): void {
    const targets = applicationTargets(app);
    if (targets.length === 0) return;
    const msgId = newId();
    const msgData = {
      ApplicationId: app.AppId,
      ProxyOrganizationOpenId: sub.ProxyOrganizationOpenId,
      ...data,
    };
    const plaintext = JSON.stringify({
      MsgId: msgId,
      MsgType: msgType,
      MsgVersion: ESSBASIC_MSG_VERSION,
      MsgData: msgData,
    });
    for (const target of targets)
      this.#deps.callbacks.deliver(target, {
        msgId,
        msgType,
        family,
        organizationId: sub.OrganizationId,
        flowId,
        plaintext,
      });
  }

  #onFlow(event: StateEventMap['flow.changed']): void {
    const owner = subCompanyOfOrganization(this.#deps.state.data, event.flow.OrganizationId);
    // The same flow operations as ess produce a FlowStatusChange (one rule: flowMsgData decides).
    if (!owner || flowMsgData(event) === null) return;
    const { flow } = event;
    const data = this.#deps.state.data;
    const actor = event.recipientId
      ? flow.approvers.find((a) => a.RecipientId === event.recipientId)
      : undefined;
    this.send(
      owner.app,
      owner.sub,
      'FlowStatusChange',
      'flow',
      {
        ProxyOperatorOpenId: operatorOpenIdOf(owner.sub, flow.creatorId),
        FlowId: flow.FlowId,
        FlowName: flow.FlowName,
        FlowType: flow.FlowType,
        FlowStatus: flowStatusName(flow.status),
        FlowMessage: flow.message,
        FlowDescription: flow.FlowDescription,
        CreateOn: flow.createdOn,
        Deadline: flow.deadline,
        CustomerData: customerDataOf(flow),
        TemplateId: flow.templateId,
        Operate: event.operate,
        RecipientId: actor?.RecipientId ?? '',
        OccurTime: event.occurredAt,
        Approvers: flow.approvers.map((a) => approverDetail(data, flow, a)),
        CcInfos: [],
      },
      flow.FlowId,
    );
  }
}
