/**
 * Brute force and oracle probing are throttled per source address: wrong partner keys, forged
 * browser tokens and refused callbacks share one budget per address; once it is spent, every request
 * from that address gets 429 with Retry-After — even one with the right credential, so that a blocked
 * guesser learns nothing. Behind `BFF_TRUSTED_PROXIES` the address comes from X-Forwarded-For.
 */
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack, TEST_SECRETS } from './harness.js';

const BUDGET = 5;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack(
    { limits: { failedAttemptsPerMinute: BUDGET } },
    { BFF_TRUSTED_PROXIES: '127.0.0.1' },
  );
});
afterAll(async () => {
  await stack?.close();
});

/** Requests "from" `address`: the trusted local proxy forwards them. */
const from = (address: string) => ({ 'x-forwarded-for': address });

const callback = async (address: string, body: string, sign = true) =>
  stack.call('/v1/callbacks/ess', {
    key: null,
    method: 'POST',
    body,
    headers: {
      ...from(address),
      'content-type': 'application/json',
      ...(sign ? { 'content-signature': await signContentSignature(body, TEST_SECRETS.callbackToken) } : {}),
    },
  });

describe('failed attempts per source address', () => {
  it('wrong partner keys: the budget, then 429 with Retry-After even for the right key; other addresses unaffected', async () => {
    const guesser = '203.0.113.1';
    for (let i = 0; i < BUDGET; i++) {
      const res = await stack.call('/v1/flows/yDflowA0000000000000000000000001', {
        key: `guessed-partner-key-${i}-000000000000000`,
        headers: from(guesser),
      });
      expect(res.status).toBe(401);
    }
    const blocked = await stack.call('/v1/tokens', {
      json: { flowIds: ['yDflowA0000000000000000000000001'] },
      headers: from(guesser),
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const neighbour = await stack.call('/v1/tokens', {
      json: { flowIds: ['yDflowA0000000000000000000000001'] },
      headers: from('203.0.113.2'),
    });
    expect(neighbour.status).toBe(201);
  });

  it('forged browser tokens spend the budget too; a client cannot choose its address by prepending to X-Forwarded-For', async () => {
    const guesser = '203.0.113.3';
    for (let i = 0; i < BUDGET; i++) {
      const res = await stack.call('/v1/flows/yDflowA0000000000000000000000001', {
        key: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJicm93c2VyIn0.forged${i}`,
        headers: from(guesser),
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('TOKEN_INVALID');
    }
    const spoofed = await stack.call('/v1/flows/yDflowA0000000000000000000000001', {
      headers: from(`198.51.100.77, ${guesser}`),
    });
    expect(spoofed.status).toBe(429);
  });

  it('refused callbacks: the budget, then 429 — also for a valid delivery from that address', async () => {
    const prober = '203.0.113.4';
    for (let i = 0; i < BUDGET; i++) {
      const res = await callback(prober, JSON.stringify({ encrypt: 'AAAAAAAAAAAAAAAAAAAAAA==' }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('CALLBACK_REJECTED');
    }
    const valid = JSON.stringify({
      encrypt: await encryptCallback(
        JSON.stringify({
          MsgId: 'yDfailed-attempts-1',
          MsgType: 'FlowStatusChange',
          MsgData: { FlowId: 'yDflowFA000000000000000000000001', FlowStatus: 1, OccurTime: 1_732_800_000 },
        }),
        TEST_SECRETS.callbackKey,
      ),
    });
    const blocked = await callback(prober, valid);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const ess = await callback('203.0.113.5', valid);
    expect(ess.status).toBe(200);
  });
});
