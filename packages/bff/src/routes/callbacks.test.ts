// Callback intake in-process, on a real SQLite store: ESS hears 200 only for an event that is
// stored; a store that fails or does not answer in time gets 503 (ESS retries), and the retry is
// then recorded once.
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { backends } from '../../test/support/backends.js';
import { failedAttempts } from '../auth/failed-attempts.js';
import { loadConfig } from '../config.js';
import { type BffDeps, systemClock } from '../deps.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import type { Store } from '../store/types.js';
import { callbackRoutes } from './callbacks.js';

const KEY = 'IntakeTestCallbackKey00000000000';
const TOKEN = 'intake-test-callback-token';
const FLOW = 'yDintakeFlow00000000000000000001';
const MESSAGE = JSON.stringify({
  MsgId: 'yDintakeMsg0000000000000000000001',
  MsgType: 'FlowStatusChange',
  MsgVersion: 'CustomApp',
  MsgData: { FlowId: FLOW, FlowCallbackStatus: 1, Operate: 'start', OccurTime: 1_700_000_000 },
});

const [sqlite] = backends('callbacks-route');
afterAll(() => sqlite?.cleanup());
afterEach(() => {
  vi.useRealTimers();
});

/** What intake answers: `{ ok, duplicate }` or an error envelope. */
interface Answer {
  ok?: boolean;
  duplicate?: boolean;
  error?: { code: string; message: string; requestId: string };
}

function intake(store: Store) {
  const config = loadConfig(
    { ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error' },
    { callbacks: { targets: [{ name: 'default', key: KEY, token: TOKEN }] } },
  );
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', secrets: [KEY, TOKEN], sink: (line) => lines.push(line) });
  // The callback routes use the config, the store, the logger, the clock, the metrics and the
  // failed-attempt budget only.
  const failures = failedAttempts({ perMinute: 600, trustedProxies: [] });
  const deps = {
    config,
    store,
    logger,
    clock: systemClock,
    metrics: createMetrics(),
    failedAttempts: failures,
  } as unknown as BffDeps;
  const app = callbackRoutes(deps);
  return {
    deps,
    lines,
    async deliver(message = MESSAGE) {
      const body = JSON.stringify({ encrypt: await encryptCallback(message, KEY) });
      const res = await app.request('/v1/callbacks/ess', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-signature': await signContentSignature(body, TOKEN),
        },
        body,
      });
      return { status: res.status, body: (await res.json()) as Answer };
    },
  };
}

/** The flow events the log holds for FLOW. */
async function logged(store: Store) {
  return (await store.readEvents(null, 100)).events.filter((e) => e.flowId === FLOW);
}

describe('callback intake and the store', () => {
  it('answers 200 once the event is stored, and 200 + duplicate for a resend', async () => {
    const store = (await sqlite?.open()) as Store;
    try {
      const route = intake(store);
      expect(await route.deliver()).toEqual({ status: 200, body: { ok: true, duplicate: false } });
      expect(await logged(store)).toHaveLength(1);
      expect(await route.deliver()).toEqual({ status: 200, body: { ok: true, duplicate: true } });
      expect(await logged(store)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('answers 503 STORE_UNAVAILABLE when the store fails to record, and stores the retry once', async () => {
    const store = (await sqlite?.open()) as Store;
    try {
      const route = intake(store);
      // The store's own failure: a write that rejects (a full disk, a lost Redis connection).
      route.deps.store = Object.assign(Object.create(store) as Store, {
        record: () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')),
      });
      const refused = await route.deliver();
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(refused.body.error?.message).toMatch(/retry/i);
      expect(JSON.stringify(refused.body)).not.toContain('SQLITE_FULL');
      expect(await logged(store)).toHaveLength(0);
      expect(route.lines.some((l) => l.includes('callback not stored'))).toBe(true);

      route.deps.store = store; // the store is back: ESS's retry is recorded, once
      expect(await route.deliver()).toEqual({ status: 200, body: { ok: true, duplicate: false } });
      expect(await logged(store)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('answers 503 when the store is closed underneath the intake', async () => {
    const store = (await sqlite?.open()) as Store;
    const route = intake(store);
    await store.close();
    const refused = await route.deliver();
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('answers 503 before ESS gives up (5 s) when the store does not answer, and stores the retry once', async () => {
    const store = (await sqlite?.open()) as Store;
    try {
      const route = intake(store);
      let recordCalled!: () => void;
      const called = new Promise<void>((resolve) => {
        recordCalled = resolve;
      });
      route.deps.store = Object.assign(Object.create(store) as Store, {
        record: () => {
          recordCalled();
          return new Promise(() => {}); // a store that never answers
        },
      });
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const answer = route.deliver();
      await called;
      await vi.advanceTimersByTimeAsync(3999);
      let settled = false;
      void answer.then(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false); // still waiting for the store just before the deadline
      await vi.advanceTimersByTimeAsync(1);
      const refused = await answer;
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      vi.useRealTimers();

      route.deps.store = store;
      expect(await route.deliver()).toEqual({ status: 200, body: { ok: true, duplicate: false } });
      expect(await logged(store)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
