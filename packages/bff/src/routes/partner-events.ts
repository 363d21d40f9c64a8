/**
 * `GET /v1/partner/events` — every log entry of every family, for partner systems (partner API key).
 *
 * SSE (default): `id: <log position>` (the same ids as the browser stream), `event: <family>`
 * (`flow`, `seal`, `template`, `staff`, `fee`, `qr`, `unknown`, …), `data: PartnerEvent` (relay/payload.ts).
 * `Last-Event-ID` or `?since=` replays from the log, then live without gap or duplicate; a cursor older
 * than the retained log (`store.retention`, default 100,000 events / 7 days) gets `event: resync`
 * (`id` = head, `data: { v: 1, type: "resync", reason }`) and continues from the head. `: ping` every
 * `sse.heartbeatMs`.
 *
 * `?format=json&since=<id>&limit=<1..1000>` pages the same log: `{ events, next, more, stale }` —
 * pass `next` as `since` for the next page; `stale: true` means events were trimmed past `since`
 * and the page starts at the oldest retained one.
 *
 * Filters (comma lists, every one optional): `family`, `msgType`, `organizationId` (`main` = the main
 * organization), `flowId`; `includeOriginal=true` adds the decrypted ESS message.
 */
import { type Context, Hono } from 'hono';
import { requirePartner } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { encodeFrame, OPEN_FRAME, PING_FRAME } from '../live/frames.js';
import type { Sink } from '../live/sink.js';
import {
  matchesFilter,
  type OrganizationScope,
  organizationScope,
  type PartnerFilter,
  partnerEvent,
  partnerFamily,
} from '../relay/payload.js';
import { compareEventIds } from '../store/event-id.js';
import type { EventId, Store, StoredEvent } from '../store/types.js';
import { partnerOrganizations } from './scope.js';
import { readCursor, streamSse } from './sse.js';

const REPLAY_PAGE = 500;
/** Log entries a JSON page may scan to fill `limit` matching ones. */
const JSON_SCAN_MAX = 5000;

function list(c: Context, name: string): string[] | undefined {
  const raw = c.req.queries(name);
  if (!raw) return undefined;
  const values = raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const value of values) {
    if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(value))
      throw new BffError(
        'VALIDATION_FAILED',
        `${name} holds a malformed value: ${JSON.stringify(value.slice(0, 80))}`,
      );
  }
  return values.length ? values : undefined;
}

interface StreamInput {
  store: Store;
  sink: Sink;
  filter: PartnerFilter;
  scope: OrganizationScope;
  includeOriginal: boolean;
  cursor: EventId | null;
  heartbeatMs: number;
}

function frameOf(event: StoredEvent, includeOriginal: boolean): Uint8Array {
  return encodeFrame(event.id, partnerFamily(event), partnerEvent(event, includeOriginal));
}

/** Replay from the cursor (or start at the head), then live; buffered live events close the seam. */
async function runStream(input: StreamInput): Promise<void> {
  const { store, sink, filter, scope, includeOriginal } = input;
  let buffered: StoredEvent[] | null = [];
  let position: EventId | null = null;
  const send = (event: StoredEvent, replay: boolean) =>
    !matchesFilter(event, filter, scope) || sink.write(frameOf(event, includeOriginal), replay);
  const unsubscribe = store.subscribe((event) => {
    if (buffered) buffered.push(event);
    else if (position === null || compareEventIds(event.id, position) > 0) {
      position = event.id;
      send(event, false);
    }
  });
  const heartbeat = setInterval(() => sink.write(PING_FRAME), input.heartbeatMs);
  heartbeat.unref?.();
  sink.onClose(() => {
    unsubscribe();
    clearInterval(heartbeat);
  });
  if (!sink.write(OPEN_FRAME, true)) return;

  if (input.cursor === null) {
    position = await store.head();
  } else {
    position = input.cursor;
    for (;;) {
      const page = await store.readEvents(position, REPLAY_PAGE);
      if (page.stale) {
        position = await store.head();
        const data = { v: 1, type: 'resync', reason: 'cursor-older-than-log' };
        if (!sink.write(encodeFrame(position ?? '0', 'resync', data), true)) return;
        break;
      }
      for (const event of page.events) {
        position = event.id;
        if (!send(event, true)) return;
      }
      if (!page.more) break;
      await sink.drain();
    }
  }
  const pending = buffered;
  buffered = null;
  for (const event of pending) {
    if (position !== null && compareEventIds(event.id, position) <= 0) continue;
    position = event.id;
    if (!send(event, false)) return;
  }
}

/**
 * The partner stream route. Mount with `app.route('/', partnerEventRoutes(deps, streams))`; open
 * streams are kept in `streams` so that shutdown can end them.
 */
export function partnerEventRoutes(deps: BffDeps, streams: Set<Sink> = new Set()): Hono<BffEnv> {
  // Open streams per partner key: a consumer that reconnects in a loop without closing (or a leaked
  // key) must not be able to hold every socket and heartbeat timer of the process.
  const openPerKey = new Map<number, number>();
  const track = (sink: Sink, keyIndex: number) => {
    streams.add(sink);
    openPerKey.set(keyIndex, (openPerKey.get(keyIndex) ?? 0) + 1);
    sink.onClose(() => {
      streams.delete(sink);
      const left = (openPerKey.get(keyIndex) ?? 1) - 1;
      if (left > 0) openPerKey.set(keyIndex, left);
      else openPerKey.delete(keyIndex);
    });
  };
  const app = new Hono<BffEnv>();
  const scope = organizationScope(deps.config);

  app.get('/v1/partner/events', async (c) => {
    // Only partner API keys read the partner stream (it carries every organization's events).
    requirePartner(c, 'The partner event stream');
    const filter: PartnerFilter = {
      families: list(c, 'family'),
      msgTypes: list(c, 'msgType'),
      organizationIds: list(c, 'organizationId'),
      flowIds: list(c, 'flowId'),
    };
    // A scoped key sees its organizations' events only.
    const caller = c.get('caller');
    filter.organizationIds = partnerOrganizations(caller, filter.organizationIds);
    const includeOriginal = c.req.query('includeOriginal') === 'true';
    const cursor = readCursor(c);
    const format = c.req.query('format') ?? 'sse';

    if (format === 'json') {
      const rawLimit = c.req.query('limit') ?? '100';
      if (!/^\d{1,4}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > 1000)
        throw new BffError('VALIDATION_FAILED', 'limit must be a whole number from 1 to 1000');
      const limit = Number(rawLimit);
      const events: ReturnType<typeof partnerEvent>[] = [];
      let position = cursor;
      let stale = false;
      let more = true;
      for (let scanned = 0; events.length < limit && scanned < JSON_SCAN_MAX; ) {
        let page = await deps.store.readEvents(position, Math.min(REPLAY_PAGE, limit - events.length));
        if (page.stale) {
          stale = true;
          page = await deps.store.readEvents(null, Math.min(REPLAY_PAGE, limit - events.length));
        }
        for (const event of page.events) {
          position = event.id;
          if (matchesFilter(event, filter, scope)) events.push(partnerEvent(event, includeOriginal));
        }
        scanned += page.events.length;
        more = page.more;
        if (!page.more) break;
      }
      return c.json({ events, next: position, more, stale });
    }
    if (format !== 'sse') throw new BffError('VALIDATION_FAILED', 'format must be "sse" (default) or "json"');
    const keyIndex = caller.kind === 'partner' ? caller.keyIndex : -1;
    const cap = deps.config.sse.maxStreamsPerPartnerKey;
    if ((openPerKey.get(keyIndex) ?? 0) >= cap) {
      throw new BffError(
        'RATE_LIMITED',
        `This partner key already has ${cap} open event streams; close one (one stream carries every event, filters are per stream)`,
        { retryAfterSeconds: 5 },
      );
    }

    const input = {
      store: deps.store,
      filter,
      scope,
      includeOriginal,
      cursor,
      heartbeatMs: deps.config.sse.heartbeatMs,
    };
    return streamSse(c, deps, 'partner stream failed', (sink) => {
      track(sink, keyIndex);
      return runStream({ ...input, sink });
    });
  });

  return app;
}
