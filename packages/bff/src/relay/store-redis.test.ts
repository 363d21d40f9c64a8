// Redis-only RelayStore behaviour (real Redis, unique key prefix; skipped loudly when absent, a
// failure under REQUIRE_REDIS=1): a delivered record's hash expires (keepDeliveredSeconds) while its
// id stays in the capped `delivered` index and in its flow's index — lists, the personal-data sweep
// and flow erasure must pass over it.
import type { EssEvent } from '@ess-kit/shared';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import type { LiveEventData, StoredEvent } from '../store/types.js';
import { openRedisRelayStore } from './store-redis.js';
import type { Delivery } from './types.js';

const prefix = `ess-kit-test:relay-store-redis:${process.pid}:${Date.now()}:`;
afterAll(() => deleteRedisKeys(prefix));

const personal = (id: string): StoredEvent => ({
  id,
  at: 1_700_000_000_000,
  kind: 'flow',
  organizationId: 'ORG',
  flowId: `F${id}`,
  family: 'flow',
  msgType: 'FlowStatusChange',
  data: { v: 1, type: 'flow', flowId: `F${id}`, flowStatus: 1 } as LiveEventData,
  ess: {
    flowId: `F${id}`,
    data: { FlowId: `F${id}`, ApproverName: '张三', ApproverMobile: '13800000001' },
  } as Partial<EssEvent> as EssEvent,
});

describe('Redis relay store', () => {
  it('passes over delivered records whose hash expired, and names its connection', async (ctx) => {
    if (!(await redisAvailable('relay store (redis)'))) return ctx.skip();
    const store = await openRedisRelayStore({
      url: REDIS_URL,
      prefix,
      seenTtlSeconds: 3600,
      keepDeliveredSeconds: 3600,
      personalDataSeconds: 3600,
    });
    const redis = new Redis(REDIS_URL);
    try {
      // Operators find the relay's connection in CLIENT LIST by its name.
      expect(await redis.client('LIST')).toContain(`name=${prefix}relay `);

      await store.enqueue(
        'a',
        ['1', '2'].map((id) => ({ event: personal(id), partition: `flow:F${id}` })),
        '2',
      );
      const [one] = (await store.due(Date.now(), 1)) as [Delivery];
      expect(await store.claim(one, 30_000)).toBe(true);
      await store.complete(one, { state: 'delivered', status: 204, at: Date.now() });
      // What EXPIRE does after keepDeliveredSeconds: the hash goes, the indexes keep the id.
      expect(await redis.del(`${prefix}relay:d:${one.id}`)).toBe(1);

      expect((await store.list({ limit: 10 })).deliveries.map((d) => d.eventId)).toEqual(['2']);
      expect((await store.list({ state: 'delivered', limit: 10 })).deliveries).toEqual([]);
      expect(await store.get(one.id)).toBeNull();
      expect(await store.erasePersonalData('F1')).toBe(0);
      const later = Date.now() + 1;
      await expect.poll(() => Date.now()).toBeGreaterThan(later);
      expect(await store.forgetPersonalData(later)).toBe(1);
    } finally {
      redis.disconnect();
      await store.close();
    }
  });
});
