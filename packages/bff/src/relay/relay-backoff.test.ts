// A failed attempt is scheduled again `backoffMs` after it, on the relay's injected clock and jitter,
// and the retry is logged with the attempt that failed. Real SQLite stores and event log; the
// transport is the injected `fetch` answering 503.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flowCallback } from '../../test/support/backends.js';
import { waitFor } from '../../test/support/wait-for.js';
import { ingestEvent } from '../ingest/intake.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/index.js';
import { relayConfigSchema } from './config.js';
import { startRelay } from './relay.js';
import { openSqliteRelayStore } from './store-sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-backoff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('relay retry schedule', () => {
  it('schedules the next attempt backoffMs after the failed one, with the injected jitter', async () => {
    const store = await openStore({ store: { url: join(dir, 'log.sqlite') } });
    const relayStore = openSqliteRelayStore(join(dir, 'relay.sqlite'), 3_600_000);
    const lines: string[] = [];
    // An hour ahead of the wall clock, so the delivery the store queues (at wall-clock time) is due.
    const T = Date.now() + 3_600_000;
    const relay = startRelay({
      config: relayConfigSchema.parse({
        targets: [
          { name: 'partner', url: 'http://127.0.0.1:9/hook', secret: 'relay-backoff-secret-0123456789' },
        ],
        pollMs: 20,
        retry: { attempts: 5, baseMs: 60_000, maxMs: 600_000 },
      }),
      store,
      relayStore,
      logger: createLogger({ level: 'info', sink: (line) => lines.push(line) }),
      scope: { mainOrganizationId: null, groupMemberIds: new Set() },
      // The clock stands still, so the retry a minute away never comes due during the test.
      now: () => T,
      random: () => 0,
      fetch: async () => new Response('busy', { status: 503 }),
    });
    try {
      await waitFor(async () => (await relayStore.cursor('partner')) !== null, 'the first cursor');
      const result = await ingestEvent(
        store,
        flowCallback({ flowId: 'yDrelayBackoff000000000000000001', status: 1, occurTime: 1_700_500_000 }),
      );
      if (result.duplicate) throw new Error('expected a new log entry');
      await waitFor(
        async () => (await relayStore.list({ state: 'pending', limit: 5 })).deliveries[0]?.attempts === 1,
        'the first attempt recorded',
      );
      const pending = (await relayStore.list({ state: 'pending', limit: 5 })).deliveries[0];
      // Attempt 1 failed: min(maxMs, 60 s × 2^0), jittered by random() = 0 to half of it.
      expect(pending).toMatchObject({
        attempts: 1,
        lastStatus: 503,
        lastError: 'answered HTTP 503',
        nextAt: T + 30_000,
      });
      const retried = lines
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'relay delivery will be retried');
      expect(retried).toEqual([
        expect.objectContaining({
          target: 'partner',
          deliveryId: pending?.id,
          attempt: 1,
          error: 'answered HTTP 503',
        }),
      ]);
    } finally {
      await relay.close();
      await relayStore.close();
      await store.close();
    }
  });
});
