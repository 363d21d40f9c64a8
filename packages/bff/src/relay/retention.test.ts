// The personal-data retention sweep over real stores (SQLite file and Redis, each with its relay
// store): after `maxAgeSeconds` an event's personal data is gone from the log and from the relay's
// copies while the event stays; younger events keep theirs.
import { afterAll, describe, expect, it } from 'vitest';
import { backends, flowCallback } from '../../test/support/backends.js';
import { ingestEvent } from '../ingest/intake.js';
import { createLogger } from '../logger.js';
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
        backend.name === 'sqlite'
          ? openSqliteRelayStore(where.url, 60_000)
          : await openRedisRelayStore({
              url: where.url,
              prefix: where.prefix as string,
              seenTtlSeconds: 3600,
              keepDeliveredSeconds: 3600,
              personalDataSeconds: 30 * DAY,
            });
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
