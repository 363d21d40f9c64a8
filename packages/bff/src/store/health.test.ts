// What /readyz learns from `store.check()` (health.ts), in process: real SQLite files deleted,
// replaced or corrupted under an open store, and Redis answers that do not read back.
import {
  closeSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import { redisCheck } from './health.js';
import { openStore } from './index.js';
import type { Store } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-health-'));
const opened: Store[] = [];
afterAll(async () => {
  for (const store of opened) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(url: string): Promise<Store> {
  const store = await openStore({ store: { url } });
  opened.push(store);
  return store;
}

describe('SQLite check', () => {
  it('passes for a working file, :memory: and the anonymous temporary database', async () => {
    for (const url of [join(dir, 'ok.sqlite'), ':memory:', '']) {
      const store = await open(url);
      await expect(store.check()).resolves.toBeUndefined();
      await expect(store.check()).resolves.toBeUndefined();
    }
  });
  it('fails once the file is deleted under the running store', async () => {
    const path = join(dir, 'deleted.sqlite');
    const store = await open(path);
    await store.check();
    unlinkSync(path);
    await expect(store.check()).rejects.toThrow(
      new Error(`the SQLite file ${path} was deleted under the running BFF; restart it`),
    );
  });
  it('fails once another file is moved into its place', async () => {
    const path = join(dir, 'replaced.sqlite');
    const store = await open(path);
    await store.check();
    writeFileSync(join(dir, 'other'), '');
    renameSync(join(dir, 'other'), path);
    await expect(store.check()).rejects.toThrow(
      new Error(`the SQLite file ${path} was replaced under the running BFF; restart it`),
    );
  });
  it('fails, and keeps failing, when the pages do not pass the integrity check', async () => {
    const path = join(dir, 'corrupt.sqlite');
    await (await openStore({ store: { url: path } })).close();
    // Garbage over the idempotency table's root page (not the header, schema or health pages):
    // the file still opens and takes writes, only the integrity check sees it.
    const db = new Database(path, { readonly: true });
    const root = db
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'idempotency'")
      .pluck()
      .get() as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
    const store = await open(path);
    const failure = await store.check().then(
      () => null,
      (e: Error) => e.message,
    );
    expect(failure).toMatch(/^SQLite integrity check failed: .+/);
    expect(failure).not.toMatch(/: ok$/);
    await expect(store.check()).rejects.toThrow(failure ?? 'unreachable');
  });
});

/** A TCP server speaking just enough RESP: `reply(command)` answers each command, or null never answers. */
async function fakeRedis(
  reply: (command: string[]) => string | null,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const lines = buffer.split('\r\n');
        const count = Number(lines[0]?.slice(1));
        if (!lines[0]?.startsWith('*') || lines.length < 2 + count * 2) return;
        const command = Array.from({ length: count }, (_, i) => lines[2 + i * 2] ?? '');
        buffer = lines.slice(1 + count * 2).join('\r\n');
        const answer = reply(command);
        if (answer !== null) socket.write(answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('Redis check', () => {
  it('passes against the real Redis', async (ctx) => {
    if (!(await redisAvailable('health (redis)'))) return ctx.skip();
    const redis = new Redis(REDIS_URL);
    const key = `ess-kit-test:health:${process.pid}:${Date.now()}`;
    try {
      const check = redisCheck(redis, key);
      await expect(check()).resolves.toBeUndefined();
      expect(await redis.pttl(key)).toBeGreaterThan(50_000);
      await expect(check()).resolves.toBeUndefined();
    } finally {
      await redis.del(key);
      redis.disconnect();
    }
  });
  it('fails when the value read back is not the one written', async () => {
    const server = await fakeRedis((command) => {
      if (command[0]?.toUpperCase() === 'EXEC') return '*2\r\n+OK\r\n$5\r\nstale\r\n';
      return command[0]?.toUpperCase() === 'MULTI' ? '+OK\r\n' : '+QUEUED\r\n';
    });
    const redis = new Redis(server.url, { enableReadyCheck: false, maxRetriesPerRequest: 0 });
    try {
      await expect(redisCheck(redis, 'k')()).rejects.toThrow(new Error('a write to Redis did not read back'));
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
  it('fails when Redis accepts the connection but never answers (frozen)', async () => {
    const server = await fakeRedis(() => null);
    const redis = new Redis(server.url, { enableReadyCheck: false, commandTimeout: 200 });
    try {
      await expect(redisCheck(redis, 'k')()).rejects.toThrow(/timed out/i);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
