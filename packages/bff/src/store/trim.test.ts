// The trim bounds of the event log on both backends, each test on a fresh store: the age bound is in
// seconds, a log under its count bound loses nothing by count, and the larger of the two bounds wins.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { backends, flowCallback } from '../../test/support/backends.js';
import { ingestEvent } from '../ingest/intake.js';
import type { Store } from './types.js';

let clock = 1_700_950_000;
const record = async (store: Store, flowId: string) => {
  const result = await ingestEvent(store, flowCallback({ flowId, status: 1, occurTime: ++clock }));
  if (result.duplicate) throw new Error('unexpected duplicate');
  return result.events[0]?.id as string;
};
/** Resolves once at least `ms` have passed since `since` (a condition on the clock, not a sleep). */
const passed = (since: number, ms: number) =>
  expect.poll(() => Date.now() - since, { interval: 5 }).toBeGreaterThanOrEqual(ms);

const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});
const all = backends('trim bounds');
afterAll(async () => {
  for (const backend of all) await backend.cleanup();
});

for (const backend of all) {
  describe(`trim bounds: ${backend.name}`, () => {
    const open = async (ctx: { skip: () => void }) => {
      const store = await backend.open();
      if (!store) {
        ctx.skip();
        throw new Error('unreachable');
      }
      opened.push(store);
      return store;
    };

    it('keeps what is younger than maxAgeSeconds (seconds, not milliseconds) and under maxEvents', async (ctx) => {
      const store = await open(ctx);
      const started = Date.now();
      const ids = [await record(store, 'yDtrimAge1'), await record(store, 'yDtrimAge2')];
      await passed(started, 100);
      // 100 ms old, under a one-minute bound and far under the count bound: nothing goes.
      expect(await store.trim({ maxAgeSeconds: 60, maxEvents: 1000 })).toBe(0);
      expect((await store.readEvents(null, 10)).events.map((e) => e.id)).toEqual(ids);
    });

    it('drops by age when the age bound is the larger one, by count when that is', async (ctx) => {
      const store = await open(ctx);
      const started = Date.now();
      await record(store, 'yDtrimBoth1');
      await record(store, 'yDtrimBoth2');
      await passed(started, 100);
      const newest = await record(store, 'yDtrimBoth3');
      // A 50 ms age bound takes the two older entries although the count bound would keep them all.
      expect(await store.trim({ maxAgeSeconds: 0.05, maxEvents: 1000 })).toBe(2);
      expect((await store.readEvents(null, 10)).events.map((e) => e.id)).toEqual([newest]);
      // And a count bound of 1 under a long age bound keeps only the newest.
      await record(store, 'yDtrimBoth4');
      expect(await store.trim({ maxAgeSeconds: 3600, maxEvents: 1 })).toBe(1);
      expect((await store.readEvents(null, 10)).events).toHaveLength(1);
    });
  });
}
