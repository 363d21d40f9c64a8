/**
 * The normalized callback event (one shape for every family). normalize.ts builds it from ess
 * messages and essbasic/callbacks.ts from the partner platform's; both import it from here.
 */
import type { EssEventFamily } from './msg-types.js';

/** A signer as reported in a flow callback (never mobiles or id numbers; those stay in `data`). */
export interface EssEventApprover {
  recipientId: string;
  /** `ApproveCallbackStatus` (signer status, ess-api.md §6.2). */
  approveStatus: number;
  approverType?: number;
  organizationId?: string;
  organizationName?: string;
  approverName?: string;
  approveTime?: number;
  approveMessage?: string;
}

/**
 * A normalized callback. `data` is the original MsgData (or the v1 FlowInfo) verbatim: it may hold
 * personal data (mobiles, id numbers), so it is for the server side only, never for a browser.
 */
export interface EssEvent {
  family: EssEventFamily;
  /** As sent; `FlowStatusChange` for a v1 FlowInfo. */
  msgType: string;
  msgId: string | null;
  /** `v2` = CallbackContent envelope, `v1` = bare FlowInfo. */
  format: 'v1' | 'v2';
  organizationId: string | null;
  flowId?: string;
  /** `FlowCallbackStatus` (flow status, ess-api.md §6.1). */
  flowStatus?: number;
  /** Flow: start/sign/reject/cancel/finish/deadline/fill. Seal: Create/Delete/Disable/Enable/Valid/Invalid/ReviewPass/ReviewReject. */
  operate?: string;
  recipientId?: string;
  /** Unix seconds: OccurTime, UpdatedOn, UpdateTime, CreateTime, … or the receive time when none is given. */
  occurredAt: number;
  sealId?: string;
  templateId?: string;
  userId?: string;
  qrCodeId?: string;
  approvers?: EssEventApprover[];
  userData?: string;
  /** Partner-platform (essbasic) callbacks: the application's id (MsgData.ApplicationId). */
  applicationId?: string;
  /** Partner-platform (essbasic) callbacks: the sub-company's ProxyOrganizationOpenId — the tenant the event belongs to. */
  tenant?: string;
  /** Same delivery → same key: MsgId when present, else derived from the message content. */
  dedupeKey: string;
  data: Record<string, unknown>;
}
