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

  it('holds the tolerance exactly at its edges and says by how much it missed', async () => {
    const t = 1_700_000_000;
    const header = await signWebhook(BODY, SECRET, t);
    expect((await verifyWebhookSignature(BODY, header, SECRET, { now: t + 300 })).ok).toBe(true);
    expect((await verifyWebhookSignature(BODY, header, SECRET, { now: t - 300 })).ok).toBe(true);
    expect(await verifyWebhookSignature(BODY, header, SECRET, { now: t + 301 })).toEqual({
      ok: false,
      reason: 'too-old',
      message: 'Signed 301 s ago; the tolerance is 300 s',
    });
    expect(await verifyWebhookSignature(BODY, header, SECRET, { now: t - 301 })).toEqual({
      ok: false,
      reason: 'in-future',
      message: 'Signed 301 s in the future; check the clocks',
    });
    expect((await verifyWebhookSignature(BODY, header, SECRET, { now: t + 5, toleranceSeconds: 4 })).ok).toBe(
      false,
    );
    expect(await verifyWebhookSignature(BODY, header, 'another-secret-000000', { now: t })).toEqual({
      ok: false,
      reason: 'mismatch',
      message: 'The signature does not match the body and secret',
    });
    // Without `now`, the clock is the current time.
    const fresh = await signWebhook(BODY, SECRET);
    expect(fresh).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(Math.abs(Number(/^t=(\d+)/.exec(fresh)?.[1]) - Date.now() / 1000)).toBeLessThan(5);
    expect((await verifyWebhookSignature(BODY, fresh, SECRET)).ok).toBe(true);
    expect((await verifyWebhookSignature(BODY, header, SECRET)).ok).toBe(false); // 2023 is too old now
  });

  it('parses the header strictly: both parts required, spaces and upper-case hex tolerated', async () => {
    const t = 1_700_000_000;
    const mac = (await signWebhook(BODY, SECRET, t)).split(',v1=')[1] as string;
    const check = (header: string) => verifyWebhookSignature(BODY, header, SECRET, { now: t });
    const malformed = {
      ok: false,
      reason: 'malformed',
      message: 'Expected "t=<unix seconds>,v1=<64 hex digits>"',
    };
    expect(await check(` t = ${t} , v1 = ${mac.toUpperCase()} `)).toEqual({ ok: true, timestamp: t });
    expect(await check(`v1=${mac},t=${t}`)).toEqual({ ok: true, timestamp: t });
    expect(await check(`t=${t}`)).toEqual(malformed);
    expect(await check(`v1=${mac}`)).toEqual(malformed);
    expect(await check(`t=${t}x,v1=${mac}`)).toEqual(malformed);
    expect(await check(`t=-${t},v1=${mac}`)).toEqual(malformed);
    expect(await check(`t=${'1'.repeat(13)},v1=${mac}`)).toEqual(malformed);
    expect(await check(`t=${t},v1=${mac}0`)).toEqual(malformed);
    expect(await check(`t=${t},v1=x${mac.slice(1)}`)).toEqual(malformed);
    expect(await check(`t=${t},v2=${mac}`)).toEqual(malformed);
    expect(await check(`t${t},v1${mac}`)).toEqual(malformed);
    expect(await check(`x=1,t=${t},junk,v1=${mac}`)).toEqual({ ok: true, timestamp: t });
    // Only the part named t carries the time, wherever other numeric parts stand.
    expect(await check(`t=${t},v1=${mac},n=5`)).toEqual({ ok: true, timestamp: t });
    expect(await verifyWebhookSignature(BODY, '', SECRET)).toEqual({
      ok: false,
      reason: 'missing',
      message: 'No X-Ess-Kit-Signature header',
    });
    expect((await verifyWebhookSignature(BODY, undefined, SECRET)).ok).toBe(false);
  });

  it('signs with each of many secrets correctly (the key cache is bounded, never mixed up)', async () => {
    const t = 1_700_000_000;
    for (let i = 0; i < 70; i++) {
      const secret = `${SECRET}-${i}`;
      const expected = createHmac('sha256', secret).update(`${t}.${BODY}`).digest('hex');
      expect(await signWebhook(BODY, secret, t)).toBe(`t=${t},v1=${expected}`);
    }
    const again = createHmac('sha256', `${SECRET}-0`).update(`${t}.${BODY}`).digest('hex');
    expect(await signWebhook(BODY, `${SECRET}-0`, t)).toBe(`t=${t},v1=${again}`);
  });
});
