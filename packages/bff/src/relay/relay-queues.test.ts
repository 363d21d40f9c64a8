// Which queued deliveries the relay sends, and what it logs when its own bookkeeping fails (issue 15):
// a target's filters decide what is queued for it; a delivery queued for a target no longer in the
// config waits untouched while the others go out, even behind many of its partitions; a store call
// that fails is logged with what an operator needs. Real SQLite stores and event log (the relay
// store is wrapped only to make one call fail); the transport is the injected `fetch`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { flowCallback } from '../../test/support/backends.js';
import { waitFor } from '../../test/support/wait-for.js';
import { ingestEvent } from '../ingest/intake.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/index.js';
import type { Store, StoredEvent } from '../store/types.js';
import { relayConfigSchema } from './config.js';
import { partitionOf } from './payload.js';
import { type Relay, startRelay } from './relay.js';
import { openSqliteRelayStore } from './store-sqlite.js';
import type { RelayStore } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-queues-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const MEMBER = 'yDqueuesMember';
const OTHER = 'yDqueuesOther';
let n = 0;
let clock = 1_700_700_000;

async function write(store: Store, organizationId?: string): Promise<StoredEvent> {
  const flowId = `yDrelayQueues${++n}`.padEnd(32, '0');
  const result = await ingestEvent(
    store,
    flowCallback({ flowId, status: 1, occurTime: ++clock, organizationId }),
  );
  if (result.duplicate) throw new Error('expected a new log entry');
  return result.events[0] as StoredEvent;
}

interface Line {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** Stores and a relay; `failing` makes the named relay-store call reject once with `message`. */
async function setup(
  target: Record<string, unknown>,
  options: { concurrency?: number; failing?: { call: keyof RelayStore; message: string } } = {},
) {
  n++;
  const store = await openStore({ store: { url: join(dir, `log-${n}.sqlite`) } });
  const sqlite = openSqliteRelayStore(join(dir, `relay-${n}.sqlite`), 3_600_000);
  let failOnce = options.failing;
  const relayStore: RelayStore = new Proxy(sqlite, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver);
      if (failOnce && key === failOnce.call)
        return async () => {
          const message = (failOnce as { message: string }).message;
          failOnce = undefined;
          throw new Error(message);
        };
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
  const lines: Line[] = [];
  const sent: string[] = [];
  cleanups.push(
    () => store.close(),
    () => sqlite.close(),
  );
  return {
    store,
    sqlite,
    lines,
    sent,
    start(): Relay {
      const relay = startRelay({
        config: relayConfigSchema.parse({
          targets: [
            {
              name: 'partner',
              url: 'http://127.0.0.1:9/hook',
              secret: 'relay-queues-secret-0123456789',
              ...target,
            },
          ],
          concurrency: options.concurrency ?? 4,
          pollMs: 20,
          retry: { attempts: 3, baseMs: 20, maxMs: 40 },
        }),
        store,
        relayStore,
        logger: createLogger({ level: 'info', sink: (line) => lines.push(JSON.parse(line) as Line) }),
        scope: { mainOrganizationId: null, groupMemberIds: new Set([MEMBER, OTHER]) },
        fetch: async (_input, init) => {
          sent.push(String(new Headers(init?.headers).get('x-ess-kit-event-id')));
          return new Response(null, { status: 200 });
        },
      });
      cleanups.push(() => relay.close());
      return relay;
    },
  };
}

describe('relay queues', () => {
  it('queues for a target only the events its filters match, and logs nothing about a delivered one', async () => {
    const s = await setup({ organizationIds: [MEMBER] });
    const relay = s.start();
    await waitFor(async () => (await s.sqlite.cursor('partner')) !== null, 'the first cursor');
    const other = await write(s.store, OTHER);
    const wanted = await write(s.store, MEMBER);
    await waitFor(() => s.sent.includes(wanted.id), 'the matching event sent');
    await relay.close(); // waits for the attempt's bookkeeping (and its log lines)
    expect(s.sent).toEqual([wanted.id]);
    const queued = (await s.sqlite.list({ limit: 10 })).deliveries.map((d) => d.eventId);
    expect(queued).toEqual([wanted.id]);
    expect(queued).not.toContain(other.id);
    expect(s.lines.filter((l) => l.level !== 'debug')).toEqual([]);
  });

  it('leaves the queue of a target removed from the config alone and delivers past 32 of its partitions', async () => {
    // With concurrency 10 the relay reads max(32, 10 × 4) = 40 due heads per pass.
    const s = await setup({}, { concurrency: 10 });
    const history: StoredEvent[] = [];
    for (let i = 0; i < 32; i++) history.push(await write(s.store));
    await s.sqlite.enqueue(
      'removed',
      history.map((event) => ({ event, partition: partitionOf(event) })),
      (history[history.length - 1] as StoredEvent).id,
    );
    s.start();
    await waitFor(async () => (await s.sqlite.cursor('partner')) !== null, 'the first cursor');
    const live = await write(s.store);
    await waitFor(async () => (await s.sqlite.counts()).delivered === 1, 'the configured target served');
    expect(s.sent).toEqual([live.id]);
    const removed = (await s.sqlite.list({ target: 'removed', limit: 50 })).deliveries;
    expect(removed).toHaveLength(32);
    expect(removed.every((d) => d.state === 'pending' && d.attempts === 0)).toBe(true);
    expect(s.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });

  it('logs a failed bookkeeping write with the delivery and the error', async () => {
    const s = await setup({}, { failing: { call: 'complete', message: 'disk I/O error (test)' } });
    s.start();
    await waitFor(async () => (await s.sqlite.cursor('partner')) !== null, 'the first cursor');
    await write(s.store);
    await waitFor(() => s.lines.some((l) => l.level === 'error'), 'the error logged');
    const claimed = (await s.sqlite.list({ limit: 5 })).deliveries[0];
    expect(s.lines.filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({
        msg: 'relay delivery bookkeeping failed',
        deliveryId: claimed?.id,
        error: 'disk I/O error (test)',
      }),
    ]);
  });

  it('logs a failed pass with its error and delivers on the next one', async () => {
    const s = await setup({}, { failing: { call: 'due', message: 'store unavailable (test)' } });
    s.start();
    await waitFor(async () => (await s.sqlite.cursor('partner')) !== null, 'the first cursor');
    const event = await write(s.store);
    await waitFor(() => s.sent.includes(event.id), 'delivered by a later pass');
    expect(s.lines.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({ msg: 'relay pass failed; retrying', error: 'store unavailable (test)' }),
    ]);
  });
});
