/**
 * Prometheus metrics (prom-client) for one BFF: a registry of its own (several BFFs may share a
 * process in tests), the instruments every layer records into, and wrappers that time the ESS client
 * and the store without either knowing about metrics. `GET /metrics` serves it (routes/metrics.ts)
 * only when `METRICS_TOKEN` is set. Metric names and labels are listed in docs/production.md.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { BffError } from './errors.js';
import type { EssClient } from './ess/client.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { Store } from './store/types.js';

/** Latency buckets (seconds): from a cached read to an ESS call near its timeout. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Live values read at scrape time (the hub, the relay queue). */
export interface MetricsSources {
  /** Open browser and partner event streams. */
  sseConnections(): number;
  /** Relay deliveries per state (pending = queue depth, failed = dead letters). */
  relayCounts(): Promise<Record<'pending' | 'delivered' | 'failed', number>>;
}

/** The instruments of one BFF. */
export interface Metrics {
  registry: Registry;
  /** Every answered request; `ess_bff_http_requests_total` is counted from it when scraped. */
  httpDuration: LatencyHistogram<'method' | 'route' | 'status'>;
  essCalls: Counter<'action' | 'code'>;
  essDuration: Histogram<'action' | 'code'>;
  callbacks: Counter<'outcome' | 'code'>;
  eventsPublished: Counter<'kind'>;
  relayDeliveries: Counter<'state'>;
  reconcileRuns: Counter<'outcome'>;
  storeDuration: LatencyHistogram<'operation'>;
  /** Connects the scrape-time gauges to their sources (once the live layer and relay exist). */
  observe(sources: MetricsSources): void;
}

/** What `ess_bff_info` names: the environment, the product and (第三方应用) the AppId — never a secret. */
export interface MetricsIdentity {
  essEnv: string;
  essApi: string;
  appId: string | null;
}

/** Creates the registry and instruments (process metrics included). */
export function createMetrics(identity?: MetricsIdentity): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ess_bff_' });
  const registers = [registry];
  if (identity)
    new Gauge({
      name: 'ess_bff_info',
      help: 'Always 1; the labels say which ESS environment, product (ess or essbasic) and AppId this BFF serves',
      labelNames: ['ess_env', 'ess_api', 'app_id'] as const,
      registers,
    }).set({ ess_env: identity.essEnv, ess_api: identity.essApi, app_id: identity.appId ?? '' }, 1);
  let sources: MetricsSources | null = null;
  new Gauge({
    name: 'ess_bff_sse_connections',
    help: 'Open server-sent event streams (browser and partner)',
    registers,
    collect() {
      this.set(sources?.sseConnections() ?? 0);
    },
  });
  const relayQueue = new Gauge({
    name: 'ess_bff_relay_queue_depth',
    help: 'Relay deliveries waiting to be delivered (pending)',
    registers,
  });
  const relayDead = new Gauge({
    name: 'ess_bff_relay_dead_letters',
    help: 'Relay deliveries that used up their attempts (failed; redeliver from /v1/partner/deliveries)',
    registers,
    async collect() {
      if (!sources) return;
      // One store read sets both gauges; a store that cannot answer leaves the last values.
      const counts = await sources.relayCounts().catch(() => null);
      if (!counts) return;
      this.set(counts.failed);
      relayQueue.set(counts.pending);
    },
  });
  void relayDead;
  // Observed on every request (twice on a cached read, with the store's): latency-histogram.ts.
  const httpDuration = new LatencyHistogram({
    name: 'ess_bff_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern (streams: until the response head)',
    labelNames: ['method', 'route', 'status'],
    buckets: BUCKETS,
    registers,
  });
  // Counted from the histogram's counts at scrape time: one instrument per request, not two, on
  // the hot path (the counts are the same numbers).
  new Counter({
    name: 'ess_bff_http_requests_total',
    help: 'HTTP requests by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers,
    async collect() {
      const { values } = await httpDuration.get();
      this.reset();
      for (const v of values)
        if (v.metricName === 'ess_bff_http_request_duration_seconds_count')
          this.inc(v.labels as Record<'method' | 'route' | 'status', string | number>, v.value);
    },
  });
  return {
    registry,
    httpDuration,
    essCalls: new Counter({
      name: 'ess_bff_ess_calls_total',
      help: 'ESS API calls by action and outcome code (ok, or the ESS/BFF error code)',
      labelNames: ['action', 'code'],
      registers,
    }),
    essDuration: new Histogram({
      name: 'ess_bff_ess_call_duration_seconds',
      help: 'ESS API call latency, retries included',
      labelNames: ['action', 'code'],
      buckets: BUCKETS,
      registers,
    }),
    callbacks: new Counter({
      name: 'ess_bff_callbacks_total',
      help: 'ESS callbacks by outcome (accepted, duplicate, refused) and refusal code',
      labelNames: ['outcome', 'code'],
      registers,
    }),
    eventsPublished: new Counter({
      name: 'ess_bff_events_published_total',
      help: 'Events written to the log and published to streams, by kind',
      labelNames: ['kind'],
      registers,
    }),
    relayDeliveries: new Counter({
      name: 'ess_bff_relay_deliveries_total',
      help: 'Relay delivery attempts by resulting state (delivered, pending = will retry, failed = dead letter)',
      labelNames: ['state'],
      registers,
    }),
    reconcileRuns: new Counter({
      name: 'ess_bff_reconcile_runs_total',
      help: 'Reconcile rounds by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers,
    }),
    storeDuration: new LatencyHistogram({
      name: 'ess_bff_store_operation_duration_seconds',
      help: 'Event store operation latency by operation',
      labelNames: ['operation'],
      buckets: BUCKETS,
      registers,
    }),
    observe(next) {
      sources = next;
    },
  };
}

/** The outcome label of a failed ESS call: ESS's own code when it answered, else the BFF code. */
function essCodeOf(error: unknown): string {
  if (error instanceof BffError) return String(error.details?.essCode ?? error.code);
  return 'INTERNAL';
}

/** The ESS client, with every call counted and timed. */
export function instrumentEss(ess: EssClient, metrics: Metrics): EssClient {
  const timed = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    const stop = metrics.essDuration.startTimer({ action });
    try {
      const result = await run();
      metrics.essCalls.inc({ action, code: 'ok' });
      stop({ code: 'ok' });
      return result;
    } catch (error) {
      const code = essCodeOf(error);
      metrics.essCalls.inc({ action, code });
      stop({ code });
      throw error;
    }
  };
  return {
    ...ess,
    callPlatform: (action, params, options) => timed(action, () => ess.callPlatform(action, params, options)),
    call: (action, params, options) => timed(action, () => ess.call(action, params, options)),
  };
}

/** The store, with every asynchronous operation timed (synchronous ones pass through). */
export function instrumentStore(store: Store, metrics: Metrics): Store {
  // One wrapper per operation, made on first use: a new closure per call showed in the cached read's profile.
  const wrappers = new Map<PropertyKey, { of: unknown; wrapper: unknown }>();
  const wrap = (value: (...args: unknown[]) => unknown, target: Store, operation: string) => {
    const labels = { operation };
    const observeSince = (started: number) =>
      metrics.storeDuration.observe(labels, (performance.now() - started) / 1000);
    return (...args: unknown[]) => {
      const started = performance.now();
      const result = value.apply(target, args);
      if (!(result instanceof Promise)) return result;
      return result.then(
        (settled) => {
          observeSince(started);
          return settled;
        },
        (error: unknown) => {
          observeSince(started);
          throw error;
        },
      );
    };
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const known = wrappers.get(property);
      if (known !== undefined && known.of === value) return known.wrapper;
      const wrapper = wrap(value, target, String(property));
      wrappers.set(property, { of: value, wrapper });
      return wrapper;
    },
  });
}
