/**
 * The webhook relay (issue 8): its durable state beside the event log, and what the partner layer
 * (partner-layer.ts) and embedders use of it. Routes are not its business: they import the relay.
 */
import type { BffDeps } from '../deps.js';
import { DEFAULT_RETENTION, parseStoreUrl } from '../store/index.js';
import type { RelayStore } from './types.js';

export { signWebhook, verifyWebhookSignature, type WebhookSignatureResult } from '@ess-kit/shared';
export { DEFAULT_RELAY_CONFIG, type RelayConfig, type RelayTarget, relayConfigSchema } from './config.js';
export { type PartnerEvent, partnerEvent } from './payload.js';
export { backoffMs, type Relay } from './relay.js';
export type { Delivery, DeliveryState, RelayStore } from './types.js';

/** Opens the relay's durable state beside the event log named by `config.store.url`. */
export async function openRelayStore(
  deps: Pick<BffDeps, 'config'> & Partial<Pick<BffDeps, 'logger'>>,
): Promise<RelayStore> {
  const { config } = deps;
  const location = parseStoreUrl(config.store);
  const keepMs = config.relay.keepDeliveredSeconds * 1000;
  if (location.kind === 'redis') {
    const { openRedisRelayStore } = await import('./store-redis.js');
    return openRedisRelayStore({
      url: location.url,
      prefix: location.prefix,
      seenTtlSeconds: config.store.retention?.maxAgeSeconds ?? DEFAULT_RETENTION.maxAgeSeconds,
      keepDeliveredSeconds: config.relay.keepDeliveredSeconds,
      personalDataSeconds:
        config.store.retention?.personalDataMaxAgeSeconds ?? DEFAULT_RETENTION.personalDataMaxAgeSeconds,
      logger: deps.logger,
      redis: config.store.redis,
    });
  }
  const { openSqliteRelayStore } = await import('./store-sqlite.js');
  return openSqliteRelayStore(location.path, keepMs);
}
