/**
 * Log positions as strings. SQLite ids are decimal integers, Redis ids `<ms>-<seq>`; both parse to
 * a pair of non-negative integers and compare pairwise, so one comparator serves both stores.
 */
import type { EventId } from './types.js';

const EVENT_ID = /^(\d{1,20})(?:-(\d{1,20}))?$/;

/** Parses an SSE `Last-Event-ID`/`since` value; null when it is not a log position at all. */
export function parseEventId(value: string | null | undefined): [bigint, bigint] | null {
  if (!value) return null;
  const match = EVENT_ID.exec(value.trim());
  if (!match) return null;
  return [BigInt(match[1] as string), BigInt(match[2] ?? '0')];
}

/** True when `value` is a well-formed log position. */
export function isEventId(value: string | null | undefined): value is EventId {
  return parseEventId(value) !== null;
}

/** Negative, zero or positive like `Array.prototype.sort` expects. Throws on malformed ids. */
export function compareEventIds(a: EventId, b: EventId): number {
  const x = parseEventId(a);
  const y = parseEventId(b);
  if (!x || !y) throw new TypeError(`not an event id: ${!x ? a : b}`);
  if (x[0] !== y[0]) return x[0] < y[0] ? -1 : 1;
  if (x[1] !== y[1]) return x[1] < y[1] ? -1 : 1;
  return 0;
}
