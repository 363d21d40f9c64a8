// What the cached-read fast path relies on from auth (issue 15): `knownCaller` answers only for a
// credential the middleware has already proved (a matched partner key, an unexpired verified token),
// the middleware honours a handoff instead of authenticating again, and the failed-attempt budget
// is read the same way from a raw socket address and X-Forwarded-For.
import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import type { BffEnv, Caller } from '../deps.js';
import { BffError } from '../errors.js';
import { handOver } from '../http/handoff.js';
import { failedAttempts } from './failed-attempts.js';
import { PartnerKeys } from './keys.js';
import { bearerCredential, createAuthenticator } from './middleware.js';
import { CallerRateLimiter } from './rate-limit.js';
import { mintToken, tokenSettings } from './tokens.js';

const KEY = 'known-caller-partner-key-0001';
const OTHER_KEY = 'known-caller-partner-key-0002';
const SECRET = 'known-caller-token-secret-long-enough-000';

const config = (limits: Record<string, number> = {}) =>
  loadConfig(
    {
      ESS_ENV: 'emulator',
      STORE_URL: ':memory:',
      LOG_LEVEL: 'error',
      BFF_API_KEYS: `${KEY},${OTHER_KEY}`,
      BFF_TOKEN_SECRET: SECRET,
    },
    { limits },
  );

const scope = {
  flowIds: ['yDflowK'],
  templateIds: [],
  qrCodeIds: [],
  actions: ['DescribeFlowBriefs' as const],
  organizationId: null,
};

/** The authenticator behind a tiny app whose route says who the caller is. */
function setup(now: () => number = Date.now, limits: Record<string, number> = {}) {
  const cfg = config(limits);
  const auth = createAuthenticator(cfg, now);
  const app = new Hono<BffEnv>();
  app.use('/v1/*', auth.middleware);
  app.get('/v1/flows', (c) => {
    const caller = c.get('caller');
    return c.json({ kind: caller.kind, keyIndex: caller.kind === 'partner' ? caller.keyIndex : null });
  });
  app.onError((err, c) => {
    if (err instanceof BffError) return c.json({ code: err.code }, err.status as 400);
    return c.json({ code: 'INTERNAL' }, 500);
  });
  return { cfg, auth, app };
}

const bearer = (credential: string) => ({ headers: { authorization: `Bearer ${credential}` } });

describe('bearerCredential', () => {
  it('is null without a header, and takes the credential before trailing blanks', () => {
    expect(bearerCredential(undefined)).toBeNull();
    expect(bearerCredential('')).toBeNull();
    // Node hands the fast path raw header values; a trailing blank must not turn a key into ''.
    expect(bearerCredential(`Bearer ${KEY} \t`)).toBe(KEY);
    expect(bearerCredential(`Bearer ${KEY} x`)).toBe('');
  });
});

describe('knownCaller', () => {
  it('knows a partner key only after it has matched, by its index', async () => {
    const { auth, app } = setup();
    expect(auth.knownCaller(KEY)).toBeNull();
    expect(auth.knownCaller(OTHER_KEY)).toBeNull();
    expect((await app.request('/v1/flows', bearer(KEY))).status).toBe(200);
    expect((await app.request('/v1/flows', bearer(OTHER_KEY))).status).toBe(200);
    expect(auth.knownCaller(KEY)).toEqual({ kind: 'partner', keyIndex: 0, organizations: null });
    expect(auth.knownCaller(OTHER_KEY)).toMatchObject({ kind: 'partner', keyIndex: 1 });
    expect((await app.request('/v1/flows', bearer('not-a-key'))).status).toBe(401);
    expect(auth.knownCaller('not-a-key')).toBeNull();
  });

  it('knows each verified browser token until the millisecond it expires', async () => {
    let now = Date.now();
    const { cfg, auth, app } = setup(() => now);
    const settings = tokenSettings(cfg);
    const first = await mintToken(settings, scope, 60);
    const second = await mintToken(settings, scope, 60);
    expect(auth.knownCaller(first.token)).toBeNull();
    expect(await (await app.request('/v1/flows', bearer(first.token))).json()).toEqual({
      kind: 'browser',
      keyIndex: null,
    });
    expect((await app.request('/v1/flows', bearer(second.token))).status).toBe(200);
    // Both stay known (the cache holds more than the latest token).
    const jti = (t: { token: string }) => {
      const known = auth.knownCaller(t.token);
      return known?.kind === 'browser' ? known.token.jti : null;
    };
    expect(jti(first)).toEqual(expect.any(String));
    expect(jti(second)).toEqual(expect.any(String));
    expect(jti(first)).not.toBe(jti(second));
    const exp = (auth.knownCaller(first.token) as Caller & { kind: 'browser' }).token.exp;
    now = exp * 1000 - 1;
    expect(auth.knownCaller(first.token)).not.toBeNull();
    now = exp * 1000;
    expect(auth.knownCaller(first.token)).toBeNull();
  });

  it('takes the rate limit of the caller it found: per key, per token', async () => {
    const { cfg, auth, app } = setup(() => 1_000_000, { keyRequestsPerSecond: 1, tokenRequestsPerSecond: 1 });
    await app.request('/v1/flows', bearer(KEY)); // spends key 0's one request
    const partner = auth.knownCaller(KEY) as Caller;
    expect(auth.rateLimit(partner)).toBe(1);
    const { token } = await mintToken(tokenSettings(cfg), scope, 60);
    await app.request('/v1/flows', bearer(token)); // spends the token's one request
    expect(auth.rateLimit(auth.knownCaller(token) as Caller)).toBe(1);
  });

  it('lets the middleware answer a cached token by its own clock, without checking it again', async () => {
    // The middleware's clock stays at T; hono/jwt reads the (faked) system clock, which moves past
    // the token's expiry: only a token answered from the cache still gets in.
    const T = Date.parse('2030-01-01T00:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(T);
      const { cfg, app } = setup(() => T);
      const settings = tokenSettings(cfg);
      const cached = (await mintToken(settings, scope, 60)).token;
      const fresh = (await mintToken(settings, scope, 60)).token;
      expect((await app.request('/v1/flows', bearer(cached))).status).toBe(200); // verified and cached
      vi.setSystemTime(T + 120_000);
      expect(await (await app.request('/v1/flows', bearer(fresh))).json()).toEqual({ code: 'TOKEN_EXPIRED' });
      expect((await app.request('/v1/flows', bearer(cached))).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the middleware after a fast-path handoff', () => {
  const partner: Caller = { kind: 'partner', keyIndex: 1, organizations: null };
  const carrying = (handoff: Parameters<typeof handOver>[1]) => {
    const incoming = {} as IncomingMessage;
    handOver(incoming, handoff);
    return { incoming };
  };

  it('admits the handed-over caller without a credential, or answers its rate limit or error', async () => {
    const { app } = setup();
    const base = { requestId: 'r1', started: 0, caller: partner };
    const admitted = await app.request('/v1/flows', {}, carrying({ ...base, retryAfter: 0 }));
    expect(admitted.status).toBe(200);
    expect(await admitted.json()).toEqual({ kind: 'partner', keyIndex: 1 });

    const limited = await app.request('/v1/flows', {}, carrying({ ...base, retryAfter: 3 }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');

    const error = new BffError('FORBIDDEN', 'not in this token scope');
    const refused = await app.request('/v1/flows', {}, carrying({ ...base, retryAfter: 0, error }));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ code: 'FORBIDDEN' });

    // Without a handoff the same request needs a credential.
    expect((await app.request('/v1/flows', {}, { incoming: {} })).status).toBe(401);
  });
});

describe('PartnerKeys.remembered', () => {
  it('is -1 until a key has matched, then its index; wrong guesses are never remembered', () => {
    const keys = new PartnerKeys([KEY, OTHER_KEY]);
    expect(keys.remembered(KEY)).toBe(-1);
    expect(keys.match(OTHER_KEY)).toBe(1);
    expect(keys.match(KEY)).toBe(0);
    expect(keys.remembered(KEY)).toBe(0);
    expect(keys.remembered(OTHER_KEY)).toBe(1);
    expect(keys.match('guess')).toBe(-1);
    expect(keys.remembered('guess')).toBe(-1);
    // At most one entry per configured key, whatever is guessed (memory bounded by the key count).
    for (let i = 0; i < 5; i++) keys.match(`guess-${i}`);
    expect((keys as unknown as { matched: Map<string, number> }).matched.size).toBe(2);
  });
});

describe('CallerRateLimiter.idle and failedAttempts.retryAfterFrom', () => {
  it('is idle until someone takes', () => {
    const limiter = new CallerRateLimiter(1, () => 0);
    expect(limiter.idle).toBe(true);
    limiter.take('a');
    expect(limiter.idle).toBe(false);
  });

  it('blocks the client behind a trusted proxy, read from a raw address and X-Forwarded-For', async () => {
    const guard = failedAttempts({ perMinute: 1, trustedProxies: ['10.0.0.1'], now: () => 7_000_000 });
    expect(guard.retryAfterFrom('10.0.0.1', '203.0.113.7')).toBe(0);
    const app = new Hono();
    app.get('/fail', (c) => {
      guard.fail(c);
      return c.text('counted');
    });
    const via = { incoming: { socket: { remoteAddress: '10.0.0.1' } } };
    await app.request('/fail', { headers: { 'x-forwarded-for': '203.0.113.7' } }, via);
    expect(guard.retryAfterFrom('10.0.0.1', '203.0.113.7')).toBe(60);
    expect(guard.retryAfterFrom('10.0.0.1', '203.0.113.8')).toBe(0); // another client
    expect(guard.retryAfterFrom('10.0.0.1', undefined)).toBe(0); // the proxy itself did not fail
  });
});
