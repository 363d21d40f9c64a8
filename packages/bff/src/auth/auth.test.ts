import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { BffError } from '../errors.js';
import { PartnerKeys } from './keys.js';
import { CallerRateLimiter } from './rate-limit.js';
import { mintToken, verifyToken } from './tokens.js';

const settings = {
  secret: 'a-token-secret-that-is-long-enough-000000',
  audience: 'ess-kit-bff',
  issuer: 'ess-kit-bff',
};
const scope = {
  flowIds: ['yDflowA'],
  templateIds: [],
  qrCodeIds: [],
  actions: ['DescribeFlowBriefs' as const],
  organizationId: null,
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(BffError);
    return (err as BffError).code;
  }
  return 'no error';
}

describe('browser tokens', () => {
  it('round-trips the scope', async () => {
    const { token, expiresAt } = await mintToken(settings, scope, 60);
    const verified = await verifyToken(settings, token);
    expect(verified).toMatchObject(scope);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
  });

  it('rejects a wrong signature, another audience, expiry and a forged scope', async () => {
    const { token } = await mintToken(settings, scope, 60);
    expect(
      await codeOf(verifyToken({ ...settings, secret: 'another-secret-that-is-long-enough-00000' }, token)),
    ).toBe('TOKEN_INVALID');
    expect(await codeOf(verifyToken({ ...settings, audience: 'someone-else' }, token))).toBe('TOKEN_INVALID');
    const past = Math.floor(Date.now() / 1000) - 3600;
    const { token: expired } = await mintToken(settings, scope, 60, past);
    expect(await codeOf(verifyToken(settings, expired))).toBe('TOKEN_EXPIRED');
    // Signed correctly but not a browser token of ours (no scope).
    const odd = await sign(
      { iss: settings.issuer, aud: settings.audience, exp: past + 7200, sub: 'browser' },
      settings.secret,
    );
    expect(await codeOf(verifyToken(settings, odd))).toBe('TOKEN_INVALID');
    // Tampered payload.
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ scope: { f: ['yDflowB'] } })).toString('base64url');
    expect(await codeOf(verifyToken(settings, `${h}.${forged}.${s}`))).toBe('TOKEN_INVALID');
  });
});

describe('partner keys', () => {
  it('matches configured keys only', () => {
    const keys = new PartnerKeys(['key-one-000000', 'key-two-000000']);
    expect(keys.match('key-two-000000')).toBe(1);
    expect(keys.match('key-two-00000')).toBe(-1);
    expect(keys.match('')).toBe(-1);
  });
});

describe('caller rate limits', () => {
  it('allows the configured rate and then asks to retry', () => {
    let now = 0;
    const limiter = new CallerRateLimiter(20, () => now);
    for (let i = 0; i < 20; i++) expect(limiter.take('t')).toBe(0);
    expect(limiter.take('t')).toBeGreaterThanOrEqual(1);
    expect(limiter.take('other')).toBe(0);
    now += 1000;
    for (let i = 0; i < 20; i++) expect(limiter.take('t')).toBe(0);
  });
});
