// The RelayStore contract, run against real SQLite (temp file) and real Redis (unique key prefix;
// skipped loudly when absent, a failure under REQUIRE_REDIS=1): every method of the interface.
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

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-store-'));
const prefixes: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const prefix of prefixes) await deleteRedisKeys(prefix);
});

let sequence = 0;
/** Where each store keeps its data, so that a second instance can open the same. */
const locations = new WeakMap<RelayStore, string>();
const openAt: Record<'sqlite' | 'redis', (location: string) => RelayStore | Promise<RelayStore>> = {
  sqlite: (path) => openSqliteRelayStore(path, 60_000),
  redis: (prefix) =>
    openRedisRelayStore({
      url: REDIS_URL,
      prefix,
      seenTtlSeconds: 3600,
      keepDeliveredSeconds: 3600,
      personalDataSeconds: 3600,
    }),
};
const backends: [name: 'sqlite' | 'redis', open: () => Promise<RelayStore | null>][] = [
  [
    'sqlite',
    async () => {
      const path = join(dir, `relay-${++sequence}.sqlite`);
      const store = await openAt.sqlite(path);
      locations.set(store, path);
      return store;
    },
  ],
  [
    'redis',
    async () => {
      if (!(await redisAvailable('relay store contract (redis)'))) return null;
      const prefix = `ess-kit-test:relay-store:${process.pid}:${Date.now()}:${++sequence}:`;
      prefixes.push(prefix);
      const store = await openAt.redis(prefix);
      locations.set(store, prefix);
      return store;
    },
  ],
];

/** Another instance on the same data as `store` (another BFF process for Redis). */
function openBeside(store: RelayStore): Promise<RelayStore> {
  return Promise.resolve(openAt[store.kind](locations.get(store) as string));
}

/** A log event as the relay copies it. */
function event(id: string, flowId = `F${id}`): StoredEvent {
  return {
    id,
    at: 1_700_000_000_000,
    kind: 'flow',
    organizationId: 'ORG',
    flowId,
    family: 'flow',
    msgType: 'FlowStatusChange',
    data: { v: 1, type: 'flow', flowId, flowStatus: 1 } as LiveEventData,
    ess: { flowId, msgId: `m${id}` } as EssEvent,
  };
}

/** A log event that carries a signer's name and mobile, as callbacks' MsgData does. */
function personal(id: string, flowId: string): StoredEvent {
  const base = event(id, flowId);
  return {
    ...base,
    ess: {
      flowId,
      msgId: `m${id}`,
      approvers: [{ recipientId: 'r1', approveStatus: 2, approverName: '张三' }],
      data: { FlowId: flowId, ApproverName: '张三', ApproverMobile: '13800000001' },
    } as Partial<EssEvent> as EssEvent,
  };
}

/** A time (unix ms) strictly after every delivery created so far. */
async function laterThanNow(): Promise<number> {
  const start = Date.now();
  await expect.poll(() => Date.now(), { interval: 5 }).toBeGreaterThan(start + 2);
  return Date.now();
}

const delivered = (at: number): AttemptOutcome => ({ state: 'delivered', status: 204, at });
const retry = (at: number, nextAt: number): AttemptOutcome => ({
  state: 'pending',
  nextAt,
  status: 500,
  error: 'HTTP 500',
  at,
});
const failed = (at: number): AttemptOutcome => ({ state: 'failed', status: 410, error: 'HTTP 410', at });

/** The ids, in order, of deliveries. */
const ids = (deliveries: Delivery[]) => deliveries.map((d) => d.eventId);

for (const [name, open] of backends) {
  describe(`RelayStore contract: ${name}`, () => {
    const withStore = async (ctx: { skip: () => void }, test: (store: RelayStore) => Promise<void>) => {
      const store = await open();
      if (!store) return ctx.skip();
      try {
        expect(store.kind).toBe(name);
        await test(store);
      } finally {
        await store.close();
      }
    };

    it('keeps a cursor per target, moved by setCursor and by enqueue', (ctx) =>
      withStore(ctx, async (store) => {
        expect(await store.cursor('a')).toBeNull();
        await store.setCursor('a', '5');
        expect(await store.cursor('a')).toBe('5');
        expect(await store.cursor('b')).toBeNull();
        await store.enqueue('a', [{ event: event('6'), partition: 'flow:F6' }], '6');
        expect(await store.cursor('a')).toBe('6');
        await store.enqueue('b', [], '1700000000000-3');
        expect(await store.cursor('b')).toBe('1700000000000-3');
      }));

    it('queues each event once per target, with the event copied and nothing attempted yet', (ctx) =>
      withStore(ctx, async (store) => {
        const before = Date.now();
        await store.enqueue(
          'a',
          [
            { event: event('1'), partition: 'flow:F1' },
            { event: event('2'), partition: 'flow:F2' },
          ],
          '2',
        );
        // Rescanning the same events (a restart before the cursor moved) queues nothing new.
        await store.enqueue('a', [{ event: event('1'), partition: 'flow:F1' }], '2');
        await store.enqueue('b', [{ event: event('1'), partition: 'flow:F1' }], '1');
        expect(await store.counts()).toEqual({ pending: 3, delivered: 0, failed: 0 });
        const page = await store.list({ target: 'a', limit: 10 });
        expect(ids(page.deliveries)).toEqual(['1', '2']);
        expect(page.next).toBeNull();
        const [first] = page.deliveries;
        expect(first).toMatchObject({
          target: 'a',
          eventId: '1',
          partition: 'flow:F1',
          state: 'pending',
          attempts: 0,
          lastError: null,
          lastStatus: null,
          deliveredAt: null,
        });
        expect(first?.event).toEqual(event('1'));
        expect(first?.nextAt).toBeGreaterThanOrEqual(before);
        expect(first?.createdAt).toBeGreaterThanOrEqual(before);
        expect(await store.get(first?.id as string)).toMatchObject({ id: first?.id, eventId: '1' });
        expect(await store.get('999999')).toBeNull();
        expect(await store.get('not-an-id')).toBeNull();
      }));

    it('offers the oldest due delivery of each partition, oldest first, up to the limit', (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue(
          'a',
          [
            { event: event('1', 'X'), partition: 'flow:X' },
            { event: event('2', 'Y'), partition: 'flow:Y' },
            { event: event('3', 'X'), partition: 'flow:X' },
            { event: event('4', 'Z'), partition: 'flow:Z' },
          ],
          '4',
        );
        const now = Date.now() + 1000;
        expect(ids(await store.due(now, 10))).toEqual(['1', '2', '4']);
        expect(ids(await store.due(now, 2))).toEqual(['1', '2']);
        expect(await store.due(0, 10)).toEqual([]); // nothing is due before it was queued
      }));

    it('claims a partition once, only at its due head, and completes attempts in order', (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue(
          'a',
          [
            { event: event('1', 'X'), partition: 'flow:X' },
            { event: event('2', 'X'), partition: 'flow:X' },
            { event: event('3', 'Y'), partition: 'flow:Y' },
          ],
          '3',
        );
        const now = Date.now() + 1000;
        const [x1, y] = await store.due(now, 10);
        const x2 = (await store.list({ limit: 10 })).deliveries.find((d) => d.eventId === '2') as Delivery;
        expect(await store.claim(x2, 30_000)).toBe(false); // not the head of its partition
        expect(await store.claim(x1 as Delivery, 30_000)).toBe(true);
        expect(await store.claim(x1 as Delivery, 30_000)).toBe(false); // taken
        expect(await store.claim(y as Delivery, 30_000)).toBe(true); // other partitions are independent

        // A failed attempt stays at the head, due again at nextAt, with what went wrong.
        const at = Date.now();
        await store.complete(x1 as Delivery, retry(at, at + 200));
        expect(await store.get(x1?.id as string)).toMatchObject({
          state: 'pending',
          attempts: 1,
          nextAt: at + 200,
          lastError: 'HTTP 500',
          lastStatus: 500,
          updatedAt: at,
          deliveredAt: null,
        });
        // A claimed delivery is still listed as due (the claim is what keeps others off it).
        expect(ids(await store.due(at + 100, 10))).toEqual(['3']);
        await store.complete(y as Delivery, delivered(at));
        expect(await store.get(y?.id as string)).toMatchObject({
          state: 'delivered',
          attempts: 1,
          lastStatus: 204,
          deliveredAt: at,
        });
        expect(ids(await store.due(at + 100, 10))).toEqual([]); // X waits for its retry
        expect(ids(await store.due(at + 200, 10))).toEqual(['1']);
        // Redis also refuses to claim before nextAt by its own clock: wait until the retry is due.
        await expect.poll(() => Date.now() >= at + 200).toBe(true);

        // Once delivered, the next of the partition is its head and can be claimed.
        const again = (await store.due(at + 200, 10))[0] as Delivery;
        expect(await store.claim(again, 30_000)).toBe(true);
        await store.complete(again, delivered(at + 1));
        const [next] = await store.due(at + 200, 10);
        expect(next?.eventId).toBe('2');
        expect(await store.claim(next as Delivery, 30_000)).toBe(true);
        await store.complete(next as Delivery, failed(at + 2));
        expect(await store.get(next?.id as string)).toMatchObject({
          state: 'failed',
          attempts: 1,
          lastError: 'HTTP 410',
          lastStatus: 410,
        });
        expect(await store.due(at + 200, 10)).toEqual([]);
        expect(await store.counts()).toEqual({ pending: 0, delivered: 2, failed: 1 });
      }));

    it('lists by state and target in id order, page by page', (ctx) =>
      withStore(ctx, async (store) => {
        const items = ['1', '2', '3', '4', '5'].map((id) => ({ event: event(id), partition: `flow:F${id}` }));
        await store.enqueue('a', items, '5');
        await store.enqueue('b', [{ event: event('6'), partition: 'flow:F6' }], '6');
        const now = Date.now() + 1000;
        const head = (await store.due(now, 10)).find((d) => d.eventId === '3') as Delivery;
        expect(await store.claim(head, 30_000)).toBe(true);
        await store.complete(head, failed(now));

        const first = await store.list({ target: 'a', limit: 2 });
        expect(ids(first.deliveries)).toEqual(['1', '2']);
        expect(first.next).toBe(first.deliveries[1]?.id);
        const second = await store.list({ target: 'a', limit: 2, after: first.next });
        expect(ids(second.deliveries)).toEqual(['3', '4']);
        const third = await store.list({ target: 'a', limit: 2, after: second.next });
        expect(ids(third.deliveries)).toEqual(['5']);
        expect(third.next).toBeNull();
        expect(ids((await store.list({ state: 'failed', limit: 10 })).deliveries)).toEqual(['3']);
        expect(ids((await store.list({ state: 'pending', target: 'b', limit: 10 })).deliveries)).toEqual([
          '6',
        ]);
        expect(ids((await store.list({ limit: 10 })).deliveries)).toEqual(['1', '2', '3', '4', '5', '6']);
      }));

    it('queues failed deliveries again, one or all (per target), with attempts reset', (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue(
          'a',
          [
            { event: event('1'), partition: 'flow:F1' },
            { event: event('2'), partition: 'flow:F2' },
          ],
          '2',
        );
        await store.enqueue('b', [{ event: event('3'), partition: 'flow:F3' }], '3');
        const now = Date.now() + 1000;
        for (const d of await store.due(now, 10)) {
          expect(await store.claim(d, 30_000)).toBe(true);
          await store.complete(d, failed(now));
        }
        expect(await store.counts()).toEqual({ pending: 0, delivered: 0, failed: 3 });

        const one = (await store.list({ state: 'failed', target: 'a', limit: 1 })).deliveries[0] as Delivery;
        const requeued = await store.redeliver(one.id, now + 5);
        expect(requeued).toMatchObject({ id: one.id, state: 'pending', attempts: 0, nextAt: now + 5 });
        expect(ids(await store.due(now + 5, 10))).toEqual([one.eventId]);
        expect(await store.redeliver('999999', now)).toBeNull();
        expect(await store.redeliver('nope', now)).toBeNull();

        expect(await store.redeliverAll('failed', 'b', now + 6)).toBe(1);
        expect(await store.counts()).toEqual({ pending: 2, delivered: 0, failed: 1 });
        expect(await store.redeliverAll('failed', null, now + 7)).toBe(1);
        expect(await store.redeliverAll('failed', null, now + 7)).toBe(0);
        expect(await store.counts()).toEqual({ pending: 3, delivered: 0, failed: 0 });
        expect(ids(await store.due(now + 7, 10))).toEqual(['1', '2', '3']);
      }));

    it('removes personal data from deliveries and dead letters older than the retention; younger ones keep it', (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue(
          'a',
          [
            { event: personal('1', 'F1'), partition: 'flow:F1' },
            { event: personal('2', 'F2'), partition: 'flow:F2' },
          ],
          '2',
        );
        // F1 becomes a dead letter, F2 stays pending: both states lose the data.
        const [dead] = await store.due(Date.now(), 1);
        expect(await store.claim(dead as Delivery, 30_000)).toBe(true);
        await store.complete(dead as Delivery, failed(Date.now()));
        const cutoff = await laterThanNow();
        await laterThanNow();
        await store.enqueue('a', [{ event: personal('3', 'F3'), partition: 'flow:F3' }], '3');

        expect(await store.forgetPersonalData(cutoff)).toBe(2);
        const all = (await store.list({ limit: 10 })).deliveries;
        expect(all.map((d) => [d.eventId, d.state])).toEqual([
          ['1', 'failed'],
          ['2', 'pending'],
          ['3', 'pending'],
        ]);
        const [one, two, three] = all as [Delivery, Delivery, Delivery];
        for (const old of [one, two]) {
          expect(eventHasPersonalData(old.event)).toBe(false);
          expect(JSON.stringify(old.event)).not.toMatch(/13800000001|张三/);
          // The event itself stays deliverable: ids, flow, status.
          expect(old.event).toMatchObject({
            id: old.eventId,
            flowId: `F${old.eventId}`,
            data: { flowStatus: 1 },
          });
        }
        expect(three.event.ess?.data).toMatchObject({ ApproverMobile: '13800000001' });
        expect(await store.forgetPersonalData(cutoff)).toBe(0);
      }));

    it("erases one flow's personal data from its deliveries, idempotently", (ctx) =>
      withStore(ctx, async (store) => {
        await store.enqueue('a', [{ event: personal('1', 'F1'), partition: 'flow:F1' }], '1');
        await store.enqueue(
          'b',
          [
            { event: personal('1', 'F1'), partition: 'flow:F1' },
            { event: personal('2', 'F2'), partition: 'flow:F2' },
          ],
          '2',
        );
        const [dead] = await store.due(Date.now(), 1);
        await store.claim(dead as Delivery, 30_000);
        await store.complete(dead as Delivery, failed(Date.now()));

        expect(await store.erasePersonalData('F1')).toBe(2);
        const all = (await store.list({ limit: 10 })).deliveries;
        expect(all.filter((d) => d.eventId === '1').map((d) => eventHasPersonalData(d.event))).toEqual([
          false,
          false,
        ]);
        expect(eventHasPersonalData(all.find((d) => d.eventId === '2')?.event as StoredEvent)).toBe(true);
        expect(await store.erasePersonalData('F1')).toBe(0);
        expect(await store.erasePersonalData('F-never')).toBe(0);
      }));

    it('runs ingest work under a per-target lease (Redis: one instance at a time)', (ctx) =>
      withStore(ctx, async (store) => {
        // SQLite belongs to one process, so its lease is always free; Redis instances take turns.
        const second = await openBeside(store);
        try {
          let release!: () => void;
          const held = new Promise<void>((resolve) => {
            release = resolve;
          });
          let ran = 0;
          const first = store.withIngestLease('a', async () => {
            ran++;
            await held;
          });
          await expect.poll(() => ran).toBe(1);
          const contended = await second.withIngestLease('a', async () => {
            ran++;
          });
          expect(contended).toBe(name === 'sqlite');
          expect(await second.withIngestLease('b', async () => {})).toBe(true); // other targets are free
          release();
          expect(await first).toBe(true);
          // Released when the work ends (also when it throws).
          await expect(
            store.withIngestLease('a', async () => {
              throw new Error('scan failed');
            }),
          ).rejects.toThrow('scan failed');
          expect(await second.withIngestLease('a', async () => {})).toBe(true);
        } finally {
          await second.close();
        }
      }));
  });
}
