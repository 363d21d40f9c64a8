// The personal-data retention sweep over real stores (SQLite file and Redis, each with its relay
// store): after `maxAgeSeconds` an event's personal data is gone from the log and from the relay's
// copies while the event stays; younger events keep theirs.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { backends, flowCallback } from '../../test/support/backends.js';
import { waitFor } from '../../test/support/wait-for.js';
import { ingestEvent } from '../ingest/intake.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/index.js';
import { eventHasPersonalData } from '../store/personal-data.js';
import type { Store, StoredEvent } from '../store/types.js';
import { startPersonalDataRetention } from './retention.js';
import { openRedisRelayStore } from './store-redis.js';
import { openSqliteRelayStore } from './store-sqlite.js';
import type { RelayStore } from './types.js';

const all = backends('personal-data-retention');
afterAll(async () => {
  for (const backend of all) await backend.cleanup();
});

const DAY = 24 * 3600;
/** The Redis relay store beside a test's event log (the retention under test is 30 days). */
const redisRelayStore = (where: { url: string; prefix?: string }) =>
  openRedisRelayStore({
    url: where.url,
    prefix: where.prefix as string,
    seenTtlSeconds: 3600,
    keepDeliveredSeconds: 3600,
    personalDataSeconds: 30 * DAY,
  });

async function record(store: Store, flowId: string): Promise<StoredEvent> {
  const result = await ingestEvent(
    store,
    flowCallback({ flowId, status: 1, occurTime: 1_700_000_000, msgId: `m-${flowId}` }),
  );
  if (result.duplicate) throw new Error('unexpected duplicate');
  return result.events[0] as StoredEvent;
}

for (const backend of all) {
  describe(`personal data retention: ${backend.name}`, () => {
    it('removes it from events and deliveries older than the retention; the events and younger data stay', async (ctx) => {
      const store = await backend.open();
      if (!store) return ctx.skip();
      const where = backend.location();
      const relayStore: RelayStore =
        backend.name === 'sqlite' ? openSqliteRelayStore(where.url, 60_000) : await redisRelayStore(where);
      const lines: string[] = [];
      try {
        const old = await record(store, 'R-old');
        await relayStore.enqueue('crm', [{ event: old, partition: 'flow:R-old' }], old.id);
        const start = Date.now();
        await expect.poll(() => Date.now(), { interval: 5 }).toBeGreaterThan(start + 2);
        const cutoff = Date.now();
        await expect.poll(() => Date.now(), { interval: 5 }).toBeGreaterThan(cutoff + 2);
        const young = await record(store, 'R-young');
        await relayStore.enqueue('crm', [{ event: young, partition: 'flow:R-young' }], young.id);

        // The clock 30 days after the cutoff: `old` has outlived a 30-day retention, `young` not.
        const retention = startPersonalDataRetention({
          store,
          relayStore,
          maxAgeSeconds: 30 * DAY,
          logger: createLogger({ level: 'info', sink: (line) => lines.push(line) }),
          now: () => cutoff + 30 * DAY * 1000,
        });
        retention.stop(); // only the explicit run below
        expect(await retention.runOnce()).toEqual({ events: 1, deliveries: 1 });

        const events = (await store.readEvents(null, 1000)).events;
        const oldNow = events.find((e) => e.id === old.id) as StoredEvent;
        expect(oldNow).toMatchObject({ id: old.id, flowId: 'R-old', data: { flowStatus: 1 } });
        expect(eventHasPersonalData(oldNow)).toBe(false);
        expect(eventHasPersonalData(events.find((e) => e.id === young.id) as StoredEvent)).toBe(true);
        const deliveries = (await relayStore.list({ limit: 10 })).deliveries;
        expect(deliveries.map((d) => [d.eventId, eventHasPersonalData(d.event)])).toEqual([
          [old.id, false],
          [young.id, true],
        ]);
        expect(lines.map((l) => JSON.parse(l))).toEqual([
          expect.objectContaining({
            msg: 'personal data past its retention removed',
            events: 1,
            deliveries: 1,
          }),
        ]);
        expect(await retention.runOnce()).toEqual({ events: 0, deliveries: 0 });
        // A sweep that removed nothing says nothing (it runs every minute).
        expect(lines).toHaveLength(1);
      } finally {
        await relayStore.close();
        await store.close();
      }
    });
  });
}

/** The store with `replaced` methods (the rest the real store's), recording the leases it is asked for. */
function recording(store: Store, replaced: Partial<Store> = {}) {
  const leases: [string, number][] = [];
  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop === 'tryLease')
        return (name: string, ttlMs: number) => {
          leases.push([name, ttlMs]);
          return target.tryLease(name, ttlMs);
        };
      if (prop in replaced) return replaced[prop as keyof Store];
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: wrapped, leases };
}

/**
 * Retention on vitest's fake setInterval (installed after the stores are open; the stores, Redis,
 * Date and setTimeout stay real), logging into `lines`.
 */
function onFakeInterval(store: Store, relayStore: RelayStore, lines: string[], now?: () => number) {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  return startPersonalDataRetention({
    store,
    relayStore,
    maxAgeSeconds: 30 * DAY,
    logger: createLogger({ level: 'info', sink: (line) => lines.push(line) }),
    ...(now ? { now } : {}),
  });
}

// The schedule on fake intervals (onFakeInterval): one sweep a minute, by whichever instance takes the
// half-minute lease.
describe('personal data retention schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sweeps once a minute under a half-minute lease that a second instance cannot take meanwhile', async (ctx) => {
    const redis = all.find((b) => b.name === 'redis') as (typeof all)[number];
    const real = await redis.open();
    if (!real) return ctx.skip();
    const where = redis.location();
    const other = await openStore({ store: { url: where.url, prefix: where.prefix } });
    const relayStore = await redisRelayStore(where);
    const lines: string[] = [];
    const { store, leases } = recording(real);
    try {
      const old = await record(real, 'R-sched');
      const retention = onFakeInterval(store, relayStore, lines, () => Date.now() + 31 * DAY * 1000);
      await vi.advanceTimersByTimeAsync(59_999);
      expect(leases).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(leases).toEqual([['personal-data-retention', 30_000]]);
      await waitFor(() => lines.length === 1, 'the sweep');
      expect(JSON.parse(lines[0] as string)).toMatchObject({
        msg: 'personal data past its retention removed',
        events: 1,
      });
      const swept = (await real.readEvents(null, 10)).events.find((e) => e.id === old.id) as StoredEvent;
      expect(eventHasPersonalData(swept)).toBe(false);
      // Another instance finds the lease taken.
      expect(await other.tryLease('personal-data-retention', 1000)).toBe(false);
      retention.stop();
    } finally {
      vi.useRealTimers();
      await relayStore.close();
      await other.close();
      await real.close();
    }
  });

  it('logs a failed sweep, and after stop() sweeps no more', async (ctx) => {
    const sqlite = all.find((b) => b.name === 'sqlite') as (typeof all)[number];
    const real = await sqlite.open();
    if (!real) return ctx.skip();
    const relayStore = openSqliteRelayStore(sqlite.location().url, 60_000);
    const lines: string[] = [];
    const { store, leases } = recording(real, {
      forgetPersonalData: async () => {
        throw new Error('database is locked (test)');
      },
    });
    try {
      const retention = onFakeInterval(store, relayStore, lines);
      await vi.advanceTimersByTimeAsync(60_000);
      await waitFor(() => lines.length === 1, 'the failure logged');
      expect(JSON.parse(lines[0] as string)).toMatchObject({
        level: 'warn',
        msg: 'personal data retention failed',
        error: 'database is locked (test)',
      });
      retention.stop();
      await vi.advanceTimersByTimeAsync(180_000);
      expect(leases).toHaveLength(1);
    } finally {
      vi.useRealTimers();
      await relayStore.close();
      await real.close();
    }
  });
});
