// SQLite-only RelayStore behaviour (real temp file): delivered records are pruned by `due`, at most
// once a minute, once older than keepDeliveredMs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { LiveEventData, StoredEvent } from '../store/types.js';
import { openRelayStore } from './index.js';
import { openSqliteRelayStore } from './store-sqlite.js';
import type { Delivery } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event = (id: string): StoredEvent => ({
  id,
  at: 1_700_000_000_000,
  kind: 'flow',
  organizationId: 'ORG',
  flowId: `F${id}`,
  family: 'flow',
  msgType: 'FlowStatusChange',
  data: { v: 1, type: 'flow', flowId: `F${id}`, flowStatus: 1 } as LiveEventData,
});

describe('SQLite relay store', () => {
  it('prunes delivered records older than keepDeliveredMs, at most once a minute', async () => {
    const store = openSqliteRelayStore(join(dir, 'prune.sqlite'), 1000);
    try {
      await store.enqueue(
        'a',
        ['1', '2'].map((id) => ({ event: event(id), partition: `flow:F${id}` })),
        '2',
      );
      const t = Date.now();
      const [one, two] = (await store.due(t, 10)) as [Delivery, Delivery]; // prunes (nothing yet)
      expect(await store.claim(one, 30_000)).toBe(true);
      expect(await store.claim(two, 30_000)).toBe(true);
      await store.complete(one, { state: 'delivered', status: 204, at: t });
      await store.complete(two, { state: 'delivered', status: 204, at: t + 60_000 });
      const delivered = async () => (await store.list({ state: 'delivered', limit: 10 })).deliveries;

      await store.due(t + 60_000, 10); // a minute since the last prune, not more: none
      expect((await delivered()).map((d) => d.eventId)).toEqual(['1', '2']);
      await store.due(t + 60_001, 10); // prunes those delivered before t + 59_001
      expect((await delivered()).map((d) => d.eventId)).toEqual(['2']);
      expect(await store.counts()).toEqual({ pending: 0, delivered: 1, failed: 0 });
    } finally {
      await store.close();
    }
  });

  it('openRelayStore keeps delivered records for relay.keepDeliveredSeconds, counted in seconds', async () => {
    const config = loadConfig(
      { ESS_ENV: 'emulator', STORE_URL: join(dir, 'log-keep.sqlite'), LOG_LEVEL: 'error' },
      { relay: { keepDeliveredSeconds: 3600 } },
    );
    const store = await openRelayStore({ config });
    try {
      expect(store.kind).toBe('sqlite');
      await store.enqueue('a', [{ event: event('1'), partition: 'flow:F1' }], '1');
      const t = Date.now();
      const [one] = (await store.due(t, 10)) as [Delivery];
      expect(await store.claim(one, 30_000)).toBe(true);
      await store.complete(one, { state: 'delivered', status: 204, at: t });
      const delivered = async () => (await store.list({ state: 'delivered', limit: 10 })).deliveries;
      await store.due(t + 60_001, 10); // a prune a minute later: an hour has not passed
      expect((await delivered()).map((d) => d.eventId)).toEqual(['1']);
      await store.due(t + 3_600_000 + 120_002, 10); // past the hour: pruned
      expect(await delivered()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
