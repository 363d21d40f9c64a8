// More of the RelayStore contract, run against real SQLite (temp file) and real Redis (unique key
// prefix; skipped loudly when absent, a failure under REQUIRE_REDIS=1), as store.test.ts does:
// listing across states, attempt records, per-target redelivery, id validation and the sweep of
// personal data over many deliveries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EssEvent } from '@ess-kit/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import { eventHasPersonalData } from '../store/personal-data.js';
import type { LiveEventData, StoredEvent } from '../store/types.js';
import { openRedisRelayStore } from './store-redis.js';
import { openSqliteRelayStore } from './store-sqlite.js';
import type { AttemptOutcome, Delivery, RelayStore } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-store-more-'));
const prefixes: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const prefix of prefixes) await deleteRedisKeys(prefix);
});

let sequence = 0;
const backends: [name: 'sqlite' | 'redis', open: () => Promise<RelayStore | null>][] = [
  ['sqlite', async () => openSqliteRelayStore(join(dir, `relay-${++sequence}.sqlite`), 60_000)],
  [
    'redis',
    async () => {
      if (!(await redisAvailable('relay store contract, more (redis)'))) return null;
      const prefix = `ess-kit-test:relay-store-more:${process.pid}:${Date.now()}:${++sequence}:`;
      prefixes.push(prefix);
      return openRedisRelayStore({
        url: REDIS_URL,
        prefix,
        seenTtlSeconds: 3600,
        keepDeliveredSeconds: 3600,
        personalDataSeconds: 3600,
      });
    },
  ],
];

/** A log event that carries a signer's name and mobile, as callbacks' MsgData does. */
function personal(id: string, flowId = `F${id}`): StoredEvent {
  return {
    id,
    at: 1_700_000_000_000,
    kind: 'flow',
    organizationId: 'ORG',
    flowId,
    family: 'flow',
    msgType: 'FlowStatusChange',
    data: { v: 1, type: 'flow', flowId, flowStatus: 1 } as LiveEventData,
    ess: {
      flowId,
      msgId: `m${id}`,
      data: { FlowId: flowId, ApproverName: '张三', ApproverMobile: '13800000001' },
    } as Partial<EssEvent> as EssEvent,
  };
}
const items = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const id = String(from + i);
    return { event: personal(id), partition: `flow:F${id}` };
  });

/** A time (unix ms) strictly after every delivery created so far. */
async function laterThanNow(): Promise<number> {
  const start = Date.now();
  await expect.poll(() => Date.now(), { interval: 5 }).toBeGreaterThan(start + 2);
  return Date.now();
}

const failed = (at: number): AttemptOutcome => ({ state: 'failed', status: 410, error: 'HTTP 410', at });
const ids = (deliveries: Delivery[]) => deliveries.map((d) => d.eventId);

/** Claims and completes the due head of event `eventId`'s partition. */
async function settle(store: RelayStore, eventId: string, outcome: AttemptOutcome): Promise<Delivery> {
  const head = (await store.due(Date.now() + 60_000, 1000)).find((d) => d.eventId === eventId) as Delivery;
  expect(head).toBeDefined();
  expect(await store.claim(head, 30_000)).toBe(true);
  await store.complete(head, outcome);
  return (await store.get(head.id)) as Delivery;
}

for (const [name, open] of backends) {
  describe(`RelayStore contract (more): ${name}`, () => {
    const withStore = async (ctx: { skip: () => void }, test: (store: RelayStore) => Promise<void>) => {
      const store = await open();
      if (!store) return ctx.skip();
      try {
        await test(store);
      } finally {
        await store.close();
      }
    };

    it('lists every state in id order: an older dead letter comes before newer pending ones', (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue('a', items(1, 3), '3');
        await settle(store, '1', failed(Date.now()));
        const first = await store.list({ limit: 1 });
        expect(ids(first.deliveries)).toEqual(['1']);
        const second = await store.list({ limit: 2, after: first.next });
        expect(ids(second.deliveries)).toEqual(['2', '3']);
        expect(second.next).toBeNull(); // a page that is exactly full has no next one
        await settle(store, '2', { state: 'delivered', status: 204, at: Date.now() });
        expect(ids((await store.list({ limit: 10 })).deliveries)).toEqual(['1', '2', '3']);
        expect(ids((await store.list({ state: 'delivered', limit: 10 })).deliveries)).toEqual(['2']);
      }));

    it('pages past one read batch: 500 of 501 deliveries have a next page, all 501 have none', (ctx) =>
      withStore(ctx, async (store) => {
        // Redis reads each state's index 500 ids at a time: the 501st decides whether there is more.
        await store.enqueue('a', items(1, 501), '501');
        const first = await store.list({ state: 'pending', limit: 500 });
        expect(first.deliveries).toHaveLength(500);
        expect(first.next).toBe(first.deliveries[499]?.id);
        const rest = await store.list({ state: 'pending', limit: 500, after: first.next });
        expect(ids(rest.deliveries)).toEqual(['501']);
        expect(rest.next).toBeNull();
        expect((await store.list({ state: 'pending', limit: 501 })).next).toBeNull();
      }));

    it('records each attempt: no HTTP status is null, a delivery clears the last error, nextAt is when it settled', (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue('a', items(1, 2), '2');
        const at = Date.now();
        const timedOut = await settle(store, '1', {
          state: 'pending',
          nextAt: at,
          status: null,
          error: 'timeout after 10000 ms',
          at,
        });
        expect(timedOut).toMatchObject({
          state: 'pending',
          lastStatus: null,
          lastError: 'timeout after 10000 ms',
        });
        await expect.poll(() => Date.now() > at).toBe(true); // Redis claims by its own clock
        const done = await settle(store, '1', { state: 'delivered', status: 204, at: at + 1 });
        expect(done).toMatchObject({
          state: 'delivered',
          attempts: 2,
          lastError: null,
          lastStatus: 204,
          nextAt: at + 1,
          deliveredAt: at + 1,
        });
        const dead = await settle(store, '2', failed(at + 2));
        expect(dead).toMatchObject({
          state: 'failed',
          nextAt: at + 2,
          lastError: 'HTTP 410',
          deliveredAt: null,
        });
      }));

    it("queues again only the named target's dead letters", (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue('a', items(1, 2), '2');
        await store.enqueue('b', items(3, 3), '3');
        for (const id of ['1', '2', '3']) await settle(store, id, failed(Date.now()));
        expect(await store.redeliverAll('failed', 'b', Date.now())).toBe(1);
        expect(ids((await store.list({ state: 'failed', limit: 10 })).deliveries)).toEqual(['1', '2']);
        expect(ids((await store.list({ state: 'pending', limit: 10 })).deliveries)).toEqual(['3']);
      }));

    it('finds deliveries by their decimal id only', (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue('a', items(1, 10), '10');
        const [one, , , , , , , , , ten] = (await store.list({ limit: 10 })).deliveries as Delivery[];
        expect((await store.get(ten?.id as string))?.eventId).toBe('10');
        await settle(store, '1', failed(Date.now()));
        for (const bad of [` ${one?.id}`, `${one?.id} `, `${one?.id}e0`, `+${one?.id}`, '0x1', '']) {
          expect(await store.get(bad)).toBeNull();
          expect(await store.redeliver(bad, Date.now())).toBeNull();
        }
        expect((await store.get(one?.id as string))?.state).toBe('failed'); // not queued again by a look-alike id
        await settle(store, '10', failed(Date.now()));
        expect((await store.redeliver(ten?.id as string, Date.now()))?.state).toBe('pending');
      }));

    it('keeps personal data of a delivery created exactly at the cutoff; removes it from all older ones', (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue('a', items(1, 2), '2');
        await laterThanNow();
        await store.enqueue('a', items(3, 3), '3');
        const third = (await store.list({ limit: 10 })).deliveries[2] as Delivery;
        expect(await store.forgetPersonalData(third.createdAt)).toBe(2);
        const [one, two, three] = (await store.list({ limit: 10 })).deliveries as Delivery[];
        expect([one, two, three].map((d) => eventHasPersonalData(d?.event as StoredEvent))).toEqual([
          false,
          false,
          true,
        ]);
      }));

    it('sweeps personal data past one batch, and again from where it stopped', (ctx) =>
      withStore(ctx, async (store) => {
        // More than one read batch (Redis 200, SQLite 500), all created after the first cutoff.
        const cutoff = Date.now() - 1;
        await store.enqueue('a', items(1, 501), '501');
        expect(await store.forgetPersonalData(cutoff)).toBe(0);
        const later = await laterThanNow();
        expect(await store.forgetPersonalData(later)).toBe(501);
        expect(await store.forgetPersonalData(later)).toBe(0);
        // Deliveries queued after a finished sweep are found by the next one.
        await store.enqueue('a', items(502, 503), '503');
        expect(await store.forgetPersonalData(await laterThanNow())).toBe(2);
        await store.enqueue('a', items(504, 504), '504');
        expect(await store.forgetPersonalData(await laterThanNow())).toBe(1);
        const last = (await store.list({ after: '500', limit: 10 })).deliveries;
        expect(last.map((d) => eventHasPersonalData(d.event))).toEqual([false, false, false, false]);
      }));

    it('refuses work once closed', (ctx) =>
      withStore(ctx, async (store) => {
        const other = (await open()) as RelayStore;
        await other.close();
        await expect(Promise.resolve().then(() => other.counts())).rejects.toThrow();
        expect(await store.counts()).toEqual({ pending: 0, delivered: 0, failed: 0 });
      }));
  });
}
