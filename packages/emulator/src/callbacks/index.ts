/**
 * The callback dispatcher: listens to the state's domain events, turns each into the guide's
 * callback message, routes it to the right targets (group rules included), applies callback
 * faults and hands it to the sender, which delivers in the background with the guide's retries.
 */
import type { Faults } from '../faults.js';
import { newId } from '../ids.js';
import type { StateEventMap } from '../state/events.js';
import type { EmulatorState } from '../state/store.js';
import type { GrantFamily, Organization, Staff } from '../state/types.js';
import {
  CallbackSender,
  type DeliveryFilter,
  type DeliveryOptions,
  type DeliveryRecord,
  type RenderedMessage,
} from './delivery.js';
import {
  documentFillMsgData,
  envelope,
  feeMsgData,
  flowMsgData,
  qrFailureMsgData,
  sealMsgData,
  staffMsgData,
  templateMsgData,
} from './messages.js';
import type { CallbackTarget } from './targets.js';

export type {
  DeliveryAttempt,
  DeliveryFilter,
  DeliveryOptions,
  DeliveryRecord,
  RenderedMessage,
} from './delivery.js';
export { CallbackSender, GUIDE_RETRY_DELAYS_MS, GUIDE_TIMEOUT_MS, renderBody } from './delivery.js';
export type { CallbackTarget } from './targets.js';
export {
  callbackTargetListSchema,
  callbackTargetSchema,
  describeTarget,
  parseCallbackTargets,
} from './targets.js';

type Family = RenderedMessage['family'];

/** Which grant lets the main organization receive a member's callbacks of a family (guide: 集团回调规则). */
const FAMILY_GRANT: Record<Family, GrantFamily | null> = {
  flow: 'contracts',
  fee: 'contracts',
  qr: 'contracts',
  seal: 'seals',
  template: 'templates',
  // Staff callbacks are not tied to a query permission: all member operations reach the main org.
  staff: null,
};

interface Outgoing {
  family: Family;
  msgType: string;
  organizationId: string;
  flowId?: string;
  data: Record<string, unknown>;
}

/** What the dispatcher is built from. */
export interface DispatcherDeps {
  /** Its domain events, the organizations and staff, and the stored callback targets. */
  state: Pick<EmulatorState, 'on' | 'data' | 'setCallbackTargets'>;
  /** Callback faults (delay, duplicate, reorder), read for each message; none when absent. */
  faults?: Pick<Faults, 'callbackPlan'>;
  /** Send the deprecated FlowCost callback (EmulatorConfig.flowCostCallbacks). */
  flowCostCallbacks?: boolean;
}

/**
 * Turns domain events into deliveries. Constructed once per emulator from what it needs; the
 * control API reads its log (`list`) and the app closes it on shutdown.
 */
export class CallbackDispatcher {
  readonly sender: CallbackSender;
  readonly #deps: DispatcherDeps;
  readonly #unsubscribe: (() => void)[] = [];
  /** Per target: the message held back by the reorder fault, released after the next one. */
  readonly #held = new Map<string, { release: () => void; timer: ReturnType<typeof setTimeout> }>();
  /** Last known roles per UserId, for RolesChange's BeforeRoleNames. */
  #roles = new Map<string, string[]>();

  /**
   * @param deps the state, the faults and the FlowCost switch.
   * @param options delivery settings (tests shorten `retryDelaysMs`); default the guide's schedule.
   */
  constructor(deps: DispatcherDeps, options: DeliveryOptions = {}) {
    this.#deps = deps;
    this.sender = new CallbackSender(options);
    this.#snapshotRoles();
    const on = <K extends keyof StateEventMap>(name: K, listener: (event: StateEventMap[K]) => void) =>
      this.#unsubscribe.push(this.#deps.state.on(name, listener));
    on('flow.changed', (event) => {
      if (event.operate === 'document') {
        this.#dispatch({
          family: 'flow',
          msgType: 'DocumentFill',
          organizationId: event.flow.OrganizationId,
          flowId: event.flow.FlowId,
          data: documentFillMsgData(event, this.#localUserId),
        });
        return;
      }
      const data = flowMsgData(event, this.#localUserId);
      if (data) {
        this.#dispatch({
          family: 'flow',
          msgType: 'FlowStatusChange',
          organizationId: event.flow.OrganizationId,
          flowId: event.flow.FlowId,
          data,
        });
      }
    });
    on('seal.operated', (event) =>
      this.#dispatch({
        family: 'seal',
        msgType: 'OperateSeal',
        organizationId: event.organizationId,
        data: sealMsgData(event, (userId) => this.#staff(userId)?.name ?? '', this.#localUserId),
      }),
    );
    on('template.changed', (event) =>
      this.#dispatch({
        family: 'template',
        msgType: event.kind === 'add' ? 'TemplateAdd' : 'TemplateUpdate',
        organizationId: event.template.OrganizationId,
        data: templateMsgData(event, this.#localUserId),
      }),
    );
    on('staff.changed', (event) => {
      const before = this.#roles.get(event.staff.UserId) ?? [];
      this.#roles.set(event.staff.UserId, [...event.staff.roles]);
      this.#dispatch({
        family: 'staff',
        msgType: event.kind === 'verified' ? 'VerifyStaffInfo' : 'RolesChange',
        organizationId: event.organizationId,
        data: staffMsgData(event, before),
      });
    });
    on('fee.charged', (event) => {
      // Tencent marks FlowCost deprecated (已废弃): sent only when the emulator is asked to.
      if (!this.#deps.flowCostCallbacks) return;
      this.#dispatch({
        family: 'fee',
        msgType: 'FlowCost',
        organizationId: event.organizationId,
        flowId: event.flow.FlowId,
        data: feeMsgData(event),
      });
    });
    on('qr.scanFailed', (event) => {
      const outgoing: Outgoing = {
        family: 'qr',
        msgType: 'CreateFlowByQrCode',
        organizationId: event.qrCode.OrganizationId,
        data: qrFailureMsgData(event),
      };
      const targets = this.#route(outgoing.organizationId, 'qr');
      // The QR's own CallbackUrl (a per-request URL of the older API) gets it too, with the
      // organization's first key and token, as v2.
      const callbackUrl = event.qrCode.callbackUrl;
      if (callbackUrl && /^https?:\/\//i.test(callbackUrl) && !targets.some((t) => t.url === callbackUrl)) {
        const own = targets[0];
        targets.push({ url: callbackUrl, format: 'v2', key: own?.key, token: own?.token });
      }
      this.#send(outgoing, targets);
    });
    on('state.reset', () => this.#snapshotRoles());
  }

  /** The active targets (stored in the state so they persist with `--data`). */
  get targets(): CallbackTarget[] {
    return this.#deps.state.data.callbackTargets;
  }

  /** Replace every target. */
  setTargets(targets: CallbackTarget[]): void {
    this.#deps.state.setCallbackTargets(targets);
  }

  /** Change the retry schedule or timeout for deliveries that start from now on. */
  configureDelivery(options: Pick<DeliveryOptions, 'retryDelaysMs' | 'timeoutMs'>): void {
    this.sender.configure(options);
  }

  /** The delivery log (see {@link CallbackSender.list}). */
  list(filter?: DeliveryFilter): DeliveryRecord[] {
    return this.sender.list(filter);
  }

  /** Resolves when no delivery is in flight (tests use it to wait for retries to finish). */
  idle(timeoutMs?: number): Promise<void> {
    return this.sender.idle(timeoutMs);
  }

  /**
   * Delivers a message rendered elsewhere (the partner platform's callbacks, essbasic/callbacks.ts)
   * through the same faults, retry schedule and delivery log.
   */
  deliver(target: CallbackTarget, message: RenderedMessage): void {
    this.#enqueue(target, message);
  }

  /** Forget the log and stop pending deliveries (control API reset). */
  clear(): void {
    this.#releaseHeld(false);
    this.sender.clear();
  }

  /** Unsubscribe and stop every delivery and timer. */
  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#releaseHeld(false);
    this.sender.close();
  }

  /** A user of another organization (the main operator acting for a member) shows as that organization's operator. */
  readonly #localUserId = (userId: string, organizationId: string): string => {
    const data = this.#deps.state.data;
    const org = data.organizations[organizationId];
    const staff = data.staff[userId];
    if (!org || !staff || staff.OrganizationId === organizationId) return userId;
    return org.operatorUserId;
  };

  #staff(userId: string): Staff | undefined {
    return this.#deps.state.data.staff[userId];
  }

  #snapshotRoles(): void {
    this.#roles = new Map(Object.values(this.#deps.state.data.staff).map((s) => [s.UserId, [...s.roles]]));
  }

  /**
   * Group rule (guide 集团客户 → 所有回调通知): an organization's events go to its own targets; a
   * member's events also go to the main organization's targets for the families it granted.
   */
  #route(organizationId: string, family: Family): CallbackTarget[] {
    const data = this.#deps.state.data;
    const mainId = data.mainOrganizationId;
    const owner = (t: CallbackTarget) => t.organizationId ?? mainId;
    const org: Organization | undefined = data.organizations[organizationId];
    if (!org || org.isMain) return data.callbackTargets.filter((t) => owner(t) === mainId);
    const targets = data.callbackTargets.filter((t) => owner(t) === organizationId);
    const grant = FAMILY_GRANT[family];
    if (grant === null || org.grants?.[grant])
      targets.push(...data.callbackTargets.filter((t) => owner(t) === mainId));
    return targets;
  }

  #dispatch(outgoing: Outgoing): void {
    this.#send(outgoing, this.#route(outgoing.organizationId, outgoing.family));
  }

  #send(outgoing: Outgoing, targets: CallbackTarget[]): void {
    if (targets.length === 0) return;
    // One MsgId per message: every target (and a duplicate) sees the same id, as a resend would.
    const msgId = newId();
    const v2 = JSON.stringify(envelope(msgId, outgoing.msgType, outgoing.data));
    // v1 sends FlowStatusChange as the bare FlowInfo; every other message keeps its envelope.
    const bare = outgoing.msgType === 'FlowStatusChange';
    const v1 = bare
      ? JSON.stringify(outgoing.data)
      : JSON.stringify({ MsgId: msgId, MsgType: outgoing.msgType, MsgData: outgoing.data });
    for (const target of targets) {
      const message: RenderedMessage = {
        msgId: target.format === 'v1' && bare ? null : msgId,
        msgType: outgoing.msgType,
        family: outgoing.family,
        organizationId: outgoing.organizationId,
        flowId: outgoing.flowId,
        plaintext: target.format === 'v1' ? v1 : v2,
      };
      this.#enqueue(target, message);
    }
  }

  #enqueue(target: CallbackTarget, message: RenderedMessage): void {
    const plan = this.#deps.faults?.callbackPlan();
    const key = `${target.url}\n${target.format}\n${target.organizationId ?? ''}`;
    const held = this.#held.get(key);
    if (plan?.holdBack && !held) {
      const { release } = this.sender.enqueue(target, message, {
        heldBack: true,
        delayMs: plan.delayMs,
        held: true,
      });
      const timer = setTimeout(() => this.#releaseOne(key), plan.maxHoldMs);
      timer.unref?.();
      this.#held.set(key, { release, timer });
    } else {
      // Release a held message only once this one is on its way, so it arrives second.
      const afterFirstAttempt = held ? () => this.#releaseOne(key) : undefined;
      this.sender.enqueue(target, message, { delayMs: plan?.delayMs ?? 0, afterFirstAttempt });
    }
    if (plan?.duplicate) this.sender.enqueue(target, message, { duplicate: true, delayMs: plan.delayMs });
  }

  #releaseOne(key: string): void {
    const held = this.#held.get(key);
    if (!held) return;
    this.#held.delete(key);
    clearTimeout(held.timer);
    held.release();
  }

  #releaseHeld(send: boolean): void {
    for (const [key, held] of this.#held) {
      clearTimeout(held.timer);
      if (send) held.release();
      this.#held.delete(key);
    }
  }
}
