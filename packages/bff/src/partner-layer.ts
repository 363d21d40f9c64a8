/**
 * The partner side of the BFF (issue 8): the partner event stream, the webhook relay and its
 * deliveries API, assembled for `createBff`.
 */
import { Hono } from 'hono';
import type { BffDeps, BffEnv } from './deps.js';
import { SHUTDOWN_FRAME } from './live/frames.js';
import type { Sink } from './live/sink.js';
import { openRelayStore } from './relay/index.js';
import { organizationScope } from './relay/payload.js';
import { type Relay, startRelay } from './relay/relay.js';
import { type PersonalDataRetention, startPersonalDataRetention } from './relay/retention.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { partnerEventRoutes } from './routes/partner-events.js';
import { personalDataRoutes } from './routes/personal-data.js';
import { DEFAULT_RETENTION } from './store/index.js';
import { guardStore } from './store/unavailable.js';

/** The partner routes plus the running relay. */
export interface PartnerLayer {
  relay: Relay;
  /** Removes personal data past its retention from the log and the relay's deliveries. */
  retention: PersonalDataRetention;
  routes: Hono<BffEnv>;
  /** Open partner event streams. */
  streamCount(): number;
  /** Tells every partner stream to reconnect (`retry:` hint) and closes it. */
  closeStreams(): void;
  close(): Promise<void>;
}

/** Starts the relay and builds the partner routes (`/v1/partner/events`, `/v1/partner/deliveries…`). */
export async function createPartnerLayer(
  deps: BffDeps,
  options: { fetch?: typeof fetch } = {},
): Promise<PartnerLayer> {
  const relayStore = guardStore(await openRelayStore(deps), deps.logger, 'relay');
  const relay = startRelay({
    config: deps.config.relay,
    store: deps.store,
    relayStore,
    logger: deps.logger,
    scope: organizationScope(deps.config),
    fetch: options.fetch,
    onOutcome: (state) => deps.metrics.relayDeliveries.inc({ state }),
  });
  const retention = startPersonalDataRetention({
    store: deps.store,
    relayStore,
    maxAgeSeconds:
      deps.config.store.retention?.personalDataMaxAgeSeconds ?? DEFAULT_RETENTION.personalDataMaxAgeSeconds,
    logger: deps.logger,
    now: () => deps.clock.now(),
  });
  const routes = new Hono<BffEnv>();
  const streams = new Set<Sink>();
  routes.route('/', partnerEventRoutes(deps, streams));
  routes.route('/', deliveryRoutes(deps, relay));
  routes.route('/', personalDataRoutes(deps, relayStore));
  return {
    relay,
    retention,
    routes,
    streamCount: () => streams.size,
    closeStreams() {
      for (const sink of [...streams]) {
        sink.write(SHUTDOWN_FRAME, true);
        sink.close();
      }
    },
    async close() {
      for (const sink of [...streams]) sink.close();
      retention.stop();
      await relay.close();
      await relayStore.close();
    },
  };
}
