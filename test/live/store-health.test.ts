// Store failures, as an operator meets them: readiness notices (a deleted SQLite file, a frozen or
// stopped Redis) within about a second; API routes answer 503 STORE_UNAVAILABLE with Retry-After;
// Redis client errors go through the JSON log once per change of state, never as raw stack traces.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../packages/bff/src/store/index.js';
import type { LoggedEssEvent } from '../../packages/bff/src/store/types.js';
import { PARTNER, startRelayBff } from '../relay/support.js';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../support/redis.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const FLOW = 'yDhealthFlow00000000000000000001';

/** The real BFF, opening its own store from `storeUrl` (so the store's clients log through it). */
async function startBff(storeUrl: string) {
  const bff = await startRelayBff({ storeUrl, emulatorUrl: 'http://127.0.0.1:9', file: {} });
  const get = async (path: string) => {
    const started = performance.now();
    const res = await fetch(`${bff.url}${path}`, { headers: PARTNER, signal: AbortSignal.timeout(10_000) });
    return {
      status: res.status,
      // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
      body: (await res.json()) as Record<string, any>,
      retryAfter: res.headers.get('retry-after'),
      ms: performance.now() - started,
    };
  };
  return { get, logLines: bff.logLines, close: () => bff.close() };
}

describe('SQLite store health', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-health-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('/livez answers; /readyz turns 503 naming the store once its file is deleted', async () => {
    const file = join(dir, 'deleted.sqlite');
    const bff = await startBff(file);
    try {
      const ready = await bff.get('/healthz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ ok: true, checks: { store: { ok: true, ms: expect.any(Number) } } });
      unlinkSync(file);
      // /healthz is the older name of /readyz: both must notice.
      expect((await bff.get('/healthz')).status).toBe(503);
      const after = await bff.get('/readyz');
      expect(after.status).toBe(503);
      expect(after.body.ok).toBe(false);
      expect(after.body.checks.store).toMatchObject({ ok: false, error: expect.stringMatching(/deleted/) });
      expect((await bff.get('/livez')).status).toBe(200);
    } finally {
      await bff.close();
    }
  });

  it('/readyz turns 503 naming the store when SQLite pages are corrupted (before start and while running)', async () => {
    /** A store file of several MB (far more than SQLite's page cache), closed so every page is in the file. */
    const prepare = async (file: string) => {
      const store = await openStore({ store: { url: file } });
      const filler = 'x'.repeat(2000);
      await Promise.all(
        Array.from({ length: 4000 }, (_, i) =>
          store.record({
            plan: () => ({
              events: [
                {
                  kind: 'ess',
                  organizationId: null,
                  family: 'seal',
                  msgType: 'OperateSeal',
                  data: null,
                  ess: { i, filler } as unknown as LoggedEssEvent,
                },
              ],
            }),
          }),
        ),
      );
      await store.close();
    };
    /** Overwrites the middle of the file (never page 1, the header and schema) with garbage. */
    const corrupt = (file: string) => {
      const size = statSync(file).size;
      const fd = openSync(file, 'r+');
      try {
        const garbage = randomBytes(4096);
        for (let page = Math.floor(size / 4096 / 3); page < Math.floor((size / 4096) * (2 / 3)); page++)
          writeSync(fd, garbage, 0, garbage.length, page * 4096);
      } finally {
        closeSync(fd);
      }
    };

    const before = join(dir, 'corrupt-before-start.sqlite');
    await prepare(before);
    corrupt(before);
    let bff = await startBff(before);
    try {
      const ready = await bff.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.ok).toBe(false);
      expect(ready.body.checks.store).toMatchObject({ ok: false, error: expect.stringMatching(/integrity/) });
      expect((await bff.get('/livez')).status).toBe(200);
    } finally {
      await bff.close();
    }

    const running = join(dir, 'corrupt-while-running.sqlite');
    await prepare(running);
    bff = await startBff(running);
    try {
      expect((await bff.get('/readyz')).status).toBe(200);
      corrupt(running);
      // The page check runs at most every 10 s (it reads every page): poll for its verdict.
      const deadline = Date.now() + 30_000;
      let after = await bff.get('/readyz');
      while (after.status === 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        after = await bff.get('/readyz');
      }
      expect(after.status).toBe(503);
      expect(after.body.checks.store).toMatchObject({ ok: false, error: expect.stringMatching(/integrity/) });
      expect((await bff.get('/livez')).status).toBe(200);
    } finally {
      await bff.close();
    }
  }, 60_000);
});

describe.skipIf(!(await redisAvailable('store-health')))('Redis store health and outages', () => {
  const redisPort = Number(new URL(REDIS_URL).port || 6379);
  const redisHost = new URL(REDIS_URL).hostname || '127.0.0.1';
  const prefix = `ess-kit-health-${process.pid}-${Date.now()}:`;
  let proxy: TcpProxy;
  let bff: Awaited<ReturnType<typeof startBff>>;
  const stderr: string[] = [];
  const originalError = console.error;
  const originalWrite = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    proxy = await startTcpProxy(redisHost, redisPort);
    bff = await startBff(`redis://127.0.0.1:${proxy.port}/0?prefix=${prefix}`);
    // What ioredis would print outside the JSON log (its "Unhandled error event" goes to console.error).
    console.error = (...args: unknown[]) => void stderr.push(args.map(String).join(' '));
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
  });
  afterEach(async () => {
    // Bytes dropped while frozen leave connections out of step: start the next test from fresh ones.
    await proxy.down();
    await proxy.up();
  });
  /** Polls until the store answers again (the reconnect takes a moment). */
  const waitReady = async () => {
    const deadline = Date.now() + 15_000;
    while ((await bff.get('/healthz')).status !== 200 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await bff.get('/readyz')).status).toBe(200);
  };
  afterAll(async () => {
    console.error = originalError;
    process.stderr.write = originalWrite;
    await bff?.close();
    await proxy?.close();
    await deleteRedisKeys(prefix);
  });

  it('a frozen Redis: /readyz still answers within about a second, 503 naming the store', async () => {
    expect((await bff.get('/healthz')).status).toBe(200);
    proxy.freeze();
    const frozen = await bff.get('/healthz');
    expect(frozen.status).toBe(503);
    expect(frozen.body.checks.store).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no answer within/),
    });
    expect(frozen.ms).toBeLessThan(2500);
    expect((await bff.get('/livez')).status).toBe(200);
  });

  it('a stopped Redis: API routes answer 503 STORE_UNAVAILABLE with Retry-After; errors are logged once, not printed', async () => {
    await waitReady();
    const failedBefore = bff.logLines.filter((l) => l.includes('redis connection failed')).length;
    await proxy.down();
    const flow = await bff.get(`/v1/flows/${FLOW}`);
    expect(flow.status).toBe(503);
    expect(flow.body.error.code).toBe('STORE_UNAVAILABLE');
    expect(Number(flow.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await bff.get('/readyz')).status).toBe(503);
    // Let ioredis retry a few times while down.
    for (let i = 0; i < 3; i++) expect((await bff.get(`/v1/flows/${FLOW}`)).status).toBe(503);
    await proxy.up();
    await waitReady();
    const failed = bff.logLines.filter((l) => l.includes('redis connection failed'));
    const clients = failed.slice(failedBefore).map((l) => JSON.parse(l).client as string);
    // Once per client and outage, however many reconnect attempts ioredis made.
    expect(new Set(clients).size).toBe(clients.length);
    expect(clients).toEqual(expect.arrayContaining(['store', 'subscriber']));
    expect(bff.logLines.some((l) => l.includes('redis connection restored'))).toBe(true);
    expect(stderr.join('\n')).not.toMatch(/Unhandled error event|\n\s+at /);
  });
});
