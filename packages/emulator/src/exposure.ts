/**
 * Development servers on the network. The emulator's control API (which posts callbacks to any URL
 * and shows their plaintext), its signing pages and the demo's `/api/*` have no authentication: right
 * on 127.0.0.1, dangerous anywhere else. Binding them elsewhere prints a loud warning, and their
 * answers carry the same baseline headers as the BFF's (nosniff, no framing by other sites).
 */
import type { MiddlewareHandler } from 'hono';

/** True for hosts only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** The warning for `what` listening on `host` (null when the host is loopback). */
export function exposureWarning(what: string, host: string): string | null {
  if (isLoopbackHost(host)) return null;
  const line = '!'.repeat(78);
  return [
    line,
    `!! WARNING: ${what} listens on ${host}, reachable from other machines.`,
    '!! It has NO authentication: anyone who reaches it can read callbacks in plaintext,',
    '!! send callbacks to any URL and act as signers. Use it on 127.0.0.1 only, or behind',
    '!! a firewall you control. Never expose it to the internet.',
    line,
  ].join('\n');
}

/** Baseline headers of every answer: no MIME sniffing, no framing by other sites, no plugins. */
export const BASELINE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
});

/** Sets {@link BASELINE_HEADERS} on every answer (a route's own value wins). */
export function baselineHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(BASELINE_HEADERS))
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  };
}
