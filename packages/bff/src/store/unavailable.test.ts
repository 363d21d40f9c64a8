// guardStore (unavailable.ts), in process: a failing store method becomes 503 STORE_UNAVAILABLE with
// Retry-After and the cause in the log only; check/close/kind and BffErrors pass through unchanged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BffError } from '../errors.js';
import { createLogger } from '../logger.js';
import { openStore } from './index.js';
import { guardStore, STORE_RETRY_AFTER_SECONDS } from './unavailable.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-unavailable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger({ sink: (line) => lines.push(JSON.parse(line)) }) };
}

async function rejection(promise: unknown): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => {
      throw new Error('resolved');
    },
    (e: unknown) => e,
  );
}

describe('guardStore', () => {
  it('turns a failing SQLite store method into STORE_UNAVAILABLE, the cause logged only', async () => {
    const { lines, logger } = capture();
    const store = await openStore({ store: { url: join(dir, 'closed.sqlite') } });
    const guarded = guardStore(store, logger, 'event store');
    expect(guarded.kind).toBe(store.kind);
    expect(await guarded.getFlow('F1')).toBeNull();
    await guarded.close();
    const error = await rejection(guarded.getFlow('F1'));
    expect(error).toBeInstanceOf(BffError);
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      status: 503,
      message: 'The BFF cannot reach its store right now; retry later',
      details: { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS },
    });
    expect(STORE_RETRY_AFTER_SECONDS).toBe(5);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'store failed',
      store: 'event store',
      method: 'getFlow',
    });
    expect(String(lines[0]?.error)).toMatch(/not open|closed/i);
    // check's own error is the health answer: not wrapped.
    expect(await rejection(guarded.check())).not.toBeInstanceOf(BffError);
  });

  it('maps synchronous throws and non-Error values, passes BffErrors and plain values through', async () => {
    const { lines, logger } = capture();
    const answer = new BffError('NOT_FOUND', 'no such flow');
    const target = {
      kind: 'test',
      count: 3,
      syncFails(): number {
        throw 'down';
      },
      async rejectsWithAnswer() {
        throw answer;
      },
      syncValue: (n: number) => n + 1,
      async check() {
        throw new Error('raw');
      },
      close(): void {
        throw new Error('closing');
      },
    };
    const guarded = guardStore(target, logger);
    expect(guarded.count).toBe(3);
    expect(guarded.syncValue(1)).toBe(2);
    expect(await rejection(guarded.rejectsWithAnswer())).toBe(answer);
    await expect(guarded.check()).rejects.toThrow(new Error('raw'));
    expect(() => guarded.close()).toThrow(new Error('closing'));
    expect(lines).toHaveLength(0);
    expect(() => guarded.syncFails()).toThrow(BffError);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'store failed', store: 'store', method: 'syncFails', error: 'down' }),
    ]);
  });

  it('hands out one wrapper per method, and a new one when the method is replaced', async () => {
    const { logger } = capture();
    const target = { value: () => 1 };
    const guarded = guardStore(target, logger);
    const first = guarded.value;
    expect(guarded.value).toBe(first);
    target.value = () => 2;
    expect(guarded.value).not.toBe(first);
    expect(guarded.value()).toBe(2);
  });
});
