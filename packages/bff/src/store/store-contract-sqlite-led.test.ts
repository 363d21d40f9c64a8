// More of the Store contract both backends share (real SQLite temp file, real Redis under a unique
// prefix; see store.test.ts): dedupe keys, what a planner sees, replay reads and snapshot reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.js';
import type { NewEvent, QrRecord, Store } from './types.js';

const qrRecord = (qrCodeId: string): QrRecord => ({
  qrCodeId,
  qrCodeUrl: `https://ess.example/qr/${qrCodeId}`,
  templateId: 'T1',
  flowName: '报名表',
  maxFlowNum: 5,
  flowCount: 1,
  flowIds: ['FQ1'],
  expiredTime: 0,
  state: 'active',
  failure: null,
  updatedAt: '2026-12-05T00:00:00.000Z',
  organizationId: 'ORG',
  link: null,
});

const essEntry = (n: number, over: Partial<NewEvent> = {}): NewEvent => ({
  kind: 'ess',
  organizationId: 'ORG',
  flowId: `F${n}`,
  family: 'flow',
  msgType: 'FlowStatusChange',
  data: null,
  ess: null,
  ...over,
});

/** Appends entries in one record call without dedupe keys. */
async function append(
  store: Store,
  events: NewEvent[],
  dedupe: { dedupeKey?: string | null; dedupeKeys?: string[] } = {},
) {
  const result = await store.record({ ...dedupe, plan: () => ({ events }) });
  if (result.duplicate) throw new Error('unexpected duplicate');
  return result.events;
}

/** A log position after the head, in the backend's own id shape. */
function pastHead(head: string): string {
  const [first, seq] = head.split('-');
  return seq === undefined ? String(Number(first) + 1000) : `${BigInt(first as string) + 1000n}-0`;
}

for (const backend of backends('store-contract-sqlite-led')) {
  describe(`Store contract (more): ${backend.name}`, () => {
    let store: Store | null = null;
    beforeAll(async () => {
      store = await backend.open();
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });
    const s = () => {
      if (!store) throw new Error('unreachable');
      return store;
    };

    it('never takes a delivery without dedupe keys, or with empty ones, for a duplicate', async (ctx) => {
      if (!store) return ctx.skip();
      for (const dedupe of [
        {},
        {},
        { dedupeKey: null },
        { dedupeKey: '' },
        { dedupeKey: '', dedupeKeys: [''] },
      ])
        expect((await s().record({ ...dedupe, plan: () => ({ events: [essEntry(1)] }) })).duplicate).toBe(
          false,
        );
      // A real key still dedupes, also when named only among the extra keys.
      expect(
        (await s().record({ dedupeKey: 'k-a', plan: () => ({ events: [essEntry(1)] }) })).duplicate,
      ).toBe(false);
      expect((await s().record({ dedupeKeys: ['', 'k-a'], plan: () => ({ events: [] }) })).duplicate).toBe(
        true,
      );
    });

    it('shows a planner exactly the flow and QR records it asked for', async (ctx) => {
      if (!store) return ctx.skip();
      await s().putQrCode(qrRecord('QP1'));
      const seen: { flows: [string, unknown][]; qrCodes: [string, string | null][] }[] = [];
      const planFor = (input: { flowIds?: string[]; qrCodeIds?: string[] }) =>
        s().record({
          ...input,
          plan: (state) => {
            seen.push({
              flows: [...state.flows.entries()],
              qrCodes: [...state.qrCodes.entries()].map(([id, r]) => [id, r?.qrCodeUrl ?? null]),
            });
            return { events: [] };
          },
        });
      await planFor({});
      await planFor({ qrCodeIds: ['QP1', 'QP-unknown'] });
      await planFor({ flowIds: ['FP-unknown'] });
      expect(seen).toEqual([
        { flows: [], qrCodes: [] },
        {
          flows: [],
          qrCodes: [
            ['QP1', 'https://ess.example/qr/QP1'],
            ['QP-unknown', null],
          ],
        },
        { flows: [['FP-unknown', null]], qrCodes: [] },
      ]);
    });

    it('replays an entry with its flow and QR ids, in pages that say whether more follow', async (ctx) => {
      if (!store) return ctx.skip();
      const [qrEntry, flowEntry, last] = await append(s(), [
        essEntry(0, { kind: 'qr', flowId: null, qrCodeId: 'QR-7', family: 'qr', msgType: 'QrCodeChange' }),
        essEntry(8),
        essEntry(9),
      ]);
      const ids = [qrEntry?.id, flowEntry?.id, last?.id] as string[];
      const from = await entryBefore(s(), ids[0] as string);
      const all = await s().readEvents(from, 3);
      expect(all).toMatchObject({ stale: false, more: false });
      expect(all.events.map((e) => e.id)).toEqual(ids);
      expect(all.events[0]).toMatchObject({ kind: 'qr', qrCodeId: 'QR-7', flowId: null });
      const short = await s().readEvents(from, 2);
      expect(short.events.map((e) => e.id)).toEqual(ids.slice(0, 2));
      expect(short.more).toBe(true);
      const one = (await s().readEvents(ids[1] as string, 5)).events;
      expect(one.map((e) => e.id)).toEqual([ids[2]]);
      expect(one[0]?.flowId).toBe('F9');
      expect(one[0]?.qrCodeId ?? null).toBeNull(); // SQLite says null, Redis leaves it out
    });

    it('reports a cursor past the head as stale (a store that lost entries, or another store)', async (ctx) => {
      if (!store) return ctx.skip();
      const [entry] = await append(s(), [essEntry(3)]);
      expect(await s().readEvents(pastHead(entry?.id as string), 10)).toEqual({
        events: [],
        stale: true,
        more: false,
      });
    });

    it('reads the QR codes it holds with the snapshots, and leaves out unknown ones', async (ctx) => {
      if (!store) return ctx.skip();
      await s().putQrCode(qrRecord('QS1'));
      await s().putQrCode(qrRecord('QS2'));
      const read = await s().readSnapshots([], ['QS2', 'QS-unknown', 'QS1']);
      expect([...read.qrCodes.keys()].sort()).toEqual(['QS1', 'QS2']);
      expect(read.qrCodes.get('QS1')).toEqual(qrRecord('QS1'));
      expect(read.flows.size).toBe(0);
    });
  });
}

/** The id of the entry just before `id` (the cursor that replays `id` first). */
async function entryBefore(store: Store, id: string): Promise<string | null> {
  let cursor: string | null = null;
  for (;;) {
    const { events } = await store.readEvents(cursor, 1000);
    const at = events.findIndex((e) => e.id === id);
    if (at === 0) return cursor;
    if (at > 0) return events[at - 1]?.id ?? null;
    if (events.length === 0) throw new Error(`entry ${id} not in the log`);
    cursor = events[events.length - 1]?.id ?? null;
  }
}
