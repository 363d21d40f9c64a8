/**
 * The cached-read fast path (http/cached-read.ts, issue 17) against the Hono app it stands in front
 * of: one BFF served twice — by its own listener (fast path first, as server.ts serves it) and by
 * @hono/node-server with the app alone — asked the same requests, must answer the same status, head
 * (minus Date) and body, for every outcome of `GET /v1/flows/:flowId`. `bff.cachedReads.answered`
 * tells which requests the fast path answered itself; the access log and the request histogram must
 * count those as they count the app's.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken, tokenSettings } from '../src/auth/tokens.js';
import { b2cFileApprovers, CONTRACT_PDF, type Stack, startStack, TEST_SECRETS } from './harness.js';

const METRICS_TOKEN = 'metrics-token-cached-read-5a1e';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The BFF of `stack` served by its app alone (no fast path); returns its URL and a closer. */
async function appOnly(stack: Stack): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch: stack.bff.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      }),
  };
}

async function ask(url: string, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  const answer: Answer = { status: res.status, headers: {}, body: await res.text() };
  res.headers.forEach((value, name) => {
    if (name !== 'date') answer.headers[name] = value;
  });
  return answer;
}

/** Creates a flow through the BFF and reads it once (with `readKey`), so that its snapshot is in the store. */
async function cachedFlow(stack: Stack, readKey = TEST_SECRETS.partnerKey): Promise<string> {
  const created = await stack.call('/v1/flows/by-file', {
    json: {
      FlowName: '缓存读取',
      File: { Name: 'contract.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
    },
  });
  expect(created.status).toBe(201);
  const flowId = created.body.FlowId as string;
  expect((await stack.call(`/v1/flows/${flowId}`, { key: readKey })).status).toBe(200);
  return flowId;
}

/**
 * Asks the fast-path server, then the app-only one, the same request (each with its own request id,
 * put back to one name before comparing); returns both answers and how many the fast path answered.
 */
async function both(
  stack: Stack,
  app: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ fast: Answer; normal: Answer; answered: number }> {
  const before = stack.bff.cachedReads.answered;
  const id = `cmp-${Math.random().toString(36).slice(2)}`;
  const fast = await ask(`${stack.bffUrl}${path}`, { ...headers, 'x-request-id': id });
  const answered = stack.bff.cachedReads.answered - before;
  const normal = await ask(`${app}${path}`, { ...headers, 'x-request-id': id });
  return { fast, normal, answered };
}

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/**
 * A 429's wait, in its header, message and details, is counted down in whole seconds: two answers a
 * few milliseconds apart may straddle a second. Checks they are within one second and sets both to
 * the same value.
 */
function sameWait(a: Answer, b: Answer): void {
  const wait = (x: Answer) => Number(x.headers['retry-after']);
  expect(wait(a)).toBeGreaterThan(0);
  expect(Math.abs(wait(a) - wait(b))).toBeLessThanOrEqual(1);
  for (const x of [a, b]) {
    x.headers['retry-after'] = 'N';
    x.body = x.body
      .replace(/retry after \d+ s/, 'retry after N s')
      .replace(/"retryAfterSeconds":\d+/, '"retryAfterSeconds":0');
  }
}

const THIRD_KEY = 'partner-key-third-0c4d2e8b19f7';

describe('cached reads: the fast path answers as the app does', () => {
  let stack: Stack;
  let app: { url: string; close(): Promise<void> };
  let flowId: string;
  let otherFlowId: string;

  beforeAll(async () => {
    stack = await startStack({}, { METRICS_TOKEN });
    app = await appOnly(stack);
    flowId = await cachedFlow(stack);
    otherFlowId = await cachedFlow(stack);
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
  });

  it('a partner key: 200 with the snapshot, answered by the fast path', async () => {
    const { fast, normal, answered } = await both(
      stack,
      app.url,
      `/v1/flows/${flowId}`,
      bearer(TEST_SECRETS.partnerKey),
    );
    expect(answered).toBe(1);
    expect(fast.status).toBe(200);
    expect(JSON.parse(fast.body).flowId).toBe(flowId);
    expect(fast).toEqual(normal);
    expect(fast.headers['x-content-type-options']).toBe('nosniff');
    expect(fast.headers['cache-control']).toBe('no-store');
    expect(fast.headers['content-type']).toBe('application/json');
  });

  it('a generated request id has the app’s form (one counter for both)', async () => {
    const fast = await ask(`${stack.bffUrl}/v1/flows/${flowId}`, bearer(TEST_SECRETS.partnerKey));
    const normal = await ask(`${app.url}/v1/flows/${flowId}`, bearer(TEST_SECRETS.partnerKey));
    const [prefix, n] = fast.headers['x-request-id'].split('-');
    expect(normal.headers['x-request-id']).toBe(`${prefix}-${(Number.parseInt(n, 36) + 1).toString(36)}`);
  });

  it('a browser token in scope: 200, answered by the fast path once the token is known', async () => {
    const token = await stack.token({ flowIds: [flowId], actions: ['DescribeFlowInfo'] });
    // The first use verifies the token (the app does that); later ones find it verified.
    expect((await ask(`${app.url}/v1/flows/${flowId}`, bearer(token))).status).toBe(200);
    const { fast, normal, answered } = await both(stack, app.url, `/v1/flows/${flowId}`, bearer(token));
    expect(answered).toBe(1);
    expect(fast.status).toBe(200);
    expect(fast).toEqual(normal);
  });

  it('a browser token out of scope: the same 403 OUT_OF_SCOPE', async () => {
    const token = await stack.token({ flowIds: [otherFlowId] });
    expect((await ask(`${app.url}/v1/flows/${otherFlowId}`, bearer(token))).status).toBe(200);
    const { fast, normal, answered } = await both(stack, app.url, `/v1/flows/${flowId}`, bearer(token));
    expect(answered).toBe(0);
    expect(fast.status).toBe(403);
    expect(JSON.parse(fast.body).error.code).toBe('OUT_OF_SCOPE');
    expect(fast).toEqual(normal);
  });

  it('an expired browser token: the same 401 TOKEN_EXPIRED, also once it was verified and cached', async () => {
    const settings = tokenSettings(stack.config);
    const scope = { flowIds: [flowId], templateIds: [], qrCodeIds: [], actions: [], organizationId: null };
    const old = await mintToken(settings, scope, 60, Math.floor(Date.now() / 1000) - 3600);
    const stale = await both(stack, app.url, `/v1/flows/${flowId}`, bearer(old.token));
    expect(stale.fast.status).toBe(401);
    expect(JSON.parse(stale.fast.body).error.code).toBe('TOKEN_EXPIRED');
    expect(stale.fast).toEqual(stale.normal);

    // Valid for a second: verified (and kept) while valid, then expired in the fast path's cache.
    const short = await mintToken(settings, scope, 2, Math.floor(Date.now() / 1000));
    expect((await ask(`${app.url}/v1/flows/${flowId}`, bearer(short.token))).status).toBe(200);
    await expect
      .poll(async () => (await ask(`${app.url}/v1/flows/${flowId}`, bearer(short.token))).status, {
        timeout: 5000,
        interval: 100,
      })
      .toBe(401);
    const expired = await both(stack, app.url, `/v1/flows/${flowId}`, bearer(short.token));
    expect(expired.answered).toBe(0);
    expect(JSON.parse(expired.fast.body).error.code).toBe('TOKEN_EXPIRED');
    expect(expired.fast).toEqual(expired.normal);
  });

  it.each([
    ['no credential', {}],
    ['a wrong partner key', bearer('partner-key-that-is-not-configured')],
    ['a malformed Authorization header', { authorization: 'Basic abc' }],
    ['a forged browser token', bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJicm93c2VyIn0.c2lnbmF0dXJl')],
  ])('%s: the same 401', async (_name, headers) => {
    const { fast, normal, answered } = await both(stack, app.url, `/v1/flows/${flowId}`, headers);
    expect(answered).toBe(0);
    expect(fast.status).toBe(401);
    expect(fast).toEqual(normal);
  });

  it('checks the Host header of every request, also after the same path passed with a plain one', async () => {
    const path = `/v1/flows/${flowId}`;
    // Status and whether the fast path answered, for a Host header fetch cannot send.
    const withHost = (host: string) =>
      new Promise<{ status: number; answered: number }>((resolve, reject) => {
        const before = stack.bff.cachedReads.answered;
        const url = new URL(stack.bffUrl);
        const req = request(
          { host: url.hostname, port: url.port, path, headers: { host, ...bearer(TEST_SECRETS.partnerKey) } },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, answered: stack.bff.cachedReads.answered - before }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await withHost('bff.example')).toEqual({ status: 200, answered: 1 });
    // Upper case is not a host @hono/node-server takes as it is: the app decides (and answers).
    expect(await withHost('BFF.example')).toEqual({ status: 200, answered: 0 });
    expect(await withHost('bff.example')).toEqual({ status: 200, answered: 1 });
  });

  it('an unknown flow falls through to the app (ESS is asked): the same 404', async () => {
    const { fast, normal, answered } = await both(
      stack,
      app.url,
      '/v1/flows/yDunknownFlowId00000',
      bearer(TEST_SECRETS.partnerKey),
    );
    expect(answered).toBe(0);
    expect(fast.status).toBe(404);
    // Each answer quotes the id of its own ESS call.
    const ess = /"essRequestId":"[^"]+"/;
    expect(fast.body).toMatch(ess);
    for (const x of [fast, normal]) x.body = x.body.replace(ess, '"essRequestId":"…"');
    expect(fast).toEqual(normal);
  });

  it.each([
    ['a query string', '?x=1', {}],
    ['a CORS request', '', { origin: 'https://shop.example' }],
    ['an invalid flow id', '.', {}],
  ])('%s is left to the app: the same answer', async (_name, suffix, extra) => {
    const path = suffix === '.' ? '/v1/flows/bad.id' : `/v1/flows/${flowId}${suffix}`;
    const headers = { ...bearer(TEST_SECRETS.partnerKey), ...extra };
    const { fast, normal, answered } = await both(stack, app.url, path, headers);
    expect(answered).toBe(0);
    expect(fast).toEqual(normal);
  });

  it('writes the access log line and the metrics for the requests it answers', async () => {
    const metric = async (line: string) => {
      const res = await stack.call('/metrics', { key: METRICS_TOKEN });
      const found = (res.body as string).split('\n').find((l) => l.startsWith(line));
      return Number(found?.split(' ').pop() ?? 0);
    };
    const requests =
      'ess_bff_http_request_duration_seconds_count{method="GET",route="/v1/flows/:flowId",status="200"}';
    const reads = 'ess_bff_store_operation_duration_seconds_count{operation="getFlowSnapshotJson"}';
    const [requestsBefore, readsBefore] = [await metric(requests), await metric(reads)];
    const before = stack.bff.cachedReads.answered;
    for (let i = 0; i < 3; i++) {
      const res = await ask(`${stack.bffUrl}/v1/flows/${flowId}`, {
        ...bearer(TEST_SECRETS.partnerKey),
        'x-request-id': `fast-log-${i}`,
      });
      expect(res.status).toBe(200);
    }
    expect(stack.bff.cachedReads.answered - before).toBe(3);
    expect(await metric(requests)).toBe(requestsBefore + 3);
    expect(await metric(reads)).toBe(readsBefore + 3);

    await ask(`${app.url}/v1/flows/${flowId}`, {
      ...bearer(TEST_SECRETS.partnerKey),
      'x-request-id': 'app-log-0',
    });
    const access = (id: string) =>
      stack.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'access' && l.requestId === id);
    await expect.poll(() => access('app-log-0')).toBeDefined();
    const fast = access('fast-log-0');
    const normal = access('app-log-0');
    expect(Object.keys(fast)).toEqual(Object.keys(normal));
    expect({ ...fast, time: 0, ms: 0, requestId: '' }).toEqual({ ...normal, time: 0, ms: 0, requestId: '' });
    expect(fast).toMatchObject({ level: 'info', method: 'GET', route: '/v1/flows/:flowId', status: 200 });
    expect(typeof fast.ms).toBe('number');

    // A secret sent as the request id (a plain token, so kept as the id) never reaches the log.
    const answeredBefore = stack.bff.cachedReads.answered;
    const echoed = await ask(`${stack.bffUrl}/v1/flows/${flowId}`, {
      ...bearer(TEST_SECRETS.partnerKey),
      'x-request-id': TEST_SECRETS.partnerKey,
    });
    expect(echoed.status).toBe(200);
    expect(stack.bff.cachedReads.answered - answeredBefore).toBe(1);
    const line = stack.logs.findLast((l) => l.includes('"msg":"access"')) as string;
    expect(line).toContain('"requestId":"[redacted]"');
    expect(stack.logs.some((l) => l.includes(TEST_SECRETS.partnerKey))).toBe(false);
  });
});

describe('cached reads: rate limits', () => {
  let stack: Stack;
  let app: { url: string; close(): Promise<void> };
  let flowId: string;

  beforeAll(async () => {
    // One request per key and 100 s; one failed attempt per address and minute.
    stack = await startStack(
      { limits: { keyRequestsPerSecond: 0.01, failedAttemptsPerMinute: 1 } },
      { BFF_API_KEYS: [TEST_SECRETS.partnerKey, TEST_SECRETS.otherPartnerKey, THIRD_KEY].join(',') },
    );
    app = await appOnly(stack);
    // Creating the flow spends the first key's request, reading it the second key's.
    flowId = await cachedFlow(stack, TEST_SECRETS.otherPartnerKey);
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
  });

  it('a key over its rate limit: the same 429 with Retry-After, counted once per request', async () => {
    const { fast, normal, answered } = await both(
      stack,
      app.url,
      `/v1/flows/${flowId}`,
      bearer(TEST_SECRETS.partnerKey),
    );
    expect(answered).toBe(0);
    expect(fast.status).toBe(429);
    expect(JSON.parse(fast.body).error.code).toBe('RATE_LIMITED');
    sameWait(fast, normal);
    expect(fast).toEqual(normal);
  });

  it('an address over its failed-attempt budget: the same 429, even with a good key', async () => {
    // The third key has not been used yet: its first request would pass.
    const wrong = await ask(
      `${stack.bffUrl}/v1/flows/${flowId}`,
      bearer('partner-key-that-is-not-configured'),
    );
    expect(wrong.status).toBe(401);
    const { fast, normal, answered } = await both(stack, app.url, `/v1/flows/${flowId}`, bearer(THIRD_KEY));
    expect(answered).toBe(0);
    expect(fast.status).toBe(429);
    expect(JSON.parse(fast.body).error.message).toContain('failed authentications');
    sameWait(fast, normal);
    expect(fast).toEqual(normal);
  });
});
