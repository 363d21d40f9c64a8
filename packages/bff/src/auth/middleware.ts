/**
 * Authentication and per-caller rate limits, as plain Hono middleware. Runs before routing decides
 * anything else, so missing or bad credentials are always a 401 — even for unknown actions.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { BffConfig } from '../config.js';
import type { BffEnv, Caller } from '../deps.js';
import { BffError } from '../errors.js';
import { handedOver } from '../http/handoff.js';
import type { FailedAttempts } from './failed-attempts.js';
import { PartnerKeys } from './keys.js';
import { CallerRateLimiter } from './rate-limit.js';
import { type BrowserToken, looksLikeJwt, tokenSettings, verifyToken } from './tokens.js';

/** The one route that takes a browser token in its URL: EventSource cannot send headers. */
const takesTokenInUrl = (c: Context) => c.req.method === 'GET' && c.req.path === '/v1/events';

/**
 * The credential of an Authorization header: null when there is none, '' when it is not
 * `Bearer <credential>` (both 401, with different messages).
 */
export function bearerCredential(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/**
 * Extracts the bearer credential from the Authorization header, or for `GET /v1/events` from
 * `?token=` or the cookie.
 */
export function presentedCredential(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header) return bearerCredential(header);
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

/** The rules of authentication, for the middleware and for the cached-read fast path (http/cached-read.ts). */
export interface Authenticator {
  /** The middleware for `/v1` routes. */
  middleware: MiddlewareHandler<BffEnv>;
  /**
   * The caller a credential proved before — a partner key that has matched, a browser token
   * verified and not yet expired — found without a digest, a signature check or any side effect;
   * null for anything else (the middleware decides those, spending failed attempts).
   */
  knownCaller(credential: string): Caller | null;
  /** Takes one request from the caller's rate limit: 0 = admitted, else seconds to wait. */
  rateLimit(caller: Caller): number;
}

/** Builds the authenticate middleware for `/v1` routes. */
export function authenticate(
  config: BffConfig,
  now: () => number = Date.now,
  options: AuthenticateOptions = {},
): MiddlewareHandler<BffEnv> {
  return createAuthenticator(config, now, options).middleware;
}

/** Builds the authenticator: the middleware and the checks the fast path shares with it. */
export function createAuthenticator(
  config: BffConfig,
  now: () => number = Date.now,
  options: AuthenticateOptions = {},
): Authenticator {
  const keys = new PartnerKeys(config.apiKeys.map((k) => k.key));
  const tokenLimiter = new CallerRateLimiter(config.limits.tokenRequestsPerSecond, now);
  const keyLimiter = new CallerRateLimiter(config.limits.keyRequestsPerSecond, now);
  const settings = tokenSettings(config);
  // Verified tokens (as the caller each proves), so a page's many requests do not each re-run the
  // HMAC check; bounded, expiry honoured.
  const verified = new Map<string, Caller & { kind: 'browser' }>();
  const knownToken = (credential: string): Caller | null => {
    const hit = verified.get(credential);
    return hit && hit.token.exp * 1000 > now() ? hit : null;
  };
  const verify = async (credential: string): Promise<Caller> => {
    const token = await verifyToken(settings, credential);
    if (verified.size >= VERIFIED_TOKEN_CACHE) verified.delete(verified.keys().next().value as string);
    const caller: Caller & { kind: 'browser' } = { kind: 'browser', token };
    verified.set(credential, caller);
    return caller;
  };

  // One caller object per key (it never changes) and its rate-limit bucket name.
  const partners = config.apiKeys.map(
    (k, keyIndex): Caller => ({ kind: 'partner', keyIndex, organizations: k.organizations }),
  );
  const partnerBuckets = config.apiKeys.map((_, keyIndex) => `k${keyIndex}`);

  /**
   * A verified token was checked against the keys before it was verified, and keys never change:
   * looking it up before the keys' constant-time comparison gives the same caller without a digest.
   */
  const knownCaller = (credential: string): Caller | null => {
    const keyIndex = keys.remembered(credential);
    return keyIndex >= 0 ? partners[keyIndex] : knownToken(credential);
  };
  const rateLimit = (caller: Caller): number =>
    caller.kind === 'partner'
      ? keyLimiter.take(partnerBuckets[caller.keyIndex])
      : tokenLimiter.take(caller.token.jti);

  /**
   * The caller a credential proves; throws for a wrong one. Known callers and partner keys are
   * answered synchronously (no promise on the hottest path); new browser tokens need a check.
   */
  const callerFor = (credential: string): Caller | Promise<Caller> => {
    const known = knownCaller(credential);
    if (known) return known;
    const keyIndex = keys.match(credential);
    if (keyIndex >= 0) return partners[keyIndex];
    if (looksLikeJwt(credential)) return verify(credential);
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

  /** Lets the caller in, or refuses it with 429 when its rate limit said to wait. */
  const admit = (c: Context<BffEnv>, caller: Caller, retryAfter: number) => {
    if (retryAfter > 0) {
      c.header('Retry-After', String(retryAfter));
      throw new BffError('RATE_LIMITED', `Too many requests; retry after ${retryAfter} s`, {
        retryAfterSeconds: retryAfter,
      });
    }
    c.set('caller', caller);
  };

  const { except, failedAttempts } = options;
  const middleware: MiddlewareHandler<BffEnv> = async (c, next) => {
    if (except?.(c.req.path)) return next();
    // The fast path authenticated this request already (and took its rate limit): http/handoff.ts.
    const handoff = handedOver(c);
    if (handoff) {
      admit(c, handoff.caller, handoff.retryAfter);
      if (handoff.error !== undefined) throw handoff.error;
      return next();
    }
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
    let caller: Caller;
    try {
      const found = callerFor(credential);
      caller = found instanceof Promise ? await found : found;
    } catch (err) {
      // A wrong key or a forged token spends the address's budget; an expired token was genuine.
      if (err instanceof BffError && err.code !== 'TOKEN_EXPIRED') failedAttempts?.fail(c);
      throw err;
    }
    admit(c, caller, rateLimit(caller));
    await next();
  };
  return { middleware, knownCaller, rateLimit };
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
