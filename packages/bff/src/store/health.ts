/**
 * What "the store works" means, per implementation, for readiness (`/readyz`): a real write read back.
 * SQLite also proves its file is still the one it opened (a deleted file takes writes into an unlinked
 * inode, lost at the next restart) and that its pages pass an integrity check; Redis proves a round trip.
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Redis } from 'ioredis';

/** How often SQLite's `quick_check` (which reads every page) runs at most; its verdict is kept meanwhile. */
const INTEGRITY_EVERY_MS = 10_000;

/** The SQLite check: throws an Error whose message says what is wrong. */
export function sqliteCheck(db: Database.Database, path: string): () => Promise<void> {
  const inMemory = path === ':memory:' || path === '';
  const inode = inMemory ? 0 : statSync(path).ino;
  db.exec('CREATE TABLE IF NOT EXISTS health (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)');
  const write = db.prepare(
    'INSERT INTO health (id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at',
  );
  const read = db.prepare('SELECT at FROM health WHERE id = 1').pluck();
  let integrity: { at: number; problem: string | null } = { at: 0, problem: null };
  return async () => {
    if (!inMemory) {
      let current: number;
      try {
        current = statSync(path).ino;
      } catch {
        throw new Error(`the SQLite file ${path} was deleted under the running BFF; restart it`);
      }
      if (current !== inode)
        throw new Error(`the SQLite file ${path} was replaced under the running BFF; restart it`);
    }
    const now = Date.now();
    write.run(now);
    if (read.get() !== now) throw new Error('a write to SQLite did not read back');
    if (integrity.problem === null && now - integrity.at >= INTEGRITY_EVERY_MS) {
      const result = db.pragma('quick_check(1)', { simple: true });
      integrity = {
        at: now,
        problem: result === 'ok' ? null : `SQLite integrity check failed: ${String(result)}`,
      };
    }
    if (integrity.problem) throw new Error(integrity.problem);
  };
}

/** The Redis check: a write and a read of one short-lived key. */
export function redisCheck(redis: Redis, key: string): () => Promise<void> {
  return async () => {
    const value = String(Date.now());
    const [, got] = await redis
      .multi()
      .set(key, value, 'PX', 60_000)
      .get(key)
      .exec()
      .then((r) => r?.map(([, v]) => v) ?? []);
    if (got !== value) throw new Error('a write to Redis did not read back');
  };
}
