/**
 * The request frame: the one middleware every BFF request passes first. It gives the request an
 * id, sets the headers every answer carries, and applies CORS and the body limit where they apply.
 *
 * These were four middlewares; each layer of Hono's compose costs a closure and a promise per
 * request, which showed on the cached `GET /v1/flows/:id` (the hottest route: every status badge
 * polls or replays through it). Server-to-server calls send no Origin and skip CORS entirely; GETs
 * have no body to limit; the baseline headers avoid Hono's per-answer Headers object on Node.
 */
import type { ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { matchedRoutes } from 'hono/route';
import type { BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { handedOver } from './handoff.js';
import { isMultipart } from './multipart.js';
import { MEMO_ENTRIES } from './router.js';
import { fileTooLarge, jsonUploadBodyLimit } from './upload-limit.js';

/** What the frame needs from the configuration. */
export interface FrameOptions {
  allowedOrigins: readonly string[];
  /** Default request body limit, bytes. */
  bodyBytes: number;
  /** Largest file the upload routes take, decoded bytes (`BFF_UPLOAD_MAX_BYTES`, http/upload-limit.ts). */
  uploadBytes: number;
  /** Paths that take a file: JSON with the file in base64, or multipart (read by http/multipart.ts). */
  uploadPaths: ReadonlySet<string>;
  /** Called once per answered request (access log, metrics). */
  onFinish?: (request: FinishedRequest) => void;
}

/** What the frame reports about each request: never the raw URL (queries may carry `?token=`). */
export interface FinishedRequest {
  requestId: string;
  method: string;
  /** The matched route pattern (`/v1/flows/:flowId`), or `unmatched`. */
  route: string;
  status: number;
  ms: number;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The pattern of the route a request was for: the handler that answered when it has a pattern,
 * else the route the request would have reached (a 401 from the authentication middleware still
 * names `/v1/flows/:flowId`); `unmatched` when only wildcard middleware matched (a 404).
 */
function routeOf(c: Context<BffEnv>, known: Map<string, string>): string {
  // In one app the same method, path and answering handler always name the same route: kept
  // (bounded), as the router keeps its matches (router.ts).
  const key = `${c.req.routeIndex} ${c.req.method} ${c.req.path}`;
  let route = known.get(key);
  if (route === undefined) {
    route = findRoute(c);
    if (known.size >= MEMO_ENTRIES) known.delete(known.keys().next().value as string);
    known.set(key, route);
  }
  return route;
}

function findRoute(c: Context<BffEnv>): string {
  const routes = matchedRoutes(c);
  const answered = routes[c.req.routeIndex];
  if (answered && !answered.path.includes('*')) return answered.path;
  const handler = routes.slice(c.req.routeIndex).find((r) => r.method !== 'ALL' && !r.path.includes('*'));
  return handler?.path ?? 'unmatched';
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Request ids: a random per-process prefix and a counter — unique, and cheaper than a UUID per request. */
const REQUEST_ID_PREFIX = crypto.randomUUID().slice(0, 8);
let requestCounter = 0;

/** A request's id: the caller's `X-Request-Id` when it is a plain token, else a new one. */
export function requestIdFor(incoming: string | undefined): string {
  return incoming && REQUEST_ID.test(incoming)
    ? incoming
    : `${REQUEST_ID_PREFIX}-${(++requestCounter).toString(36)}`;
}

/** The headers every answer carries besides its `X-Request-Id` (see {@link setBaselineHeaders}). */
export const BASELINE_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Cache-Control', 'no-store'],
];

/**
 * Headers every answer carries. Answers hold tokens, sign links and personal data, so they are
 * never stored by browsers or proxies (a route that knows better sets its own Cache-Control).
 *
 * On Node (@hono/node-server) they go straight onto the `ServerResponse`, which merges them into
 * the head it writes (a route's own value for the same header wins). `c.header()` would make Hono
 * build a `Headers` object for every answer, which cost the cached `GET /v1/flows/:id` about a
 * sixth of its throughput (bench/bff.ts). Elsewhere (other runtimes, `app.request` in tests) they
 * are set with `c.header()`.
 */
function setBaselineHeaders(c: Context<BffEnv>, requestId: string): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) {
    outgoing.setHeader('X-Request-Id', requestId);
    for (const [name, value] of BASELINE_HEADERS) outgoing.setHeader(name, value);
  } else {
    c.header('X-Request-Id', requestId);
    for (const [name, value] of BASELINE_HEADERS) c.header(name, value);
  }
}

/** Builds the frame middleware. */
export function requestFrame(options: FrameOptions): MiddlewareHandler<BffEnv> {
  const { onFinish } = options;
  const corsMiddleware = cors({
    origin: (origin) => (options.allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  const bodyTooLarge = (): never => {
    throw new BffError('BODY_TOO_LARGE', `The request body is larger than ${options.bodyBytes} bytes`);
  };
  const defaultLimit = bodyLimit({ maxSize: options.bodyBytes, onError: bodyTooLarge });
  // JSON uploads: the file limit in base64 plus the ordinary body limit for the rest; a body over it
  // holds a file over the limit, so the 413 speaks of the file. Routes check the decoded size exactly.
  const jsonUploadMax = jsonUploadBodyLimit(options.uploadBytes, options.bodyBytes);
  const uploadTooLarge = (): never => {
    throw fileTooLarge(options.uploadBytes);
  };
  const jsonUploadLimit = bodyLimit({ maxSize: jsonUploadMax, onError: uploadTooLarge });
  /**
   * A declared length is checked as it stands (Node's parser never reads past it), as Hono's
   * bodyLimit does; but bodyLimit first asks for `c.req.raw.body`, which makes @hono/node-server
   * build a web stream for the body and drop its direct read, a large share of a proxied call.
   * Bodies of unknown length (chunked) are counted by bodyLimit (`counted`) as they arrive.
   */
  const limitBody = (
    c: Context<BffEnv>,
    next: Next,
    maxSize: number,
    tooLarge: () => never,
    counted: MiddlewareHandler,
  ) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number.parseInt(declared, 10) > maxSize) tooLarge();
    return next();
  };

  const routeNames = new Map<string, string>();

  return async (c, next) => {
    // A request the cached-read fast path began keeps its id and start (http/handoff.ts).
    const handoff = handedOver(c);
    const requestId = handoff?.requestId ?? requestIdFor(c.req.header('x-request-id'));
    c.set('requestId', requestId);
    setBaselineHeaders(c, requestId);
    const started = handoff?.started ?? performance.now();

    const method = c.req.method;
    const limited: Next =
      method === 'GET' || method === 'HEAD' || method === 'OPTIONS'
        ? next
        : async () => {
            if (!options.uploadPaths.has(c.req.path))
              await limitBody(c, next, options.bodyBytes, bodyTooLarge, defaultLimit);
            // Multipart uploads are streamed and limited per file by the route (http/multipart.ts).
            else if (isMultipart(c)) await next();
            else await limitBody(c, next, jsonUploadMax, uploadTooLarge, jsonUploadLimit);
          };
    // Browsers always send Origin on cross-origin requests; server-to-server calls skip the CORS work.
    // A preflight is answered by the CORS middleware itself: its response is returned as is.
    const answer = c.req.header('origin') ? await corsMiddleware(c, limited) : await limited();

    onFinish?.({
      requestId,
      method: METHODS.has(method) ? method : 'OTHER',
      route: routeOf(c, routeNames),
      status: c.res.status,
      ms: performance.now() - started,
    });
    return answer;
  };
}
