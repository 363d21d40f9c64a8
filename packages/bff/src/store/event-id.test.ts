// Log positions: SQLite's decimal ids and Redis's `<ms>-<seq>` ids, as SSE `Last-Event-ID`/`since` send them.
import { describe, expect, it } from 'vitest';
import { compareEventIds, isEventId, parseEventId } from './event-id.js';

describe('parseEventId', () => {
  it('reads both id shapes, around whitespace a header may carry', () => {
    expect(parseEventId('42')).toEqual([42n, 0n]);
    expect(parseEventId('1700000000000-3')).toEqual([1_700_000_000_000n, 3n]);
    expect(parseEventId(' 17-2\t')).toEqual([17n, 2n]);
  });

  it('gives null for absent and malformed values instead of throwing', () => {
    for (const value of [null, undefined, '', 'abc', '1-', '-1', '1-2-3', '1.5']) {
      expect(parseEventId(value)).toBeNull();
      expect(isEventId(value)).toBe(false);
    }
  });
});

describe('compareEventIds', () => {
  it('orders by the first part, then the sequence', () => {
    expect(compareEventIds('5', '6')).toBe(-1);
    expect(compareEventIds('6', '5')).toBe(1);
    expect(compareEventIds('5-1', '5-2')).toBe(-1);
    expect(compareEventIds('5-2', '5-1')).toBe(1);
    expect(compareEventIds('5-1', '5-1')).toBe(0);
    expect(compareEventIds('5', '5-0')).toBe(0);
    expect(['10', '9', '5-2', '5-1'].sort(compareEventIds)).toEqual(['5-1', '5-2', '9', '10']);
  });

  it('throws naming the malformed id, whichever side it is on', () => {
    expect(() => compareEventIds('x1', '5')).toThrow(new TypeError('not an event id: x1'));
    expect(() => compareEventIds('5', 'y2')).toThrow(new TypeError('not an event id: y2'));
  });
});
