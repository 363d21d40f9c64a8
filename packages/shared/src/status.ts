import type { QrState } from './wire.js';

/**
 * Flow and signer status value sets (ess-api.md §6.1, §6.2), their labels, and the rule that keeps a
 * receiver from moving a flow backwards when callbacks arrive out of order (guide, callback FAQ).
 */

/** One value of a status set. */
export interface StatusInfo {
  /** Stable identifier for code, CSS and analytics (`waiting`, `signed`, …). */
  key: string;
  /** Simplified Chinese label, as in the ESS console and guide. */
  zh: string;
  /** English label. */
  en: string;
  /** No further transition is expected (except a signed flow being released). */
  terminal: boolean;
}

/** Locales the labels exist in; anything starting with `zh` is Chinese, everything else English. */
export type StatusLocale = 'zh-CN' | 'en' | (string & {});

/** `FlowStatus` / `FlowCallbackStatus` values. */
export const FLOW_STATUS: Readonly<Record<number, StatusInfo>> = Object.freeze({
  0: { key: 'not-started', zh: '未开始', en: 'Not started', terminal: false },
  1: { key: 'waiting', zh: '待签署', en: 'Waiting for signatures', terminal: false },
  2: { key: 'partial', zh: '部分签署', en: 'Partially signed', terminal: false },
  3: { key: 'refused', zh: '已拒签', en: 'Refused', terminal: true },
  4: { key: 'signed', zh: '已签署', en: 'Signed', terminal: true },
  5: { key: 'expired', zh: '已过期', en: 'Expired', terminal: true },
  6: { key: 'cancelled', zh: '已撤销', en: 'Cancelled', terminal: true },
  7: { key: 'not-started-fill', zh: '未开始（待填写）', en: 'Not started (fill-in first)', terminal: false },
  8: { key: 'fill-waiting', zh: '等待填写', en: 'Waiting for fill-in', terminal: false },
  9: { key: 'fill-partial', zh: '部分填写', en: 'Partially filled in', terminal: false },
  10: { key: 'fill-refused', zh: '已拒填', en: 'Fill-in refused', terminal: true },
  16: { key: 'invalidated', zh: '已失效', en: 'Invalidated', terminal: true },
  21: { key: 'released', zh: '已解除', en: 'Released', terminal: true },
});

/** `ApproveStatus` / `ApproveCallbackStatus` values. */
export const SIGNER_STATUS: Readonly<Record<number, StatusInfo>> = Object.freeze({
  0: { key: 'not-started', zh: '未开始', en: 'Not started', terminal: false },
  1: { key: 'queued', zh: '未轮到', en: 'Not yet their turn', terminal: false },
  2: { key: 'waiting', zh: '待签署', en: 'Waiting to sign', terminal: false },
  3: { key: 'signed', zh: '已签署', en: 'Signed', terminal: true },
  4: { key: 'refused', zh: '已拒签', en: 'Refused', terminal: true },
  5: { key: 'expired', zh: '已过期', en: 'Expired', terminal: true },
  6: { key: 'cancelled', zh: '已撤销', en: 'Cancelled', terminal: true },
  7: { key: 'pending-start', zh: '待发起', en: 'Waiting to be started', terminal: false },
  8: { key: 'fill-waiting', zh: '待填写', en: 'Waiting to fill in', terminal: false },
  9: { key: 'terminated', zh: '已终止', en: 'Terminated', terminal: true },
  10: { key: 'filled', zh: '已填写', en: 'Filled in', terminal: false },
  15: { key: 'released', zh: '已解除', en: 'Released', terminal: true },
  19: { key: 'forwarded', zh: '已转他人处理', en: 'Forwarded to someone else', terminal: true },
});

/**
 * The values above by name, for code that sets or compares statuses (the emulator's state machine).
 * Each name is the camel-cased `key` of its row (status.test.ts checks that they agree). Plain
 * `as const` literals (no `Object.freeze` call) so bundles that do not use them drop them.
 */
export const FLOW_STATUS_CODE = {
  notStarted: 0,
  waiting: 1,
  partial: 2,
  refused: 3,
  signed: 4,
  expired: 5,
  cancelled: 6,
  notStartedFill: 7,
  fillWaiting: 8,
  fillPartial: 9,
  fillRefused: 10,
  invalidated: 16,
  released: 21,
} as const;

/** Signer status values by name (camel-cased `key` of each SIGNER_STATUS row). */
export const SIGNER_STATUS_CODE = {
  notStarted: 0,
  queued: 1,
  waiting: 2,
  signed: 3,
  refused: 4,
  expired: 5,
  cancelled: 6,
  pendingStart: 7,
  fillWaiting: 8,
  terminated: 9,
  filled: 10,
  released: 15,
  forwarded: 19,
} as const;

function label(table: Readonly<Record<number, StatusInfo>>, value: number, locale: StatusLocale): string {
  const chinese = locale.toLowerCase().startsWith('zh');
  const info = table[value];
  if (info) return chinese ? info.zh : info.en;
  return chinese ? `未知状态（${value}）` : `Unknown status (${value})`;
}

/** Label of a flow status; unknown values get a readable "unknown status (n)". */
export function flowStatusLabel(value: number, locale: StatusLocale = 'zh-CN'): string {
  return label(FLOW_STATUS, value, locale);
}

/** Label of a signer status; unknown values get a readable "unknown status (n)". */
export function signerStatusLabel(value: number, locale: StatusLocale = 'zh-CN'): string {
  return label(SIGNER_STATUS, value, locale);
}

/** True for refused, signed, expired, cancelled, fill refused, invalidated and released flows. */
export function isTerminalFlowStatus(value: number): boolean {
  return FLOW_STATUS[value]?.terminal ?? false;
}

/** True for signers who will not act any more (signed, refused, expired, …). */
export function isTerminalSignerStatus(value: number): boolean {
  return SIGNER_STATUS[value]?.terminal ?? false;
}

/**
 * Position in the lifecycle — not the numeric order: not started (0, 7) → fill-in (8, 9) → waiting (1) →
 * partially signed (2) → ended (3, 4, 5, 6, 10, 16) → released (21). `-1` for an unknown value.
 */
const FLOW_RANK: Readonly<Record<number, number>> = Object.freeze({
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
  16: 5,
  21: 6,
});

/** Lifecycle rank of a flow status (see above); `-1` when the value is unknown. */
export function flowStatusRank(value: number): number {
  return FLOW_RANK[value] ?? -1;
}

/**
 * Whether a newly reported status should replace the stored one, given that callbacks may arrive out of
 * order: never backwards in the lifecycle (a signed flow does not return to waiting), never from one ended
 * state to another (refused stays refused) except a release (→ 21), while the same status is applied again
 * (its approvers may have changed). With nothing stored (`from` null/undefined/unknown) any known status applies;
 * an unknown new status never overwrites a known one.
 */
export function shouldApplyFlowStatus(from: number | null | undefined, to: number): boolean {
  if (from === null || from === undefined || flowStatusRank(from) === -1) return true;
  if (flowStatusRank(to) === -1) return false;
  if (from === to) return true;
  if (isTerminalFlowStatus(from)) return to === 21;
  return flowStatusRank(to) > flowStatusRank(from);
}

/** `DeadLine` value meaning "never expires". */
export const NEVER_EXPIRES = 0;

/** Whether a flow's `DeadLine` (Unix seconds, 0 = never; the deadline second itself still counts) has passed at `now`. */
export function isDeadlinePassed(deadline: number, now: number = Math.floor(Date.now() / 1000)): boolean {
  if (!Number.isFinite(deadline) || deadline <= NEVER_EXPIRES) return false;
  return now > deadline;
}

/** `DeadLine` as a Date, or `null` when it never expires. */
export function deadlineToDate(deadline: number): Date | null {
  if (!Number.isFinite(deadline) || deadline <= NEVER_EXPIRES) return null;
  return new Date(deadline * 1000);
}

/**
 * QR code states (`QrState` in wire.ts) that can still change: an `active` code takes scans, an
 * `exhausted` one has no flows left but can still expire. `expired` and `cancelled` are final.
 * A plain `as const` array (no `Object.freeze` call) so bundles that do not use it drop it.
 */
export const OPEN_QR_STATES = ['active', 'exhausted'] as const;

/** True for a QR code state that can still change (see {@link OPEN_QR_STATES}). */
export function isOpenQrState(state: string): state is (typeof OPEN_QR_STATES)[number] {
  return (OPEN_QR_STATES as readonly string[]).includes(state);
}

/** The fields a QR code's state follows from (a BFF record or snapshot, or the emulator's code). */
export interface QrStateFields {
  state: QrState;
  /** Unix seconds; 0 = no expiry. The code is expired from this second on. */
  expiredTime: number;
  /** Most flows the code creates; 0 = no limit. */
  maxFlowNum: number;
  /** Flows created from it so far. */
  flowCount: number;
}

/**
 * A QR code's state at `nowSeconds`, the one rule for every reader and writer: `expired` and
 * `cancelled` are final; an open code (active or exhausted) is `expired` once its expiry has come,
 * else `exhausted` once `flowCount` reached `maxFlowNum`, else `active`.
 */
export function qrStateAt(qr: QrStateFields, nowSeconds: number): QrState {
  if (!isOpenQrState(qr.state)) return qr.state;
  if (qr.expiredTime > 0 && qr.expiredTime <= nowSeconds) return 'expired';
  return qr.maxFlowNum > 0 && qr.flowCount >= qr.maxFlowNum ? 'exhausted' : 'active';
}
