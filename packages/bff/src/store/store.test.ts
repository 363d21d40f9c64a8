// The Store contract, run against real SQLite (temp file) and real Redis (skipped loudly when absent).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import { flowCallback } from '../../test/support/backends.js';
import { ingestEvent } from '../ingest/intake.js';
import { flowSnapshotFromDetail } from '../ingest/snapshot.js';
import { compareEventIds } from './event-id.js';
import { openStore } from './index.js';
import { eventHasPersonalData } from './personal-data.js';
import type { FlowRecord, Store, StoredEvent } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Records a flow status the way callbacks are recorded: through the intake's own planner
 * (`ingestEvent`), so "never regresses" is checked against the rule the BFF runs.
 */
async function recordStatus(store: Store, flowId: string, status: number, dedupeKey: string, occurredAt = 1) {
  return ingestEvent(
    store,
    flowCallback({ flowId, status, occurTime: 1_700_000_000 + occurredAt, msgId: dedupeKey }),
    { targetOrganizationId: 'org' },
  );
}

/** Resolves once the subscriber's list holds `id` (a condition, not a sleep). */
function published(seenIds: () => string[], id: string) {
  return expect.poll(() => seenIds().includes(id), { timeout: 5000 }).toBe(true);
}

const prefix = `ess-kit-test:${process.pid}:${Date.now()}:`;
const backends: [string, () => Promise<Store | null>][] = [
  ['sqlite', async () => openStore({ store: { url: join(dir, `s-${Math.random()}.sqlite`) } })],
  [
    'redis',
    async () =>
      (await redisAvailable('store contract (redis)'))
        ? openStore({ store: { url: REDIS_URL, prefix } })
        : null,
  ],
];

for (const [name, open] of backends) {
  describe(`Store contract: ${name}`, () => {
    let store: Store | null = null;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
      if (name === 'redis' && store) await deleteRedisKeys(prefix);
    });
    const s = () => {
      if (!store) throw new Error('unreachable');
      return store;
    };

    it('appends in order, dedupes, never regresses, and replays from a cursor', async (ctx) => {
      if (!store) return ctx.skip();
      const seen: StoredEvent[] = [];
      const unsubscribe = s().subscribe((e) => seen.push(e));
      const first = await recordStatus(s(), 'F1', 1, 'k1');
      expect(first.duplicate).toBe(false);
      expect((await recordStatus(s(), 'F1', 1, 'k1')).duplicate).toBe(true);
      expect(JSON.parse((await s().getFlowSnapshotJson('F1')) ?? 'null').flowStatus).toBe(1);
      await recordStatus(s(), 'F1', 4, 'k2');
      await recordStatus(s(), 'F1', 2, 'k3'); // late, older status: logged, snapshot untouched
      const flow = await s().getFlow('F1');
      expect(flow?.snapshot.flowStatus).toBe(4);
      // The hot read gives the same snapshot as JSON text, and null for a flow it does not hold.
      expect(JSON.parse((await s().getFlowSnapshotJson('F1')) ?? 'null')).toEqual(flow?.snapshot);
      expect(await s().getFlowSnapshotJson('F-unknown')).toBeNull();
      const all = await s().readEvents(null, 100);
      expect(all.events.map((e) => (e.data as { flowStatus?: number } | null)?.flowStatus ?? null)).toEqual([
        1,
        4,
        null,
      ]);
      expect(flow?.snapshot.eventId).toBe(all.events[1]?.id);
      const ids = all.events.map((e) => e.id);
      expect([...ids].sort(compareEventIds)).toEqual(ids);
      const after = await s().readEvents(ids[0] as string, 100);
      expect(after.events.map((e) => e.id)).toEqual(ids.slice(1));
      expect(await s().head()).toBe(ids[2]);
      await published(() => seen.map((e) => e.id), ids[2] as string); // Redis: pub/sub round trip
      expect(seen.map((e) => e.id)).toEqual(ids);
      // The store puts each event's own id on the snapshot it carries: as recorded, published and replayed.
      const carried = (events: StoredEvent[]) =>
        events
          .filter((e) => e.data?.type === 'flow')
          .map((e) => e.data?.type === 'flow' && e.data.flow.eventId);
      expect(carried(all.events)).toEqual(ids.slice(0, 2));
      expect(carried(seen)).toEqual(ids.slice(0, 2));
      const recorded = await recordStatus(s(), 'F1', 4, 'k4', 5);
      expect(recorded.duplicate === false && carried(recorded.events)).toEqual(
        recorded.duplicate === false ? recorded.events.map((e) => e.id) : [],
      );
      unsubscribe();
    });

    it('leases: one holder at a time among instances sharing the store, free again after the ttl', async (ctx) => {
      if (!store) return ctx.skip();
      const other = await open();
      try {
        const taken = Date.now();
        expect(await s().tryLease('reconcile-test', 300)).toBe(true);
        // Redis is shared by several processes: the second instance waits its turn. SQLite belongs
        // to one process, so there is nobody to share with.
        expect(await other?.tryLease('reconcile-test', 300)).toBe(name === 'sqlite');
        // Free again once the ttl has passed: polled, so a slow machine waits longer instead of failing.
        await expect
          .poll(() => other?.tryLease('reconcile-test', 300), { timeout: 5000, interval: 50 })
          .toBe(true);
        if (name === 'redis') expect(Date.now() - taken).toBeGreaterThanOrEqual(290); // not before the ttl
      } finally {
        await other?.close();
      }
    });

    it('treats a delivery as a duplicate when any of its dedupe keys was seen', async (ctx) => {
      if (!store) return ctx.skip();
      const plan = () => ({ events: [] });
      expect((await s().record({ dedupeKey: 'msg-a', dedupeKeys: ['content-1'], plan })).duplicate).toBe(
        false,
      );
      expect((await s().record({ dedupeKey: 'msg-b', dedupeKeys: ['content-1'], plan })).duplicate).toBe(
        true,
      );
      expect((await s().record({ dedupeKey: 'msg-a', dedupeKeys: ['content-2'], plan })).duplicate).toBe(
        true,
      );
      // a refused duplicate does not claim its other keys
      expect((await s().record({ dedupeKey: 'msg-c', dedupeKeys: ['content-2'], plan })).duplicate).toBe(
        false,
      );
    });

    // Redis only: SQLite publishes in-process, there is no subscription to lose.
    if (name === 'redis')
      it('fills the pub/sub gap from the log after the subscription reconnects', async (ctx) => {
        if (!store) return ctx.skip();
        const seen: string[] = [];
        const unsubscribe = s().subscribe((e) => seen.push(e.id));
        const admin = new Redis(REDIS_URL);
        try {
          const first = await recordStatus(s(), 'G1', 1, 'g1');
          if (first.duplicate) throw new Error('unexpected duplicate');
          await published(() => seen, first.events[0]?.id as string);
          const list = (await admin.client('LIST')) as string;
          const line = list.split('\n').find((l) => l.includes(`name=${prefix}subscriber`));
          const id = /\bid=(\d+)/.exec(line ?? '')?.[1];
          expect(id).toBeDefined();
          await admin.client('KILL', 'ID', id as string);
          // written while the subscriber is down: pub/sub loses these
          const missed = [await recordStatus(s(), 'G2', 1, 'g2'), await recordStatus(s(), 'G3', 1, 'g3')];
          const expected = [first, ...missed].flatMap((r) => (r.duplicate ? [] : r.events.map((e) => e.id)));
          await published(() => seen, expected[expected.length - 1] as string);
          expect(seen).toEqual(expected);
          // Live delivery resumes once the catch-up is over: events recorded one after another, each
          // awaited, keep arriving (the catch-up's last pass can take at most the first of them; a
          // catch-up that never ended would hold the rest forever).
          for (let i = 4; i < 8; i++) {
            const later = await recordStatus(s(), `G${i}`, 1, `g${i}`);
            const id = later.duplicate ? null : later.events[0]?.id;
            if (!id) throw new Error('unexpected duplicate');
            expected.push(id);
            await published(() => seen, id);
          }
          expect(seen).toEqual(expected);
        } finally {
          unsubscribe();
          await admin.quit();
        }
      });

    it('keeps dedupe keys through a trim: a resend of a trimmed event still counts once', async (ctx) => {
      if (!store) return ctx.skip();
      expect((await recordStatus(s(), 'D-trim', 1, 'd-trim')).duplicate).toBe(false);
      for (let i = 0; i < 3; i++) await recordStatus(s(), `D-trim-${i}`, 1, `d-trim-${i}`);
      expect(await s().trim({ maxEvents: 1 })).toBeGreaterThan(0);
      // ESS retries for days; the log may be trimmed meanwhile, the dedupe keys stay 30 days.
      expect((await recordStatus(s(), 'D-trim', 1, 'd-trim')).duplicate).toBe(true);
    });

    it('reports a cursor older than the retained log as stale', async (ctx) => {
      if (!store) return ctx.skip();
      const before = await s().head();
      for (let i = 0; i < 30; i++) await recordStatus(s(), `T${i}`, 1, `t${i}`);
      const dropped = await s().trim({ maxEvents: 5 });
      expect(dropped).toBeGreaterThan(0);
      expect((await s().readEvents(before, 10)).stale).toBe(true);
      const headId = (await s().head()) as string;
      expect((await s().readEvents(headId, 10)).stale).toBe(false);
      expect((await s().readEvents('999999999999999-0', 10)).stale).toBe(true);
      // null means "from the oldest retained entry": the entries kept, not nothing (the relay and the
      // partner stream fall back to it when their cursor is stale).
      const oldest = await s().readEvents(null, 100);
      expect(oldest.stale).toBe(false);
      expect(oldest.events).toHaveLength(5);
      expect(oldest.events[4]?.id).toBe(headId);
    });

    it('reads snapshots with the head they reflect', async (ctx) => {
      if (!store) return ctx.skip();
      const read = await s().readSnapshots(['F1', 'missing'], []);
      expect(read.flows.get('F1')?.snapshot.flowStatus).toBe(4);
      expect(read.flows.has('missing')).toBe(false);
      expect(read.head).toBe(await s().head());
    });

    it('keeps owners, QR links, quiet open flows and idempotency keys', async (ctx) => {
      if (!store) return ctx.skip();
      await s().putOwner('flow', 'F9', 'ORG9');
      expect(await s().getOwner('flow', 'F9')).toBe('ORG9');
      expect(await s().getOwner('seal', 'F9')).toBeNull();
      const qr = {
        qrCodeId: 'Q1',
        qrCodeUrl: 'u',
        templateId: 'T',
        flowName: 'n',
        maxFlowNum: 2,
        flowCount: 0,
        flowIds: [],
        expiredTime: 0,
        state: 'active' as const,
        failure: null,
        updatedAt: new Date().toISOString(),
        organizationId: 'ORG',
        link: 'nonce-1',
      };
      await s().putQrCode(qr);
      expect((await s().findQrCodeByLink('nonce-1'))?.qrCodeId).toBe('Q1');
      await s().putQrCode({ ...qr, qrCodeId: 'Q2', link: null, expiredTime: 1000 });
      await s().putQrCode({ ...qr, qrCodeId: 'Q3', link: null, expiredTime: 1000, state: 'cancelled' });
      expect((await s().qrCodesExpiredBy(2000, 10)).map((q) => q.qrCodeId)).toEqual(['Q2']);
      expect(await s().qrCodesExpiredBy(999, 10)).toEqual([]);
      const quiet = await s().openFlowsQuietSince(Date.now() + 1000, 1000);
      expect(quiet.map((q) => q.flowId)).toContain('T0');
      expect(quiet.map((q) => q.flowId)).not.toContain('F1'); // terminal
      await s().touchFlow('T0', Date.now() + 5000);
      expect((await s().openFlowsQuietSince(Date.now() + 1000, 1000)).map((q) => q.flowId)).not.toContain(
        'T0',
      );
      const put = await s().putFlow({
        ...((await s().getFlow('F1')) as FlowRecord),
        snapshot: { ...((await s().getFlow('F1')) as FlowRecord).snapshot, flowStatus: 1 },
      });
      expect(put.snapshot.flowStatus).toBe(4);
      // A read from ESS (no owner, no log position) keeps what the store knows of both.
      const known = (await s().getFlow('F1')) as FlowRecord;
      const read = await s().putFlow({
        ...known,
        organizationId: null,
        snapshot: { ...known.snapshot, flowName: 'read from ESS', eventId: null },
      });
      expect(read.snapshot.flowName).toBe('read from ESS');
      expect(read.organizationId).toBe(known.organizationId);
      expect(read.snapshot.eventId).toBe(known.snapshot.eventId);
      expect((await s().getFlow('F1'))?.snapshot.eventId).toBe(known.snapshot.eventId);
      expect(await s().beginIdempotent('i1', 60)).toEqual({ state: 'new' });
      expect(await s().beginIdempotent('i1', 60)).toEqual({ state: 'in-progress' });
      await s().finishIdempotent('i1', 201, '{"ok":true}', 60, 'fp-1');
      expect(await s().beginIdempotent('i1', 60)).toEqual({
        state: 'done',
        status: 201,
        body: '{"ok":true}',
        fingerprint: 'fp-1',
      });
      await s().abandonIdempotent('i1');
      expect(await s().beginIdempotent('i1', 60)).toEqual({ state: 'new' });
    });

    it('removes personal data older than the retention; the entries stay, younger ones keep theirs', async (ctx) => {
      if (!store) return ctx.skip();
      const old = await recordStatus(s(), 'P-old', 1, 'p-old');
      const oldId = old.duplicate ? '' : (old.events[0]?.id as string);
      expect(eventHasPersonalData(await readOne(s(), oldId))).toBe(true);
      const cutoff = await afterNow();
      await afterNow();
      const young = await recordStatus(s(), 'P-young', 1, 'p-young');
      const youngId = young.duplicate ? '' : (young.events[0]?.id as string);

      expect(await s().forgetPersonalData(cutoff)).toBeGreaterThanOrEqual(1);
      const kept = await readOne(s(), oldId);
      // The entry is still there, resumable at the same id, with its status: only the personal data left.
      expect(kept).toMatchObject({ id: oldId, flowId: 'P-old', kind: 'flow', msgType: 'FlowStatusChange' });
      expect(kept.data).toMatchObject({ flowId: 'P-old', flowStatus: 1 });
      expect(eventHasPersonalData(kept)).toBe(false);
      expect(JSON.stringify(kept)).not.toContain('Signer');
      expect(kept.ess).toMatchObject({ flowId: 'P-old', flowStatus: 1, personalDataRemoved: true });
      expect(kept.ess?.data).toBeUndefined();
      const fresh = await readOne(s(), youngId);
      expect(fresh.ess?.data).toMatchObject({ FlowId: 'P-young', Approvers: [{ ApproverName: 'Signer' }] });
      // A second sweep has nothing left to do; replay from before the old entry still has both.
      expect(await s().forgetPersonalData(cutoff)).toBe(0);
      expect((await s().readEvents(null, 10_000)).events.map((e) => e.id)).toEqual(
        expect.arrayContaining([oldId, youngId]),
      );
    });

    it("erases one flow's personal data from its entries and its snapshot, idempotently", async (ctx) => {
      if (!store) return ctx.skip();
      await recordStatus(s(), 'E-1', 1, 'e-1');
      await recordStatus(s(), 'E-1', 2, 'e-2', 2);
      await recordStatus(s(), 'E-other', 1, 'e-3');
      // Snapshots name signers when read from ESS (DescribeFlowInfo → putFlow).
      for (const flowId of ['E-1', 'E-other'])
        await s().putFlow({
          snapshot: flowSnapshotFromDetail({
            FlowId: flowId,
            FlowStatus: 2,
            FlowApproverInfos: [
              { RecipientId: 'r1', ApproveType: 'PERSON', ApproveName: 'Signer', ApproveStatus: 2 },
            ],
          }),
          organizationId: 'org',
          occurredAt: 0,
          touchedAt: Date.now(),
        });
      expect((await s().getFlow('E-1'))?.snapshot.approvers[0]?.approverName).toBe('Signer');
      await s().getFlowSnapshotJson('E-1'); // warms SQLite's snapshot cache: erasing must not leave it stale

      expect(await s().erasePersonalData('E-1')).toEqual({ events: 2, flows: 1 });
      const all = (await s().readEvents(null, 10_000)).events;
      const erased = all.filter((e) => e.flowId === 'E-1');
      expect(erased.map((e) => (e.data as { flowStatus?: number } | null)?.flowStatus)).toEqual([1, 2]);
      expect(erased.some(eventHasPersonalData)).toBe(false);
      expect(all.filter((e) => e.flowId === 'E-other').every(eventHasPersonalData)).toBe(true);
      const flow = await s().getFlow('E-1');
      expect(flow?.snapshot).toMatchObject({ flowId: 'E-1', flowStatus: 2 });
      expect(flow?.snapshot.approvers[0]).toMatchObject({ approverName: null, approveStatus: 2 });
      expect(JSON.parse((await s().getFlowSnapshotJson('E-1')) ?? 'null')).toEqual(flow?.snapshot);
      expect((await s().getFlow('E-other'))?.snapshot.approvers[0]?.approverName).toBe('Signer');

      expect(await s().erasePersonalData('E-1')).toEqual({ events: 0, flows: 0 });
      expect(await s().erasePersonalData('E-never-seen')).toEqual({ events: 0, flows: 0 });
    });
  });
}

/** The event `id` as a replay reads it. */
async function readOne(store: Store, id: string): Promise<StoredEvent> {
  const found = (await store.readEvents(null, 10_000)).events.find((e) => e.id === id);
  if (!found) throw new Error(`event ${id} is not in the log`);
  return found;
}

/** A time strictly after everything recorded so far (unix ms), by both the BFF's and Redis's clock. */
async function afterNow(): Promise<number> {
  const start = Date.now();
  await expect.poll(() => Date.now(), { interval: 5 }).toBeGreaterThan(start + 2);
  return Date.now();
}

describe('SQLite file from before idempotency fingerprints', () => {
  it('gains the fingerprint column on open and keeps its stored answers', async () => {
    const path = join(dir, 'old-idempotency.sqlite');
    const { default: Database } = await import('better-sqlite3');
    const old = new Database(path);
    old.exec(
      'CREATE TABLE idempotency (key TEXT PRIMARY KEY, status INTEGER, body TEXT, expires_at INTEGER NOT NULL)',
    );
    old
      .prepare('INSERT INTO idempotency VALUES (?, ?, ?, ?)')
      .run('old', 201, '{"FlowId":"F"}', Date.now() + 60_000);
    old.close();
    const store = await openStore({ store: { url: path } });
    try {
      // An answer stored without a fingerprint is replayed as before (nothing to compare it with).
      expect(await store.beginIdempotent('old', 60)).toEqual({
        state: 'done',
        status: 201,
        body: '{"FlowId":"F"}',
        fingerprint: null,
      });
      expect(await store.beginIdempotent('new', 60)).toEqual({ state: 'new' });
      await store.finishIdempotent('new', 200, '{}', 60, 'fp');
      expect(await store.beginIdempotent('new', 60)).toMatchObject({ state: 'done', fingerprint: 'fp' });
    } finally {
      await store.close();
    }
  });
});
