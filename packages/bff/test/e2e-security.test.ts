/**
 * Authentication, authorisation and hardening of the BFF, over HTTP, with the real emulator behind it.
 */
import { ALL_ESS_ACTIONS } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ACTIONS } from '../src/auth/tokens.js';
import { findSecretLeaks, type Stack, startStack, TEST_SECRETS } from './harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    limits: { tokenRequestsPerSecond: 20, keyRequestsPerSecond: 1000, bodyBytes: 64 * 1024 },
  });
});
afterAll(async () => {
  await stack?.close();
});

const FLOW_A = 'yDflowA0000000000000000000000001';
const FLOW_B = 'yDflowB0000000000000000000000002';

describe('credentials are checked before anything else', () => {
  it('401 without, with a malformed and with an unknown credential — even for unknown actions', async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer nope-not-a-key' },
    ];
    for (const headers of variants) {
      const res = await stack.call('/v1/ess/NoSuchAction', { key: null, headers, json: {} });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
    }
    const forged = await stack.call('/v1/ess/DescribeFlowBriefs', { key: 'a.b.c', json: {} });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('TOKEN_INVALID');
  });

  it('404 for unknown actions, 403 for ESS actions outside the whitelist', async () => {
    const unknown = await stack.call('/v1/ess/DeleteEverything', { json: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('UNKNOWN_ACTION');
    for (const action of ['CreateConvertTaskApi', 'CreateFlowSignReview']) {
      const res = await stack.call(`/v1/ess/${action}`, { json: {} });
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('ACTION_NOT_ALLOWED');
    }
  });
});

describe('browser tokens', () => {
  it('every ESS action in ess-api.md that browsers are not granted is refused with 403, before the body is validated', async () => {
    const token = await stack.token({ flowIds: [FLOW_A] });
    const refused = ALL_ESS_ACTIONS.filter((a) => !(BROWSER_ACTIONS as readonly string[]).includes(a));
    expect(refused.length).toBeGreaterThanOrEqual(11);
    for (const action of refused) {
      // The body is not even JSON: a 403 proves the refusal came first.
      const res = await stack.call(`/v1/ess/${action}`, { key: token, method: 'POST', body: '{not json' });
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('ACTION_NOT_ALLOWED');
    }
  });

  it('cannot reach another flow', async () => {
    const token = await stack.token({ flowIds: [FLOW_A] });
    const other = await stack.call(`/v1/flows/${FLOW_B}`, { key: token });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('OUT_OF_SCOPE');
    const briefs = await stack.call('/v1/ess/DescribeFlowBriefs', {
      key: token,
      json: { FlowIds: [FLOW_A, FLOW_B] },
    });
    expect(briefs.status).toBe(403);
    const url = await stack.call(`/v1/flows/${FLOW_B}/sign-url`, { key: token });
    expect(url.status).toBe(403);
    const files = await stack.call('/v1/ess/DescribeFileUrls', {
      key: token,
      json: { BusinessType: 'TEMPLATE', BusinessIds: [FLOW_A] },
    });
    expect(files.status).toBe(403);
  });

  it('cannot reach a flow of another organization even when the id is listed', async () => {
    const [memberA, memberB] = stack.seed.groupMembers.map((m) => m.ProxyOrganizationId);
    await stack.deps.store.putOwner('flow', FLOW_B, memberB);
    const token = await stack.token({ flowIds: [FLOW_B], organizationId: memberA });
    const res = await stack.call(`/v1/flows/${FLOW_B}`, { key: token });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/another organization/);
    const mainToken = await stack.token({ flowIds: [FLOW_B] });
    expect((await stack.call(`/v1/flows/${FLOW_B}`, { key: mainToken })).status).toBe(403);
    const unknownOrg = await stack.call('/v1/tokens', {
      json: { flowIds: [FLOW_A], organizationId: 'yDnotAMember' },
    });
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.body.error.code).toBe('UNKNOWN_ORGANIZATION');
  });

  it('cannot use partner-only routes', async () => {
    const token = await stack.token({ flowIds: [FLOW_A], templateIds: [stack.seed.templates[0].TemplateId] });
    const attempts: [string, RequestInit & { json?: unknown }][] = [
      ['/v1/tokens', { json: { flowIds: [FLOW_B] } }],
      ['/v1/flows/by-file', { json: {} }],
      ['/v1/flows/by-template', { json: {} }],
      [`/v1/flows/${FLOW_A}/cancel`, { json: { CancelMessage: 'x' } }],
      ['/v1/templates', {}],
      ['/v1/seals', {}],
      ['/v1/organizations', {}],
      ['/v1/files?businessType=TEMPLATE&ids=x', {}],
    ];
    for (const [path, init] of attempts) {
      const res = await stack.call(path, { ...init, key: token });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('is limited to its actions (and to the Authorization header outside GET /v1/events)', async () => {
    const token = await stack.token({ flowIds: [FLOW_A], actions: ['DescribeFlowBriefs'] });
    const viaQuery = await stack.call(`/v1/qr-codes/yDnoSuchQr?token=${token}`, { key: null });
    expect(viaQuery.status).toBe(400);
    expect(viaQuery.body.error.code).toBe('CREDENTIAL_IN_URL');
    const viaHeader = await stack.call('/v1/qr-codes/yDnoSuchQr', { key: token });
    expect(viaHeader.status).toBe(403); // authenticated, but the QR code is not in scope
    expect(viaHeader.body.error.code).toBe('OUT_OF_SCOPE');
    const notGranted = await stack.call(`/v1/flows/${FLOW_A}/sign-url`, { key: token });
    expect(notGranted.status).toBe(403);
    expect(notGranted.body.error.code).toBe('ACTION_NOT_ALLOWED');
  });

  it('is limited to its actions on the proxy too', async () => {
    const token = await stack.token({ flowIds: [FLOW_A], actions: ['DescribeFlowBriefs'] });
    const granted = await stack.call('/v1/ess/DescribeFlowBriefs', {
      key: token,
      json: { FlowIds: [FLOW_A] },
    });
    expect(granted.status).toBe(200);
    // A browser action the token was not given, on a flow it does name.
    const notGranted = await stack.call('/v1/ess/DescribeFlowInfo', {
      key: token,
      json: { FlowIds: [FLOW_A] },
    });
    expect(notGranted.status).toBe(403);
    expect(notGranted.body.error.code).toBe('ACTION_NOT_ALLOWED');
    // A token with every browser action is still refused an action outside the browser whitelist.
    const full = await stack.token({ flowIds: [FLOW_A] });
    const partnerOnly = await stack.call('/v1/ess/CancelFlow', {
      key: full,
      json: { FlowId: FLOW_A, CancelMessage: 'x' },
    });
    expect(partnerOnly.status).toBe(403);
    expect(partnerOnly.body.error.code).toBe('ACTION_NOT_ALLOWED');
  });

  it('is rate limited per token with 429 and Retry-After', async () => {
    const token = await stack.token({ qrCodeIds: ['yDqr'] });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await stack.call('/v1/qr-codes/yDqr', { key: token });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThanOrEqual(20);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Another token is not affected.
    const fresh = await stack.token({ qrCodeIds: ['yDqr'] });
    expect((await stack.call('/v1/qr-codes/yDqr', { key: fresh })).status).toBe(404);
  });

  it('validates token requests', async () => {
    const tooLong = await stack.call('/v1/tokens', { json: { flowIds: [FLOW_A], ttlSeconds: 90_000 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/ttlSeconds/);
    const empty = await stack.call('/v1/tokens', { json: {} });
    expect(empty.status).toBe(400);
    const unknown = await stack.call('/v1/tokens', { json: { flowIds: [FLOW_A], admin: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNKNOWN_FIELD');
    const ok = await stack.call('/v1/tokens', { json: { flowIds: [FLOW_A], ttlSeconds: 60 } });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(Date.parse(ok.body.expiresAt) - Date.now()).toBeLessThanOrEqual(61_000);
  });
});

describe('hardening', () => {
  it('answers CORS only for configured origins, preflight included', async () => {
    const allowed = await stack.call('/v1/tokens', {
      key: null,
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await stack.call('/v1/tokens', {
      key: null,
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('every kind of answer carries the request id, nosniff and no-store', async () => {
    const answers = {
      ok: await stack.call('/v1/tokens', { json: { flowIds: [FLOW_A] } }),
      error: await stack.call('/v1/no-such-route'),
      unauthenticated: await stack.call('/v1/flows/x', { key: null }),
      preflight: await stack.call('/v1/tokens', {
        key: null,
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
      }),
      health: await stack.call('/healthz', { key: null }),
    };
    for (const [kind, res] of Object.entries(answers)) {
      expect(res.headers.get('x-request-id'), kind).toMatch(/^[A-Za-z0-9._:-]+$/);
      expect(res.headers.get('x-content-type-options'), kind).toBe('nosniff');
      expect(res.headers.get('cache-control'), kind).toBe('no-store');
    }
    // Error bodies quote the id the header carries; a caller's own (well-formed) id is kept.
    expect(answers.error.body.error.requestId).toBe(answers.error.headers.get('x-request-id'));
    const traced = await stack.call('/v1/no-such-route', { headers: { 'x-request-id': 'shop-req-42' } });
    expect(traced.headers.get('x-request-id')).toBe('shop-req-42');
    expect(traced.body.error.requestId).toBe('shop-req-42');
    const forged = await stack.call('/v1/no-such-route', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(forged.headers.get('x-request-id')).not.toContain('bad');
  });

  it('refuses bad bodies with clear errors', async () => {
    const big = await stack.call('/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ flowIds: [FLOW_A], pad: 'x'.repeat(70 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('BODY_TOO_LARGE');
    const broken = await stack.call('/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('INVALID_JSON');
    const array = await stack.call('/v1/tokens', { json: [1, 2] });
    expect(array.body.error.code).toBe('INVALID_JSON');
    const text = await stack.call('/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(text.status).toBe(415);
    const route = await stack.call('/v1/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('NOT_FOUND');
  });

  it('serves /healthz, /openapi.json and /docs', async () => {
    const health = await stack.call('/healthz', { key: null });
    expect(health.body).toMatchObject({ ok: true, checks: { store: { ok: true } } });
    const doc = await stack.call('/openapi.json', { key: null });
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/tokens',
        '/v1/ess/{action}',
        '/v1/flows/by-file',
        '/v1/flows/by-template',
      ]),
    );
    expect(
      doc.body.paths['/v1/tokens'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('flowIds');
    // The reference page loads the document from /openapi.json and its script from the BFF itself.
    const docs = await stack.call('/docs', { key: null });
    expect(String(docs.body)).toContain('/openapi.json');
    expect(String(docs.body)).toContain('src="/docs/scalar.js"');
    const script = await fetch(`${stack.bffUrl}/docs/scalar.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });

  it('never puts a secret in a response or a log line', async () => {
    // Its own traffic, so the scan holds when this test runs alone (-t): success, every refusal,
    // ESS errors and the documentation routes, with a partner key and with a browser token.
    const seenBefore = stack.seen.length;
    const token = await stack.token({ flowIds: [FLOW_A], actions: ['DescribeFlowBriefs'] });
    const calls: [string, Parameters<Stack['call']>[1]][] = [
      ['/v1/ess/DescribeFlowBriefs', { json: { FlowIds: [FLOW_A] } }],
      ['/v1/ess/DescribeFlowBriefs', { key: token, json: { FlowIds: [FLOW_A] } }],
      ['/v1/ess/DescribeFlowInfo', { key: token, json: { FlowIds: [FLOW_A] } }],
      ['/v1/ess/DescribeFlowBriefs', { key: token, json: { FlowIds: [FLOW_B] } }],
      ['/v1/ess/DescribeFlowBriefs', { key: 'a.b.c', json: {} }],
      ['/v1/ess/DescribeFlowBriefs', { key: null, json: {} }],
      ['/v1/ess/DeleteEverything', { json: {} }],
      ['/v1/ess/DescribeFlowBriefs', { json: { FlowIds: [FLOW_A], Bogus: 1 } }],
      ['/v1/ess/DescribeFlowInfo', { json: { FlowIds: ['yDnoSuchFlow0000000000000000000'] } }],
      ['/v1/tokens', { json: { flowIds: [FLOW_A] } }],
      ['/healthz', {}],
      ['/openapi.json', {}],
    ];
    for (const [path, init] of calls) await stack.call(path, init);
    expect(stack.seen.length - seenBefore).toBeGreaterThanOrEqual(calls.length);
    expect(stack.logs.length).toBeGreaterThan(0);
    expect(findSecretLeaks(stack)).toEqual([]);
    // The scan itself works: the partner key was sent on every call, so it is a real candidate.
    expect(TEST_SECRETS.partnerKey.length).toBeGreaterThan(8);
  });
});
