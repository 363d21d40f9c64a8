// How many attempts the relay keeps in flight (issue 15): the per-process `concurrency`, and with
// several targets at most half of it per target, so a target that hangs cannot take every slot.
// The relay, its SQLite stores and the event log are real; the transport is the injected `fetch`,
// which holds each request until the test releases it. Absence of an extra request is proven after
// several further relay passes (counted on the store), not after a sleep.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
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

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-dispatch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A transport that holds requests to `held` targets until released, and answers the others at once. */
function gatedFetch(held: Set<string>) {
  const waiting: { target: string; release: () => void }[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  let total = 0;
  let maxTotal = 0;
  let opened = false;
  const fetchImpl: typeof fetch = async (input) => {
    const target = new URL(String(input)).pathname.slice(1);
    inFlight.set(target, (inFlight.get(target) ?? 0) + 1);
    maxInFlight.set(target, Math.max(maxInFlight.get(target) ?? 0, inFlight.get(target) ?? 0));
    total++;
    maxTotal = Math.max(maxTotal, total);
    if (held.has(target) && !opened) await new Promise<void>((release) => waiting.push({ target, release }));
    inFlight.set(target, (inFlight.get(target) ?? 0) - 1);
    total--;
    return new Response(null, { status: 200 });
  };
  return {
    fetchImpl,
    inFlight: (target: string) => inFlight.get(target) ?? 0,
    maxInFlight: (target: string) => maxInFlight.get(target) ?? 0,
    maxTotal: () => maxTotal,
    releaseOne(target: string) {
      const i = waiting.findIndex((w) => w.target === target);
      if (i < 0) throw new Error(`no request to ${target} is held`);
      waiting.splice(i, 1)[0]?.release();
    },
    /** Releases every held request and holds no more. */
    open() {
      opened = true;
      for (const w of waiting.splice(0)) w.release();
    },
    releaseAll() {
      for (const w of waiting.splice(0)) w.release();
    },
  };
}

let n = 0;
let clock = 1_700_300_000;

async function setup(targetNames: string[], concurrency: number, transport: ReturnType<typeof gatedFetch>) {
  n++;
  const store: Store = await openStore({ store: { url: join(dir, `log-${n}.sqlite`) } });
  const sqlite = openSqliteRelayStore(join(dir, `relay-${n}.sqlite`), 3_600_000);
  let passes = 0;
  // Counts relay passes (each scans every target under its ingest lease): the marker that the relay
  // looked again and still did not start another request.
  const relayStore: RelayStore = new Proxy(sqlite, {
    get(t, key, receiver) {
      if (key === 'withIngestLease')
        return (...args: Parameters<RelayStore['withIngestLease']>) => {
          passes++;
          return t.withIngestLease(...args);
        };
      return Reflect.get(t, key, receiver);
    },
  });
  const config = relayConfigSchema.parse({
    targets: targetNames.map((name) => ({
      name,
      url: `http://127.0.0.1:9/${name}`,
      secret: 'relay-dispatch-secret-0123456789',
    })),
    concurrency,
    timeoutMs: 30_000,
    pollMs: 10,
    retry: { attempts: 1, baseMs: 20, maxMs: 40 },
  });
  const relay = startRelay({
    config,
    store,
    relayStore,
    logger: createLogger({ level: 'warn', sink: () => undefined }),
    scope: { mainOrganizationId: null, groupMemberIds: new Set() },
    fetch: transport.fetchImpl,
  });
  cleanups.push(
    () => store.close(),
    () => sqlite.close(),
    async () => {
      transport.releaseAll();
      await relay.close();
    },
  );
  for (const name of targetNames)
    await waitFor(async () => (await sqlite.cursor(name)) !== null, `the first cursor of ${name}`);
  return {
    relayStore: sqlite,
    /** Writes one event of each of `flows` new flows. */
    async write(flows: number) {
      for (let i = 0; i < flows; i++)
        await ingestEvent(
          store,
          flowCallback({ flowId: `yDrelayDispatch${n}x${i}`.padEnd(32, '0'), status: 1, occurTime: ++clock }),
        );
    },
    /** Resolves after `count` more relay passes. */
    async passes(count: number) {
      const until = passes + count * targetNames.length;
      await waitFor(() => passes >= until, `${count} more relay passes`);
    },
  };
}

describe('relay dispatch limits', () => {
  it('one target may use every slot, and never more than `concurrency`', async () => {
    const transport = gatedFetch(new Set(['solo']));
    const s = await setup(['solo'], 3, transport);
    await s.write(5);
    await waitFor(() => transport.inFlight('solo') === 3, 'three requests in flight');
    await s.passes(3);
    expect(transport.inFlight('solo')).toBe(3);
    transport.releaseOne('solo');
    await waitFor(() => transport.inFlight('solo') === 3, 'the freed slot used again');
    await s.passes(3);
    transport.open();
    await waitFor(async () => (await s.relayStore.counts()).delivered === 5, 'all five delivered');
    expect(transport.maxInFlight('solo')).toBe(3);
  });

  it('with several targets, one that hangs holds at most half the slots; the other is delivered', async () => {
    const transport = gatedFetch(new Set(['slow']));
    const s = await setup(['slow', 'fast'], 4, transport);
    await s.write(5);
    await waitFor(() => transport.inFlight('slow') === 2, 'two requests to the slow target');
    await waitFor(
      async () => (await s.relayStore.list({ state: 'delivered', limit: 10 })).deliveries.length === 5,
      'the fast target served meanwhile',
    );
    await s.passes(3);
    expect(transport.inFlight('slow')).toBe(2);
    // One finishes: its slot (and only its slot) is free again.
    transport.releaseOne('slow');
    await waitFor(
      () => transport.maxInFlight('slow') >= 2 && transport.inFlight('slow') === 2,
      'the slot reused',
    );
    await s.passes(3);
    expect(transport.inFlight('slow')).toBe(2);
    expect(transport.maxInFlight('slow')).toBe(2);
    expect(transport.maxTotal()).toBeLessThanOrEqual(4);
  });

  it('the per-process limit holds across targets', async () => {
    const transport = gatedFetch(new Set(['left', 'right']));
    const s = await setup(['left', 'right'], 3, transport);
    await s.write(4);
    await waitFor(
      () => transport.inFlight('left') + transport.inFlight('right') === 3,
      'three requests in flight',
    );
    await s.passes(3);
    expect(transport.inFlight('left') + transport.inFlight('right')).toBe(3);
    expect(transport.maxTotal()).toBe(3);
  });
});
