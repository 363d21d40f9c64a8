// The relay worker in-process (issue 15): SQLite event log and relay store, a real node:http receiver
// on port 0 scripted per test, the relay driven by its own schedule. Checks what partners rely on:
// signed bodies, per-flow order with a failing head holding only its own flow, retries with backoff,
// the dead-letter list, timeouts, new targets starting at the present, and a trimmed log.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyWebhookSignature } from '@ess-kit/shared';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { flowCallback } from '../../test/support/backends.js';
import { waitFor } from '../../test/support/wait-for.js';
import { ingestEvent } from '../ingest/intake.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { type RelayConfig, relayConfigSchema } from './config.js';
import { partnerEvent } from './payload.js';
import { backoffMs, MAX_ANSWER_BYTES, type Relay, startRelay } from './relay.js';
import { openSqliteRelayStore } from './store-sqlite.js';
import type { RelayStore } from './types.js';

const SECRET = 'relay-test-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Received {
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A webhook receiver whose answer to each request `answer` decides (status, or 'hang'). */
async function receiver(
  answer: (r: Received, n: number) => number | 'hang' | { status: number; body: string },
) {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      received.push(r);
      for (const w of waiters) w();
      const a = answer(r, received.length);
      if (a === 'hang') hanging.push(res);
      else if (typeof a === 'number') res.writeHead(a).end('ok');
      else res.writeHead(a.status).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    /** Resolves once `predicate` holds for the requests received. */
    until(predicate: (r: Received[]) => boolean, timeoutMs = 8000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`receiver saw ${received.length} requests`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let n = 0;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  store: Store;
  relayStore: RelayStore;
  logLines: string[];
  start(overrides?: Partial<Parameters<typeof startRelay>[0]>): Relay;
}

async function setup(target: Record<string, unknown>, relay: Record<string, unknown> = {}): Promise<Setup> {
  n++;
  const store = await openStore({ store: { url: join(dir, `log-${n}.sqlite`) } });
  const relayStore = openSqliteRelayStore(join(dir, `relay-${n}.sqlite`), 3_600_000);
  const logLines: string[] = [];
  const config: RelayConfig = relayConfigSchema.parse({
    targets: [{ name: 'partner', secret: SECRET, ...target }],
    concurrency: 4,
    timeoutMs: 1000,
    pollMs: 40,
    retry: { attempts: 3, baseMs: 20, maxMs: 60 },
    ...relay,
  });
  cleanups.push(
    () => store.close(),
    () => relayStore.close(),
  );
  return {
    store,
    relayStore,
    logLines,
    start(overrides = {}) {
      const r = startRelay({
        config,
        store,
        relayStore,
        logger: createLogger({ level: 'info', sink: (line) => logLines.push(line) }),
        scope: { mainOrganizationId: null, groupMemberIds: new Set() },
        ...overrides,
      });
      cleanups.push(() => r.close());
      return r;
    },
  };
}

let clock = 1_700_100_000;
async function write(store: Store, flowId: string, status = 1): Promise<string> {
  const result = await ingestEvent(store, flowCallback({ flowId, status, occurTime: ++clock }));
  if (result.duplicate || result.events.length !== 1) throw new Error('expected one new log entry');
  return (result.events[0] as { id: string }).id;
}

const eventIds = (r: Received[]) => r.map((x) => String(x.headers['x-ess-kit-event-id']));
const json = (r: Received) => JSON.parse(r.body) as { id: string; flowId: string };

const FLOW_A = 'yDrelayFlowA00000000000000000001';
const FLOW_B = 'yDrelayFlowB00000000000000000001';

describe('relay worker', () => {
  it('starts a new target at the present, then delivers each event once, signed, with its ids', async () => {
    const hook = await receiver(() => 200);
    cleanups.push(() => hook.close());
    const s = await setup({ url: hook.url });
    await write(s.store, FLOW_A); // history: before the target first ran
    s.start();
    await waitFor(async () => (await s.relayStore.cursor('partner')) !== null, 'the first cursor');
    const first = await write(s.store, FLOW_A, 2);
    const second = await write(s.store, FLOW_B, 1);
    await hook.until((r) => r.length >= 2);
    await waitFor(async () => (await s.relayStore.counts()).delivered === 2, 'two delivered');
    // A later event proves nothing else (the history, a repeat) was sent meanwhile.
    const marker = await write(s.store, FLOW_B, 2);
    await hook.until((r) => eventIds(r).includes(marker));
    expect(eventIds(hook.received).sort()).toEqual([first, second, marker].sort());

    const stored = (await s.store.readEvents(null, 10)).events.find((e) => e.id === first);
    const req = hook.received.find((r) => r.headers['x-ess-kit-event-id'] === first) as Received;
    expect(req.body).toBe(JSON.stringify(partnerEvent(stored as never, false)));
    expect(json(req)).toMatchObject({ id: first, flowId: FLOW_A });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['user-agent']).toBe('ess-kit-relay/1');
    expect(req.headers['x-ess-kit-attempt']).toBe('1');
    const page = await s.relayStore.list({ state: 'delivered', limit: 10 });
    const delivery = page.deliveries.find((d) => d.eventId === first);
    expect(req.headers['x-ess-kit-delivery-id']).toBe(delivery?.id);
    expect(delivery).toMatchObject({ attempts: 1, lastStatus: 200, partition: `flow:${FLOW_A}` });
    const verified = await verifyWebhookSignature(
      req.body,
      String(req.headers['x-ess-kit-signature']),
      SECRET,
    );
    expect(verified.ok).toBe(true);
    expect(
      await verifyWebhookSignature(req.body, String(req.headers['x-ess-kit-signature']), `${SECRET}x`),
    ).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('on an empty log, the first event is delivered (the start is written down, not mistaken for history)', async () => {
    const hook = await receiver(() => 204);
    cleanups.push(() => hook.close());
    const s = await setup({ url: hook.url });
    s.start();
    await waitFor(async () => (await s.relayStore.cursor('partner')) === '0', 'the cursor at the beginning');
    const first = await write(s.store, FLOW_A);
    await hook.until((r) => r.length === 1);
    expect(eventIds(hook.received)).toEqual([first]);
    await waitFor(async () => (await s.relayStore.counts()).delivered === 1, 'delivered (204 is a success)');
  });

  it('a failing event holds later events of its flow, not other flows; retries carry the attempt number', async () => {
    let failA = true;
    const hook = await receiver((r) => (failA && json(r).flowId === FLOW_A ? 500 : 200));
    cleanups.push(() => hook.close());
    const s = await setup({ url: hook.url }, { retry: { attempts: 50, baseMs: 20, maxMs: 40 } });
    s.start();
    await waitFor(async () => (await s.relayStore.cursor('partner')) !== null, 'the first cursor');
    const a1 = await write(s.store, FLOW_A, 1);
    const a2 = await write(s.store, FLOW_A, 2);
    const b1 = await write(s.store, FLOW_B, 1);
    // FLOW_B goes through while FLOW_A's head keeps failing; FLOW_A's second event waits.
    await hook.until((r) => eventIds(r).includes(b1) && eventIds(r).filter((id) => id === a1).length >= 3);
    expect(eventIds(hook.received)).not.toContain(a2);
    const attempts = hook.received.filter((r) => r.headers['x-ess-kit-event-id'] === a1);
    expect(attempts.map((r) => r.headers['x-ess-kit-attempt']).slice(0, 3)).toEqual(['1', '2', '3']);
    const pending = await s.relayStore.list({ state: 'pending', limit: 10 });
    const head = pending.deliveries.find((d) => d.eventId === a1);
    expect(head?.lastStatus).toBe(500);
    expect(head?.lastError).toBe('answered HTTP 500');
    expect(s.logLines.some((l) => l.includes('relay delivery will be retried'))).toBe(true);
    failA = false;
    await hook.until((r) => eventIds(r).includes(a2));
    const order = eventIds(hook.received).filter((id) => id === a1 || id === a2);
    expect(order.lastIndexOf(a1)).toBeLessThan(order.indexOf(a2));
    expect(order.filter((id) => id === a2)).toHaveLength(1);
  });

  it('dead-letters after the last attempt, with the error, and logs it', async () => {
    const hook = await receiver(() => 503);
    cleanups.push(() => hook.close());
    const s = await setup({ url: hook.url });
    const outcomes: string[] = [];
    s.start({ onOutcome: (state) => outcomes.push(state) });
    await waitFor(async () => (await s.relayStore.cursor('partner')) !== null, 'the first cursor');
    const id = await write(s.store, FLOW_A);
    await waitFor(async () => (await s.relayStore.counts()).failed === 1, 'the dead-letter list');
    expect(hook.received.map((r) => r.headers['x-ess-kit-attempt'])).toEqual(['1', '2', '3']);
    const failed = await s.relayStore.list({ state: 'failed', limit: 10 });
    expect(failed.deliveries[0]).toMatchObject({
      eventId: id,
      attempts: 3,
      lastStatus: 503,
      lastError: 'answered HTTP 503',
    });
    expect(outcomes).toEqual(['pending', 'pending', 'failed']);
    expect(s.logLines.some((l) => l.includes('relay delivery dead-lettered'))).toBe(true);
  });

  it('a target that does not answer in time is an attempt that timed out', async () => {
    const hook = await receiver(() => 'hang');
    cleanups.push(() => hook.close());
    const s = await setup(
      { url: hook.url, timeoutMs: 150 },
      { retry: { attempts: 1, baseMs: 20, maxMs: 40 } },
    );
    s.start();
    await waitFor(async () => (await s.relayStore.cursor('partner')) !== null, 'the first cursor');
    await write(s.store, FLOW_A);
    await waitFor(async () => (await s.relayStore.counts()).failed === 1, 'the timed-out attempt');
    const failed = await s.relayStore.list({ state: 'failed', limit: 10 });
    expect(failed.deliveries[0]?.lastError).toBe('timed out after 150 ms');
    expect(failed.deliveries[0]?.lastStatus).toBeNull();
  });

  it('a refused connection is recorded with its cause', async () => {
    const hook = await receiver(() => 200);
    const url = hook.url;
    await hook.close(); // nothing listens there any more
    const s = await setup({ url }, { retry: { attempts: 1, baseMs: 20, maxMs: 40 } });
    s.start();
    await waitFor(async () => (await s.relayStore.cursor('partner')) !== null, 'the first cursor');
    await write(s.store, FLOW_A);
    await waitFor(async () => (await s.relayStore.counts()).failed === 1, 'the failed attempt');
    const failed = await s.relayStore.list({ state: 'failed', limit: 10 });
    expect(failed.deliveries[0]?.lastError).toMatch(/^fetch failed \(ECONNREFUSED\)$/);
  });

  it('reads at most a few KiB of a large answer and still counts it delivered', async () => {
    const hook = await receiver(() => ({ status: 200, body: 'x'.repeat(MAX_ANSWER_BYTES * 64) }));
    cleanups.push(() => hook.close());
    const s = await setup({ url: hook.url });
    s.start();
    await waitFor(async () => (await s.relayStore.cursor('partner')) !== null, 'the first cursor');
    await write(s.store, FLOW_A);
    await waitFor(async () => (await s.relayStore.counts()).delivered === 1, 'delivered');
  });

  it('continues from the oldest retained event when its cursor fell out of the trimmed log', async () => {
    const hook = await receiver(() => 200);
    cleanups.push(() => hook.close());
    const s = await setup({ url: hook.url });
    await write(s.store, FLOW_A, 1);
    const gone = await write(s.store, FLOW_A, 2);
    await s.relayStore.setCursor(
      'partner',
      gone.replace(/\d+$/, (d) => String(Number(d) - 1)),
    );
    const kept = await write(s.store, FLOW_B, 1);
    // Trim everything up to `gone`, so the stored cursor is older than the log.
    await s.store.trim({ maxEvents: 1, maxAgeSeconds: 10 * 365 * 86_400 });
    const page = await s.store.readEvents(null, 10);
    expect(page.events.map((e) => e.id)).toEqual([kept]);
    s.start();
    await hook.until((r) => r.length >= 1);
    expect(eventIds(hook.received)).toEqual([kept]);
    expect(s.logLines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({
        msg: 'relay cursor older than the event log; continuing from the oldest retained event',
        target: 'partner',
      }),
    );
  });

  it('close() waits for an attempt in flight and records its outcome', async () => {
    let release: (() => void) | null = null;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const hook = await receiver(() => 200);
    cleanups.push(() => hook.close());
    const s = await setup({ url: hook.url });
    let calls = 0;
    const relay = s.start({
      fetch: async (input, init) => {
        calls++;
        await gate;
        return fetch(input, init);
      },
    });
    await waitFor(async () => (await s.relayStore.cursor('partner')) !== null, 'the first cursor');
    await write(s.store, FLOW_A);
    await waitFor(async () => calls === 1, 'an attempt in flight');
    const closing = relay.close();
    (release as unknown as () => void)();
    await closing;
    expect((await s.relayStore.counts()).delivered).toBe(1);
    expect(calls).toBe(1);
  });
});

describe('backoffMs', () => {
  const config = relayConfigSchema.parse({ retry: { attempts: 5, baseMs: 100, maxMs: 1000 } });
  it('doubles from baseMs, capped at maxMs, jittered to 50–100 %', () => {
    expect(backoffMs(config, 1, () => 1)).toBe(100);
    expect(backoffMs(config, 1, () => 0)).toBe(50);
    expect(backoffMs(config, 2, () => 1)).toBe(200);
    expect(backoffMs(config, 3, () => 0.5)).toBe(300);
    expect(backoffMs(config, 5, () => 1)).toBe(1000);
    expect(backoffMs(config, 9, () => 0)).toBe(500);
    expect(backoffMs(config, 0, () => 1)).toBe(100);
  });
});
