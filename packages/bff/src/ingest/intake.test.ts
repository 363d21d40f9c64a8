// Intake on the real stores (SQLite and Redis): a flow's status follows the ESS lifecycle, not the
// numeric order of the status values, and a resend under a new MsgId is recorded once.
import { FLOW_STATUS } from '@ess-kit/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, flowCallback, withStore } from '../../test/support/backends.js';
import type { StoredEvent } from '../store/types.js';
import { ingestEvent } from './intake.js';

/**
 * The lifecycle as ESS documents it (ess-api.md §6.1, the guide's callback FAQ), written out here
 * as the oracle: not started → fill-in → waiting → partially signed → ended → released. A status
 * applies when it moves forwards; an ended flow only moves on to released (21).
 */
const STAGES: number[][] = [[0, 7], [8], [9], [1], [2], [3, 4, 5, 6, 10, 16], [21]];
const ENDED = new Set([3, 4, 5, 6, 10, 16, 21]);
const stage = (status: number) => STAGES.findIndex((s) => s.includes(status));
const lifecycleApplies = (from: number, to: number) =>
  from === to || (ENDED.has(from) ? to === 21 : stage(to) > stage(from));

const STATUSES = Object.keys(FLOW_STATUS).map(Number);
const PAIRS = STATUSES.flatMap((from) =>
  STATUSES.filter((to) => to !== from).map((to) => [from, to] as const),
);
/** The pairs a numeric comparison gets wrong: the ones that prove the lifecycle order is used. */
const DISAGREEING = PAIRS.filter(([from, to]) => lifecycleApplies(from, to) !== to > from);

const all = backends('intake');
afterAll(async () => {
  for (const backend of all) await backend.cleanup();
});

describe('the lifecycle oracle', () => {
  it('covers every known status and the pairs named in issue 15', () => {
    expect(STAGES.flat().sort((a, b) => a - b)).toEqual(STATUSES.sort((a, b) => a - b));
    const names = DISAGREEING.map(([from, to]) => `${from}→${to}`);
    for (const pair of ['8→1', '9→1', '3→4', '5→6', '1→8', '10→16']) expect(names).toContain(pair);
    expect(lifecycleApplies(4, 21)).toBe(true);
    expect(DISAGREEING.length).toBeGreaterThan(40);
  });
});

for (const backend of all) {
  describe(`intake on ${backend.name}`, () => {
    it('moves a flow by lifecycle rank for every pair of statuses (incl. 8→1, 3→4, 5→6, 4→21)', (ctx) =>
      withStore(backend, ctx, async (store) => {
        const wrong: string[] = [];
        await Promise.all(
          PAIRS.map(async ([from, to]) => {
            const flowId = `yDpair${from}to${to}`;
            await ingestEvent(store, flowCallback({ flowId, status: from, occurTime: 1_700_000_000 }));
            const second = await ingestEvent(
              store,
              flowCallback({ flowId, status: to, occurTime: 1_700_000_100 }),
            );
            const expected = lifecycleApplies(from, to) ? to : from;
            const stored = (await store.getFlow(flowId))?.snapshot.flowStatus;
            // A status that does not apply is still logged (partners get it) but never reaches browsers.
            const logged = second.duplicate ? null : second.events.find((e) => e.kind === 'flow');
            const announced = logged?.data ? (logged.data as { flowStatus: number }).flowStatus : null;
            if (stored !== expected || announced !== (expected === to ? to : null))
              wrong.push(`${from}→${to}: stored ${stored}, announced ${announced}, expected ${expected}`);
          }),
        );
        expect(wrong).toEqual([]);
      }));

    it('keeps a reconciled read (putFlow) from moving a flow backwards by lifecycle rank', (ctx) =>
      withStore(backend, ctx, async (store) => {
        const wrong: string[] = [];
        for (const [from, to] of DISAGREEING) {
          const flowId = `yDput${from}to${to}`;
          await ingestEvent(store, flowCallback({ flowId, status: from, occurTime: 1_700_000_000 }));
          const current = await store.getFlow(flowId);
          if (!current) throw new Error(`no record for ${flowId}`);
          const put = await store.putFlow({ ...current, snapshot: { ...current.snapshot, flowStatus: to } });
          const expected = lifecycleApplies(from, to) ? to : from;
          if (
            put.snapshot.flowStatus !== expected ||
            (await store.getFlow(flowId))?.snapshot.flowStatus !== expected
          )
            wrong.push(`${from}→${to}: got ${put.snapshot.flowStatus}, expected ${expected}`);
        }
        expect(wrong).toEqual([]);
      }));

    it('records a resend with a new MsgId but the same flow, operation, signer and time once', (ctx) =>
      withStore(backend, ctx, async (store) => {
        const published: StoredEvent[] = [];
        const unsubscribe = store.subscribe((e) => published.push(e));
        try {
          const flowId = 'yDresendFlow000000000000000001';
          const first = { flowId, status: 2, occurTime: 1_700_000_500, msgId: 'yDmsgFirst' };
          expect((await ingestEvent(store, flowCallback(first))).duplicate).toBe(false);
          expect((await ingestEvent(store, flowCallback({ ...first, msgId: 'yDmsgResent' }))).duplicate).toBe(
            true,
          );
          // Each of flow, operation, signer, status and time makes it another change.
          const others = [
            { ...first, msgId: 'yDmsgLater', occurTime: 1_700_000_501 },
            { ...first, msgId: 'yDmsgOther', operate: 'refuse', status: 3 },
            { ...first, msgId: 'yDmsgSigner', recipientId: 'yDrecipient0000000000000000000002' },
            { ...first, msgId: 'yDmsgFlow', flowId: 'yDresendFlow000000000000000002' },
          ];
          for (const other of others)
            expect((await ingestEvent(store, flowCallback(other))).duplicate, other.msgId).toBe(false);
          // A later marker: once it is published, everything recorded before it has been published too.
          const marker = await ingestEvent(
            store,
            flowCallback({ flowId: 'yDmarker', status: 1, occurTime: 1 }),
          );
          const markerId = marker.duplicate ? '' : (marker.events[0]?.id ?? '');
          await expect.poll(() => published.some((e) => e.id === markerId)).toBe(true);
          const logged = (await store.readEvents(null, 100)).events.filter((e) =>
            e.flowId?.startsWith('yDresend'),
          );
          expect(logged).toHaveLength(1 + others.length);
          expect(published.filter((e) => e.flowId?.startsWith('yDresend'))).toHaveLength(1 + others.length);
          expect(logged.filter((e) => (e.ess as { msgId?: string }).msgId === 'yDmsgResent')).toEqual([]);
        } finally {
          unsubscribe();
        }
      }));
  });
}
