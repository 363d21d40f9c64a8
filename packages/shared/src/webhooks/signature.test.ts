import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

const SECRET = 'whsec-test-0123456789';
const BODY = '{"v":1,"id":"42","family":"flow"}';

describe('webhook signatures', () => {
  it('signs "t.body" with HMAC-SHA256 (checked against node:crypto)', async () => {
    const header = await signWebhook(BODY, SECRET, 1_700_000_000);
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('accepts a fresh signature and refuses tampering, other secrets, replays and garbage', async () => {
    const now = 1_700_000_000;
    const header = await signWebhook(BODY, SECRET, now);
    expect(await verifyWebhookSignature(BODY, header, SECRET, { now: now + 10 })).toEqual({
      ok: true,
      timestamp: now,
    });
    expect((await verifyWebhookSignature(`${BODY} `, header, SECRET, { now })).ok).toBe(false);
    expect((await verifyWebhookSignature(BODY, header, 'another-secret-000000', { now })).ok).toBe(false);
    const old = await verifyWebhookSignature(BODY, header, SECRET, { now: now + 301 });
    expect(old).toMatchObject({ ok: false, reason: 'too-old' });
    expect(
      await verifyWebhookSignature(BODY, header, SECRET, { now: now + 301, toleranceSeconds: 600 }),
    ).toMatchObject({
      ok: true,
    });
    expect(await verifyWebhookSignature(BODY, header, SECRET, { now: now - 400 })).toMatchObject({
      reason: 'in-future',
    });
    expect(await verifyWebhookSignature(BODY, null, SECRET)).toMatchObject({ reason: 'missing' });
    expect(await verifyWebhookSignature(BODY, 'v1=zz', SECRET)).toMatchObject({ reason: 'malformed' });
    // Rotation: any one of several v1 entries may match.
    const [, mac] = header.split(',v1=');
    const rotated = `t=${now},v1=${'0'.repeat(64)},v1=${mac}`;
    expect((await verifyWebhookSignature(BODY, rotated, SECRET, { now })).ok).toBe(true);
  });
});
