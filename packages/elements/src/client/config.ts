import { createContext } from '@lit/context';
import { EssStore } from './store.js';
import type { TokenResult } from './token.js';

/** Colour scheme of the components: follow the OS (`auto`, default) or force one. */
export type EssTheme = 'auto' | 'light' | 'dark';

/** Page-, subtree- or element-level configuration. */
export interface EssConfig {
  /** Base URL of the ess-kit BFF. */
  bffUrl?: string;
  /** A short-lived BFF token. */
  token?: string;
  /** Partner endpoint returning `{ "token": ... }` (fetched with credentials). */
  tokenUrl?: string;
  /** Function returning a fresh token. */
  getToken?: () => Promise<string | TokenResult> | string | TokenResult;
  /** `zh-CN` or `en`; default: `<html lang>`, then `zh-CN`. */
  locale?: string;
  /** Colour scheme. */
  theme?: EssTheme;
  /** Use this store instead of the shared one (fixtures, Storybook). */
  store?: EssStore;
}

/** Context key provided by `<ess-config>`. */
export const essConfigContext = createContext<EssConfig | undefined>(Symbol.for('ess-kit.config'));

/**
 * State shared by every copy of ess-kit on the page (the bundle may be loaded twice): the global
 * configuration, the store registry and the ids of `getToken` functions (part of the store keys,
 * so two copies never give two functions one id) live on `globalThis` under a registered symbol.
 */
interface PageState {
  config: EssConfig;
  stores: Map<string, EssStore>;
  listeners: Set<() => void>;
  tokenIds: WeakMap<object, number>;
}

const PAGE_KEY = Symbol.for('ess-kit.page');

function page(): PageState {
  const holder = globalThis as unknown as Record<symbol, PageState | undefined>;
  holder[PAGE_KEY] ??= {
    config: {},
    stores: new Map(),
    listeners: new Set(),
    tokenIds: new WeakMap(),
  };
  return holder[PAGE_KEY] as PageState;
}

/** Sets page-wide defaults (merged into the previous ones); elements pick them up at once. */
export function configure(config: EssConfig): void {
  const state = page();
  state.config = { ...state.config, ...config };
  for (const listener of state.listeners) listener();
}

/** The page-wide configuration. */
export function globalConfig(): EssConfig {
  return page().config;
}

/** Subscribes to {@link configure} calls. */
export function onConfigure(listener: () => void): () => void {
  page().listeners.add(listener);
  return () => page().listeners.delete(listener);
}

/** Merges configuration layers: later layers win, `undefined`/empty values do not override. */
export function mergeConfig(...layers: (EssConfig | undefined)[]): EssConfig {
  const merged: EssConfig = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined && value !== null && value !== '')
        (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** The page-wide id of a `getToken` function: random (2^52 values), so no counter to share. */
function identity(fn: object): number {
  const ids = page().tokenIds;
  let id = ids.get(fn);
  if (id === undefined) {
    id = Math.random();
    ids.set(fn, id);
  }
  return id;
}

/**
 * The shared store for a configuration: every element with the same BFF URL and token source
 * gets the same store, hence the same cache and the same single event stream.
 */
export function storeFor(config: EssConfig): EssStore {
  if (config.store) return config.store;
  const tokenKey = config.getToken
    ? `fn:${identity(config.getToken)}`
    : config.tokenUrl
      ? `url:${config.tokenUrl}`
      : `static:${config.token ?? ''}`;
  const key = `${config.bffUrl ?? ''}|${tokenKey}`;
  const stores = page().stores;
  let store = stores.get(key);
  if (!store) {
    store = new EssStore({
      bffUrl: config.bffUrl,
      token: config.token,
      tokenUrl: config.tokenUrl,
      getToken: config.getToken,
    });
    stores.set(key, store);
  }
  return store;
}

/** Closes and forgets every shared store (tests, single-page-app teardown). */
export function resetStores(): void {
  const stores = page().stores;
  for (const store of stores.values()) store.close();
  stores.clear();
}
