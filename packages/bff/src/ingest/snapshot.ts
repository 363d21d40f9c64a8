/**
 * Pure functions from ESS data to the public flow snapshot (docs/internals.md): a flow read with
 * DescribeFlowInfo, a callback applied to a flow. They decide; the stores do the I/O.
 */
import { type EssEvent, shouldApplyFlowStatus } from '@ess-kit/shared';
import type { ApproverSnapshot, FlowSnapshot } from '../store/types.js';

/** The fields of ESS `FlowApproverDetail` used here (ESS spelling). */
export interface FlowApproverDetailLike {
  RecipientId?: string;
  ReceiptId?: string;
  ApproveType?: string;
  ApproveName?: string;
  OrganizationName?: string;
  ApproveStatus?: number;
  SignOrder?: number;
  ApproveTime?: number;
  ApproveMessage?: string;
}

/** The fields of ESS `FlowDetailInfo` used here (ESS spelling); shared's zod type fits it. */
export interface FlowDetailInfoLike {
  FlowId: string;
  FlowName?: string;
  FlowStatus: number;
  FlowMessage?: string;
  CreatedOn?: number;
  Deadline?: number;
  Unordered?: boolean;
  FlowApproverInfos?: FlowApproverDetailLike[];
}

/** The fields of shared's normalized `EssEvent` a flow snapshot is built from. */
export type EssFlowEventLike = Pick<
  EssEvent,
  'flowId' | 'flowStatus' | 'operate' | 'occurredAt' | 'approvers' | 'data'
>;

const APPROVER_TYPES = new Set(['ORGANIZATION', 'PERSON', 'ENTERPRISESERVER']);

/** ESS input approver types: 0 enterprise, 1 person, 3 enterprise auto-sign, 7 person auto-sign. */
function approverTypeFromNumber(value: number | undefined): ApproverSnapshot['approverType'] {
  if (value === 0) return 'ORGANIZATION';
  if (value === 3) return 'ENTERPRISESERVER';
  return 'PERSON';
}

const nonEmpty = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;
const positive = (value: unknown): number | null => (typeof value === 'number' && value > 0 ? value : null);

/** A public snapshot from ESS `FlowDetailInfo` (DescribeFlowInfo). Mobiles and id numbers are dropped. */
export function flowSnapshotFromDetail(
  detail: FlowDetailInfoLike,
  eventId: string | null = null,
  now: Date = new Date(),
): FlowSnapshot {
  return {
    flowId: detail.FlowId,
    flowStatus: detail.FlowStatus,
    flowName: detail.FlowName ?? '',
    flowMessage: nonEmpty(detail.FlowMessage),
    deadline: detail.Deadline ?? 0,
    createdOn: detail.CreatedOn ?? 0,
    unordered: detail.Unordered ?? false,
    updatedAt: now.toISOString(),
    eventId,
    approvers: (detail.FlowApproverInfos ?? []).map((a, index) => ({
      recipientId: a.RecipientId || a.ReceiptId || `#${index}`,
      approverType: APPROVER_TYPES.has(a.ApproveType ?? '')
        ? (a.ApproveType as ApproverSnapshot['approverType'])
        : 'PERSON',
      approverName: nonEmpty(a.ApproveName),
      organizationName: nonEmpty(a.OrganizationName),
      approveStatus: a.ApproveStatus ?? 0,
      signOrder: a.SignOrder ?? index,
      approveTime: positive(a.ApproveTime),
      approveMessage: nonEmpty(a.ApproveMessage),
    })),
  };
}

function mergeApprovers(current: ApproverSnapshot[], event: EssFlowEventLike): ApproverSnapshot[] {
  if (!event.approvers || event.approvers.length === 0) return current;
  const byId = new Map(current.map((a) => [a.recipientId, a]));
  const merged = current.map((a) => ({ ...a }));
  for (const [index, incoming] of event.approvers.entries()) {
    const known = byId.get(incoming.recipientId);
    const next: ApproverSnapshot = {
      recipientId: incoming.recipientId,
      approverType: known?.approverType ?? approverTypeFromNumber(incoming.approverType),
      approverName: nonEmpty(incoming.approverName) ?? known?.approverName ?? null,
      organizationName: nonEmpty(incoming.organizationName) ?? known?.organizationName ?? null,
      approveStatus: incoming.approveStatus,
      signOrder: known?.signOrder ?? index,
      approveTime: positive(incoming.approveTime) ?? known?.approveTime ?? null,
      approveMessage: nonEmpty(incoming.approveMessage) ?? known?.approveMessage ?? null,
    };
    const at = merged.findIndex((a) => a.recipientId === incoming.recipientId);
    if (at >= 0) merged[at] = next;
    else merged.push(next);
  }
  return merged;
}

/**
 * Applies a flow callback to a snapshot. Returns the same object when the callback must not change
 * it: a status that would move backwards (4 is never followed by 1), or a same-status callback older
 * than the snapshot (`lastOccurredAt`, unix s). Otherwise a new snapshot (eventId left for the store).
 */
export function applyEventToSnapshot(
  snapshot: FlowSnapshot | null,
  event: EssFlowEventLike,
  lastOccurredAt = 0,
  now: Date = new Date(),
): FlowSnapshot {
  const data = event.data ?? {};
  const status = typeof event.flowStatus === 'number' ? event.flowStatus : snapshot?.flowStatus;
  if (status === undefined) {
    if (!snapshot) throw new TypeError('a flow event without FlowCallbackStatus cannot start a snapshot');
    return snapshot;
  }
  if (snapshot) {
    if (status !== snapshot.flowStatus && !shouldApplyFlowStatus(snapshot.flowStatus, status))
      return snapshot;
    if (status === snapshot.flowStatus && event.occurredAt < lastOccurredAt) return snapshot;
  }
  const base: FlowSnapshot = snapshot ?? {
    flowId: event.flowId ?? String(data.FlowId ?? ''),
    flowStatus: status,
    flowName: '',
    flowMessage: null,
    deadline: 0,
    createdOn: 0,
    unordered: false,
    updatedAt: now.toISOString(),
    eventId: null,
    approvers: [],
  };
  return {
    ...base,
    flowStatus: status,
    flowName: nonEmpty(data.FlowName) ?? base.flowName,
    flowMessage: nonEmpty(data.FlowMessage) ?? base.flowMessage,
    deadline: typeof data.DeadLine === 'number' ? data.DeadLine : base.deadline,
    createdOn: positive(data.CreateOn) ?? base.createdOn,
    unordered: typeof data.Unordered === 'boolean' ? data.Unordered : base.unordered,
    updatedAt: now.toISOString(),
    approvers: mergeApprovers(base.approvers, event),
  };
}
