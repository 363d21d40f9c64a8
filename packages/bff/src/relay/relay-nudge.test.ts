// The relay reacts to the store's live subscription and to `nudge()`, not only to its poll: with a
// poll of a minute, a new event and a redelivery still go out at once. Real SQLite stores and event
// log; the transport is the injected `fetch`, answering 200 and counting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flowCallback } from '../../test/support/backends.js';
import { waitFor } from '../../test/support/wait-for.js';
import { ingestEvent } from '../ingest/intake.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { relayConfigSchema } from './config.js';
import { startRelay } from './relay.js';
import { openSqliteRelayStore } from './store-sqlite.js';
import type { RelayStore } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-nudge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes one event of a new flow; returns its log id. */
async function write(store: Store, flowId: string): Promise<string> {
  const result = await ingestEvent(store, flowCallback({ flowId, status: 1, occurTime: 1_700_400_000 }));
  if (result.duplicate) throw new Error('expected a new log entry');
  return (result.events[0] as { id: string }).id;
}

describe('relay wake-ups', () => {
  it('delivers a new event and a redelivery at once although the poll is a minute away', async () => {
    const store = await openStore({ store: { url: join(dir, 'log.sqlite') } });
    const relayStore = openSqliteRelayStore(join(dir, 'relay.sqlite'), 3_600_000);
    const attempts: string[] = [];
    const relay = startRelay({
      config: relayConfigSchema.parse({
        targets: [
          { name: 'partner', url: 'http://127.0.0.1:9/hook', secret: 'relay-nudge-secret-0123456789' },
        ],
        pollMs: 60_000,
        retry: { attempts: 1, baseMs: 20, maxMs: 40 },
      }),
      store,
      relayStore,
      logger: createLogger({ level: 'warn', sink: () => undefined }),
      scope: { mainOrganizationId: null, groupMemberIds: new Set() },
      fetch: async (_input, init) => {
        attempts.push(String(new Headers(init?.headers).get('x-ess-kit-event-id')));
        return new Response(null, { status: 200 });
      },
    });
    try {
      await waitFor(async () => (await relayStore.cursor('partner')) !== null, 'the first cursor');
      const eventId = await write(store, 'yDrelayNudge0000000000000000001');
      await waitFor(async () => (await relayStore.counts()).delivered === 1, 'the new event delivered');
      expect(attempts).toEqual([eventId]);

      const delivered = (await relayStore.list({ state: 'delivered', limit: 5 })).deliveries[0];
      await relayStore.redeliver(delivered?.id as string, Date.now());
      relay.nudge();
      await waitFor(() => attempts.length === 2, 'the redelivery');
      expect(attempts).toEqual([eventId, eventId]);
    } finally {
      await relay.close();
      await relayStore.close();
      await store.close();
    }
  });

  it('an event written during a pass is delivered by the next pass at once, not at the next poll', async () => {
    const store = await openStore({ store: { url: join(dir, 'log-2.sqlite') } });
    const sqlite = openSqliteRelayStore(join(dir, 'relay-2.sqlite'), 3_600_000);
    let hold: Promise<void> | null = null;
    let held = false;
    // Holds a pass after its scan (while the test writes an event), so the nudge arrives mid-pass
    // and only a further pass can see the event.
    const relayStore: RelayStore = new Proxy(sqlite, {
      get(t, key, receiver) {
        if (key === 'due')
          return async (...args: Parameters<RelayStore['due']>) => {
            if (hold) {
              held = true;
              await hold;
            }
            return t.due(...args);
          };
        return Reflect.get(t, key, receiver);
      },
    });
    const attempts: string[] = [];
    const relay = startRelay({
      config: relayConfigSchema.parse({
        targets: [
          { name: 'partner', url: 'http://127.0.0.1:9/hook', secret: 'relay-nudge-secret-0123456789' },
        ],
        pollMs: 60_000,
      }),
      store,
      relayStore,
      logger: createLogger({ level: 'warn', sink: () => undefined }),
      scope: { mainOrganizationId: null, groupMemberIds: new Set() },
      fetch: async (_input, init) => {
        attempts.push(String(new Headers(init?.headers).get('x-ess-kit-event-id')));
        return new Response(null, { status: 200 });
      },
    });
    try {
      await waitFor(async () => (await sqlite.cursor('partner')) !== null, 'the first cursor');
      let release: () => void = () => undefined;
      hold = new Promise<void>((r) => {
        release = r;
      });
      relay.nudge();
      await waitFor(() => held, 'a pass in progress');
      const written = await write(store, 'yDrelayNudge0000000000000000002');
      hold = null;
      release();
      await waitFor(() => attempts.length === 1, 'the event written mid-pass delivered');
      expect(attempts).toEqual([written]);
    } finally {
      await relay.close();
      await sqlite.close();
      await store.close();
    }
  });
});
