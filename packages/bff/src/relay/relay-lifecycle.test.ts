// The relay's start and stop (issue 15): without targets it leaves the relay store alone; close()
// waits for a pass in progress and for attempts in flight, each within its bound (2 s for attempts,
// 5 s for a pass whose store hangs), and nothing runs after it. Real SQLite stores and event log; the
// relay store is wrapped only to count calls or to hold one call; the transport is the injected
// `fetch`. Absence is proven by a later timer (the relay's own wake-ups are due before it); the two
// bounds are checked on vitest's fake setTimeout, installed only once the relay is running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { flowCallback } from '../../test/support/backends.js';
import { waitFor } from '../../test/support/wait-for.js';
import { ingestEvent } from '../ingest/intake.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { relayConfigSchema } from './config.js';
import { type Relay, startRelay } from './relay.js';
import { openSqliteRelayStore } from './store-sqlite.js';
import type { RelayStore } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-lifecycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A later real timer: wake-ups the relay scheduled before it (delay 0 or pollMs ≤ 20) have run by then. */
const afterRelayTimers = () => new Promise((r) => setTimeout(r, 60));
const nextMacrotask = () => new Promise((r) => setImmediate(r));

/** On fake timers: `relay.close()` is still waiting 10 ms before `ms`, and has returned at `ms`. */
async function expectCloseToGiveUpAfter(relay: Relay, ms: number) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldClearNativeTimers: true });
  let closed = false;
  void relay.close().then(() => {
    closed = true;
  });
  await vi.advanceTimersByTimeAsync(ms - 10);
  await nextMacrotask();
  expect(closed).toBe(false);
  await vi.advanceTimersByTimeAsync(10);
  await nextMacrotask();
  expect(closed).toBe(true);
}

let n = 0;
let clock = 1_700_600_000;
const write = (store: Store) =>
  ingestEvent(
    store,
    flowCallback({ flowId: `yDrelayLifecycle${++n}`.padEnd(32, '0'), status: 1, occurTime: ++clock }),
  );

/** Stores, a relay store that counts calls and can hold `due`, and a relay over them. */
async function setup(options: { targets?: number; fetch?: typeof fetch; pollMs?: number } = {}) {
  n++;
  const store = await openStore({ store: { url: join(dir, `log-${n}.sqlite`) } });
  const sqlite = openSqliteRelayStore(join(dir, `relay-${n}.sqlite`), 3_600_000);
  const calls: string[] = [];
  let hold: Promise<void> | null = null;
  let held = false;
  const relayStore: RelayStore = new Proxy(sqlite, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver);
      if (typeof value !== 'function' || key === 'close') return value;
      return async (...args: unknown[]) => {
        calls.push(String(key));
        if (key === 'due' && hold) {
          held = true;
          await hold;
          calls.push('due released');
        }
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  const config = relayConfigSchema.parse({
    targets: Array.from({ length: options.targets ?? 1 }, (_, i) => ({
      name: `partner${i}`,
      url: 'http://127.0.0.1:9/hook',
      secret: 'relay-lifecycle-secret-0123456789',
    })),
    timeoutMs: 30_000,
    pollMs: options.pollMs ?? 20,
    retry: { attempts: 1, baseMs: 20, maxMs: 40 },
  });
  const relay: Relay = startRelay({
    config,
    store,
    relayStore,
    logger: createLogger({ level: 'warn', sink: () => undefined }),
    scope: { mainOrganizationId: null, groupMemberIds: new Set() },
    fetch: options.fetch ?? (async () => new Response(null, { status: 200 })),
  });
  cleanups.push(
    () => store.close(),
    () => sqlite.close(),
    () => relay.close(),
  );
  let release: () => void = () => undefined;
  return {
    store,
    sqlite,
    relay,
    calls,
    /** Holds the next `due` read (a pass in progress) until `release()`. */
    holdPass() {
      hold = new Promise<void>((r) => {
        release = r;
      });
      held = false;
      relay.nudge();
      return waitFor(() => held, 'a pass held in its due read');
    },
    release() {
      hold = null;
      release();
    },
  };
}

describe('relay lifecycle', () => {
  it('with no targets it never calls the relay store, not even when events arrive', async () => {
    const s = await setup({ targets: 0 });
    await write(s.store);
    await afterRelayTimers();
    expect(s.calls).toEqual([]);
  });

  it('after close(), neither nudge() nor a new event starts a pass', async () => {
    const s = await setup();
    await waitFor(async () => (await s.sqlite.cursor('partner0')) !== null, 'the first cursor');
    await s.relay.close();
    const before = s.calls.length;
    s.relay.nudge();
    await write(s.store);
    await afterRelayTimers();
    expect(s.calls.slice(before)).toEqual([]);
  });

  it('close() during a pass waits until the pass has finished its store calls', async () => {
    const s = await setup({ pollMs: 60_000 });
    await waitFor(async () => (await s.sqlite.cursor('partner0')) !== null, 'the first cursor');
    await s.holdPass();
    const order: string[] = [];
    const closing = s.relay.close().then(() => order.push('closed'));
    await nextMacrotask();
    expect(order).toEqual([]);
    s.release();
    const deadline = new Promise((r) => setTimeout(() => r('close() still waiting'), 3000));
    expect(await Promise.race([closing.then(() => 'closed'), deadline])).toBe('closed');
    expect(s.calls.indexOf('due released')).toBeGreaterThan(-1);
    expect(order).toEqual(['closed']);
  });

  it('close() stops waiting for a pass whose store hangs after 5 s', async () => {
    const s = await setup({ pollMs: 60_000 });
    await waitFor(async () => (await s.sqlite.cursor('partner0')) !== null, 'the first cursor');
    await s.holdPass();
    cleanups.push(() => s.release());
    await expectCloseToGiveUpAfter(s.relay, 5000);
  });

  it('close() waits at most 2 s for an attempt that does not answer', async () => {
    let answer: (() => void) | null = null;
    let attempts = 0;
    const s = await setup({
      pollMs: 60_000,
      fetch: async () => {
        attempts++;
        await new Promise<void>((r) => {
          answer = r;
        });
        return new Response(null, { status: 200 });
      },
    });
    await waitFor(async () => (await s.sqlite.cursor('partner0')) !== null, 'the first cursor');
    await write(s.store);
    await waitFor(() => attempts === 1, 'the attempt in flight');
    await expectCloseToGiveUpAfter(s.relay, 2000);
    vi.useRealTimers();
    // The attempt ends later; its outcome is still recorded.
    (answer as unknown as () => void)();
    await waitFor(async () => (await s.sqlite.counts()).delivered === 1, 'the late outcome recorded');
  });
});
