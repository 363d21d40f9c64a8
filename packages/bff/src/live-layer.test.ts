// The live layer of one process: the hub is built from the config and fed by the store's
// subscription, the log is trimmed every minute (a failure is logged, not thrown), reconciliation
// gets its logger, quiet period, metrics and ESS clock, and close() leaves nothing running.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { backends } from '../test/support/backends.js';
import { FlagSink } from '../test/support/flag-sink.js';
import { qrRecord } from '../test/support/intake-fixtures.js';
import { loadConfig } from './config.js';
import type { EssClient } from './ess/client.js';
import { createLive, DEFAULT_QUIET_MS } from './live-layer.js';
import type { Logger } from './logger.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';

const MEMBER = 'yDliveMember';

function configWith(overrides: { reconcile?: { intervalMs: number; quietMs?: number } } = {}) {
  return loadConfig(
    { ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error' },
    {
      groupMembers: [{ organizationId: MEMBER }],
      reconcile: overrides.reconcile ?? { intervalMs: 0 },
      sse: {
        heartbeatMs: 4321,
        maxConnections: 77,
        maxConnectionsPerToken: 5,
        maxStreamsPerPartnerKey: 2,
        maxIdsPerConnection: 50,
        queueLimit: 64,
      },
    },
  );
}

interface Line {
  level: string;
  msg: string;
  fields: Record<string, unknown> | undefined;
  context: Record<string, unknown>;
}
/** A logger that keeps every line with the context its `child` calls added. */
function recordingLogger(
  lines: Line[] = [],
  context: Record<string, unknown> = {},
): Logger & { lines: Line[] } {
  const at =
    (level: string) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, msg, fields, context });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => recordingLogger(lines, { ...context, ...fields }),
    lineWriter: (level, msg, names) => (values) =>
      at(level)(msg, Object.fromEntries(names.map((name, i) => [name, values[i]]))),
  };
}

/** The store with some methods replaced (the rest bound to the real store). */
function around(store: Store, replaced: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop in replaced) return replaced[prop as keyof Store];
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Counts live subscriptions made through it. */
function countingSubscriptions(store: Store) {
  const counts = { active: 0, unsubscribes: 0 };
  const wrapped = around(store, {
    subscribe(listener) {
      counts.active++;
      const unsubscribe = store.subscribe(listener);
      return () => {
        counts.active--;
        counts.unsubscribes++;
        unsubscribe();
      };
    },
  });
  return { store: wrapped, counts };
}

/** Never called: with reconciliation on a timer off and no quiet flows, nothing asks ESS. */
const noEss = {} as EssClient;

afterEach(() => {
  vi.useRealTimers();
});

const all = backends('live-layer');
afterAll(async () => {
  for (const backend of all) await backend.cleanup();
});

for (const backend of all) {
  describe(`createLive on ${backend.name}`, () => {
    it('feeds the hub from the store, keeps members apart, and stops listening on close', async (ctx) => {
      const opened = await backend.open();
      if (!opened) return ctx.skip();
      const { store, counts } = countingSubscriptions(opened);
      try {
        const live = await createLive({ config: configWith(), store, ess: noEss, logger: recordingLogger() });
        expect(live.hub.options).toEqual({
          heartbeatMs: 4321,
          maxConnections: 77,
          maxConnectionsPerToken: 5,
        });
        expect(counts.active).toBe(1);
        const sink = new FlagSink();
        const watch = { flowIds: ['yDliveFlow'], qrCodeIds: [], organizationId: null, tokenKey: 't' };
        live.hub.open(sink, watch).go(null);
        expect(live.hub.maysee({ ...watch, organizationId: MEMBER }, { organizationId: null })).toBe(false);
        const recorded = await store.record({
          plan: () => ({
            events: [
              {
                kind: 'flow',
                organizationId: null,
                flowId: 'yDliveFlow',
                family: 'flow',
                msgType: 't',
                data: { v: 1, type: 'flow', flowStatus: 2 } as never,
              },
            ],
          }),
        });
        const id = recorded.duplicate ? '' : recorded.events[0]?.id;
        await expect
          .poll(() => sink.texts().some((t) => t.startsWith(`id: ${id}\nevent: flow\n`)))
          .toBe(true);

        await live.close();
        await live.close();
        expect(counts).toEqual({ active: 0, unsubscribes: 1 });
        expect(sink.closed).toBe(true);
        expect(live.hub.size).toBe(0);
      } finally {
        await opened.close();
      }
    });
  });
}

describe('createLive timers (SQLite)', () => {
  it('trims the log every minute to the store retention, and logs a failed trim', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const real = await openStore({ store: { url: ':memory:', retention: { maxEvents: 2 } } });
    let trims = 0;
    let fail = false;
    const store = around(real, {
      async trim(retention) {
        trims++;
        if (fail) throw new Error('disk full');
        return real.trim(retention);
      },
    });
    const logger = recordingLogger();
    const live = await createLive({ config: configWith(), store, ess: noEss, logger });
    try {
      for (let i = 0; i < 5; i++)
        await store.record({
          plan: () => ({
            events: [{ kind: 'ess', organizationId: null, family: 'x', msgType: 'y', data: null }],
          }),
        });
      vi.advanceTimersByTime(59_999);
      expect(trims).toBe(0);
      vi.advanceTimersByTime(1);
      expect(trims).toBe(1);
      await expect.poll(async () => (await real.readEvents(null, 10)).events.length).toBe(2);
      fail = true;
      vi.advanceTimersByTime(60_000);
      expect(trims).toBe(2);
      await expect
        .poll(() => logger.lines.filter((l) => l.level === 'warn').map((l) => [l.msg, l.fields]))
        .toEqual([['event log trim failed', { error: 'disk full' }]]);
    } finally {
      await live.close();
      await real.close();
    }
  });

  it('close() stops the trim timer, the reconcile timer and the heartbeat', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const store = await openStore({ store: { url: ':memory:' } });
    const live = await createLive({
      config: configWith({ reconcile: { intervalMs: 3_600_000 } }),
      store,
      ess: noEss,
      logger: recordingLogger(),
    });
    live.hub.open(new FlagSink(), { flowIds: ['F'], qrCodeIds: [], organizationId: null, tokenKey: 't' });
    expect(vi.getTimerCount()).toBe(3); // trim, reconcile, heartbeat
    await live.close();
    expect(vi.getTimerCount()).toBe(0);
    await store.close();
  });

  it('gives reconciliation its logger, quiet period, metrics and ESS clock', async () => {
    const real = await openStore({ store: { url: ':memory:' } });
    const quietAsked: number[] = [];
    const store = around(real, {
      openFlowsQuietSince(quietSince, limit) {
        quietAsked.push(quietSince);
        return real.openFlowsQuietSince(quietSince, limit);
      },
    });
    // A code that expires in an hour by this machine's clock, already past by ESS's.
    const expiredTime = Math.floor(Date.now() / 1000) + 3600;
    const qr = qrRecord({ expiredTime });
    await real.putQrCode(qr);
    const rounds: unknown[] = [];
    const logger = recordingLogger();
    const live = await createLive({
      config: configWith({ reconcile: { intervalMs: 0 } }),
      store,
      ess: noEss,
      logger,
      metrics: { reconcileRuns: { inc: (labels: unknown) => rounds.push(labels) } as never },
      essNow: () => (expiredTime + 1) * 1000,
    });
    try {
      const before = Date.now();
      expect(await live.reconciler.runOnce()).toBe(1);
      expect(quietAsked).toHaveLength(1);
      expect(quietAsked[0]).toBeGreaterThanOrEqual(before - DEFAULT_QUIET_MS);
      expect(quietAsked[0]).toBeLessThanOrEqual(Date.now() - DEFAULT_QUIET_MS);
      expect(rounds).toEqual([{ outcome: 'ok' }]);
      expect((await real.getQrCode(qr.qrCodeId))?.state).toBe('expired');
      expect(logger.lines.find((l) => l.msg === 'reconciled')?.context).toEqual({ component: 'reconcile' });
    } finally {
      await live.close();
    }
    // A configured quiet period wins, and no metrics is fine.
    const quiet = await createLive({
      config: configWith({ reconcile: { intervalMs: 0, quietMs: 1234 } }),
      store,
      ess: noEss,
      logger,
    });
    try {
      const before = Date.now();
      await quiet.reconciler.runOnce();
      expect(quietAsked[1]).toBeGreaterThanOrEqual(before - 1234);
      expect(quietAsked[1]).toBeLessThanOrEqual(Date.now() - 1234);
    } finally {
      await quiet.close();
      await real.close();
    }
  });
});
