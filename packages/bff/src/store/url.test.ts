// STORE_URL as operators write it: a path, a sqlite: URL, or a Redis URL with an optional prefix.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFIX, parseStoreUrl } from './url.js';

describe('parseStoreUrl', () => {
  it('takes a SQLite path from a bare path, sqlite:path, sqlite://path and :memory:', () => {
    expect(parseStoreUrl({ url: '/var/lib/ess-kit/store.sqlite' })).toEqual({
      kind: 'sqlite',
      path: '/var/lib/ess-kit/store.sqlite',
    });
    expect(parseStoreUrl({ url: 'sqlite:data/store.sqlite' })).toEqual({
      kind: 'sqlite',
      path: 'data/store.sqlite',
    });
    expect(parseStoreUrl({ url: 'SQLite:///srv/store.sqlite' })).toEqual({
      kind: 'sqlite',
      path: '/srv/store.sqlite',
    });
    expect(parseStoreUrl({ url: ' :memory: ' })).toEqual({ kind: 'sqlite', path: ':memory:' });
    // Only a leading scheme is removed: a folder named sqlite: stays part of the path.
    expect(parseStoreUrl({ url: 'data/sqlite:x.sqlite' })).toEqual({
      kind: 'sqlite',
      path: 'data/sqlite:x.sqlite',
    });
  });

  it('takes the Redis prefix from the URL, else the setting, else the default', () => {
    expect(parseStoreUrl({ url: 'redis://h:6379/0?prefix=a:', prefix: 'b:' })).toEqual({
      kind: 'redis',
      url: 'redis://h:6379/0',
      prefix: 'a:',
    });
    expect(parseStoreUrl({ url: 'rediss://h:6380', prefix: 'b:' })).toMatchObject({ prefix: 'b:' });
    expect(parseStoreUrl({ url: 'redis://h' })).toMatchObject({ prefix: DEFAULT_PREFIX });
  });
});
