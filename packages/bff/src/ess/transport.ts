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

/** Sends one POST; rejects on a transport failure or when `signal` aborts (its reason). */
export type EssTransport = (
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
) => Promise<EssAnswer>;

/** Wraps a fetch function (tests inject one). */
export function fetchTransport(doFetch: typeof fetch): EssTransport {
  return async (url, headers, body, signal) => {
    const res = await doFetch(url, { method: 'POST', headers, body, signal });
    return { status: res.status, text: await res.text().catch(() => '') };
  };
}

/** The pooled transport and its `close` (ends the idle connections). */
export function pooledTransport(): { send: EssTransport; close(): void } {
  const agent = new Agent({ connections: MAX_CONNECTIONS_PER_HOST });
  return {
    async send(url, headers, body, signal) {
      const res = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        body,
        signal,
      });
      return { status: res.statusCode, text: await res.body.text().catch(() => '') };
    },
    close() {
      agent.close().catch(() => {});
    },
  };
}
