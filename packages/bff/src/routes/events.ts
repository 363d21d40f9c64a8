/**
 * `GET /v1/events` — the browser's live stream (server-sent events).
 *
 * Auth: a browser token as `?token=`, the `ess_kit_token` cookie or `Authorization: Bearer`
 * (EventSource cannot set headers). A partner API key may watch any ids of its organizations.
 * Query: `flowIds=a,b&qrCodeIds=c` (default: every flow and QR code the token names), `since=<id>`
 * or the `Last-Event-ID` header to resume.
 *
 * Wire format (docs/internals.md). Every message but the heartbeat has an `id`, the log position;
 * `data` is one line of JSON with `v: 1`:
 *
 *   event: snapshot   data: { v, type: "snapshot", kind: "flow", flow: FlowSnapshot }
 *                           { v, type: "snapshot", kind: "qr", qrCode: QrSnapshot }
 *                     first, one per watched id that exists; `id` = the log position they reflect.
 *   event: flow       data: { v, type: "flow", flowId, flowStatus: <ESS flow status number>,
 *                             operate: string|null, occurredAt: ISO, flow: FlowSnapshot }
 *   event: qr         data: { v, type: "qr", qrCodeId, state, occurredAt: ISO, qrCode: QrSnapshot }
 *   event: resync     data: { v, type: "resync", reason } — the cursor is older than the retained
 *                     log: drop local state and use the snapshots that follow.
 *   : ping            heartbeat comment every `sse.heartbeatMs` (15 s).
 *   retry: 3000       once, first.
 *
 * With a cursor, exactly the missed events are replayed (no snapshots), then live events continue
 * with no gap and no duplicate. Statuses never move backwards. Payloads carry no mobiles or id numbers.
 * A client too slow to read is disconnected (it reconnects and replays); so is everything on close.
 * The stream ends at the first heartbeat after the browser token expires (reconnect with a new one).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { type Context, Hono } from 'hono';
import type { BrowserToken } from '../auth/tokens.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { Watch } from '../live/hub.js';
import { nodeSink, SSE_HEADERS, webSink } from '../live/sink.js';
import { startStream } from '../live/stream.js';
import { isEventId } from '../store/event-id.js';
import { assertPartnerScope } from './scope.js';

/** Cookie a page may set instead of passing `?token=`. */
export const TOKEN_COOKIE = 'ess_kit_token';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function idList(c: Context, name: string): string[] | null {
  const raw = c.req.queries(name);
  if (!raw) return null;
  const ids = [
    ...new Set(
      raw
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
  for (const id of ids) {
    if (!ID.test(id))
      throw new BffError(
        'VALIDATION_FAILED',
        `${name} holds a malformed id: ${JSON.stringify(id.slice(0, 80))}`,
      );
  }
  return ids;
}

/** The caller `authenticate` established (header, `?token=` or the cookie; see auth/middleware.ts). */
function identify(
  c: Context<BffEnv>,
): { kind: 'partner'; keyIndex: number } | { kind: 'browser'; token: BrowserToken } {
  const caller = c.get('caller');
  if (!caller)
    throw new BffError(
      'UNAUTHENTICATED',
      `Pass the browser token as ?token=, the ${TOKEN_COOKIE} cookie or a Bearer header`,
    );
  return caller;
}

/** The SSE route. Mount with `app.route('/', eventRoutes(deps))`. */
export function eventRoutes(deps: BffDeps): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  const { hub } = deps.live;

  // Errors go to the app's error handler like every route's (status, code, Retry-After).
  app.get('/v1/events', async (c) => {
    const who = identify(c);
    let flowIds = idList(c, 'flowIds');
    let qrCodeIds = idList(c, 'qrCodeIds');
    let organizationId: string | null = null;
    let tokenKey: string;
    let expiresAt: number | undefined;
    if (who.kind === 'browser') {
      const { token } = who;
      organizationId = token.organizationId;
      tokenKey = token.jti;
      expiresAt = token.exp * 1000;
      flowIds ??= token.flowIds;
      qrCodeIds ??= token.qrCodeIds;
      const outside = flowIds.filter((id) => !token.flowIds.includes(id));
      for (const id of qrCodeIds) {
        if (token.qrCodeIds.includes(id)) continue;
        // A token naming a template may watch the QR codes created from it.
        const record = await deps.store.getQrCode(id);
        if (!record || !token.templateIds.includes(record.templateId)) outside.push(id);
      }
      if (outside.length > 0) {
        throw new BffError('OUT_OF_SCOPE', `The token does not cover: ${outside.slice(0, 5).join(', ')}`);
      }
    } else {
      organizationId = c.req.query('organizationId') ?? null;
      // Each partner key has its own cap, as on /v1/partner/events.
      tokenKey = `partner:${who.keyIndex}`;
    }
    flowIds ??= [];
    qrCodeIds ??= [];
    await assertPartnerScope(deps, c.get('caller'), {
      ...(who.kind === 'partner' ? { organizationId } : {}),
      flowIds,
      qrCodeIds,
    });
    if (flowIds.length + qrCodeIds.length === 0) {
      throw new BffError('VALIDATION_FAILED', 'Name at least one id to watch: flowIds=… or qrCodeIds=…');
    }
    if (flowIds.length + qrCodeIds.length > deps.config.sse.maxIdsPerConnection) {
      throw new BffError(
        'VALIDATION_FAILED',
        `At most ${deps.config.sse.maxIdsPerConnection} ids per connection; open another stream for the rest`,
      );
    }
    const rawCursor = c.req.header('last-event-id') ?? c.req.query('since') ?? null;
    const cursor = rawCursor === null || rawCursor.trim() === '' ? null : rawCursor.trim();
    if (cursor !== null && !isEventId(cursor)) {
      throw new BffError('VALIDATION_FAILED', 'Last-Event-ID / since must be an event id this server sent');
    }
    const refusal = hub.refusal(tokenKey);
    if (refusal) {
      // Retry-After comes from retryAfterSeconds (the error handler sets it for every 429).
      throw new BffError(
        'RATE_LIMITED',
        refusal === 'too-many-for-token'
          ? `This token already has ${deps.config.sse.maxConnectionsPerToken} open streams; close one (one stream carries many ids)`
          : 'The server holds its maximum number of streams; retry shortly',
        { retryAfterSeconds: 5 },
      );
    }

    const watch: Watch = { flowIds, qrCodeIds, organizationId, tokenKey, expiresAt };
    // Headers set by earlier middleware (request id, CORS) go out with the stream's own.
    const headers: Record<string, string> = { ...Object.fromEntries(c.res.headers), ...SSE_HEADERS };
    const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
    if (env?.outgoing && env.incoming) {
      // Node: write straight to the response (see live/sink.ts for why).
      const sink = nodeSink(env.incoming, env.outgoing, headers, deps.config.sse.queueLimit);
      startStream({ hub, store: deps.store, sink, watch, cursor }).catch((error) => {
        deps.logger.warn('sse start failed', { error: (error as Error).message });
        sink.close();
      });
      return RESPONSE_ALREADY_SENT;
    }
    const { sink, body } = webSink(c.req.raw.signal, deps.config.sse.queueLimit);
    startStream({ hub, store: deps.store, sink, watch, cursor }).catch((error) => {
      deps.logger.warn('sse start failed', { error: (error as Error).message });
      sink.close();
    });
    return new Response(body, { status: 200, headers });
  });

  return app;
}
