/**
 * Whose turn it is and what the flow's status is: turn activation (everyone when unordered, the
 * first unfinished approver when ordered), FlowStatus derived from the approvers, and signatures
 * (silent signers sign automatically when their turn comes; the last signature sends `finish`).
 */
import {
  FLOW_STATUS_CODE as FLOW,
  FLOW_STATUS,
  isTerminalFlowStatus,
  SIGNER_STATUS_CODE as SIGNER,
} from '@ess-kit/shared';
import { seededId } from '../ids.js';
import type { StateCore } from './core.js';
import type { ApproverType, Flow, FlowApprover } from './types.js';

/** ApproverType of an enterprise signer who signs silently (自动签) when the turn comes. */
const SILENT_SIGNER: ApproverType = 3;

/** Flow statuses after which nothing can happen any more (§6.1: shared's FLOW_STATUS `terminal`). */
export const TERMINAL_FLOW_STATUSES: ReadonlySet<number> = new Set(
  Object.keys(FLOW_STATUS).map(Number).filter(isTerminalFlowStatus),
);
export const isTerminal: (status: number) => boolean = isTerminalFlowStatus;

/** Approvers still in the flow: a transferred signer (forwarded) was replaced by a new one. */
function liveApprovers(flow: Flow): FlowApprover[] {
  return flow.approvers.filter((a) => a.status !== SIGNER.forwarded);
}
const fills = (a: FlowApprover) => a.fillComponents.length > 0;

/** Gives the turn to whoever may act now: everyone (unordered) or the first unfinished approver (ordered). */
export function activateTurns(flow: Flow): void {
  const live = liveApprovers(flow);
  const waiting = (a: FlowApprover) =>
    a.status === SIGNER.notStarted || a.status === SIGNER.queued || a.status === SIGNER.pendingStart;
  const turnStatus = (a: FlowApprover) => (fills(a) ? SIGNER.fillWaiting : SIGNER.waiting);
  if (flow.unordered) {
    for (const a of live) if (waiting(a)) a.status = turnStatus(a);
    return;
  }
  const ordered = [...live].sort((x, y) => x.signOrder - y.signOrder);
  const current = ordered.find((a) => a.status !== SIGNER.signed);
  for (const a of ordered) {
    if (a === current) {
      if (waiting(a)) a.status = turnStatus(a);
    } else if (waiting(a)) a.status = SIGNER.queued;
  }
}

/** FlowStatus derived from the approvers of a running flow. */
export function computeStatus(flow: Flow): number {
  const live = liveApprovers(flow);
  const signed = (a: FlowApprover) => a.status === SIGNER.signed;
  if (live.length > 0 && live.every(signed)) return FLOW.signed;
  if (live.some(signed)) return FLOW.partial;
  const fillers = live.filter(fills);
  if (fillers.some((a) => a.status === SIGNER.fillWaiting))
    return fillers.some((a) => a.status === SIGNER.filled) ? FLOW.fillPartial : FLOW.fillWaiting;
  return FLOW.waiting;
}

/** Runs silent signatures that are due (the last signature also sends `finish`). */
export function progress(state: StateCore, flow: Flow): void {
  for (;;) {
    activateTurns(flow);
    const silent = flow.approvers.find(
      (a) => a.approverType === SILENT_SIGNER && a.status === SIGNER.waiting,
    );
    if (!silent) break;
    applySignature(state, flow, silent, flow.creatorId);
  }
  flow.status = computeStatus(flow);
}

export function applySignature(state: StateCore, flow: Flow, approver: FlowApprover, userId: string): void {
  const previous = flow.status;
  approver.status = SIGNER.signed;
  approver.approveTime = state.clock.now();
  if (!approver.userId) approver.userId = userId || seededId(`person:${approver.mobile}`);
  // Hand the turn on before the callback is built, so 'sign' shows the next signer as pending (2/8).
  activateTurns(flow);
  const done = computeStatus(flow);
  // The 'sign' callback already reports the completed state when this was the last signature.
  flow.status = done;
  flow.updatedOn = state.clock.now();
  state.emitFlow(flow, 'sign', previous, approver.RecipientId, approver.userId);
  if (done === FLOW.signed) state.emitFlow(flow, 'finish', previous, approver.RecipientId, approver.userId);
}
