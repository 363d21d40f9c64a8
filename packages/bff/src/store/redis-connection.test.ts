// Losing and regaining Redis: a real TCP proxy in front of the real Redis is stopped and started
// again. The log says so once per change of state per connection (store/redis-errors.ts), and the
// store's subscribers get every event written while the subscription was down, in order, each once.
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import { createLogger } from '../logger.js';
import { DEFAULT_RETENTION } from './index.js';
import { openRedisStore } from './redis.js';
import { logRedisErrors } from './redis-errors.js';
import type { NewEvent, StoredEvent } from './types.js';

const up = await redisAvailable('redis connection loss');
const prefix = `ess-kit-test:redis-connection:${process.pid}:${Date.now()}:`;
afterAll(async () => {
  if (up) await deleteRedisKeys(prefix);
});

/** A TCP proxy to the real Redis that can be stopped (connections cut, new ones refused) and restarted. */
function redisProxy() {
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      const listening = createServer((client) => {
        const upstream = tcpConnect(Number(target.port || 6379), target.hostname || '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => s.destroy());
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as { port: number }).port;
        server = listening;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server) server.close(() => resolve());
      else resolve();
      server = null;
    });
  return { start, stop, url: () => `redis://127.0.0.1:${port}` };
}

type Line = { level: string; msg: string; client?: string; error?: string };
function capturingLogger() {
  const lines: Line[] = [];
  return { lines, logger: createLogger({ sink: (line) => lines.push(JSON.parse(line) as Line) }) };
}

const fast = { retryStrategy: () => 20, maxRetriesPerRequest: 1 };

describe.skipIf(!up)('Redis connection loss', () => {
  // A listener that throws (e.g. on a missing logger) or a catch-up that rejects surfaces only here.
  const escaped: unknown[] = [];
  const onEscaped = (error: unknown) => escaped.push(error);
  beforeEach(() => {
    escaped.length = 0;
    process.on('uncaughtException', onEscaped);
    process.on('unhandledRejection', onEscaped);
  });
  afterEach(() => {
    process.off('uncaughtException', onEscaped);
    process.off('unhandledRejection', onEscaped);
    expect(escaped).toEqual([]);
  });

  it('logs the failure once and the recovery once, per connection and per outage', async () => {
    const proxy = redisProxy();
    await proxy.start();
    const { lines, logger } = capturingLogger();
    const client = new Redis(proxy.url(), { ...fast, lazyConnect: true });
    // Without a logger the listeners still swallow the errors (no "Unhandled error event").
    const unlogged = new Redis(proxy.url(), { ...fast, lazyConnect: true });
    let errors = 0;
    let unloggedErrors = 0;
    client.on('error', () => errors++);
    unlogged.on('error', () => unloggedErrors++);
    logRedisErrors(client, 'relay', logger);
    logRedisErrors(unlogged, 'relay', undefined);
    try {
      await Promise.all([client.connect(), unlogged.connect()]);
      expect(await client.ping()).toBe('PONG');
      expect(lines).toEqual([]); // the first connection is no recovery

      await proxy.stop();
      // Several failed attempts (the marker), one line.
      await expect.poll(() => errors >= 3 && unloggedErrors >= 3, { timeout: 5000 }).toBe(true);
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'warn',
          msg: 'redis connection failed; reconnecting',
          client: 'relay',
          error: expect.stringContaining('ECONNREFUSED'),
        }),
      ]);

      await proxy.start();
      await expect.poll(() => lines.length, { timeout: 5000 }).toBe(2);
      expect(lines[1]).toEqual(
        expect.objectContaining({ level: 'info', msg: 'redis connection restored', client: 'relay' }),
      );
      expect(await client.ping()).toBe('PONG');
      expect(lines).toHaveLength(2);

      // A second outage is reported again.
      await proxy.stop();
      await expect.poll(() => lines.length, { timeout: 5000 }).toBe(3);
      expect(lines[2]).toMatchObject({ level: 'warn', client: 'relay' });
    } finally {
      client.disconnect();
      unlogged.disconnect();
      await proxy.stop();
    }
  });

  it("the store's subscribers get what was written while the subscription was down, in order, each once", async () => {
    const proxy = redisProxy();
    await proxy.start();
    const { lines, logger } = capturingLogger();
    const retention = DEFAULT_RETENTION;
    const store = await openRedisStore({ url: proxy.url(), prefix, retention, logger, redis: fast });
    // The writer reaches Redis directly: writes go on while the proxied store is cut off.
    const writer = await openRedisStore({ url: REDIS_URL, prefix, retention });
    const seen: StoredEvent[] = [];
    store.subscribe((e) => seen.push(e));
    const event = (n: number): NewEvent => ({
      kind: 'ess',
      organizationId: 'org',
      flowId: `G-${n}`,
      family: 'flow',
      msgType: 'FlowStatusChange',
      data: null,
      ess: null,
    });
    const written: string[] = [];
    const write = async (events: NewEvent[]) => {
      const result = await writer.record({ plan: () => ({ events }) });
      if (result.duplicate) throw new Error('not a duplicate');
      written.push(...result.events.map((e) => e.id));
    };
    try {
      // Something else publishing on the channel is ignored (no throw, nothing delivered).
      const other = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      await other.publish(`${prefix}events`, 'no line break');
      await other.publish(`${prefix}events`, '1-1\nnot json');
      await other.quit();
      await write([event(0)]);
      await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1);
      expect(seen.map((e) => e.id)).toEqual(written);

      await proxy.stop();
      await expect
        .poll(
          () =>
            lines
              .filter((l) => l.level === 'warn')
              .map((l) => l.client)
              .sort(),
          { timeout: 5000 },
        )
        .toEqual(['store', 'subscriber']);
      // More than two pages of the catch-up read, written while nothing is subscribed.
      await write(Array.from({ length: 1100 }, (_, i) => event(i + 1)));
      await proxy.start();
      // Writes go on while the gap is filled: each is delivered once, after the gap.
      for (let i = 0; i < 20; i++) await write([event(2000 + i)]);
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(written.length);
      expect(seen.map((e) => e.id)).toEqual(written);
      await expect
        .poll(
          () =>
            lines
              .filter((l) => l.level === 'info')
              .map((l) => l.client)
              .sort(),
          { timeout: 5000 },
        )
        .toEqual(['store', 'subscriber']);
      // After the catch-up, live delivery goes on.
      await write([event(3000)]);
      await expect.poll(() => seen.length, { timeout: 5000 }).toBe(written.length);
      expect(seen.map((e) => e.id)).toEqual(written);
    } finally {
      await store.close();
      await writer.close();
      await proxy.stop();
    }
  });
});
