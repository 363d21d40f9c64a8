/**
 * `openStore(config)`: the store named by `STORE_URL` — a file path (or `sqlite:` URL, or `:memory:`)
 * opens SQLite, `redis://`/`rediss://` opens Redis (`redis://host:6379/0?prefix=ess-kit:` sets the key prefix).
 */
import type { Retention, Store } from './types.js';

export { compareEventIds, isEventId, parseEventId } from './event-id.js';
export { STORE_LAYOUT_VERSION, StoreLayoutError } from './layout.js';
export { applyEventToSnapshot, flowSnapshotFromDetail, qrSnapshot } from './snapshot.js';
export type * from './types.js';

/** The part of `BffConfig` the store reads (`config.store`). */
export interface StoreConfig {
  store: {
    /** `STORE_URL`: SQLite file path or `redis://…`. */
    url: string;
    /** Event log retention; defaults 100,000 events / 7 days. */
    retention?: Partial<Retention>;
    /** Redis key prefix (several deployments or test runs on one Redis); default `ess-kit:`. */
    prefix?: string;
    /** ioredis options (config file `store.redis`): Sentinel (`sentinels`, `name`), TLS, timeouts. */
    redis?: Record<string, unknown>;
  };
}

export const DEFAULT_RETENTION: Retention = { maxEvents: 100_000, maxAgeSeconds: 7 * 24 * 3600 };

/** Opens (and migrates) the store named by `config.storeUrl`. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const url = config.store.url.trim();
  const retention = { ...DEFAULT_RETENTION, ...config.store.retention };
  if (/^rediss?:\/\//i.test(url)) {
    // `?prefix=` in the URL names the key prefix too (STORE_URL alone can then separate deployments).
    const parsed = new URL(url);
    const prefix = parsed.searchParams.get('prefix') ?? config.store.prefix ?? 'ess-kit:';
    parsed.searchParams.delete('prefix');
    const { openRedisStore } = await import('./redis.js');
    return openRedisStore({ url: parsed.toString(), retention, prefix, redis: config.store.redis });
  }
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  const { openSqliteStore } = await import('./sqlite.js');
  return openSqliteStore({ path, retention });
}
