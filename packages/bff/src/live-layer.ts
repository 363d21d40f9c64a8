/**
 * The live layer of one BFF process: the SSE hub fed by the store's live subscription (in-process
 * for SQLite, one Redis pub/sub subscription for Redis), log trimming and reconciliation.
 * `close()` leaves no timer, listener or subscription behind.
 */
import type { BffConfig } from './config.js';
import type { EssClient } from './ess/client.js';
import { createReconciler, type Reconciler } from './ingest/reconcile.js';
import { SseHub } from './live/hub.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Store } from './store/types.js';

/** How often the event log is trimmed to its retention bounds. */
const TRIM_EVERY_MS = 60_000;
/** Default quiet period before a flow is reconciled (config `reconcile.quietMs` overrides). */
export const DEFAULT_QUIET_MS = 5 * 60_000;

export interface LiveInput {
  config: BffConfig;
  store: Store;
  ess: EssClient;
  logger: Logger;
  /** Counts reconcile rounds when given. */
  metrics?: Pick<Metrics, 'reconcileRuns'>;
  /** ESS's time (unix ms): decides which QR codes have expired. */
  essNow?: () => number;
}

export interface LiveLayer {
  hub: SseHub;
  reconciler: Reconciler;
  close(): Promise<void>;
}

/** Builds the live layer and starts its background work. */
export async function createLive({
  config,
  store,
  ess,
  logger,
  metrics,
  essNow,
}: LiveInput): Promise<LiveLayer> {
  const hub = new SseHub(
    {
      heartbeatMs: config.sse.heartbeatMs,
      maxConnections: config.sse.maxConnections,
      maxConnectionsPerToken: config.sse.maxConnectionsPerToken,
    },
    config.groupMembers.map((m) => m.organizationId),
  );
  const unsubscribe = store.subscribe((event) => hub.publish(event));
  const trimTimer = setInterval(() => {
    store.trim().catch((error) => logger.warn('event log trim failed', { error: (error as Error).message }));
  }, TRIM_EVERY_MS);
  trimTimer.unref?.();
  const reconcile = config.reconcile as { intervalMs: number; quietMs?: number };
  const reconciler = createReconciler({
    store,
    ess,
    logger: logger.child({ component: 'reconcile' }),
    config,
    intervalMs: reconcile.intervalMs,
    quietMs: reconcile.quietMs ?? DEFAULT_QUIET_MS,
    onRound: (outcome) => metrics?.reconcileRuns.inc({ outcome }),
    essNow,
  });
  let closed = false;
  return {
    hub,
    reconciler,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(trimTimer);
      unsubscribe();
      await reconciler.stop();
      hub.closeAll();
    },
  };
}
