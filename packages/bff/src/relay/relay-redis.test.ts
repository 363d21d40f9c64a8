// The relay on Redis (issue 15), each test under its own key prefix: `openRelayStore` opens the Redis
// relay store beside a Redis event log, with the log's retention (or the defaults) as the lifetime of
// its bookkeeping keys (the layout in store-redis.ts's header); and a new target on an empty Redis log
// starts at the stream's beginning, "0-0", so that the first event is delivered. Skipped loudly
// without Redis, failing under REQUIRE_REDIS=1.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import { flowCallback } from '../../test/support/backends.js';
import { waitFor } from '../../test/support/wait-for.js';
import { loadConfig } from '../config.js';
import { ingestEvent } from '../ingest/intake.js';
import { createLogger } from '../logger.js';
import { DEFAULT_RETENTION, openStore } from '../store/index.js';
import type { StoredEvent } from '../store/types.js';
import { openRelayStore } from './index.js';
import { partitionOf } from './payload.js';
import { startRelay } from './relay.js';

const up = await redisAvailable('relay on redis');
const prefixes: string[] = [];
let seq = 0;
const freshPrefix = () => {
  const prefix = `ess-kit-test:relay-redis:${process.pid}-${Date.now()}-${++seq}:`;
  prefixes.push(prefix);
  return prefix;
};
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
afterAll(async () => {
  for (const prefix of prefixes) await deleteRedisKeys(prefix);
  redis.disconnect();
});

const FLOW = 'yDrelayRedis00000000000000000001';

/** Opens the relay store the BFF would for `retention`, queues one event and reads its keys' TTLs. */
async function ttlsWith(retention: Record<string, number> | undefined) {
  const prefix = freshPrefix();
  const config = loadConfig(
    { ESS_ENV: 'emulator', STORE_URL: `${REDIS_URL}?prefix=${prefix}`, LOG_LEVEL: 'error' },
    retention ? { store: { retention } } : {},
  );
  const store = await openStore(config);
  const relayStore = await openRelayStore({ config });
  try {
    expect(relayStore.kind).toBe('redis');
    const result = await ingestEvent(
      store,
      flowCallback({ flowId: FLOW, status: 1, occurTime: 1_700_800_000 }),
    );
    const event = (result as { events: StoredEvent[] }).events[0] as StoredEvent;
    await relayStore.enqueue('partner', [{ event, partition: partitionOf(event) }], event.id);
    await redis.connect().catch(() => undefined);
    return {
      seen: await redis.ttl(`${prefix}relay:seen:partner:${event.id}`),
      flow: await redis.ttl(`${prefix}relay:flow:${FLOW}`),
      cursor: await redis.get(`${prefix}relay:cursor:partner`),
      eventId: event.id,
    };
  } finally {
    await relayStore.close();
    await store.close();
  }
}

describe.skipIf(!up)('relay on redis', () => {
  it('openRelayStore keeps the relay keys under the store prefix, living as long as the configured retention', async () => {
    const ttl = await ttlsWith({ maxAgeSeconds: 5000, personalDataMaxAgeSeconds: 6000 });
    expect(ttl.cursor).toBe(ttl.eventId);
    expect(ttl.seen).toBeGreaterThan(4990);
    expect(ttl.seen).toBeLessThanOrEqual(5000);
    expect(ttl.flow).toBeGreaterThan(5990);
    expect(ttl.flow).toBeLessThanOrEqual(6000);
  });

  it('openRelayStore without a retention setting uses the store defaults', async () => {
    const ttl = await ttlsWith(undefined);
    expect(ttl.seen).toBeGreaterThan(DEFAULT_RETENTION.maxAgeSeconds - 10);
    expect(ttl.seen).toBeLessThanOrEqual(DEFAULT_RETENTION.maxAgeSeconds);
    expect(ttl.flow).toBeGreaterThan(DEFAULT_RETENTION.personalDataMaxAgeSeconds - 10);
    expect(ttl.flow).toBeLessThanOrEqual(DEFAULT_RETENTION.personalDataMaxAgeSeconds);
  });

  it('on an empty log a new target starts at "0-0" and its first event is delivered', async () => {
    const prefix = freshPrefix();
    const config = loadConfig(
      { ESS_ENV: 'emulator', STORE_URL: `${REDIS_URL}?prefix=${prefix}`, LOG_LEVEL: 'error' },
      {
        relay: {
          targets: [
            { name: 'partner', url: 'http://127.0.0.1:9/hook', secret: 'relay-redis-secret-0123456789' },
          ],
          pollMs: 20,
        },
      },
    );
    const store = await openStore(config);
    const relayStore = await openRelayStore({ config });
    const lines: string[] = [];
    const sent: string[] = [];
    const relay = startRelay({
      config: config.relay,
      store,
      relayStore,
      logger: createLogger({ level: 'info', sink: (line) => lines.push(line) }),
      scope: { mainOrganizationId: null, groupMemberIds: new Set() },
      fetch: async (_input, init) => {
        sent.push(String(new Headers(init?.headers).get('x-ess-kit-event-id')));
        return new Response(null, { status: 200 });
      },
    });
    try {
      await waitFor(async () => (await relayStore.cursor('partner')) !== null, 'the first cursor');
      expect(await relayStore.cursor('partner')).toBe('0-0');
      const result = await ingestEvent(
        store,
        flowCallback({ flowId: FLOW, status: 1, occurTime: 1_700_800_001 }),
      );
      const first = (result as { events: StoredEvent[] }).events[0] as StoredEvent;
      await waitFor(async () => (await relayStore.counts()).delivered === 1, 'the first event delivered');
      expect(sent).toEqual([first.id]);
      expect(lines).toEqual([]);
    } finally {
      await relay.close();
      await relayStore.close();
      await store.close();
    }
  });
});
