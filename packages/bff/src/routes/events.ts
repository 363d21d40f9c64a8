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
import { type Context, Hono } from 'hono';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { Watch } from '../live/hub.js';
import { startStream } from '../live/stream.js';
import { assertPartnerScope, uncoveredIds } from './scope.js';
import { readCursor, streamSse } from './sse.js';

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

/** The SSE route. Mount with `app.route('/', eventRoutes(deps))`. */
export function eventRoutes(deps: BffDeps): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  const { hub } = deps.live;

  // Errors go to the app's error handler like every route's (status, code, Retry-After).
  app.get('/v1/events', async (c) => {
    // `authenticate` established the caller (header, `?token=` or the cookie; auth/middleware.ts).
    const caller = c.get('caller');
    let flowIds = idList(c, 'flowIds');
    let qrCodeIds = idList(c, 'qrCodeIds');
    let organizationId: string | null = null;
    let tokenKey: string;
    let expiresAt: number | undefined;
    if (caller.kind === 'browser') {
      const { token } = caller;
      organizationId = token.organizationId;
      tokenKey = token.jti;
      expiresAt = token.exp * 1000;
      flowIds ??= token.flowIds;
      qrCodeIds ??= token.qrCodeIds;
      const missing = await uncoveredIds(deps, token, { flowIds, qrCodeIds });
      const outside = [...missing.flowIds, ...missing.qrCodeIds];
      if (outside.length > 0) {
        throw new BffError('OUT_OF_SCOPE', `The token does not cover: ${outside.slice(0, 5).join(', ')}`);
      }
    } else {
      organizationId = c.req.query('organizationId') ?? null;
      // Each partner key has its own cap, as on /v1/partner/events.
      tokenKey = `partner:${caller.keyIndex}`;
    }
    flowIds ??= [];
    qrCodeIds ??= [];
    await assertPartnerScope(deps, caller, {
      ...(caller.kind === 'partner' ? { organizationId } : {}),
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
    const cursor = readCursor(c);
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
    return streamSse(c, deps, 'sse start failed', (sink) =>
      startStream({ hub, store: deps.store, sink, watch, cursor }),
    );
  });

  return app;
}
