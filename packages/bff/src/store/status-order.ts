/**
 * Flow status ordering, re-exported from `@ess-kit/shared` once its status module lands.
 * Until then this mirrors its documented contract: a status change applies only when it does not
 * move the flow backwards (fill-in → waiting → partial → terminal; released after signed).
 */
const RANK: Record<number, number> = {
  0: 0,
  7: 0,
  8: 1,
  9: 2,
  1: 3,
  2: 4,
  3: 5,
  4: 5,
  5: 5,
  6: 5,
  10: 5,
  16: 6,
  21: 6,
};

/** True when moving a flow from status `from` to `to` is not a regression. */
export function shouldApplyFlowStatus(from: number, to: number): boolean {
  if (from === to) return true;
  const a = RANK[from] ?? 3;
  const b = RANK[to] ?? 3;
  return b > a;
}

const TERMINAL = new Set([3, 4, 5, 6, 10, 16, 21]);

/** Terminal flow statuses per the callback documentation (ess-api.md §6.1): no more changes expected. */
export function isTerminalFlowStatus(status: number): boolean {
  return TERMINAL.has(status);
}
