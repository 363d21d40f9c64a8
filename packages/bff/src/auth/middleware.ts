/**
 * Authentication and per-caller rate limits, as plain Hono middleware. Runs before routing decides
 * anything else, so missing or bad credentials are always a 401 — even for unknown actions.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { BffConfig } from '../config.js';
import type { BffEnv, Caller } from '../deps.js';
import { BffError } from '../errors.js';
import { PartnerKeys } from './keys.js';
import { CallerRateLimiter } from './rate-limit.js';
import { type BrowserToken, looksLikeJwt, tokenSettings, verifyToken } from './tokens.js';

/** Extracts the bearer credential from the Authorization header or `?token=`. */
export function presentedCredential(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : '';
  }
  const query = c.req.query('token');
  if (query !== undefined) return query;
  // EventSource cannot send headers; the SSE route also takes the token from a cookie (never POSTs,
  // so a cookie cannot be used for cross-site writes).
  if (c.req.method === 'GET' && c.req.path === '/v1/events') {
    const cookie = /(?:^|;\s*)ess_kit_token=([^;]+)/.exec(c.req.header('cookie') ?? '');
    if (cookie) return decodeURIComponent(cookie[1]);
  }
  return null;
}

const VERIFIED_TOKEN_CACHE = 10_000;

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  /** Paths that authenticate otherwise (ESS callbacks carry their own signature). */
  except?: (path: string) => boolean;
}

/** Builds the authenticate middleware for `/v1` routes. */
export function authenticate(
  config: BffConfig,
  now: () => number = Date.now,
  options: AuthenticateOptions = {},
): MiddlewareHandler<BffEnv> {
  const keys = new PartnerKeys(config.apiKeys);
  const tokenLimiter = new CallerRateLimiter(config.limits.tokenRequestsPerSecond, now);
  const keyLimiter = new CallerRateLimiter(config.limits.keyRequestsPerSecond, now);
  const settings = tokenSettings(config);
  // Verified tokens, so a page's many requests do not each re-run the HMAC check; bounded, expiry honoured.
  const verified = new Map<string, BrowserToken>();
  const verify = async (credential: string): Promise<BrowserToken> => {
    const hit = verified.get(credential);
    if (hit && hit.exp * 1000 > now()) return hit;
    const token = await verifyToken(settings, credential);
    if (verified.size >= VERIFIED_TOKEN_CACHE) verified.delete(verified.keys().next().value as string);
    verified.set(credential, token);
    return token;
  };

  const { except } = options;
  return async (c, next) => {
    if (except?.(c.req.path)) return next();
    const credential = presentedCredential(c);
    if (credential === null)
      throw new BffError(
        'UNAUTHENTICATED',
        'Send "Authorization: Bearer <partner API key or browser token>"',
      );
    if (credential === '')
      throw new BffError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <credential>"');
    let caller: Caller;
    let limitKey: string;
    let retryAfter: number;
    const keyIndex = keys.match(credential);
    if (keyIndex >= 0) {
      caller = { kind: 'partner', keyIndex };
      limitKey = `k${keyIndex}`;
      retryAfter = keyLimiter.take(limitKey);
    } else if (looksLikeJwt(credential)) {
      const token = await verify(credential);
      caller = { kind: 'browser', token };
      limitKey = token.jti;
      retryAfter = tokenLimiter.take(limitKey);
    } else {
      throw new BffError(
        'UNAUTHENTICATED',
        'The credential is neither a known partner API key nor a browser token',
      );
    }
    if (retryAfter > 0) {
      c.header('Retry-After', String(retryAfter));
      throw new BffError('RATE_LIMITED', `Too many requests; retry after ${retryAfter} s`, {
        retryAfterSeconds: retryAfter,
      });
    }
    c.set('caller', caller);
    await next();
  };
}

/** The verified browser token, or null for partners. */
export function browserToken(c: Context<BffEnv>): BrowserToken | null {
  const caller = c.get('caller');
  return caller.kind === 'browser' ? caller.token : null;
}

/** Refuses browser tokens on partner-only routes. */
export function requirePartner(c: Context<BffEnv>, what: string): void {
  if (c.get('caller').kind !== 'partner')
    throw new BffError('FORBIDDEN', `${what} needs a partner API key; browser tokens cannot use it`);
}
