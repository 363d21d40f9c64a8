/**
 * Relay state in Redis, shared by every BFF instance on it. Keys (under the store's prefix):
 *   relay:cursor:<target>          the target's position in the event log
 *   relay:seen:<target>:<eventId>  delivery id of an event already queued (expires with the log)
 *   relay:d:<id>                   one delivery (hash)
 *   relay:q:<target>|<partition>   pending deliveries of a partition, by id (sorted set)
 *   relay:parts                    partitions with pending deliveries (set)
 *   relay:state:<state>            deliveries by state, by id (sorted sets; `delivered` is capped)
 *   relay:lease:<target>|<part>    who delivers that partition right now (SET NX PX)
 *   relay:ingest:<target>          who scans that target's log right now (SET NX PX)
 *   relay:flow:<flowId>            ids of the flow's deliveries (set; erasing a flow's personal data
 *                                  finds them here; expires with the personal-data retention)
 *   relay:pd-swept-through         the newest delivery id the personal-data retention has handled
 * Every multi-key change is one Lua script, so a crash never leaves half a delivery.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';
import { eventHasPersonalData, eventWithoutPersonalData } from '../store/personal-data.js';
import { logRedisErrors } from '../store/redis-errors.js';
import type { EventId, StoredEvent } from '../store/types.js';
import type { Delivery, DeliveryPage, DeliveryState, RelayStore } from './types.js';

const ENQUEUE = `
local p, target, cursor, now, ttl, pdTtl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local i = 7
while i < #ARGV do
  local eventId, partition, event, flowId = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local seen = p .. 'relay:seen:' .. target .. ':' .. eventId
  if redis.call('EXISTS', seen) == 0 then
    local id = redis.call('INCR', p .. 'relay:seq')
    local part = target .. '|' .. partition
    redis.call('HSET', p .. 'relay:d:' .. id, 'id', id, 'target', target, 'eventId', eventId, 'partition', partition,
      'state', 'pending', 'attempts', 0, 'nextAt', now, 'createdAt', now, 'updatedAt', now, 'event', event)
    redis.call('SET', seen, id, 'EX', ttl)
    redis.call('ZADD', p .. 'relay:q:' .. part, id, id)
    redis.call('SADD', p .. 'relay:parts', part)
    redis.call('ZADD', p .. 'relay:state:pending', id, id)
    if flowId ~= '' then
      redis.call('SADD', p .. 'relay:flow:' .. flowId, id)
      redis.call('EXPIRE', p .. 'relay:flow:' .. flowId, pdTtl)
    end
  end
  i = i + 4
end
redis.call('SET', p .. 'relay:cursor:' .. target, cursor)
return 1
`;

const CLAIM = `
local p, part, id, owner, leaseMs, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local lease = p .. 'relay:lease:' .. part
if not redis.call('SET', lease, owner, 'NX', 'PX', leaseMs) then return 0 end
local head = redis.call('ZRANGE', p .. 'relay:q:' .. part, 0, 0)
local d = p .. 'relay:d:' .. id
local state = redis.call('HGET', d, 'state')
local nextAt = tonumber(redis.call('HGET', d, 'nextAt') or '0')
if head[1] ~= id or state ~= 'pending' or nextAt > now then
  redis.call('DEL', lease)
  return 0
end
return 1
`;

const COMPLETE = `
local p, part, id, owner, state, keep, keepCount = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
local d = p .. 'relay:d:' .. id
if redis.call('EXISTS', d) == 1 then
  redis.call('HSET', d, 'state', state, 'nextAt', ARGV[8], 'lastError', ARGV[9], 'lastStatus', ARGV[10],
    'updatedAt', ARGV[11], 'deliveredAt', ARGV[12])
  redis.call('HINCRBY', d, 'attempts', 1)
  if state ~= 'pending' then
    local q = p .. 'relay:q:' .. part
    redis.call('ZREM', q, id)
    if redis.call('ZCARD', q) == 0 then redis.call('SREM', p .. 'relay:parts', part) end
    redis.call('ZREM', p .. 'relay:state:pending', id)
    redis.call('ZADD', p .. 'relay:state:' .. state, id, id)
  end
  if state == 'delivered' then
    redis.call('EXPIRE', d, keep)
    local over = redis.call('ZCARD', p .. 'relay:state:delivered') - keepCount
    if over > 0 then redis.call('ZREMRANGEBYRANK', p .. 'relay:state:delivered', 0, over - 1) end
  end
end
local lease = p .. 'relay:lease:' .. part
if redis.call('GET', lease) == owner then redis.call('DEL', lease) end
return 1
`;

const REQUEUE = `
local p, id, now = ARGV[1], ARGV[2], ARGV[3]
local d = p .. 'relay:d:' .. id
if redis.call('EXISTS', d) == 0 then return 0 end
local state = redis.call('HGET', d, 'state')
local part = redis.call('HGET', d, 'target') .. '|' .. redis.call('HGET', d, 'partition')
redis.call('HSET', d, 'state', 'pending', 'attempts', 0, 'nextAt', now, 'updatedAt', now)
redis.call('PERSIST', d)
redis.call('ZREM', p .. 'relay:state:' .. state, id)
redis.call('ZADD', p .. 'relay:state:pending', id, id)
redis.call('ZADD', p .. 'relay:q:' .. part, id, id)
redis.call('SADD', p .. 'relay:parts', part)
return 1
`;

/** Rewrites a delivery's event copy unless it changed meanwhile (or the delivery is gone). */
const SET_EVENT = `
if redis.call('HGET', KEYS[1], 'event') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'event', ARGV[2])
return 1
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** How many delivered records stay listable. */
const KEEP_DELIVERED_COUNT = 10_000;

type Hash = Record<string, string>;

function toDelivery(hash: Hash): Delivery | null {
  if (!hash.id || !hash.event) return null;
  const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
  let event: StoredEvent | undefined;
  return {
    id: hash.id,
    target: hash.target,
    eventId: hash.eventId,
    partition: hash.partition,
    state: hash.state as DeliveryState,
    attempts: Number(hash.attempts ?? 0),
    nextAt: Number(hash.nextAt ?? 0),
    lastError: hash.lastError ? hash.lastError : null,
    lastStatus: num(hash.lastStatus),
    createdAt: Number(hash.createdAt ?? 0),
    updatedAt: Number(hash.updatedAt ?? 0),
    deliveredAt: num(hash.deliveredAt),
    get event() {
      event ??= JSON.parse(hash.event as string) as StoredEvent;
      return event;
    },
  };
}

export interface RedisRelayOptions {
  url: string;
  prefix: string;
  /** How long "already queued" markers live (the log's retention). */
  seenTtlSeconds: number;
  keepDeliveredSeconds: number;
  /** `store.retention.personalDataMaxAgeSeconds`: how long a flow's index of deliveries must live. */
  personalDataSeconds: number;
  /** Where connection errors are reported (store/redis-errors.ts). */
  logger?: Logger;
  /** Extra ioredis options (config file `store.redis`: Sentinel, TLS…), as the event store uses. */
  redis?: RedisOptions;
}

/** Connects the relay's own Redis client. */
export async function openRedisRelayStore(options: RedisRelayOptions): Promise<RelayStore> {
  const p = options.prefix;
  const redis = new Redis(options.url, {
    maxRetriesPerRequest: 3,
    lazyConnect: true,
    ...options.redis,
    connectionName: `${p}relay`,
  });
  logRedisErrors(redis, 'relay', options.logger);
  await redis.connect();
  // Identifies this process's leases; a lease left by a killed process simply expires.
  const owner = crypto.randomUUID();
  const run = (script: string, keys: string[], args: (string | number)[]) =>
    redis.eval(script, keys.length, ...keys, ...args) as Promise<number>;
  const part = (d: Delivery) => `${d.target}|${d.partition}`;
  /** Removes the personal data from the event copy `json` of delivery `key`; 1 when it changed. */
  const redactCopy = async (key: string, json: string): Promise<number> => {
    const event = JSON.parse(json) as StoredEvent;
    if (!eventHasPersonalData(event)) return 0;
    return run(SET_EVENT, [key], [json, JSON.stringify(eventWithoutPersonalData(event))]);
  };
  const load = async (ids: string[]): Promise<Delivery[]> => {
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(`${p}relay:d:${id}`);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([, hash]) => toDelivery(hash as Hash)).filter((d): d is Delivery => d !== null);
  };

  const relayStore: RelayStore = {
    kind: 'redis',
    async cursor(target) {
      return redis.get(`${p}relay:cursor:${target}`);
    },
    async setCursor(target, cursor) {
      await redis.set(`${p}relay:cursor:${target}`, cursor);
    },
    async enqueue(target, items, cursor: EventId) {
      const args: (string | number)[] = [
        p,
        target,
        cursor,
        Date.now(),
        options.seenTtlSeconds,
        options.personalDataSeconds,
      ];
      for (const { event, partition } of items)
        args.push(event.id, partition, JSON.stringify(event), event.flowId ?? '');
      await run(ENQUEUE, [], args);
    },
    async withIngestLease(target, work) {
      const key = `${p}relay:ingest:${target}`;
      // Short, so that a killed instance's lease stalls the scan of that target for seconds only.
      const ok = await redis.set(key, owner, 'PX', 10_000, 'NX');
      if (ok !== 'OK') return false;
      try {
        await work();
      } finally {
        await run(RELEASE, [key], [owner]).catch(() => undefined);
      }
      return true;
    },
    async due(now, limit) {
      const parts = await redis.smembers(`${p}relay:parts`);
      if (parts.length === 0) return [];
      const heads = redis.pipeline();
      for (const name of parts) heads.zrange(`${p}relay:q:${name}`, 0, 0);
      const headIds = ((await heads.exec()) ?? [])
        .map(([, ids]) => (ids as string[])[0])
        .filter((id): id is string => !!id);
      const times = redis.pipeline();
      for (const id of headIds) times.hget(`${p}relay:d:${id}`, 'nextAt');
      const nextAts = ((await times.exec()) ?? []).map(([, v]) => Number(v ?? Number.POSITIVE_INFINITY));
      const dueIds = headIds
        .filter((_, i) => (nextAts[i] as number) <= now)
        .sort((a, b) => Number(a) - Number(b))
        .slice(0, limit);
      return load(dueIds);
    },
    async claim(delivery, leaseMs) {
      return (await run(CLAIM, [], [p, part(delivery), delivery.id, owner, leaseMs, Date.now()])) === 1;
    },
    async complete(delivery, outcome) {
      await run(
        COMPLETE,
        [],
        [
          p,
          part(delivery),
          delivery.id,
          owner,
          outcome.state,
          options.keepDeliveredSeconds,
          KEEP_DELIVERED_COUNT,
          outcome.state === 'pending' ? outcome.nextAt : outcome.at,
          outcome.state === 'delivered' ? '' : outcome.error,
          outcome.status ?? '',
          outcome.at,
          outcome.state === 'delivered' ? outcome.at : '',
        ],
      );
    },
    async get(id) {
      if (!/^\d{1,15}$/.test(id)) return null;
      return (await load([id]))[0] ?? null;
    },
    async list({ state, target, after, limit }): Promise<DeliveryPage> {
      const states: DeliveryState[] = state ? [state] : ['pending', 'failed', 'delivered'];
      const collected: Delivery[] = [];
      // Reads past the page when filtering by target; bounded so one call stays cheap.
      const min = after ? `(${after}` : '-inf';
      // Each state gives its own first `limit + 1` matches: an older delivery of a later-read state
      // must still come before newer ones of an earlier state on the merged page.
      for (const s of states) {
        let cursor = min;
        let found = 0;
        for (let scanned = 0; scanned < 20_000 && found <= limit; ) {
          const ids = await redis.zrangebyscore(`${p}relay:state:${s}`, cursor, '+inf', 'LIMIT', 0, 500);
          if (ids.length === 0) break;
          scanned += ids.length;
          cursor = `(${ids[ids.length - 1]}`;
          for (const d of await load(ids)) {
            if (target && d.target !== target) continue;
            collected.push(d);
            found++;
          }
        }
      }
      collected.sort((a, b) => Number(a.id) - Number(b.id));
      const page = collected.slice(0, limit);
      return {
        deliveries: page,
        next: collected.length > limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    },
    async redeliver(id, now) {
      if (!/^\d{1,15}$/.test(id)) return null;
      if ((await run(REQUEUE, [], [p, id, now])) !== 1) return null;
      return relayStore.get(id);
    },
    async redeliverAll(state, target, now) {
      let count = 0;
      let cursor = '-inf';
      for (;;) {
        const ids = await redis.zrangebyscore(`${p}relay:state:${state}`, cursor, '+inf', 'LIMIT', 0, 500);
        if (ids.length === 0) break;
        cursor = `(${ids[ids.length - 1]}`;
        for (const d of await load(ids)) {
          if (target && d.target !== target) continue;
          if (d.state === state && (await run(REQUEUE, [], [p, d.id, now])) === 1) count++;
        }
      }
      return count;
    },
    async forgetPersonalData(createdBefore) {
      const markerKey = `${p}relay:pd-swept-through`;
      let through = Number((await redis.get(markerKey)) ?? 0);
      const last = Number((await redis.get(`${p}relay:seq`)) ?? 0);
      let changed = 0;
      while (through < last) {
        const ids = Array.from({ length: Math.min(200, last - through) }, (_, i) => String(through + 1 + i));
        const reads = redis.pipeline();
        for (const id of ids) reads.hmget(`${p}relay:d:${id}`, 'createdAt', 'event');
        const rows = ((await reads.exec()) ?? []).map(([, v]) => v as [string | null, string | null]);
        let young = false;
        for (const [i, [createdAt, json]] of rows.entries()) {
          // Ids grow with creation time: the first young delivery ends this sweep.
          if (createdAt !== null && Number(createdAt) >= createdBefore) {
            young = true;
            break;
          }
          through = Number(ids[i]);
          if (json) changed += await redactCopy(`${p}relay:d:${ids[i]}`, json);
        }
        await redis.set(markerKey, String(through));
        if (young) break;
      }
      return changed;
    },
    async erasePersonalData(flowId) {
      const index = `${p}relay:flow:${flowId}`;
      const ids = await redis.smembers(index);
      let changed = 0;
      for (const id of ids) {
        const json = await redis.hget(`${p}relay:d:${id}`, 'event');
        if (json) changed += await redactCopy(`${p}relay:d:${id}`, json);
      }
      return changed;
    },
    async counts() {
      const [pending, delivered, failed] = await Promise.all(
        (['pending', 'delivered', 'failed'] as const).map((s) => redis.zcard(`${p}relay:state:${s}`)),
      );
      return { pending, delivered, failed };
    },
    async close() {
      redis.disconnect();
    },
  };
  return relayStore;
}
