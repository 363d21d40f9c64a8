/**
 * `openStore(config)`: the store named by `STORE_URL` — a file path (or `sqlite:` URL, or `:memory:`)
 * opens SQLite, `redis://`/`rediss://` opens Redis (`redis://host:6379/0?prefix=ess-kit:` sets the key prefix).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { StoreLayoutError } from './layout.js';
import type { Retention, Store } from './types.js';
import { parseStoreUrl, redactUrl } from './url.js';

export { compareEventIds, isEventId, parseEventId } from './event-id.js';
export { STORE_LAYOUT_VERSION, StoreLayoutError } from './layout.js';
export type * from './types.js';
export { parseStoreUrl, type StoreLocation } from './url.js';

/** The part of `BffConfig` the store reads (`config.store`). */
export interface StoreConfig {
  store: {
    /** `STORE_URL`: SQLite file path or `redis://…`. */
    url: string;
    /** Event log retention; defaults 100,000 events / 7 days, personal data 30 days. */
    retention?: Partial<Retention>;
    /** Redis key prefix (several deployments or test runs on one Redis); default `ess-kit:`. */
    prefix?: string;
    /** ioredis options (config file `store.redis`): Sentinel (`sentinels`, `name`), TLS, timeouts. */
    redis?: Record<string, unknown>;
  };
}

export const DEFAULT_RETENTION: Retention = {
  maxEvents: 100_000,
  maxAgeSeconds: 7 * 24 * 3600,
  personalDataMaxAgeSeconds: 30 * 24 * 3600,
};

/**
 * Opens (and migrates) the store named by `config.store.url`.
 * @throws ConfigError naming `STORE_URL` (never its password) when the store cannot be opened
 */
export async function openStore(config: StoreConfig, options: { logger?: Logger } = {}): Promise<Store> {
  const location = parseStoreUrl(config.store);
  const retention = { ...DEFAULT_RETENTION, ...config.store.retention };
  if (location.kind === 'redis') {
    const { url, prefix } = location;
    const { openRedisStore } = await import('./redis.js');
    return openRedisStore({
      url,
      retention,
      prefix,
      logger: options.logger,
      redis: config.store.redis,
    }).catch((error: Error) => {
      // A newer layout is its own answer (server.ts exits 78 with it); anything else is the connection.
      if (error instanceof StoreLayoutError) throw error;
      throw new ConfigError(
        'STORE_URL',
        `cannot reach Redis at ${redactUrl(url)} (${error.message}); check the host, port, password and that Redis runs`,
      );
    });
  }
  const { path } = location;
  const { openSqliteStore } = await import('./sqlite.js');
  try {
    return openSqliteStore({ path, retention });
  } catch (error) {
    if (error instanceof StoreLayoutError) throw error;
    throw new ConfigError('STORE_URL', sqliteOpenProblem(path, error as Error & { code?: string }));
  }
}

/** What is wrong with a SQLite path that failed to open, in words an operator can act on. */
function sqliteOpenProblem(path: string, error: Error & { code?: string }): string {
  const where = `the SQLite store ${path}`;
  const stat = statOrNull(path);
  if (stat?.isDirectory())
    return `${where} is a directory; name a file inside it (e.g. ${join(path, 'ess-kit.sqlite')})`;
  if (error.code === 'SQLITE_NOTADB')
    return `${where} exists but is not a SQLite database; point STORE_URL at another file`;
  if (error.code === 'EEXIST' || error.code === 'ENOTDIR')
    return `cannot create the folder of ${where}: a part of the path is a file, not a folder`;
  if (error.code === 'EACCES' || error.code === 'EPERM') return `no permission to create or open ${where}`;
  if (error.code === 'SQLITE_CANTOPEN')
    return `cannot open ${where}: check that its folder exists and is writable`;
  return `cannot open ${where} (${error.code ?? error.message})`;
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
