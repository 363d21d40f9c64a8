/**
 * The cached-read fast path (issue 17): `GET /v1/flows/:flowId` answered from the snapshot the store
 * holds, in Node's request listener, before @hono/node-server builds a request and Hono runs its
 * middleware chain. Status badges poll or replay through this route more than through any other, and
 * that machinery cost about as much CPU per answer as the answer itself.
 *
 * It applies the same rules, by calling the same functions: the request id and baseline headers of
 * the request frame (frame.ts), the authenticator's known callers and rate limits and the failed-
 * attempt budget (auth/), the route's scope check and store read (`cachedFlowStatus`, routes/flows.ts),
 * and the frame's `onFinish` (access log line, request histogram). It answers only the plain case —
 * a caller the authenticator already knows, admitted by its rate limit, in scope, with a snapshot in
 * the store — and gives anything else to the Hono app (`next`):
 * - untouched, before doing anything that counts (other methods and paths, a query string, CORS, a
 *   body, unusual or repeated headers, a blocked address, a new or wrong credential);
 * - or with a {@link Handoff} once it has taken the rate limit (a 429, a scope refusal, a store
 *   failure, a snapshot the store does not hold): the app then answers as it would have — errors
 *   through its own error handler — without counting the request twice.
 * An uncached snapshot so costs two extra store lookups (the scope owner and the snapshot, asked
 * again by the route) on a request that goes on to call ESS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailedAttempts } from '../auth/failed-attempts.js';
import { type Authenticator, bearerCredential } from '../auth/middleware.js';
import type { BffDeps, Caller } from '../deps.js';
import { cachedFlowStatus, FLOW_ID, FLOW_STATUS_ROUTE, JSON_CONTENT_TYPE } from '../routes/flows.js';
import { BASELINE_HEADERS, type FinishedRequest, requestIdFor } from './frame.js';
import { handOver } from './handoff.js';

/** Node's request listener signature. */
export type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => void;

/** Answers a cached read, or passes the request to `next` (the Hono app's listener). */
export interface CachedReads {
  (incoming: IncomingMessage, outgoing: ServerResponse, next: NodeListener): void;
  /** Requests answered here (for tests and diagnostics). */
  readonly answered: number;
}

/** A route as Hono lists it (`app.routes`). */
interface ListedRoute {
  method: string;
  path: string;
  handler: unknown;
}

/** What the fast path is built from. */
export interface CachedReadOptions {
  deps: BffDeps;
  auth: Pick<Authenticator, 'knownCaller' | 'rateLimit'>;
  failedAttempts: FailedAttempts;
  /** The request frame's `onFinish` (access log, metrics). */
  onFinish: (request: FinishedRequest) => void;
  /** The app's routes, once all are registered: what else a `GET /v1/flows/<id>` could reach. */
  routes: readonly ListedRoute[];
  /** Handlers known to be on the route's way (the request frame, the authenticate middleware). */
  expectedHandlers: readonly unknown[];
}

const PREFIX = FLOW_STATUS_ROUTE.slice(0, FLOW_STATUS_ROUTE.indexOf(':'));

/**
 * Hosts @hono/node-server takes without a URL parse (its `reValidHost`): any other Host header, or
 * none, goes to it, which decides (it may answer 400).
 */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/**
 * What else the app could run for `GET /v1/flows/<id>`: the names of static siblings
 * (`/v1/flows/<name>`, which the fast path leaves alone), or null when some other pattern or
 * middleware could match (then the fast path stays out entirely).
 */
export function otherFlowRoutes(
  routes: readonly ListedRoute[],
  expectedHandlers: readonly unknown[],
): Set<string> | null {
  const target = PREFIX.split('/'); // ['', 'v1', 'flows', '']
  const names = new Set<string>();
  for (const route of routes) {
    if (route.method !== 'GET' && route.method !== 'ALL') continue;
    if (expectedHandlers.includes(route.handler)) continue;
    if (route.method === 'GET' && route.path === FLOW_STATUS_ROUTE) continue;
    const parts = route.path.split('/');
    let matches = true;
    let dynamic = false;
    for (let i = 0; i < parts.length && matches; i++) {
      const part = parts[i];
      if (part === '*') {
        dynamic = true;
        break;
      }
      if (i >= target.length) matches = false;
      else if (part.startsWith(':')) dynamic = true;
      else if (i < target.length - 1 && part !== target[i]) matches = false;
    }
    if (!matches || (!dynamic && parts.length !== target.length)) continue;
    if (dynamic) return null;
    names.add(parts[target.length - 1]);
  }
  return names;
}

/** Builds the fast path. */
export function cachedReads(options: CachedReadOptions): CachedReads {
  const { deps, auth, failedAttempts, onFinish } = options;
  const shadowed = otherFlowRoutes(options.routes, options.expectedHandlers);
  let answered = 0;
  // One head, filled in per answer (writeHead reads it at once): id, baseline headers, type, length.
  const head: string[] = ['X-Request-Id', ''];
  for (const [name, value] of BASELINE_HEADERS) head.push(name, value);
  head.push('Content-Type', JSON_CONTENT_TYPE, 'Content-Length', '');
  const ID = 1;
  const LENGTH = head.length - 1;
  // The snapshot text is usually the very string the store answered last time: its length is kept.
  let lastText = '';
  let lastLength = '0';

  const answer = (outgoing: ServerResponse, requestId: string, text: string, started: number) => {
    if (text !== lastText) {
      lastText = text;
      lastLength = String(Buffer.byteLength(text));
    }
    head[ID] = requestId;
    head[LENGTH] = lastLength;
    onFinish({
      requestId,
      method: 'GET',
      route: FLOW_STATUS_ROUTE,
      status: 200,
      ms: performance.now() - started,
    });
    answered++;
    outgoing.writeHead(200, head);
    outgoing.end(text);
  };

  const serve = async (
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    next: NodeListener,
    caller: Caller,
    flowId: string,
    requestId: string,
    started: number,
  ) => {
    let text: string | null;
    try {
      text = await cachedFlowStatus(deps, caller, flowId);
    } catch (error) {
      handOver(incoming, { requestId, started, caller, retryAfter: 0, error });
      next(incoming, outgoing);
      return;
    }
    if (text === null) {
      handOver(incoming, { requestId, started, caller, retryAfter: 0 });
      next(incoming, outgoing);
      return;
    }
    try {
      answer(outgoing, requestId, text, started);
    } catch (error) {
      // Not expected (the head is made of checked values); never an unhandled rejection.
      deps.logger.error('unhandled error', {
        requestId,
        error: error instanceof Error ? error.message : String(error),
      });
      outgoing.destroy();
    }
  };

  // The last path and Host header that passed their checks, and the path's flow id: a poller asks
  // the same flow of the same host again and again, and the checks cost more than a comparison.
  let lastUrl: string | undefined;
  let lastFlowId = '';
  let lastHost: string | undefined;

  /** Takes the request (true), or leaves it untouched for `next` (false). */
  const take = (incoming: IncomingMessage, outgoing: ServerResponse, next: NodeListener): boolean => {
    const url = incoming.url;
    if (shadowed === null || incoming.method !== 'GET' || url === undefined) return false;
    let flowId = lastFlowId;
    if (url !== lastUrl) {
      if (!url.startsWith(PREFIX)) return false;
      // The id pattern leaves out '/', '?', '%' and '.': no query, no encoding, no dot segment.
      flowId = url.slice(PREFIX.length);
      if (!FLOW_ID.test(flowId) || shadowed.has(flowId)) return false;
      lastUrl = url;
      lastFlowId = flowId;
    }

    let host: string | undefined;
    let authorization: string | undefined;
    let requestIdHeader: string | undefined;
    let forwardedFor: string | undefined;
    const raw = incoming.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i];
      // Only the headers the route's rules read; each at most once (Node and the Fetch API join
      // repeats differently), and none that asks for more (CORS, a body).
      switch (name.length) {
        case 4:
          if (name.toLowerCase() !== 'host') break;
          if (host !== undefined) return false;
          host = raw[i + 1];
          break;
        case 6:
          if (name.toLowerCase() === 'origin') return false;
          break;
        case 12:
          if (name.toLowerCase() !== 'x-request-id') break;
          if (requestIdHeader !== undefined) return false;
          requestIdHeader = raw[i + 1];
          break;
        case 13:
          if (name.toLowerCase() !== 'authorization') break;
          if (authorization !== undefined) return false;
          authorization = raw[i + 1];
          break;
        case 14:
          if (name.toLowerCase() === 'content-length') return false;
          break;
        case 15:
          if (name.toLowerCase() !== 'x-forwarded-for') break;
          if (forwardedFor !== undefined) return false;
          forwardedFor = raw[i + 1];
          break;
        case 17:
          if (name.toLowerCase() === 'transfer-encoding') return false;
          break;
      }
    }
    if (host === undefined) return false;
    if (host !== lastHost) {
      if (!PLAIN_HOST.test(host)) return false;
      lastHost = host;
    }
    const credential = bearerCredential(authorization);
    if (!credential) return false;
    // The middleware's order: a blocked address first, then the credential.
    if (failedAttempts.retryAfterFrom(incoming.socket?.remoteAddress, forwardedFor) > 0) return false;
    const caller = auth.knownCaller(credential);
    if (caller === null) return false;

    // From here the request is counted: whatever follows, it is answered once, with this id.
    const started = performance.now();
    const requestId = requestIdFor(requestIdHeader);
    const retryAfter = auth.rateLimit(caller);
    if (retryAfter > 0) {
      handOver(incoming, { requestId, started, caller, retryAfter });
      next(incoming, outgoing);
    } else void serve(incoming, outgoing, next, caller, flowId, requestId, started);
    return true;
  };
  const listener = (incoming: IncomingMessage, outgoing: ServerResponse, next: NodeListener): void => {
    if (!take(incoming, outgoing, next)) next(incoming, outgoing);
  };
  Object.defineProperty(listener, 'answered', { get: () => answered });
  return listener as CachedReads;
}
