/**
 * How the ESS client sends a signed request: over a pool of keep-alive connections per ESS host
 * (undici's `Agent`, at most {@link MAX_CONNECTIONS_PER_HOST} each), with undici's `request` rather
 * than `fetch`. The fetch API wraps every call in WHATWG Request/Response/stream objects; for a
 * proxied call that was a large share of what the BFF added over calling ESS directly (bench/bff.ts).
 * A `fetch` given to the client (tests, embedding) is used instead, as it is.
 */
import { Agent } from 'undici';

/**
 * Connections kept to one ESS host. ESS limits each action to a few dozen calls a second (the
 * client-side rate limiter holds that too), so more would only be idle sockets.
 */
export const MAX_CONNECTIONS_PER_HOST = 32;

/** What one attempt gets back: the status and the body as text. */
export interface EssAnswer {
  status: number;
  text: string;
}

/**
 * Sends one POST; rejects on a transport failure, or with an error {@link isTimeout} recognises
 * when ESS does not answer within `timeoutMs`.
 */
export type EssTransport = (
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<EssAnswer>;

/** Timeout errors: an aborted fetch's, and undici's own (connect, answer head, pause in its body). */
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** True when `err` says the time ran out rather than the connection failing. */
export function isTimeout(err: unknown): boolean {
  const { name, code } = (err ?? {}) as { name?: string; code?: string };
  return name === 'TimeoutError' || name === 'AbortError' || (code !== undefined && TIMEOUT_CODES.has(code));
}

/** Wraps a fetch function (tests inject one): the whole call within the timeout. */
export function fetchTransport(doFetch: typeof fetch): EssTransport {
  return async (url, headers, body, timeoutMs) => {
    const res = await doFetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, text: await res.text().catch(() => '') };
  };
}

/**
 * The pooled transport and its `close` (ends the idle connections). The timeout bounds connecting,
 * the wait for the answer's head and any pause within its body, with undici's own timers: an
 * `AbortSignal.timeout` per call left a timer behind that fired, long after the answer, for every
 * call (and made an exception each time).
 */
export function pooledTransport(connectTimeoutMs: number): { send: EssTransport; close(): void } {
  const agent = new Agent({ connections: MAX_CONNECTIONS_PER_HOST, connectTimeout: connectTimeoutMs });
  return {
    async send(url, headers, body, timeoutMs) {
      const res = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      return { status: res.statusCode, text: await res.body.text() };
    },
    close() {
      agent.close().catch(() => {});
    },
  };
}
