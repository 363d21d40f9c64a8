/**
 * `createBff(config)`: assembles the BFF — store, ESS client, live layer, middleware and routes —
 * into a Hono app that runs on any runtime with Web-standard Request/Response.
 */

import { Hono } from 'hono';
import { failedAttempts } from './auth/failed-attempts.js';
import { createAuthenticator } from './auth/middleware.js';
import { type BffConfig, secretValues } from './config.js';
import { type BffDeps, type BffEnv, type Clock, systemClock } from './deps.js';
import { BffError, errorBody } from './errors.js';
import { createEssClient } from './ess/client.js';
import { type EssTime, emulatorEssTime, localEssTime } from './ess/ess-time.js';
import { startEssProbe } from './ess/readiness.js';
import { type CachedReads, cachedReads } from './http/cached-read.js';
import { type FinishedRequest, requestFrame } from './http/frame.js';
import { MemoRouter } from './http/router.js';
import { SHUTDOWN_FRAME } from './live/frames.js';
import { createLive } from './live-layer.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, instrumentEss, instrumentStore } from './metrics.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { referenceRoutes } from './openapi/reference.js';
import { createPartnerLayer } from './partner-layer.js';
import { onboardingRoutes, withOnboardingLinks } from './platform/onboarding.js';
import { callbackRoutes } from './routes/callbacks.js';
import { catalogRoutes } from './routes/catalog.js';
import { documentPdfRoutes } from './routes/document-pdf.js';
import { eventRoutes } from './routes/events.js';
import { flowRoutes } from './routes/flows.js';
import { byFileRoutes } from './routes/flows-by-file.js';
import { byTemplateRoutes } from './routes/flows-by-template.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { pdfRoutes } from './routes/pdf.js';
import { proxyRoutes } from './routes/proxy.js';
import { qrCodeRoutes } from './routes/qr-codes.js';
import { tokenRoutes } from './routes/tokens.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';
import { guardStore } from './store/unavailable.js';

/** Extra wiring for tests and embedding. */
export interface CreateBffOptions {
  /** Defaults to a JSON-lines logger at `config.logLevel` that redacts every configured secret. */
  logger?: Logger;
  /** fetch used for ESS calls (defaults to the global one). */
  fetch?: typeof fetch;
  clock?: Clock;
  /** An already open store (otherwise `openStore` with `config.store.url`). */
  store?: Store;
}

/** What `createBff` returns. */
export interface Bff {
  app: Hono<BffEnv>;
  deps: BffDeps;
  /**
   * On Node, cached `GET /v1/flows/:flowId` reads answered before the app (http/cached-read.ts);
   * every other request goes to `next`, the app's listener. `bffListener` (server.ts) joins the two.
   */
  cachedReads: CachedReads;
  /** Tells every event stream (browser and partner) to reconnect (`retry:` hint) and closes it. */
  closeStreams(): void;
  /** Stops background work and closes the store (when the BFF opened it). */
  close(): Promise<void>;
}

/** Detail keys that are safe and useful in error bodies. */
const PUBLIC_DETAILS = new Set([
  'issues',
  'violations',
  'essCode',
  'essMessage',
  'essRequestId',
  'retryAfterSeconds',
  'flowStatus',
  'flowId',
  'flowCancelled',
  'organizationOpenId',
  'onboardingUrl',
  'onboardingRoute',
]);

/** Routes with large bodies (PDFs in base64). */
const UPLOAD_PATHS = new Set(['/v1/flows/by-file', '/v1/pdf/keyword-positions', '/v1/ess/UploadFiles']);

/** Builds the BFF app. */
export async function createBff(config: BffConfig, options: CreateBffOptions = {}): Promise<Bff> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: secretValues(config) });
  const clock = options.clock ?? systemClock;
  const metrics = createMetrics({
    essEnv: config.env,
    essApi: config.ess.api,
    appId: config.ess.appId ?? null,
  });
  // Which product and application this instance speaks, once at start (the AppId is not a secret).
  logger.info('ess product', { essEnv: config.env, essApi: config.ess.api, appId: config.ess.appId ?? null });
  const openedStore = options.store ?? (await openStore(config, { logger }));
  const ownsStore = !options.store;
  // Timed (metrics.ts), then any store failure answers 503 STORE_UNAVAILABLE (store/unavailable.ts).
  const store = guardStore(instrumentStore(openedStore, metrics), logger);
  const unsubscribeMetrics = store.subscribe((event) => metrics.eventsPublished.inc({ kind: event.kind }));
  const rawEss = createEssClient({
    endpoint: config.ess.endpoint,
    fileEndpoint: config.ess.fileEndpoint,
    secretId: config.ess.secretId,
    secretKey: config.ess.secretKey,
    region: config.ess.region,
    timeoutMs: config.ess.timeoutMs,
    maxRetries: config.ess.maxRetries,
    retryBaseMs: config.ess.retryBaseMs,
    rateLimits: config.ess.rateLimits,
    operatorUserId: config.organization.operatorUserId ?? config.ess.operatorUserId,
    api: config.ess.api,
    appId: config.ess.appId,
    logger,
    fetch: options.fetch,
  });
  // 第三方应用: a sub-company that has not finished onboarding gets its link in the error (platform/onboarding.ts).
  const ess = withOnboardingLinks(instrumentEss(rawEss, metrics), { config, store });
  let essTime: EssTime = localEssTime(clock);
  const live = await createLive({ config, store, ess, logger, metrics, essNow: () => essTime.now() });
  if (config.env === 'emulator') {
    // The emulator's clock moves (demo, tests): expire QR codes by its time, as soon as it moves.
    essTime = emulatorEssTime({
      endpoint: config.ess.endpoint,
      clock,
      logger: logger.child({ component: 'ess-time' }),
      fetch: options.fetch,
      onChange: () => live.reconciler.runOnce().catch(() => 0),
    });
  }
  const failures = failedAttempts({
    perMinute: config.limits.failedAttemptsPerMinute,
    trustedProxies: config.trustedProxies,
    now: () => clock.now(),
  });
  const deps: BffDeps = {
    config,
    ess,
    store,
    live,
    logger,
    clock,
    metrics,
    essTime,
    failedAttempts: failures,
  };
  const essProbe = startEssProbe({
    ess,
    logger: logger.child({ component: 'readiness' }),
    intervalMs: config.ess.probeIntervalMs,
  });

  const app = new Hono<BffEnv>({ router: new MemoRouter() });

  // Every answered request: the request histogram and the access log line (also for the fast path).
  const accessLine =
    config.accessLog === 'on'
      ? logger.lineWriter('info', 'access', ['requestId', 'method', 'route', 'status', 'ms'])
      : null;
  const onFinish = (request: FinishedRequest) => {
    const labels = { method: request.method, route: request.route, status: request.status };
    metrics.httpDuration.observe(labels, request.ms / 1000);
    accessLine?.([request.requestId, request.method, request.route, request.status, Math.round(request.ms)]);
  };
  const frame = requestFrame({
    allowedOrigins: config.allowedOrigins,
    bodyBytes: config.limits.bodyBytes,
    uploadBytes: config.limits.uploadBytes,
    uploadPaths: UPLOAD_PATHS,
    onFinish,
  });
  app.use('*', frame);

  let openApi: Record<string, unknown> | null = null;
  const openApiDocument = () => {
    openApi ??= buildOpenApiDocument();
    return openApi;
  };
  // Readiness asks the unwrapped store, so its answer names what failed (store/health.ts).
  app.route(
    '/',
    healthRoutes(deps, essProbe, () => openedStore.check()),
  );
  app.route('/', metricsRoutes(metrics, config.metrics.token));
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.route('/', referenceRoutes());

  // ESS callbacks authenticate with their own key/signature, not with partner keys or tokens.
  app.route('/', callbackRoutes(deps));

  const auth = createAuthenticator(config, () => clock.now(), {
    except: (path) => path === '/v1/callbacks' || path.startsWith('/v1/callbacks/'),
    failedAttempts: failures,
  });
  app.use('/v1/*', auth.middleware);
  app.route('/', tokenRoutes(deps));
  app.route('/', onboardingRoutes(deps));
  app.route('/', proxyRoutes(deps));
  app.route('/', byFileRoutes(deps));
  app.route('/', byTemplateRoutes(deps));
  app.route('/', flowRoutes(deps));
  app.route('/', catalogRoutes(deps));
  app.route('/', qrCodeRoutes(deps));
  app.route('/', pdfRoutes(deps));
  app.route('/', documentPdfRoutes(deps));
  app.route('/', eventRoutes(deps));
  const partner = await createPartnerLayer(deps);
  app.route('/', partner.routes);
  metrics.observe({
    sseConnections: () => live.hub.size + partner.streamCount(),
    relayCounts: () => partner.relay.relayStore.counts(),
  });

  app.notFound((c) => {
    const err = new BffError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`);
    return c.json(errorBody(err, c.get('requestId') ?? ''), 404);
  });

  app.onError((err, c) => {
    const requestId = c.get('requestId') ?? crypto.randomUUID();
    if (err instanceof BffError) {
      // An onboarding link logs into the sub-company's console: for partner backends, never for browsers.
      const browser = c.get('caller')?.kind === 'browser';
      const details = err.details
        ? Object.fromEntries(
            Object.entries(err.details).filter(
              ([k]) => PUBLIC_DETAILS.has(k) && !(browser && k === 'onboardingUrl'),
            ),
          )
        : undefined;
      const safe = new BffError(
        err.code,
        err.message,
        details && Object.keys(details).length ? details : undefined,
      );
      if (
        err.code === 'RATE_LIMITED' ||
        err.code === 'ESS_RATE_LIMITED' ||
        err.code === 'STORE_UNAVAILABLE'
      ) {
        const retry = Number(err.details?.retryAfterSeconds ?? 1);
        c.header('Retry-After', String(Math.max(1, Math.ceil(retry))));
      }
      if (err.status >= 500)
        logger.warn('request failed', { requestId, code: err.code, message: err.message });
      return c.json(errorBody(safe, requestId), err.status as 400);
    }
    // The client went away mid-request (an abandoned upload): nobody is left to answer, nothing failed.
    if (c.req.raw.signal.aborted) {
      logger.info('client closed the connection', { requestId });
      return c.body(null, 499 as 400);
    }
    // Unexpected: log the message (redacted by the logger), never send it or a stack to the caller.
    logger.error('unhandled error', { requestId, error: err instanceof Error ? err.message : String(err) });
    return c.json(
      errorBody(new BffError('INTERNAL', 'Internal error; quote the requestId when reporting it'), requestId),
      500,
    );
  });

  return {
    app,
    deps,
    // Built last: it checks that nothing registered above shares the route's paths.
    cachedReads: cachedReads({
      deps,
      auth,
      failedAttempts: failures,
      onFinish,
      routes: app.routes,
      expectedHandlers: [frame, auth.middleware],
    }),
    closeStreams() {
      live.hub.closeAll(SHUTDOWN_FRAME);
      partner.closeStreams();
    },
    async close() {
      essProbe.stop();
      unsubscribeMetrics();
      essTime.close();
      await partner.close();
      await live.close?.();
      ess.close();
      if (ownsStore) await openedStore.close();
    },
  };
}
