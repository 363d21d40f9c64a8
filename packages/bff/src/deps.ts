/**
 * What every route and background task of the BFF is built from. `createBff` assembles one of
 * these; route modules take it as their only argument (`callbackRoutes(deps)`, `proxyRoutes(deps)`...).
 */
import type { FailedAttempts } from './auth/failed-attempts.js';
import type { BffConfig } from './config.js';
import type { EssClient } from './ess/client.js';
import type { createLive } from './live-layer.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Store } from './store/types.js';

/** The live layer (bus + SSE hub) as built by `createLive`. */
export type Live = Awaited<ReturnType<typeof createLive>>;

/** A clock, injectable so tests can move time. */
export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

/** The BFF's dependencies. */
export interface BffDeps {
  config: BffConfig;
  ess: EssClient;
  store: Store;
  live: Live;
  logger: Logger;
  clock: Clock;
  /** Per-address budget of failed authentications and callbacks (shared by both). */
  failedAttempts: FailedAttempts;
  /** Prometheus instruments (metrics.ts). */
  metrics: Metrics;
  /** ESS's own time (the emulator's moved clock in emulator mode): decides what has expired. */
  essTime: Clock;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Who is calling, as established by the auth middleware. */
export type Caller =
  | {
      kind: 'partner';
      keyIndex: number;
      /** Organization ids this key may act for (config file `apiKeys[].organizations`); null = all. */
      organizations: string[] | null;
    }
  | { kind: 'browser'; token: import('./auth/tokens.js').BrowserToken };

/** Hono environment of the BFF app: per-request variables set by middleware. */
export type BffEnv = {
  Variables: {
    /** Request id echoed in `X-Request-Id` and in error bodies. */
    requestId: string;
    /** Set by `authenticate` on every `/v1` route except callbacks. */
    caller: Caller;
  };
};
