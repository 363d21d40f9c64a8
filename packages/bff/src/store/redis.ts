/**
 * Redis store for scale-out: a Stream is the ordered, bounded event log (stream ids are the event
 * ids), string keys hold records and dedupe markers, and pub/sub carries live events — one
 * subscription per process, fanned out locally. Every write that must be atomic runs as one Lua script.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';
import { compareEventIds } from './event-id.js';
import { redisCheck } from './health.js';
import { assertReadableLayout, STORE_LAYOUT_VERSION } from './layout.js';
import { eventHasPersonalData, eventWithoutPersonalData } from './personal-data.js';
import {
  flowEventIndex,
  isOpenFlow,
  isOpenQr,
  mergeFlowRecord,
  stampEventIds,
  storedEvent,
} from './records.js';
import { logRedisErrors } from './redis-errors.js';
import { entryToEvent, redisPersonalData } from './redis-personal-data.js';
import { CLAIM_SCRIPT, PUT_IF_SCRIPT, RECORD_SCRIPT, TRIM_SCRIPT } from './redis-scripts.js';
import type {
  EventId,
  EventListener,
  FlowRecord,
  IdempotencyState,
  OwnerKind,
  QrRecord,
  ReadResult,
  RecordInput,
  RecordResult,
  Retention,
  SnapshotRead,
  Store,
  StoredEvent,
} from './types.js';
import { redactUrl } from './url.js';

export interface RedisStoreOptions {
  url: string;
  retention: Retention;
  prefix: string;
  /** Where connection errors are reported (store/redis-errors.ts). */
  logger?: Logger;
  /** Extra ioredis options from the config file (`store.redis`): Sentinel, TLS, timeouts. */
  redis?: RedisOptions;
}

const DEDUPE_TTL_SECONDS = 30 * 24 * 3600;
const MAX_ATTEMPTS = 50;
const PLACEHOLDER = '@@EID@@';

type StreamEntry = [id: string, fields: string[]];

/** Connects to Redis at `url` and returns the store (the pub/sub connection opens on first subscribe). */
export async function openRedisStore(options: RedisStoreOptions): Promise<Store> {
  const p = options.prefix;
  const keys = {
    log: `${p}log`,
    trimmed: `${p}log-trimmed-through`,
    channel: `${p}events`,
    open: `${p}open-flows`,
    qrOpen: `${p}open-qr-codes`,
    flow: (id: string) => `${p}flow:${id}`,
    qr: (id: string) => `${p}qr:${id}`,
    qrLink: (link: string) => `${p}qr-link:${link}`,
    dedupe: (key: string) => `${p}dedupe:${key}`,
    owner: (kind: string, id: string) => `${p}owner:${kind}:${id}`,
    idem: (key: string) => `${p}idem:${key}`,
    lease: (name: string) => `${p}lease:${name}`,
    layout: `${p}schema-version`,
  };
  const redisOptions = { maxRetriesPerRequest: 3, enableOfflineQueue: true, lazyConnect: true } as const;
  const redis = new Redis(options.url, { ...redisOptions, ...options.redis });
  logRedisErrors(redis, 'store', options.logger);
  await redis.connect();
  // A newer layout is refused before anything is written; older ones are stamped (keys unchanged).
  const found = await redis.get(keys.layout);
  try {
    assertReadableLayout(found, `${redactUrl(options.url)} (prefix ${p})`);
  } catch (error) {
    await redis.quit().catch(() => {});
    throw error;
  }
  const personal = redisPersonalData({
    redis,
    prefix: p,
    log: keys.log,
    putFlowIf: (key, raw, next) => call.essPutIf(key, keys.open, raw, next, '', '', 0),
  });
  // Layouts before 3 kept personal data inline in the stream (redis-personal-data.ts).
  if (Number(found ?? 2) < 3) {
    const last = (await redis.xrevrange(keys.log, '+', '-', 'COUNT', 1)) as StreamEntry[];
    await personal.markLegacy(last[0]?.[0] ?? null);
  }
  await redis.set(keys.layout, String(STORE_LAYOUT_VERSION));
  redis.defineCommand('essRecord', { lua: RECORD_SCRIPT });
  redis.defineCommand('essPutIf', { lua: PUT_IF_SCRIPT, numberOfKeys: 2 });
  redis.defineCommand('essClaim', { lua: CLAIM_SCRIPT, numberOfKeys: 1 });
  redis.defineCommand('essTrim', { lua: TRIM_SCRIPT, numberOfKeys: 2 });
  const call = redis as unknown as {
    essRecord(numKeys: number, ...args: (string | number)[]): Promise<(number | string)[]>;
    essPutIf(...args: (string | number)[]): Promise<number>;
    essClaim(key: string, ttl: number): Promise<string>;
    essTrim(stream: string, trimmed: string, minId: string): Promise<number>;
  };

  const listeners = new Set<EventListener>();
  let closed = false;

  // The one subscription of this process, made before the store is handed out, so that no event
  // published after `openRedisStore` resolves is missed. Pub/sub drops messages while the
  // connection is down, so after a reconnect the gap is filled from the stream, in order, and
  // nothing is delivered twice (`lastDelivered`).
  const sub = new Redis(options.url, { ...redisOptions, ...options.redis, connectionName: `${p}subscriber` });
  await sub.connect();
  let lastDelivered: EventId | null = null;
  let filling: StoredEvent[] | null = null;
  const deliver = (event: StoredEvent) => {
    if (lastDelivered !== null && compareEventIds(event.id, lastDelivered) <= 0) return;
    lastDelivered = event.id;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // one failing listener must not starve the others
      }
    }
  };
  const fillGap = async () => {
    if (lastDelivered === null || filling || closed) return;
    filling = [];
    try {
      // Twice: the resubscription may complete after the first pass; live messages are held meanwhile.
      for (const pause of [0, 250]) {
        if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
        for (let page = 0; page < 100; page++) {
          const after = `(${lastDelivered}`;
          const entries = (await redis.xrange(keys.log, after, '+', 'COUNT', 500)) as StreamEntry[];
          for (const event of await personal.withPersonalData(entries)) deliver(event);
          if (entries.length < 500) break;
        }
      }
    } catch {
      // Redis still unreachable: the next 'ready' tries again.
    } finally {
      const held = filling ?? [];
      filling = null;
      for (const event of held) deliver(event);
    }
  };
  // ioredis reconnects (and resubscribes) by itself; fillGap then catches up from the stream.
  logRedisErrors(sub, 'subscriber', options.logger);
  // Connected already (above): every 'ready' from here on is a reconnect.
  sub.on('ready', () => void fillGap());
  sub.on('message', (_channel: string, message: string) => {
    const cut = message.indexOf('\n');
    if (cut < 0) return;
    let event: StoredEvent;
    try {
      event = entryToEvent(message.slice(0, cut), message.slice(cut + 1));
    } catch {
      return;
    }
    if (filling) filling.push(event);
    else deliver(event);
  });
  await sub.subscribe(keys.channel);

  const parse = <T>(raw: string | null): T | null => (raw ? (JSON.parse(raw) as T) : null);

  const recordOnce = async (input: RecordInput): Promise<RecordResult | 'conflict'> => {
    const flowIds = input.flowIds ?? [];
    const qrIds = input.qrCodeIds ?? [];
    const checkKeys = [...flowIds.map(keys.flow), ...qrIds.map(keys.qr)];
    const raw = checkKeys.length > 0 ? await redis.mget(...checkKeys) : [];
    const state = {
      flows: new Map(flowIds.map((id, i) => [id, parse<FlowRecord>(raw[i] ?? null)] as const)),
      qrCodes: new Map(qrIds.map((id, i) => [id, parse<QrRecord>(raw[flowIds.length + i] ?? null)] as const)),
    };
    const plan = input.plan(state);
    const at = Date.now();
    // The stream keeps each entry without personal data; the whole entry is kept beside it until
    // the retention ends (redis-personal-data.ts).
    const eventArgs = plan.events.flatMap((e) => [
      JSON.stringify({ ...eventWithoutPersonalData(e), at }),
      eventHasPersonalData(e) ? JSON.stringify({ ...e, at }) : '',
      e.flowId ?? '',
    ]);

    const dedupeKeys = [
      ...new Set([input.dedupeKey, ...(input.dedupeKeys ?? [])].filter((k): k is string => !!k)),
    ];
    const allKeys = [keys.log, ...dedupeKeys.map(keys.dedupe), ...checkKeys];
    const keyIndex = (key: string) => {
      const known = allKeys.indexOf(key);
      if (known >= 0) return known + 1;
      allKeys.push(key);
      return allKeys.length;
    };
    const writeArgs: (string | number)[] = [];
    for (const record of plan.flows ?? []) {
      const flowId = record.snapshot.flowId;
      const last = flowEventIndex(plan.events, flowId);
      const value = JSON.stringify(
        last >= 0 ? { ...record, snapshot: { ...record.snapshot, eventId: PLACEHOLDER } } : record,
      );
      const open = isOpenFlow(record);
      const key = keyIndex(keys.flow(flowId));
      writeArgs.push(
        key,
        value,
        last + 1,
        keyIndex(keys.open),
        open ? 'add' : 'rem',
        flowId,
        record.touchedAt,
      );
    }
    for (const owner of plan.owners ?? []) {
      writeArgs.push(keyIndex(keys.owner(owner.kind, owner.id)), owner.organizationId, 0, 0, '', '', 0);
    }
    for (const record of plan.qrCodes ?? []) {
      const key = keyIndex(keys.qr(record.qrCodeId));
      writeArgs.push(
        key,
        JSON.stringify(record),
        0,
        keyIndex(keys.qrOpen),
        isOpenQr(record) ? 'add' : 'rem',
        record.qrCodeId,
        record.expiredTime,
      );
      if (record.link) writeArgs.push(keyIndex(keys.qrLink(record.link)), record.qrCodeId, 0, 0, '', '', 0);
    }
    const result = await call.essRecord(
      allKeys.length,
      ...allKeys,
      dedupeKeys.length,
      DEDUPE_TTL_SECONDS,
      keys.channel,
      checkKeys.length,
      p,
      Math.min(options.retention.personalDataMaxAgeSeconds, options.retention.maxAgeSeconds),
      ...raw.map((r) => r ?? ''),
      plan.events.length,
      ...eventArgs,
      writeArgs.length / 7,
      ...writeArgs,
    );
    if (result[0] === -1) return 'conflict';
    if (result[0] === 0) return { duplicate: true };
    return { duplicate: false, events: stampEventIds(plan, result.slice(1).map(String), at) };
  };

  const head = async (): Promise<EventId | null> => {
    const last = (await redis.xrevrange(keys.log, '+', '-', 'COUNT', 1)) as StreamEntry[];
    return last[0]?.[0] ?? null;
  };

  /** The newest id trimmed away (kept by TRIM_SCRIPT) and the newest id ever generated. */
  const bounds = async (): Promise<{ deleted: string; lastGenerated: string } | null> => {
    const [[, trimmed], [, info]] = ((await redis
      .multi()
      .get(keys.trimmed)
      .xinfo('STREAM', keys.log)
      .exec()) ?? []) as [unknown, unknown][];
    if (!Array.isArray(info)) return null; // no stream yet
    const i = info.indexOf('last-generated-id');
    return { deleted: typeof trimmed === 'string' ? trimmed : '0-0', lastGenerated: String(info[i + 1]) };
  };

  return {
    kind: 'redis',

    async record(input) {
      if (closed) throw new Error('store is closed');
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const result = await recordOnce(input);
        if (result !== 'conflict') return result;
      }
      throw new Error('record: too many concurrent writers on the same flow');
    },

    async readEvents(after, limit): Promise<ReadResult> {
      const info = await bounds();
      if (after !== null) {
        if (!info) return { events: [], stale: after !== '0' && after !== '0-0', more: false };
        if (compareEventIds(after, info.deleted) < 0 || compareEventIds(after, info.lastGenerated) > 0) {
          return { events: [], stale: true, more: false };
        }
      }
      const start = after === null ? '-' : `(${after.includes('-') ? after : `${after}-0`}`;
      const entries = (await redis.xrange(keys.log, start, '+', 'COUNT', limit + 1)) as StreamEntry[];
      const events = await personal.withPersonalData(entries.slice(0, limit));
      return { events, stale: false, more: entries.length > limit };
    },

    head,

    async trim(retention = {}) {
      const limits = { ...options.retention, ...retention };
      const byAge = `${Date.now() - limits.maxAgeSeconds * 1000}-0`;
      // The oldest entry kept by the count bound; everything below the larger of the two goes.
      const excess = (await redis.xlen(keys.log)) - limits.maxEvents;
      let byCount = '0-0';
      if (excess > 0) {
        const dropped = (await redis.xrange(keys.log, '-', '+', 'COUNT', excess + 1)) as StreamEntry[];
        byCount = (dropped[dropped.length - 1] as StreamEntry)[0];
      }
      const minId = compareEventIds(byAge, byCount) > 0 ? byAge : byCount;
      return Number(await call.essTrim(keys.log, keys.trimmed, minId));
    },

    forgetPersonalData: personal.forgetPersonalData,
    erasePersonalData: personal.erasePersonalData,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async getFlow(flowId) {
      return parse<FlowRecord>(await redis.get(keys.flow(flowId)));
    },

    async getFlowSnapshotJson(flowId) {
      const record = parse<FlowRecord>(await redis.get(keys.flow(flowId)));
      return record ? JSON.stringify(record.snapshot) : null;
    },

    async putFlow(record) {
      const key = keys.flow(record.snapshot.flowId);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const raw = await redis.get(key);
        const current = parse<FlowRecord>(raw);
        const next = mergeFlowRecord(current, record);
        if (!next) return current as FlowRecord;
        const ok = await call.essPutIf(
          key,
          keys.open,
          raw ?? '',
          JSON.stringify(next),
          isOpenFlow(next) ? 'add' : 'rem',
          next.snapshot.flowId,
          next.touchedAt,
        );
        if (ok === 1) return next;
      }
      throw new Error('putFlow: too many concurrent writers on the same flow');
    },

    async getQrCode(qrCodeId) {
      return parse<QrRecord>(await redis.get(keys.qr(qrCodeId)));
    },

    async putQrCode(record) {
      const tx = redis.multi().set(keys.qr(record.qrCodeId), JSON.stringify(record));
      if (isOpenQr(record)) tx.zadd(keys.qrOpen, record.expiredTime, record.qrCodeId);
      else tx.zrem(keys.qrOpen, record.qrCodeId);
      if (record.link) tx.set(keys.qrLink(record.link), record.qrCodeId);
      await tx.exec();
    },

    async findQrCodeByLink(link) {
      const id = await redis.get(keys.qrLink(link));
      return id ? parse<QrRecord>(await redis.get(keys.qr(id))) : null;
    },

    async readSnapshots(flowIds, qrCodeIds): Promise<SnapshotRead> {
      // One MULTI: the head and the records are read at the same log position.
      const tx = redis.multi().xrevrange(keys.log, '+', '-', 'COUNT', 1);
      for (const id of flowIds) tx.get(keys.flow(id));
      for (const id of qrCodeIds) tx.get(keys.qr(id));
      const replies = (await tx.exec()) ?? [];
      const value = (i: number) => {
        const [error, reply] = replies[i] ?? [null, null];
        if (error) throw error;
        return reply;
      };
      const last = value(0) as StreamEntry[];
      const flows = new Map<string, FlowRecord>();
      const qrCodes = new Map<string, QrRecord>();
      flowIds.forEach((id, i) => {
        const record = parse<FlowRecord>(value(1 + i) as string | null);
        if (record) flows.set(id, record);
      });
      qrCodeIds.forEach((id, i) => {
        const record = parse<QrRecord>(value(1 + flowIds.length + i) as string | null);
        if (record) qrCodes.set(id, record);
      });
      return { head: last[0]?.[0] ?? null, flows, qrCodes };
    },

    async putOwner(kind: OwnerKind, id, organizationId) {
      await redis.set(keys.owner(kind, id), organizationId);
    },

    async getOwner(kind: OwnerKind, id) {
      return redis.get(keys.owner(kind, id));
    },

    async openFlowsQuietSince(quietSince, limit) {
      const ids = await redis.zrangebyscore(keys.open, '-inf', `(${quietSince}`, 'LIMIT', 0, limit);
      if (ids.length === 0) return [];
      const raw = await redis.mget(...ids.map(keys.flow));
      return ids.map((flowId, i) => ({
        flowId,
        organizationId: parse<FlowRecord>(raw[i] ?? null)?.organizationId ?? null,
      }));
    },

    async touchFlow(flowId, at) {
      await redis.zadd(keys.open, 'XX', at, flowId);
    },

    async qrCodesExpiredBy(nowSeconds, limit) {
      const ids = await redis.zrangebyscore(keys.qrOpen, 1, nowSeconds, 'LIMIT', 0, limit);
      if (ids.length === 0) return [];
      const raw = await redis.mget(...ids.map(keys.qr));
      return raw.map((r) => parse<QrRecord>(r)).filter((r): r is QrRecord => !!r && isOpenQr(r));
    },

    async beginIdempotent(key, ttlSeconds): Promise<IdempotencyState> {
      const reply = await call.essClaim(keys.idem(key), ttlSeconds);
      if (reply === 'new') return { state: 'new' };
      const stored = reply.slice(1);
      if (stored === '') return { state: 'in-progress' };
      const { status, body, fingerprint } = JSON.parse(stored) as {
        status: number;
        body: string;
        fingerprint?: string;
      };
      return { state: 'done', status, body, fingerprint: fingerprint ?? null };
    },

    async finishIdempotent(key, status, body, ttlSeconds, fingerprint) {
      await redis.set(keys.idem(key), JSON.stringify({ status, body, fingerprint }), 'EX', ttlSeconds);
    },

    async abandonIdempotent(key) {
      await redis.del(keys.idem(key));
    },

    check: redisCheck(redis, `${p}health`),

    async tryLease(name, ttlMs) {
      // Whoever sets the key first holds it until it expires; a crashed holder frees it by expiry.
      return (await redis.set(keys.lease(name), '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
    },

    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      await Promise.allSettled([sub.quit(), redis.quit()]);
    },
  };
}
