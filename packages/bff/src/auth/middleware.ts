/**
 * Authentication and per-caller rate limits, as plain Hono middleware. Runs before routing decides
 * anything else, so missing or bad credentials are always a 401 — even for unknown actions.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { BffConfig } from '../config.js';
import type { BffEnv, Caller } from '../deps.js';
import { BffError } from '../errors.js';
import type { FailedAttempts } from './failed-attempts.js';
import { PartnerKeys } from './keys.js';
import { CallerRateLimiter } from './rate-limit.js';
import { type BrowserToken, looksLikeJwt, tokenSettings, verifyToken } from './tokens.js';

/** The one route that takes a browser token in its URL: EventSource cannot send headers. */
const takesTokenInUrl = (c: Context) => c.req.method === 'GET' && c.req.path === '/v1/events';

/**
 * Extracts the bearer credential from the Authorization header, or for `GET /v1/events` from
 * `?token=` or the cookie.
 */
export function presentedCredential(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : '';
  }
  // EventSource cannot send headers; the SSE route also takes the token from a cookie (never POSTs,
  // so a cookie cannot be used for cross-site writes).
  if (takesTokenInUrl(c)) {
    const query = c.req.query('token');
    if (query !== undefined) return query;
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
  /** Per-address budget of wrong credentials (brute force); none = unlimited. */
  failedAttempts?: FailedAttempts;
}

/** Builds the authenticate middleware for `/v1` routes. */
export function authenticate(
  config: BffConfig,
  now: () => number = Date.now,
  options: AuthenticateOptions = {},
): MiddlewareHandler<BffEnv> {
  const keys = new PartnerKeys(config.apiKeys.map((k) => k.key));
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

  // One caller object per key (it never changes) and its rate-limit bucket name.
  const partners = config.apiKeys.map(
    (k, keyIndex): Caller => ({ kind: 'partner', keyIndex, organizations: k.organizations }),
  );
  const partnerBuckets = config.apiKeys.map((_, keyIndex) => `k${keyIndex}`);

  /**
   * The caller a credential proves, and its rate-limit bucket; throws for a wrong one. Partner keys
   * are answered synchronously (no promise on the hottest path); browser tokens may need a check.
   */
  const callerFor = (
    credential: string,
  ): { caller: Caller; retryAfter: number } | Promise<{ caller: Caller; retryAfter: number }> => {
    const keyIndex = keys.match(credential);
    if (keyIndex >= 0)
      return { caller: partners[keyIndex], retryAfter: keyLimiter.take(partnerBuckets[keyIndex]) };
    return browserCaller(credential);
  };
  const browserCaller = async (credential: string): Promise<{ caller: Caller; retryAfter: number }> => {
    if (looksLikeJwt(credential)) {
      const token = await verify(credential);
      return { caller: { kind: 'browser', token }, retryAfter: tokenLimiter.take(token.jti) };
    }
    throw new BffError(
      'UNAUTHENTICATED',
      'The credential is neither a known partner API key nor a browser token',
    );
  };

  /**
   * URLs end up in proxy logs and Referer headers: `?token=` is for browser tokens on `GET /v1/events`
   * only, and a partner key is refused in any URL, under any parameter name.
   */
  const refuseCredentialsInUrl = (c: Context<BffEnv>) => {
    const query = c.req.queries();
    if ('token' in query && !takesTokenInUrl(c))
      throw new BffError(
        'CREDENTIAL_IN_URL',
        'Credentials do not belong in URLs (proxies log them): send "Authorization: Bearer <credential>" instead of ?token=',
      );
    for (const values of Object.values(query))
      for (const value of values)
        if (keys.match(value) >= 0)
          throw new BffError(
            'CREDENTIAL_IN_URL',
            'A partner API key was sent in the URL, where proxies log it: send it only as "Authorization: Bearer <key>", and rotate this key',
          );
  };

  const { except, failedAttempts } = options;
  return async (c, next) => {
    if (except?.(c.req.path)) return next();
    // Checked before the credential, so that a blocked address learns nothing about its guesses.
    const blocked = failedAttempts?.retryAfter(c) ?? 0;
    if (blocked > 0)
      throw new BffError(
        'RATE_LIMITED',
        `Too many failed authentications from this address; retry after ${blocked} s`,
        { retryAfterSeconds: blocked },
      );
    refuseCredentialsInUrl(c);
    const credential = presentedCredential(c);
    if (credential === null)
      throw new BffError(
        'UNAUTHENTICATED',
        'Send "Authorization: Bearer <partner API key or browser token>"',
      );
    if (credential === '')
      throw new BffError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <credential>"');
    let proven: { caller: Caller; retryAfter: number };
    try {
      const found = callerFor(credential);
      proven = found instanceof Promise ? await found : found;
    } catch (err) {
      // A wrong key or a forged token spends the address's budget; an expired token was genuine.
      if (err instanceof BffError && err.code !== 'TOKEN_EXPIRED') failedAttempts?.fail(c);
      throw err;
    }
    if (proven.retryAfter > 0) {
      c.header('Retry-After', String(proven.retryAfter));
      throw new BffError('RATE_LIMITED', `Too many requests; retry after ${proven.retryAfter} s`, {
        retryAfterSeconds: proven.retryAfter,
      });
    }
    c.set('caller', proven.caller);
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
