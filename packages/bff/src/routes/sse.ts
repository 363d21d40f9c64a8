/**
 * The SSE response of a route, in the spirit of Hono's `streamSSE(c, cb)`: this module owns the
 * set-up (headers, the Node or Web sink, `RESPONSE_ALREADY_SENT`, the resume cursor); the route
 * says only what to send, in `start(sink)`. Used by `GET /v1/events` and `GET /v1/partner/events`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { nodeSink, type Sink, SSE_HEADERS, webSink } from '../live/sink.js';
import { isEventId } from '../store/event-id.js';
import type { EventId } from '../store/types.js';

/**
 * The resume cursor: the `Last-Event-ID` header (EventSource's reconnect) or `?since=`; null when
 * absent or blank. Anything else than a log position this server sent is VALIDATION_FAILED.
 */
export function readCursor(c: Context): EventId | null {
  const raw = c.req.header('last-event-id') ?? c.req.query('since') ?? null;
  if (raw === null || raw.trim() === '') return null;
  if (!isEventId(raw.trim()))
    throw new BffError('VALIDATION_FAILED', 'Last-Event-ID / since must be an event id this server sent');
  return raw.trim();
}

/**
 * Answers `c` with an event stream and runs `start(sink)` on it; a `start` that fails is logged
 * (`failure`, the log message) and ends the stream. On Node the frames go straight to the
 * `ServerResponse` (live/sink.ts says why); elsewhere a `ReadableStream` carries them.
 */
export function streamSse(
  c: Context<BffEnv>,
  deps: Pick<BffDeps, 'config' | 'logger'>,
  failure: string,
  start: (sink: Sink) => Promise<void>,
): Response {
  // Headers set by earlier middleware (request id, CORS) go out with the stream's own.
  const headers: Record<string, string> = { ...Object.fromEntries(c.res.headers), ...SSE_HEADERS };
  const queueLimit = deps.config.sse.queueLimit;
  const run = (sink: Sink) => {
    start(sink).catch((error) => {
      deps.logger.warn(failure, { error: (error as Error).message });
      sink.close();
    });
  };
  const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  if (env?.outgoing && env.incoming) {
    run(nodeSink(env.incoming, env.outgoing, headers, queueLimit));
    return RESPONSE_ALREADY_SENT;
  }
  const { sink, body } = webSink(c.req.raw.signal, queueLimit);
  run(sink);
  return new Response(body, { status: 200, headers });
}
