/**
 * Upgrades: a store written by the previous release (fixtures/, no layout version) opens, is stamped
 * with the current layout and keeps its events; a store from a newer layout is refused, by the store
 * and by `ess-bff` with exit 78 — for SQLite and for Redis.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../test/support/redis.js';
import { openStore, STORE_LAYOUT_VERSION, type Store, StoreLayoutError } from '../src/store/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);
const dir = mkdtempSync(path.join(tmpdir(), 'ess-kit-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function flowEvents(store: Store) {
  const page = await store.readEvents(null, 100);
  return page.events.map((e) => [e.flowId, (e.data as { flow?: { flowStatus?: number } })?.flow?.flowStatus]);
}

const FIXTURE_EVENTS = [
  ['yDfixflow00000000000000000000001', 1],
  ['yDfixflow00000000000000000000002', 1],
  ['yDfixflow00000000000000000000003', 4],
];

/** `ess-bff --check` does not open the store; a real start does, and refuses a newer layout with 78. */
function startBffOn(storeUrl: string) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'packages/bff/src/server.ts'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', STORE_URL: storeUrl, PORT: '0', ESS_PROBE_INTERVAL_MS: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
}

describe('SQLite layout', () => {
  it('opens the previous release’s file, stamps the layout and reads its events', async () => {
    const file = path.join(dir, 'previous.sqlite');
    copyFileSync(fixture('store-layout-previous.sqlite'), file);
    const before = new Database(file, { readonly: true });
    expect(before.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toBeUndefined();
    before.close();

    const store = await openStore({ store: { url: file } });
    try {
      expect(await flowEvents(store)).toEqual(FIXTURE_EVENTS);
      const flow = await store.getFlow('yDfixflow00000000000000000000003');
      expect(flow?.snapshot.flowStatus).toBe(4);
    } finally {
      await store.close();
    }
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(
      String(STORE_LAYOUT_VERSION),
    );
    after.close();
  });

  it('refuses a newer layout, and ess-bff exits 78 saying what to do', async () => {
    const file = path.join(dir, 'newer.sqlite');
    copyFileSync(fixture('store-layout-previous.sqlite'), file);
    const db = new Database(file);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(
      String(STORE_LAYOUT_VERSION + 1),
    );
    db.close();
    await expect(openStore({ store: { url: file } })).rejects.toBeInstanceOf(StoreLayoutError);
    const run = startBffOn(file);
    expect(run.status).toBe(78);
    // Errors go to stderr, as one JSON line.
    const line = JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '{}');
    expect(line).toMatchObject({ level: 'error', setting: 'STORE_URL' });
    expect(line.msg).toMatch(
      new RegExp(`layout ${STORE_LAYOUT_VERSION + 1}.*point STORE_URL at another store`),
    );
  }, 30_000);
});

const hasRedis = await redisAvailable('store layout (Redis)');
describe.skipIf(!hasRedis)('Redis layout', () => {
  const prefix = `ess-kit-test-layout-${process.pid}:`;
  afterAll(() => deleteRedisKeys(prefix));

  /** Writes the fixture's keys under `prefix`. */
  async function restore(p: string) {
    const dump = JSON.parse(readFileSync(fixture('store-layout-previous.redis.json'), 'utf8')) as Record<
      string,
      { type: string; value?: string; entries?: [string, string[]][]; members?: string[] }
    >;
    const redis = new Redis(REDIS_URL);
    try {
      for (const [name, item] of Object.entries(dump)) {
        const key = `${p}${name}`;
        if (item.type === 'string') await redis.set(key, item.value ?? '');
        else if (item.type === 'stream')
          for (const [id, fields] of item.entries ?? []) await redis.xadd(key, id, ...fields);
        else if (item.type === 'zset') await redis.zadd(key, ...(item.members ?? []).reverse());
        else if (item.type === 'set') await redis.sadd(key, ...(item.members ?? []));
        else throw new Error(`fixture key type ${item.type}`);
      }
    } finally {
      await redis.quit();
    }
  }

  it('opens the previous release’s keys, stamps the layout and reads its events', async () => {
    await restore(prefix);
    const url = `${REDIS_URL}/0?prefix=${prefix}`;
    const store = await openStore({ store: { url } });
    try {
      expect(await flowEvents(store)).toEqual(FIXTURE_EVENTS);
    } finally {
      await store.close();
    }
    const redis = new Redis(REDIS_URL);
    expect(await redis.get(`${prefix}schema-version`)).toBe(String(STORE_LAYOUT_VERSION));
    await redis.set(`${prefix}schema-version`, String(STORE_LAYOUT_VERSION + 1));
    await redis.quit();
    await expect(openStore({ store: { url } })).rejects.toBeInstanceOf(StoreLayoutError);
    expect(startBffOn(url).status).toBe(78);
  }, 30_000);

  it('deletes entries written before layout 3 (MsgData inline, so they cannot be rewritten) when their personal data must go', async () => {
    const legacy = `${prefix}legacy:`;
    await restore(legacy);
    const store = await openStore({ store: { url: `${REDIS_URL}/0?prefix=${legacy}` } });
    try {
      // Erasing flow 2 removes its one entry; by age (before flow 3's entry) then flow 1's.
      expect(await store.erasePersonalData('yDfixflow00000000000000000000002')).toEqual({
        events: 1,
        flows: 0,
      });
      expect(await flowEvents(store)).toEqual([FIXTURE_EVENTS[0], FIXTURE_EVENTS[2]]);
      expect(await store.forgetPersonalData(1796412531840)).toBe(1);
      expect(await flowEvents(store)).toEqual([FIXTURE_EVENTS[2]]);
      expect(await store.erasePersonalData('yDfixflow00000000000000000000002')).toEqual({
        events: 0,
        flows: 0,
      });
      expect(await store.forgetPersonalData(1796412531840)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
