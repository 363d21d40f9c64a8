// What the relay records about one attempt, with the transport scripted through the injected `fetch`
// (the relay itself, its SQLite stores and the event log are real): the secret-free error text that
// operators read on the dead-letter list, which statuses count as delivered, and answers without a body.
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
import { MAX_ANSWER_BYTES, startRelay } from './relay.js';
import { openSqliteRelayStore } from './store-sqlite.js';
import type { Delivery } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
let clock = 1_700_200_000;

/** Runs one event through a relay whose single attempt `fetch` answers; returns the recorded delivery. */
async function oneAttempt(fetchImpl: typeof fetch): Promise<{ delivery: Delivery; logLines: string[] }> {
  n++;
  const store = await openStore({ store: { url: join(dir, `log-${n}.sqlite`) } });
  const relayStore = openSqliteRelayStore(join(dir, `relay-${n}.sqlite`), 3_600_000);
  const logLines: string[] = [];
  const config = relayConfigSchema.parse({
    targets: [{ name: 'partner', url: 'http://127.0.0.1:9/hook', secret: 'relay-errors-secret-0123456789' }],
    timeoutMs: 250,
    pollMs: 20,
    retry: { attempts: 1, baseMs: 20, maxMs: 40 },
  });
  const relay = startRelay({
    config,
    store,
    relayStore,
    logger: createLogger({ level: 'info', sink: (line) => logLines.push(line) }),
    scope: { mainOrganizationId: null, groupMemberIds: new Set() },
    fetch: fetchImpl,
  });
  try {
    await waitFor(async () => (await relayStore.cursor('partner')) !== null, 'the first cursor');
    await ingestEvent(
      store,
      flowCallback({ flowId: `yDrelayErrors${n}`.padEnd(32, '0'), status: 1, occurTime: ++clock }),
    );
    await waitFor(async () => {
      const c = await relayStore.counts();
      return c.failed + c.delivered === 1;
    }, 'the attempt recorded');
    const [delivered, failed] = await Promise.all([
      relayStore.list({ state: 'delivered', limit: 5 }),
      relayStore.list({ state: 'failed', limit: 5 }),
    ]);
    return { delivery: [...delivered.deliveries, ...failed.deliveries][0] as Delivery, logLines };
  } finally {
    await relay.close();
    await relayStore.close();
    await store.close();
  }
}

const throwing =
  (error: unknown): typeof fetch =>
  async () => {
    throw error;
  };

describe('relay attempt errors', () => {
  it('an aborted request reads as a timeout naming the limit', async () => {
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    const { delivery } = await oneAttempt(throwing(abort));
    expect(delivery).toMatchObject({
      state: 'failed',
      lastStatus: null,
      lastError: 'timed out after 250 ms',
    });
  });

  it('a network error names its cause: the code, else the message', async () => {
    const withMessage = new TypeError('fetch failed', { cause: { message: 'other side closed' } });
    expect((await oneAttempt(throwing(withMessage))).delivery.lastError).toBe(
      'fetch failed (other side closed)',
    );
    const bare = new Error('socket hang up');
    expect((await oneAttempt(throwing(bare))).delivery.lastError).toBe('socket hang up');
  });

  it('something thrown that is not an Error is still recorded, and a long message is cut to 300 characters', async () => {
    expect((await oneAttempt(throwing(null))).delivery.lastError).toBe('null');
    expect((await oneAttempt(throwing('refused'))).delivery.lastError).toBe('refused');
    const long = (await oneAttempt(throwing(new Error('x'.repeat(500))))).delivery.lastError;
    expect(long).toBe('x'.repeat(300));
  });

  it('only 2xx is delivered: 300 (redirects are not followed) is a failed attempt', async () => {
    const redirect = await oneAttempt(async () => new Response('moved', { status: 300 }));
    expect(redirect.delivery).toMatchObject({
      state: 'failed',
      lastStatus: 300,
      lastError: 'answered HTTP 300',
    });
    expect(
      redirect.logLines.some(
        (l) => l.includes('relay delivery dead-lettered') && l.includes('answered HTTP 300'),
      ),
    ).toBe(true);
    const ok = await oneAttempt(async () => new Response(null, { status: 299 }));
    expect(ok.delivery).toMatchObject({ state: 'delivered', lastStatus: 299 });
  });

  it('reads a large answer only up to MAX_ANSWER_BYTES, then cancels it; a short one to its end', async () => {
    const CHUNK = 1024;
    const answer = (chunks: number) => {
      const seen = { pulled: 0, cancelled: false };
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (seen.pulled === chunks) return controller.close();
            seen.pulled++;
            controller.enqueue(new Uint8Array(CHUNK));
          },
          cancel() {
            seen.cancelled = true;
          },
        },
        { highWaterMark: 0 },
      );
      return { seen, fetchImpl: (async () => new Response(body, { status: 200 })) as typeof fetch };
    };
    const large = answer(64);
    expect((await oneAttempt(large.fetchImpl)).delivery.state).toBe('delivered');
    expect(large.seen).toEqual({ pulled: MAX_ANSWER_BYTES / CHUNK, cancelled: true });
    const short = answer(2);
    expect((await oneAttempt(short.fetchImpl)).delivery.state).toBe('delivered');
    expect(short.seen).toEqual({ pulled: 2, cancelled: false });
  });
});
