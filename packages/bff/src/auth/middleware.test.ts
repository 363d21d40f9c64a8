// The authenticate middleware in-process (issue 15): which credential proves which caller, where a
// credential may travel, per-caller rate limits and the per-address budget of failed attempts —
// each refusal with its status and stable error code. Also the token, key and bucket edges.
import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import type { BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { failedAttempts } from './failed-attempts.js';
import { PartnerKeys } from './keys.js';
import { authenticate, browserToken, presentedCredential, requirePartner } from './middleware.js';
import { CallerRateLimiter } from './rate-limit.js';
import { looksLikeJwt, mintToken, tokenSettings, verifyToken } from './tokens.js';

const KEY = 'auth-test-partner-key-0001';
const OTHER_KEY = 'auth-test-partner-key-0002';
const SECRET = 'auth-test-token-secret-that-is-long-enough';
const OLD_SECRET = 'auth-test-old-token-secret-long-enough-00';

function config(limits: Record<string, number> = {}) {
  return loadConfig(
    {
      ESS_ENV: 'emulator',
      STORE_URL: ':memory:',
      LOG_LEVEL: 'error',
      BFF_API_KEYS: `${KEY},${OTHER_KEY}`,
      BFF_TOKEN_SECRET: `${SECRET},${OLD_SECRET}`,
    },
    { limits },
  );
}

const scope = {
  flowIds: ['yDflowA'],
  templateIds: ['yDtemplateA'],
  qrCodeIds: ['yDqrA'],
  actions: ['DescribeFlowBriefs' as const],
  organizationId: null,
};

/** An app with the middleware in front of two routes that say who the caller is. */
function app(options: { now?: () => number; limits?: Record<string, number>; failures?: number } = {}) {
  const cfg = config(options.limits);
  const guard =
    options.failures === undefined
      ? undefined
      : failedAttempts({ perMinute: options.failures, trustedProxies: [], now: options.now });
  const a = new Hono<BffEnv>();
  a.use(
    '/v1/*',
    authenticate(cfg, options.now, { except: (p) => p === '/v1/callbacks/ess', failedAttempts: guard }),
  );
  const who = (c: import('hono').Context<BffEnv>) => {
    const caller = c.get('caller');
    const token = browserToken(c);
    return c.json({
      kind: caller?.kind ?? null,
      keyIndex: caller?.kind === 'partner' ? caller.keyIndex : null,
      flowIds: token?.flowIds ?? null,
      partnerHasNoToken: caller?.kind === 'partner' ? token === null : null,
    });
  };
  a.get('/v1/events', who);
  a.get('/v1/flows', who);
  a.post('/v1/events', who);
  a.get('/v1/partner-only', (c) => {
    requirePartner(c, 'This route');
    return c.json({ ok: true });
  });
  a.post('/v1/callbacks/ess', (c) => c.json({ callback: true }));
  a.onError((err, c) => {
    if (err instanceof BffError) {
      const retry = err.details?.retryAfterSeconds;
      return c.json({ code: err.code, message: err.message, retry: retry ?? null }, err.status as 400);
    }
    return c.json({ code: 'INTERNAL', message: String(err) }, 500);
  });
  return { app: a, config: cfg };
}

async function call(a: Hono<BffEnv>, path: string, init: RequestInit = {}) {
  const res = await a.request(path, init);
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}
const bearer = (credential: string) => ({ headers: { authorization: `Bearer ${credential}` } });

describe('authenticate', () => {
  it('proves a partner by key (its index) and a browser by token (its scope)', async () => {
    const { app: a, config: cfg } = app();
    expect((await call(a, '/v1/flows', bearer(OTHER_KEY))).body).toEqual({
      kind: 'partner',
      keyIndex: 1,
      flowIds: null,
      partnerHasNoToken: true,
    });
    const { token } = await mintToken(tokenSettings(cfg), scope, 60);
    expect((await call(a, '/v1/flows', bearer(token))).body).toEqual({
      kind: 'browser',
      keyIndex: null,
      flowIds: ['yDflowA'],
      partnerHasNoToken: null,
    });
    // Case and surrounding spaces of the scheme do not matter.
    expect((await call(a, '/v1/flows', { headers: { authorization: `bearer   ${KEY}  ` } })).status).toBe(
      200,
    );
    expect((await call(a, '/v1/callbacks/ess', { method: 'POST' })).body).toEqual({ callback: true });
  });

  it('refuses a missing, malformed or unknown credential with 401 and its code', async () => {
    const { app: a } = app();
    expect(await call(a, '/v1/flows')).toMatchObject({
      status: 401,
      body: {
        code: 'UNAUTHENTICATED',
        message: 'Send "Authorization: Bearer <partner API key or browser token>"',
      },
    });
    expect(await call(a, '/v1/flows', { headers: { authorization: `Basic ${KEY}` } })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'The Authorization header must be "Bearer <credential>"' },
    });
    expect(await call(a, '/v1/flows', { headers: { authorization: `Bearer ${KEY} extra` } })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED' },
    });
    expect(await call(a, '/v1/flows', bearer('not-a-key'))).toMatchObject({
      status: 401,
      body: {
        code: 'UNAUTHENTICATED',
        message: 'The credential is neither a known partner API key nor a browser token',
      },
    });
    expect(await call(a, '/v1/flows', bearer('a.b.c'))).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_INVALID' },
    });
    const { token: partnerOnly } = await mintToken(tokenSettings(config()), scope, 60);
    expect(await call(a, '/v1/partner-only', bearer(partnerOnly))).toMatchObject({
      status: 403,
      body: {
        code: 'FORBIDDEN',
        message: 'This route needs a partner API key; browser tokens cannot use it',
      },
    });
    expect((await call(a, '/v1/partner-only', bearer(KEY))).status).toBe(200);
  });

  it('takes a token from ?token= or the cookie on GET /v1/events only, and never a key in a URL', async () => {
    const { app: a, config: cfg } = app();
    const { token } = await mintToken(tokenSettings(cfg), scope, 60);
    expect((await call(a, `/v1/events?token=${token}`)).body).toMatchObject({ kind: 'browser' });
    expect(
      (
        await call(a, '/v1/events', {
          headers: { cookie: `a=1; ess_kit_token=${encodeURIComponent(token)}; b=2` },
        })
      ).body,
    ).toMatchObject({ kind: 'browser' });
    expect(
      (await call(a, '/v1/events', { headers: { cookie: `xess_kit_token=${token}` } })).body,
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    // The header wins over the URL.
    expect((await call(a, `/v1/events?token=${token}`, bearer(KEY))).body).toMatchObject({ kind: 'partner' });
    for (const [path, method] of [
      [`/v1/flows?token=${token}`, 'GET'],
      [`/v1/events?token=${token}`, 'POST'],
    ] as const) {
      expect(await call(a, path, { method, ...bearer(KEY) })).toMatchObject({
        status: 400,
        body: { code: 'CREDENTIAL_IN_URL', message: expect.stringContaining('instead of ?token=') },
      });
    }
    expect(await call(a, `/v1/flows?anything=${KEY}`, bearer(KEY))).toMatchObject({
      status: 400,
      body: { code: 'CREDENTIAL_IN_URL', message: expect.stringContaining('rotate this key') },
    });
    expect(await call(a, `/v1/flows?a=1&a=${OTHER_KEY}`, bearer(KEY))).toMatchObject({
      body: { code: 'CREDENTIAL_IN_URL' },
    });
    expect((await call(a, '/v1/flows?a=1', bearer(KEY))).status).toBe(200);
  });

  it('limits each partner key and each token separately, with Retry-After', async () => {
    let now = Date.now();
    const { app: a, config: cfg } = app({
      now: () => now,
      limits: { keyRequestsPerSecond: 2, tokenRequestsPerSecond: 1 },
    });
    expect((await call(a, '/v1/flows', bearer(KEY))).status).toBe(200);
    expect((await call(a, '/v1/flows', bearer(KEY))).status).toBe(200);
    const limited = await call(a, '/v1/flows', bearer(KEY));
    expect(limited).toMatchObject({
      status: 429,
      retryAfter: '1',
      body: { code: 'RATE_LIMITED', message: 'Too many requests; retry after 1 s', retry: 1 },
    });
    expect((await call(a, '/v1/flows', bearer(OTHER_KEY))).status).toBe(200); // another key, another bucket
    const settings = tokenSettings(cfg);
    const first = (await mintToken(settings, scope, 600)).token;
    const second = (await mintToken(settings, scope, 600)).token;
    expect((await call(a, '/v1/flows', bearer(first))).status).toBe(200);
    expect((await call(a, '/v1/flows', bearer(first))).status).toBe(429);
    expect((await call(a, '/v1/flows', bearer(second))).status).toBe(200);
    now += 1000;
    expect((await call(a, '/v1/flows', bearer(KEY))).status).toBe(200);
    expect((await call(a, '/v1/flows', bearer(first))).status).toBe(200);
  });

  it('spends the address budget on wrong credentials only, and blocks before checking the next', async () => {
    let now = 5_000_000;
    const { app: a, config: cfg } = app({ now: () => now, failures: 2 });
    const settings = tokenSettings(cfg);
    // An expired token was genuine: it costs nothing.
    const expired = (await mintToken(settings, scope, 60, Math.floor(Date.now() / 1000) - 3600)).token;
    for (let i = 0; i < 3; i++)
      expect((await call(a, '/v1/flows', bearer(expired))).body).toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect((await call(a, '/v1/flows', bearer(KEY))).status).toBe(200); // successes cost nothing either
    expect((await call(a, '/v1/flows', bearer('wrong-1'))).status).toBe(401);
    expect((await call(a, '/v1/flows', bearer('wrong-2'))).status).toBe(401);
    const blocked = await call(a, '/v1/flows', bearer(KEY));
    expect(blocked).toMatchObject({
      status: 429,
      body: {
        code: 'RATE_LIMITED',
        message: 'Too many failed authentications from this address; retry after 30 s',
        retry: 30,
      },
    });
    now += 30_000; // one attempt refilled (2 per minute)
    expect((await call(a, '/v1/flows', bearer(KEY))).status).toBe(200);
  });
});

describe('presentedCredential', () => {
  it('reads the header, else the URL or cookie of GET /v1/events', async () => {
    const a = new Hono();
    a.all('*', (c) => c.json({ credential: presentedCredential(c) }));
    const got = async (path: string, init: RequestInit = {}) =>
      ((await (await a.request(path, init)).json()) as { credential: string | null }).credential;
    expect(await got('/v1/x', bearer('abc'))).toBe('abc');
    expect(await got('/v1/x', { headers: { authorization: 'Token abc' } })).toBe('');
    expect(await got('/v1/x', { headers: { authorization: 'NotBearer abc' } })).toBe('');
    expect(await got('/v1/events', { headers: { cookie: 'a=1;ess_kit_token=tight' } })).toBe('tight');
    expect(await got('/v1/x?token=abc')).toBeNull();
    expect(await got('/v1/events?token=abc')).toBe('abc');
    expect(await got('/v1/events?token=')).toBe('');
    expect(await got('/v1/events', { headers: { cookie: 'ess_kit_token=a%2Bb' } })).toBe('a+b');
    expect(await got('/v1/events', { method: 'POST', headers: { cookie: 'ess_kit_token=abc' } })).toBeNull();
    expect(await got('/v1/events')).toBeNull();
  });
});

describe('browser tokens', () => {
  const settings = { secret: SECRET, audience: 'ess-kit-bff', issuer: 'ess-kit-bff' };
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'no error';
    } catch (err) {
      return (err as BffError).code;
    }
  };

  it('mints exactly the claims it checks', async () => {
    const { token, expiresAt } = await mintToken(settings, scope, 90, 1_700_000_000);
    const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(payload).toMatchObject({
      iss: 'ess-kit-bff',
      aud: 'ess-kit-bff',
      sub: 'browser',
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_000_090,
      scope: { f: ['yDflowA'], t: ['yDtemplateA'], q: ['yDqrA'], a: ['DescribeFlowBriefs'], o: null },
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(expiresAt).toBe('2023-11-14T22:14:50.000Z');
    expect(JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).alg).toBe('HS256');
  });

  it('accepts a previous secret during a rotation, and reports expiry under it too', async () => {
    const rotating = {
      ...settings,
      secret: 'a-brand-new-secret-long-enough-000000',
      previousSecrets: [SECRET],
    };
    const { token } = await mintToken(settings, { ...scope, organizationId: 'yDorg' }, 60);
    expect(await verifyToken(rotating, token)).toMatchObject({
      flowIds: ['yDflowA'],
      organizationId: 'yDorg',
    });
    const expired = (await mintToken(settings, scope, 60, Math.floor(Date.now() / 1000) - 3600)).token;
    expect(await codeOf(verifyToken(rotating, expired))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(verifyToken({ ...rotating, previousSecrets: [] }, token))).toBe('TOKEN_INVALID');
    // Another audience under the current secret does not fall through to the previous ones.
    expect(await codeOf(verifyToken({ ...settings, previousSecrets: [SECRET], audience: 'x' }, token))).toBe(
      'TOKEN_INVALID',
    );
  });

  it('drops unknown actions and refuses a token whose claims have the wrong shape', async () => {
    const now = Math.floor(Date.now() / 1000);
    const base = { iss: settings.issuer, aud: settings.audience, sub: 'browser', jti: 'j', exp: now + 60 };
    const good = { f: [], t: [], q: [], a: ['DescribeFlowInfo', 'DeleteEverything'], o: null };
    const signed = (payload: Record<string, unknown>) => sign(payload, settings.secret, 'HS256');
    expect((await verifyToken(settings, await signed({ ...base, scope: good }))).actions).toEqual([
      'DescribeFlowInfo',
    ]);
    const bad: Record<string, unknown>[] = [
      { ...base, sub: 'partner', scope: good },
      { ...base, jti: 7, scope: good },
      { ...base, scope: { ...good, f: 'yDflowA' } },
      { ...base, scope: { ...good, t: [1] } },
      { ...base, scope: { ...good, q: null } },
      { ...base, scope: { ...good, a: 'DescribeFlowInfo' } },
      { ...base, scope: { ...good, o: 5 } },
      { ...base, scope: { ...good, o: undefined } },
    ];
    for (const payload of bad)
      expect(await codeOf(verifyToken(settings, await signed(payload)))).toBe('TOKEN_INVALID');
    expect(
      await codeOf(verifyToken(settings, await signed({ ...base, scope: { ...good, o: 'yDorg' } }))),
    ).toBe('no error');
    const noExp = { iss: settings.issuer, aud: settings.audience, sub: 'browser', jti: 'j', scope: good };
    expect(await codeOf(verifyToken(settings, await signed(noExp)))).toBe('TOKEN_INVALID');
    expect(
      await codeOf(verifyToken(settings, await sign({ ...base, scope: good }, settings.secret, 'HS512'))),
    ).toBe('TOKEN_INVALID');
  });

  it('tells a JWT shape from anything else', () => {
    expect(looksLikeJwt('a.b.c')).toBe(true);
    expect(looksLikeJwt('aZ0-_.b.c')).toBe(true);
    expect(looksLikeJwt('a.b')).toBe(false);
    expect(looksLikeJwt('a.b.c.d')).toBe(false);
    expect(looksLikeJwt('.b.c')).toBe(false);
    expect(looksLikeJwt('x a.b.c')).toBe(false);
    expect(looksLikeJwt('a.b.c x')).toBe(false);
    expect(looksLikeJwt('a.b=.c')).toBe(false);
  });
});

describe('partner keys and buckets', () => {
  it('gives the first matching index when a key is configured twice', () => {
    const keys = new PartnerKeys(['k-one-0000000', 'k-two-0000000', 'k-two-0000000', 'k-one-0000000']);
    expect(keys.match('k-two-0000000')).toBe(1);
    expect(keys.match('k-one-0000000')).toBe(0);
    expect(new PartnerKeys([]).match('anything')).toBe(-1);
  });

  it('holds a burst, refills at the rate, and says how long to wait', () => {
    let now = 0;
    const limiter = new CallerRateLimiter(0.5, () => now, 3);
    expect(limiter.wait('a')).toBe(0);
    for (let i = 0; i < 3; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.wait('a')).toBe(2); // one token at 0.5/s
    expect(limiter.take('a')).toBe(2);
    now += 1000; // half a token
    expect(limiter.wait('a')).toBe(1);
    now += 1000;
    expect(limiter.wait('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(2);
    now += 60_000; // never more than the burst
    for (let i = 0; i < 3; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    // Capacity is at least one request, and defaults to one second's worth.
    const slow = new CallerRateLimiter(0.1, () => now);
    expect(slow.take('b')).toBe(0);
    expect(slow.take('b')).toBe(10);
    const fast = new CallerRateLimiter(4, () => now);
    for (let i = 0; i < 4; i++) expect(fast.take('c')).toBe(0);
    expect(fast.take('c')).toBe(1);
  });

  it('forgets full buckets every thousand new callers, keeping the ones still spending', () => {
    let now = 0;
    const limiter = new CallerRateLimiter(1, () => now, 1);
    expect(limiter.take('busy')).toBe(0);
    for (let i = 0; i < 998; i++) limiter.take(`caller-${i}`);
    // Not swept yet (999 new keys): the busy caller's empty bucket is still there.
    expect(limiter.wait('busy')).toBe(1);
    now += 400;
    limiter.take('caller-last'); // the 1000th new key sweeps; 'busy' is not full yet and stays
    expect(limiter.wait('busy')).toBe(1);
    const buckets = (limiter as unknown as { buckets: Map<string, unknown> }).buckets;
    expect(buckets.has('busy')).toBe(true);
    expect(buckets.has('caller-0')).toBe(true); // emptied at time 0, 0.4 refilled
    now += 2000;
    for (let i = 0; i < 1000; i++) limiter.take(`more-${i}`);
    expect(buckets.has('busy')).toBe(false);
    expect(buckets.has('caller-0')).toBe(false);
  });
});

describe('authenticate without options, and the verified-token cache', () => {
  it('works without an except list or a failed-attempt budget', async () => {
    const cfg = config();
    const a = new Hono<BffEnv>();
    a.use('/v1/*', authenticate(cfg));
    a.get('/v1/flows', (c) => c.json({ kind: c.get('caller').kind }));
    a.onError((err, c) => c.json({ code: (err as BffError).code ?? 'INTERNAL' }, 401));
    expect(await (await a.request('/v1/flows', bearer(KEY))).json()).toEqual({ kind: 'partner' });
    expect(await (await a.request('/v1/flows', bearer('wrong'))).json()).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('does not serve a cached token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.parse('2030-01-01T00:00:00Z'));
      const { app: a, config: cfg } = app({ now: () => Date.now() });
      const { token } = await mintToken(tokenSettings(cfg), scope, 60);
      expect((await call(a, '/v1/flows', bearer(token))).status).toBe(200); // verified and cached
      expect((await call(a, '/v1/flows', bearer(token))).status).toBe(200); // from the cache
      vi.setSystemTime(Date.parse('2030-01-01T00:01:01Z'));
      expect(await call(a, '/v1/flows', bearer(token))).toMatchObject({
        status: 401,
        body: { code: 'TOKEN_EXPIRED' },
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('browser token refusals', () => {
  const settings = { secret: SECRET, audience: 'ess-kit-bff', issuer: 'ess-kit-bff' };
  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
      return null;
    } catch (err) {
      return { code: (err as BffError).code, message: (err as BffError).message };
    }
  };

  it('reports expiry under the current secret as expired, not as a signature of an older secret', async () => {
    const rotating = { ...settings, previousSecrets: [OLD_SECRET] };
    const expired = (await mintToken(settings, scope, 60, Math.floor(Date.now() / 1000) - 3600)).token;
    expect(await refusal(verifyToken(rotating, expired))).toEqual({
      code: 'TOKEN_EXPIRED',
      message: 'The browser token has expired; ask the partner backend for a new one',
    });
    expect(await refusal(verifyToken(rotating, 'a.b.c'))).toEqual({
      code: 'TOKEN_INVALID',
      message: 'The browser token is not valid for this BFF',
    });
    const noScope = await sign(
      {
        iss: settings.issuer,
        aud: settings.audience,
        sub: 'browser',
        jti: 'j',
        exp: Math.floor(Date.now() / 1000) + 60,
      },
      SECRET,
      'HS256',
    );
    expect(await refusal(verifyToken(rotating, noScope))).toEqual({
      code: 'TOKEN_INVALID',
      message: 'The browser token is not valid for this BFF',
    });
  });
});
