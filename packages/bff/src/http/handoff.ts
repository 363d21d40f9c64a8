/**
 * What the cached-read fast path (http/cached-read.ts) hands to the Hono app when it cannot finish a
 * request itself — a snapshot the store does not hold (ESS must be asked), a scope refusal, a store
 * failure, a rate limit — after it has already done part of the work: the request id it gave, when
 * it started, and what the credential proved (with its rate-limit answer, already taken).
 *
 * The request frame and the authenticate middleware pick it up instead of doing that work again,
 * so a request is counted once against its rate limit, has one id and one access log line, and its
 * answer (errors included) is the one the Hono app gives. It travels on Node's `IncomingMessage`
 * under a symbol: only code in this process can set it; a client cannot.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Caller } from '../deps.js';

/** The work the fast path did before handing a request over. */
export interface Handoff {
  requestId: string;
  /** `performance.now()` when the fast path took the request (the access log's `ms` counts from it). */
  started: number;
  caller: Caller;
  /** Seconds the caller's rate limit asked it to wait (0 = admitted): the answer of its one `take`. */
  retryAfter: number;
  /** Thrown by the work after authentication (scope, store): the Hono app answers it. */
  error?: unknown;
}

const HANDOFF = Symbol('ess-kit.handoff');

type Carrier = IncomingMessage & { [HANDOFF]?: Handoff };

/** Leaves `handoff` on the request for the Hono app. */
export function handOver(incoming: IncomingMessage, handoff: Handoff): void {
  (incoming as Carrier)[HANDOFF] = handoff;
}

/** The handoff a request carries (Node only), or undefined. */
export function handedOver(c: Context): Handoff | undefined {
  return ((c.env as { incoming?: Carrier } | undefined)?.incoming as Carrier | undefined)?.[HANDOFF];
}
