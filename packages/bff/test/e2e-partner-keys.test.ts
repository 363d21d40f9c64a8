/**
 * Partner keys over HTTP: they never travel in URLs, and each key has its own stream cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack, TEST_SECRETS } from './harness.js';

const FLOW = 'yDflowK0000000000000000000000001';
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sse: { maxConnectionsPerToken: 2 } });
});
afterAll(async () => {
  await stack?.close();
});

describe('credentials in URLs', () => {
  it('a partner key in any URL is refused with 400 CREDENTIAL_IN_URL — POST /v1/tokens, events, any parameter', async () => {
    const attempts = [
      { path: `/v1/tokens?token=${TEST_SECRETS.partnerKey}`, init: { key: null, json: { flowIds: [FLOW] } } },
      { path: `/v1/events?flowIds=${FLOW}&token=${TEST_SECRETS.partnerKey}`, init: { key: null } },
      { path: `/v1/flows/${FLOW}?apiKey=${TEST_SECRETS.otherPartnerKey}`, init: {} },
    ];
    for (const { path, init } of attempts) {
      const res = await stack.call(path, init);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.code).toBe('CREDENTIAL_IN_URL');
      expect(JSON.stringify(res.body)).not.toContain(TEST_SECRETS.partnerKey);
    }
  });

  it('?token= carries a browser token on GET /v1/events only; elsewhere it is refused', async () => {
    const token = await stack.token({ flowIds: [FLOW], actions: ['CreateSchemeUrl', 'DescribeFileUrls'] });
    for (const path of [`/v1/flows/${FLOW}/sign-url`, `/v1/flows/${FLOW}/files`, `/v1/flows/${FLOW}`]) {
      const res = await stack.call(`${path}?token=${token}`, { key: null });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.code).toBe('CREDENTIAL_IN_URL');
    }
    const controller = new AbortController();
    const events = await fetch(`${stack.bffUrl}/v1/events?flowIds=${FLOW}&token=${token}`, {
      signal: controller.signal,
    });
    expect(events.status).toBe(200);
    controller.abort();
  });
});

describe('stream caps per partner key', () => {
  it("a key at its cap gets 429; another key's first stream opens", async () => {
    const open: AbortController[] = [];
    const stream = async (key: string) => {
      const controller = new AbortController();
      open.push(controller);
      const res = await fetch(`${stack.bffUrl}/v1/events?flowIds=${FLOW}`, {
        headers: { authorization: `Bearer ${key}` },
        signal: controller.signal,
      });
      if (res.status !== 200) await res.body?.cancel();
      return res.status;
    };
    try {
      expect(await stream(TEST_SECRETS.partnerKey)).toBe(200);
      expect(await stream(TEST_SECRETS.partnerKey)).toBe(200);
      expect(await stream(TEST_SECRETS.partnerKey)).toBe(429);
      expect(await stream(TEST_SECRETS.otherPartnerKey)).toBe(200);
    } finally {
      for (const controller of open) controller.abort();
    }
  });
});
