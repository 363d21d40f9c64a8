/**
 * Whose turn it is and what the flow's status is: turn activation (everyone when unordered, the
 * first unfinished approver when ordered), FlowStatus derived from the approvers, and signatures
 * (silent signers sign automatically when their turn comes; the last signature sends `finish`).
 */
import { seededId } from '../ids.js';
import type { EmulatorState } from './store.js';
import type { Flow, FlowApprover } from './types.js';

/** Flow statuses after which nothing can happen any more (§6.1 plus fill-refused 10). */
export const TERMINAL_FLOW_STATUSES: ReadonlySet<number> = new Set([3, 4, 5, 6, 10, 16, 21]);
export function isTerminal(status: number): boolean {
  return TERMINAL_FLOW_STATUSES.has(status);
}
/** Gives the turn to whoever may act now: everyone (unordered) or the first unfinished approver (ordered). */
export function activateTurns(flow: Flow): void {
  const live = flow.approvers.filter((a) => a.status !== 19);
  const waiting = (a: FlowApprover) => a.status === 0 || a.status === 1 || a.status === 7;
  const turnStatus = (a: FlowApprover) => (a.fillComponents.length > 0 ? 8 : 2);
  if (flow.unordered) {
    for (const a of live) if (waiting(a)) a.status = turnStatus(a);
    return;
  }
  const ordered = [...live].sort((x, y) => x.signOrder - y.signOrder);
  const current = ordered.find((a) => a.status !== 3);
  for (const a of ordered) {
    if (a === current) {
      if (waiting(a)) a.status = turnStatus(a);
    } else if (waiting(a)) a.status = 1;
  }
}

/** FlowStatus derived from the approvers of a running flow. */
export function computeStatus(flow: Flow): number {
  const live = flow.approvers.filter((a) => a.status !== 19);
  if (live.length > 0 && live.every((a) => a.status === 3)) return 4;
  if (live.some((a) => a.status === 3)) return 2;
  const fillers = live.filter((a) => a.fillComponents.length > 0);
  if (fillers.some((a) => a.status === 8)) return fillers.some((a) => a.status === 10) ? 9 : 8;
  return 1;
}

/** Runs silent signatures that are due (the last signature also sends `finish`). */
export function progress(state: EmulatorState, flow: Flow): void {
  for (;;) {
    activateTurns(flow);
    const silent = flow.approvers.find((a) => a.approverType === 3 && a.status === 2);
    if (!silent) break;
    applySignature(state, flow, silent, flow.creatorId);
  }
  flow.status = computeStatus(flow);
}

export function applySignature(
  state: EmulatorState,
  flow: Flow,
  approver: FlowApprover,
  userId: string,
): void {
  const previous = flow.status;
  approver.status = 3;
  approver.approveTime = state.clock.now();
  if (!approver.userId) approver.userId = userId || seededId(`person:${approver.mobile}`);
  // Hand the turn on before the callback is built, so 'sign' shows the next signer as pending (2/8).
  activateTurns(flow);
  const done = computeStatus(flow);
  // The 'sign' callback already reports the completed state when this was the last signature.
  flow.status = done;
  flow.updatedOn = state.clock.now();
  state.emitFlow(flow, 'sign', previous, approver.RecipientId, approver.userId);
  if (done === 4) state.emitFlow(flow, 'finish', previous, approver.RecipientId, approver.userId);
}
