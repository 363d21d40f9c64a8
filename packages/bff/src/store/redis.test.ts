// Redis-only behaviour of the store: its key layout (a contract with older and newer BFFs sharing a
// Redis), the migration of layout-2 logs whose entries held personal data inline, the log read at
// its edges, and close. Each test opens its own store under its own key prefix, inside the test.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import { flowSnapshotFromDetail } from '../ingest/snapshot.js';
import { DEFAULT_RETENTION } from './index.js';
import { eventHasPersonalData } from './personal-data.js';
import { openRedisStore } from './redis.js';
import type { NewEvent, QrRecord, Retention, Store } from './types.js';

const up = await redisAvailable('redis store');
const base = `ess-kit-test:redis-store:${process.pid}:${Date.now()}:`;
let sequence = 0;
const stores: Store[] = [];
let admin: Redis;

beforeAll(() => {
  if (up) admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await Promise.allSettled(stores.map((s) => s.close()));
  if (!up) return;
  await admin.quit();
  await deleteRedisKeys(base);
});

const freshPrefix = () => `${base}${++sequence}:`;
async function open(prefix: string, retention: Partial<Retention> = {}): Promise<Store> {
  const store = await openRedisStore({
    url: REDIS_URL,
    prefix,
    retention: { ...DEFAULT_RETENTION, ...retention },
  });
  stores.push(store);
  return store;
}

/** An event as layout 2 wrote it to the stream: personal data (`ess.data`) inline. */
function legacyEntry(flowId: string, personal: boolean): string {
  const event: NewEvent & { at: number } = {
    kind: 'ess',
    organizationId: 'org',
    flowId,
    family: 'flow',
    msgType: 'FlowStatusChange',
    data: null,
    ess: personal ? ({ flowId, data: { FlowId: flowId, Mobile: '13800000000' } } as never) : null,
    at: 1000,
  };
  return JSON.stringify(event);
}

/** A layout-2 log under `prefix`: 600 entries of L-1 with inline personal data, then L-2, L-1 without, L-3. */
async function seedLayout2(prefix: string) {
  await admin.set(`${prefix}schema-version`, '2');
  const tx = admin.multi();
  for (let i = 0; i < 600; i++) tx.xadd(`${prefix}log`, `1000-${i}`, 'e', legacyEntry('L-1', true));
  tx.xadd(`${prefix}log`, '1000-600', 'e', legacyEntry('L-2', true));
  tx.xadd(`${prefix}log`, '1000-601', 'e', legacyEntry('L-1', false));
  tx.xadd(`${prefix}log`, '1001-0', 'e', legacyEntry('L-3', true));
  await tx.exec();
}

const flowEvent = (flowId: string, personal: boolean): NewEvent => ({
  kind: 'ess',
  organizationId: 'org',
  flowId,
  family: 'flow',
  msgType: 'FlowStatusChange',
  data: null,
  ess: personal ? ({ flowId, data: { FlowId: flowId, Mobile: '13800000000' } } as never) : null,
});

const qrRecord = (qrCodeId: string, link: string | null, expiredTime: number): QrRecord => ({
  qrCodeId,
  qrCodeUrl: 'https://example.invalid/qr',
  templateId: 't',
  flowName: 'n',
  maxFlowNum: 5,
  flowCount: 0,
  flowIds: [],
  expiredTime,
  state: 'active',
  failure: null,
  updatedAt: '2026-01-01T00:00:00Z',
  organizationId: 'org',
  link,
});

describe.skipIf(!up)('Redis store', () => {
  it('migrates a layout-2 log: erasing a flow deletes its inline entries (all pages), only that flow', async () => {
    const prefix = freshPrefix();
    await seedLayout2(prefix);
    const store = await open(prefix);
    expect(await admin.get(`${prefix}schema-version`)).toBe('3');
    expect(await admin.get(`${prefix}pd-legacy-through`)).toBe('1001-0');
    // A copy written after the migration is erased through the flow's index, not the stream.
    await store.record({ plan: () => ({ events: [flowEvent('L-1', true)] }) });
    await store.putFlow({
      snapshot: flowSnapshotFromDetail({ FlowId: 'L-1', FlowStatus: 2, FlowMessage: 'refused: wrong name' }),
      organizationId: 'org',
      occurredAt: 0,
      touchedAt: 1,
    });

    expect(await store.erasePersonalData('L-2')).toEqual({ events: 1, flows: 0 });
    expect(await store.erasePersonalData('L-1')).toEqual({ events: 601, flows: 1 });
    expect((await store.getFlow('L-1'))?.snapshot).toMatchObject({
      flowId: 'L-1',
      flowStatus: 2,
      flowMessage: null,
    });
    const left = (await store.readEvents(null, 10_000)).events;
    expect(left.map((e) => [e.id, e.flowId, eventHasPersonalData(e)])).toEqual([
      ['1000-601', 'L-1', false],
      ['1001-0', 'L-3', true],
      [expect.any(String), 'L-1', false],
    ]);
    expect(await store.erasePersonalData('L-1')).toEqual({ events: 0, flows: 0 });
  });

  it('migrates a layout-2 log: the retention sweep deletes inline entries recorded before the cutoff', async () => {
    const prefix = freshPrefix();
    await seedLayout2(prefix);
    const store = await open(prefix);
    // Entries of millisecond 1001 are not "recorded before 1001".
    expect(await store.forgetPersonalData(1001)).toBe(601);
    expect(await admin.get(`${prefix}pd-swept-through`)).toBe('1000-601');
    expect(await store.forgetPersonalData(1001)).toBe(0);
    expect(await store.forgetPersonalData(1002)).toBe(1);
    expect((await store.readEvents(null, 10_000)).events.map((e) => e.id)).toEqual(['1000-601']);
  });

  it('marks no legacy range when a layout-3 store (or an empty one) is reopened', async () => {
    const prefix = freshPrefix();
    const first = await open(prefix);
    await first.record({ plan: () => ({ events: [flowEvent('N-1', true)] }) });
    await first.close();
    await open(prefix);
    expect(await admin.exists(`${prefix}pd-legacy-through`)).toBe(0);
    // Layout 2 with an empty log: nothing to mark either.
    const empty = freshPrefix();
    await admin.set(`${empty}schema-version`, '2');
    await open(empty);
    expect(await admin.exists(`${empty}pd-legacy-through`)).toBe(0);
    expect(await admin.get(`${empty}schema-version`)).toBe('3');
  });

  it('keeps its records under the documented keys', async () => {
    const prefix = freshPrefix();
    const store = await open(prefix, { personalDataMaxAgeSeconds: 600, maxAgeSeconds: 3600 });
    const heard: string[] = [];
    const listener = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    await listener.subscribe(`${prefix}events`);
    try {
      const expires = Math.floor(Date.now() / 1000) + 3600;
      const result = await store.record({
        dedupeKey: 'd-1',
        dedupeKeys: ['d-2', 'd-1'],
        qrCodeIds: ['Q-1'],
        plan: () => ({
          events: [flowEvent('K-1', true)],
          qrCodes: [qrRecord('Q-1', 'link-1', expires), qrRecord('Q-2', null, expires)],
          owners: [{ kind: 'flow' as never, id: 'K-1', organizationId: 'org-k' }],
        }),
      });
      if (result.duplicate) throw new Error('not a duplicate');
      const id = result.events[0]?.id as string;
      await expect.poll(() => heard.length, { timeout: 5000 }).toBe(1);
      expect(heard[0]?.startsWith(`${id}\n`)).toBe(true);
      expect(await admin.get(`${prefix}dedupe:d-1`)).toBe('1');
      expect(await admin.get(`${prefix}dedupe:d-2`)).toBe('1');
      const dedupeTtl = await admin.ttl(`${prefix}dedupe:d-2`);
      expect(dedupeTtl).toBeGreaterThan(30 * 24 * 3600 - 60);
      expect(dedupeTtl).toBeLessThanOrEqual(30 * 24 * 3600);
      // The personal-data copy lasts the shorter of the two retentions.
      const copyTtl = await admin.ttl(`${prefix}pd:${id}`);
      expect(copyTtl).toBeGreaterThan(500);
      expect(copyTtl).toBeLessThanOrEqual(600);
      expect(await admin.smembers(`${prefix}pd-flow:K-1`)).toEqual([id]);
      expect(JSON.parse((await admin.get(`${prefix}qr:Q-1`)) ?? 'null')).toMatchObject({ qrCodeId: 'Q-1' });
      expect(await admin.get(`${prefix}qr-link:link-1`)).toBe('Q-1');
      expect(await admin.zrange(`${prefix}open-qr-codes`, 0, -1)).toEqual(['Q-1', 'Q-2']);
      expect(await admin.get(`${prefix}owner:flow:K-1`)).toBe('org-k');
      expect(await store.getOwner('flow' as never, 'K-1')).toBe('org-k');
      expect((await store.findQrCodeByLink('link-1'))?.qrCodeId).toBe('Q-1');
      expect((await store.qrCodesExpiredBy(expires, 10)).map((q) => q.qrCodeId)).toEqual(['Q-1', 'Q-2']);
      // A closed QR code leaves the open set; the record still reads back.
      await store.record({
        plan: () => ({
          events: [],
          qrCodes: [{ ...qrRecord('Q-2', null, expires), state: 'expired' as const }],
        }),
      });
      expect(await admin.zrange(`${prefix}open-qr-codes`, 0, -1)).toEqual(['Q-1']);
      const snap = await store.readSnapshots([], ['Q-1', 'Q-2', 'Q-none']);
      expect([...snap.qrCodes.keys()]).toEqual(['Q-1', 'Q-2']);
      expect(snap.qrCodes.get('Q-2')?.state).toBe('expired');
      expect(snap.head).toBe(id);
      // The planner sees the QR code it asked for.
      let seen: unknown;
      await store.record({
        qrCodeIds: ['Q-2'],
        plan: (state) => {
          seen = state.qrCodes.get('Q-2');
          expect([...state.flows.keys()]).toEqual([]);
          expect([...state.qrCodes.keys()]).toEqual(['Q-2']);
          return { events: [] };
        },
      });
      expect(seen).toMatchObject({ qrCodeId: 'Q-2', state: 'expired' });
      await store.record({
        flowIds: ['K-1'],
        plan: (state) => {
          expect([...state.flows.keys()]).toEqual(['K-1']);
          expect([...state.qrCodes.keys()]).toEqual([]);
          return { events: [] };
        },
      });
      expect(await store.getQrCode('Q-2')).toMatchObject({ qrCodeId: 'Q-2', state: 'expired' });
      expect(await store.getQrCode('Q-none')).toBeNull();
      // Personal data without a flow: a copy, but no flow index.
      const loose = await store.record({
        plan: () => ({ events: [{ ...flowEvent('K-3', true), flowId: null }] }),
      });
      const looseId = loose.duplicate ? '' : (loose.events[0]?.id as string);

      expect(await store.beginIdempotent('i-1', 60)).toEqual({ state: 'new' });
      expect(await admin.exists(`${prefix}idem:i-1`)).toBe(1);
      expect(await store.tryLease('l-1', 60_000)).toBe(true);
      expect(await admin.get(`${prefix}lease:l-1`)).toBe('1');
      await store.record({ plan: () => ({ events: [flowEvent('K-2', false)] }) });
      expect(await store.trim({ maxEvents: 1, maxAgeSeconds: 3600 })).toBe(2);
      expect(await admin.get(`${prefix}log-trimmed-through`)).toBe(looseId);
      await store.check();
      // Nothing outside the documented layout (docs: store keys), nothing named after a missing value.
      expect((await admin.keys(`${prefix}*`)).map((k) => k.slice(prefix.length)).sort()).toEqual(
        [
          'schema-version',
          'log',
          'log-trimmed-through',
          'health',
          'dedupe:d-1',
          'dedupe:d-2',
          `pd:${id}`,
          `pd:${looseId}`,
          'pd-flow:K-1',
          'qr:Q-1',
          'qr:Q-2',
          'qr-link:link-1',
          'open-qr-codes',
          'owner:flow:K-1',
          'idem:i-1',
          'lease:l-1',
        ].sort(),
      );
    } finally {
      await listener.quit();
    }
  });

  it('reads the log at its edges: no stream yet, a bare millisecond cursor, a page limit', async () => {
    const prefix = freshPrefix();
    const store = await open(prefix);
    expect(await store.readEvents('0', 10)).toEqual({ events: [], stale: false, more: false });
    expect(await store.readEvents('0-0', 10)).toEqual({ events: [], stale: false, more: false });
    expect(await store.readEvents('5', 10)).toEqual({ events: [], stale: true, more: false });
    expect(await store.readEvents('5-0', 10)).toEqual({ events: [], stale: true, more: false });
    expect(await store.head()).toBeNull();
    const result = await store.record({
      plan: () => ({ events: [flowEvent('R-1', false), flowEvent('R-2', false), flowEvent('R-3', false)] }),
    });
    if (result.duplicate) throw new Error('not a duplicate');
    const ids = result.events.map((e) => e.id);
    const ms = (ids[0] as string).split('-')[0] as string;
    // A cursor of bare milliseconds resumes after that millisecond's first entry ("<ms>-0").
    const bare = await store.readEvents(String(Number(ms) - 1), 10);
    expect(bare.events.map((e) => e.id)).toEqual(ids);
    const page = await store.readEvents(ids[0] as string, 1);
    expect(page).toMatchObject({ stale: false, more: true });
    expect(page.events.map((e) => e.id)).toEqual([ids[1]]);
    const last = await store.readEvents(ids[1] as string, 1);
    expect(last).toMatchObject({ stale: false, more: false });
    expect(last.events.map((e) => e.id)).toEqual([ids[2]]);
    expect(await store.head()).toBe(ids[2]);
  });

  it('takes a flow that ends out of the open set when its snapshot is written', async () => {
    const prefix = freshPrefix();
    const store = await open(prefix);
    const put = (flowStatus: number, touchedAt: number) =>
      store.putFlow({
        snapshot: flowSnapshotFromDetail({ FlowId: 'P-1', FlowStatus: flowStatus }),
        organizationId: 'org',
        occurredAt: 0,
        touchedAt,
      });
    await put(1, 5);
    expect(await admin.zscore(`${prefix}open-flows`, 'P-1')).toBe('5');
    await put(4, 6);
    expect(await admin.zscore(`${prefix}open-flows`, 'P-1')).toBeNull();
    expect(await store.openFlowsQuietSince(Date.now(), 10)).toEqual([]);
  });

  it('plans again when a record it read changed before the write, and gives up after 50 tries', async () => {
    const store = await open(freshPrefix());
    const expires = Math.floor(Date.now() / 1000) + 3600;
    // The planner changes the QR code it read through the store's own connection, which runs
    // commands in order: the change lands between the read and the write, every time it is made.
    const seen: unknown[] = [];
    const once = await store.record({
      qrCodeIds: ['C-1'],
      plan: (state) => {
        seen.push(state.qrCodes.get('C-1')?.flowCount ?? null);
        if (seen.length === 1) void store.putQrCode({ ...qrRecord('C-1', null, expires), flowCount: 7 });
        return { events: [flowEvent('C-1', false)] };
      },
    });
    expect(seen).toEqual([null, 7]);
    expect(once).toMatchObject({ duplicate: false, events: [{ flowId: 'C-1' }] });

    let attempts = 0;
    await expect(
      store.record({
        qrCodeIds: ['C-1'],
        plan: () => {
          attempts++;
          void store.putQrCode({ ...qrRecord('C-1', null, expires), flowCount: 100 + attempts });
          return { events: [flowEvent('C-1', false)] };
        },
      }),
    ).rejects.toThrow('record: too many concurrent writers on the same flow');
    expect(attempts).toBe(50);
    expect((await store.readEvents(null, 100)).events).toHaveLength(1);
  });

  it('refuses a store written by a newer BFF, naming where it is, and leaves it as it was', async () => {
    const prefix = freshPrefix();
    await admin.set(`${prefix}schema-version`, '4');
    await expect(open(prefix)).rejects.toThrow(
      `The event store at ${REDIS_URL} (prefix ${prefix}) has layout 4; this BFF reads layouts up to 3.`,
    );
    expect(await admin.get(`${prefix}schema-version`)).toBe('4');
  });

  it('refuses writes once closed, closes twice without error, and leaves no connection behind', async () => {
    const prefix = freshPrefix();
    const store = await open(prefix);
    const named = async () => String(await admin.client('LIST')).includes(`name=${prefix}subscriber `);
    expect(store.kind).toBe('redis');
    expect(await named()).toBe(true);
    await store.close();
    await expect.poll(named, { timeout: 5000 }).toBe(false);
    await expect(store.record({ plan: () => ({ events: [] }) })).rejects.toThrow('store is closed');
    await expect(store.close()).resolves.toBeUndefined();
  });
});
