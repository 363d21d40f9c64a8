/**
 * `STORE_URL` read once, for the event log (store/index.ts) and the relay's state beside it
 * (relay/index.ts): a file path, `sqlite:` URL or `:memory:` names SQLite; `redis://`/`rediss://`
 * names Redis, where `?prefix=` sets the key prefix (so STORE_URL alone can separate deployments).
 * Messages name a Redis URL without its password (`redactUrl`).
 */

/** Where the store lives. `url` is the Redis URL without its `prefix` parameter. */
export type StoreLocation = { kind: 'redis'; url: string; prefix: string } | { kind: 'sqlite'; path: string };

/** The default Redis key prefix. */
export const DEFAULT_PREFIX = 'ess-kit:';

/** Parses `config.store.url` (`prefix` in the URL wins over `config.store.prefix`). */
export function parseStoreUrl(store: { url: string; prefix?: string }): StoreLocation {
  const url = store.url.trim();
  if (/^rediss?:\/\//i.test(url)) {
    const parsed = new URL(url);
    const prefix = parsed.searchParams.get('prefix') ?? store.prefix ?? DEFAULT_PREFIX;
    parsed.searchParams.delete('prefix');
    return { kind: 'redis', url: parsed.toString(), prefix };
  }
  return { kind: 'sqlite', path: url.replace(/^sqlite:(\/\/)?/i, '') };
}

/** A Redis URL without its password, for messages. */
export function redactUrl(url: string): string {
  // `//user:password@` keeps the user; a bare `//password@` is hidden whole.
  return url.replace(/\/\/([^@/]*)@/, (_, auth: string) =>
    auth.includes(':') ? `//${auth.slice(0, auth.indexOf(':'))}:***@` : '//***@',
  );
}
