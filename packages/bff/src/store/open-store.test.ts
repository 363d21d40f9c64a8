// Opening the store named by STORE_URL (index.ts, url.ts, layout.ts), in process: the messages an
// operator acts on when a SQLite path or Redis URL cannot be opened, and the layout refusal.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import { ConfigError } from '../errors.js';
import { openStore } from './index.js';
import { assertReadableLayout, STORE_LAYOUT_VERSION, StoreLayoutError } from './layout.js';
import { parseStoreUrl, redactUrl } from './url.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-open-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ConfigError openStore rejects with for `url`. */
async function openFailure(url: string, redis?: Record<string, unknown>): Promise<ConfigError> {
  const error = await openStore({ store: { url, redis } }).then(
    async (store) => {
      await store.close();
      throw new Error(`${url} opened`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).setting).toBe('STORE_URL');
  return error as ConfigError;
}

describe('parseStoreUrl', () => {
  it('names Redis for redis:// and rediss:// (any case, padded), the URL prefix winning', () => {
    expect(parseStoreUrl({ url: '  redis://h:6379/0?prefix=a:&x=1 ' })).toEqual({
      kind: 'redis',
      url: 'redis://h:6379/0?x=1',
      prefix: 'a:',
    });
    expect(parseStoreUrl({ url: 'REDISS://h:6380', prefix: 'cfg:' })).toEqual({
      kind: 'redis',
      url: 'rediss://h:6380',
      prefix: 'cfg:',
    });
    expect(parseStoreUrl({ url: 'redis://h' })).toMatchObject({ prefix: 'ess-kit:' });
  });
  it('names SQLite for paths, sqlite: URLs and paths merely containing redis://', () => {
    expect(parseStoreUrl({ url: ' /var/x.sqlite ' })).toEqual({ kind: 'sqlite', path: '/var/x.sqlite' });
    expect(parseStoreUrl({ url: 'sqlite:///var/x.sqlite' })).toEqual({
      kind: 'sqlite',
      path: '/var/x.sqlite',
    });
    expect(parseStoreUrl({ url: 'data/redis://x' })).toEqual({ kind: 'sqlite', path: 'data/redis://x' });
  });
});

describe('redactUrl', () => {
  it('keeps the user and hides the password, or hides a bare password whole', () => {
    expect(redactUrl('redis://user:s3cret@h:6379/0')).toBe('redis://user:***@h:6379/0');
    expect(redactUrl('redis://:s3cret@h:6379')).toBe('redis://:***@h:6379');
    expect(redactUrl('redis://s3cret@h:6379')).toBe('redis://***@h:6379');
    expect(redactUrl('redis://h:6379/0')).toBe('redis://h:6379/0');
    expect(redactUrl('redis://h/a@b')).toBe('redis://h/a@b');
  });
});

describe('assertReadableLayout', () => {
  it('accepts none recorded and layouts 1..current, refuses the rest with the actionable message', () => {
    for (const ok of [null, '1', '2', String(STORE_LAYOUT_VERSION)])
      expect(() => assertReadableLayout(ok, 'here')).not.toThrow();
    for (const bad of ['0', '-1', '1.5', 'abc', String(STORE_LAYOUT_VERSION + 1)])
      expect(() => assertReadableLayout(bad, 'here')).toThrow(StoreLayoutError);
    const long = `${'9'.repeat(30)}`;
    const error = (() => {
      try {
        assertReadableLayout(long, '/srv/store.sqlite');
      } catch (e) {
        return e as StoreLayoutError;
      }
    })();
    expect(error?.name).toBe('StoreLayoutError');
    expect(error?.found).toBe('9'.repeat(20));
    expect(error?.message).toBe(
      `The event store at /srv/store.sqlite has layout ${'9'.repeat(20)}; this BFF reads layouts up to ${STORE_LAYOUT_VERSION}. ` +
        'Run the BFF version that wrote it (or a newer one), or point STORE_URL at another store.',
    );
  });
});

describe('openStore: SQLite paths that cannot be opened', () => {
  it('a directory: names a file inside it', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect((await openFailure(folder)).message).toBe(
      `Invalid BFF configuration: STORE_URL: the SQLite store ${folder} is a directory; name a file inside it (e.g. ${join(folder, 'ess-kit.sqlite')})`,
    );
  });
  it('a file that is not a database', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'x'.repeat(4096));
    expect((await openFailure(file)).message).toBe(
      `Invalid BFF configuration: STORE_URL: the SQLite store ${file} exists but is not a SQLite database; point STORE_URL at another file`,
    );
  });
  it('a file where a folder should be (EEXIST and ENOTDIR)', async () => {
    const file = join(dir, 'plain');
    writeFileSync(file, '');
    for (const path of [join(file, 'x.sqlite'), join(file, 'a', 'x.sqlite')])
      expect((await openFailure(path)).message).toBe(
        `Invalid BFF configuration: STORE_URL: cannot create the folder of the SQLite store ${path}: a part of the path is a file, not a folder`,
      );
  });
  it('no permission (EPERM creating a folder under /sys)', async () => {
    const path = '/sys/kernel/ess-kit-test/x.sqlite';
    expect((await openFailure(path)).message).toBe(
      `Invalid BFF configuration: STORE_URL: no permission to create or open the SQLite store ${path}`,
    );
  });
  it('a folder SQLite cannot create files in (SQLITE_CANTOPEN)', async () => {
    const path = '/proc/self/ess-kit.sqlite';
    expect((await openFailure(path)).message).toBe(
      `Invalid BFF configuration: STORE_URL: cannot open the SQLite store ${path}: check that its folder exists and is writable`,
    );
  });
  it('anything else names the error code', async () => {
    const path = join(dir, 'n'.repeat(300), 'x.sqlite');
    expect((await openFailure(path)).message).toBe(
      `Invalid BFF configuration: STORE_URL: cannot open the SQLite store ${path} (ENAMETOOLONG)`,
    );
  });
  it('a newer layout is refused as such, not as a bad path', async () => {
    const path = join(dir, 'newer.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)');
    db.prepare("INSERT INTO meta VALUES ('schema_version', ?)").run(String(STORE_LAYOUT_VERSION + 1));
    db.close();
    await expect(openStore({ store: { url: path } })).rejects.toThrow(StoreLayoutError);
  });
});

describe('openStore: Redis that cannot be reached', () => {
  it('a closed port: names the URL without its password and what to check', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const error = await openFailure(`redis://user:s3cret@127.0.0.1:${port}/0`, {
      retryStrategy: () => null,
    });
    expect(error.message).toMatch(
      new RegExp(
        `^Invalid BFF configuration: STORE_URL: cannot reach Redis at redis://user:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0 \\([^)]+\\); check the host, port, password and that Redis runs$`,
      ),
    );
    expect(error.message).not.toContain('s3cret');
  });
  it('a newer layout is refused as such, not as a connection problem', async () => {
    if (!(await redisAvailable('open-store (redis layout)'))) return;
    const prefix = `ess-kit-test:open-store:${process.pid}:${Date.now()}:`;
    const redis = new Redis(REDIS_URL);
    try {
      await redis.set(`${prefix}schema-version`, String(STORE_LAYOUT_VERSION + 1));
      await expect(openStore({ store: { url: REDIS_URL, prefix } })).rejects.toThrow(StoreLayoutError);
    } finally {
      redis.disconnect();
      await deleteRedisKeys(prefix);
    }
  });
});
