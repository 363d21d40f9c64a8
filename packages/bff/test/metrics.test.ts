/**
 * `GET /metrics` (Prometheus text) moves as a flow is created, signed and streamed through the real
 * emulator; it is off without METRICS_TOKEN and answers only the Bearer token. The access log names
 * route patterns, never raw URLs with their `?token=`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse } from '../../../test/live/support.js';
import { b2cFileApprovers, CONTRACT_PDF, type Stack, startStack, TEST_SECRETS } from './harness.js';

const METRICS_TOKEN = 'metrics-token-4e1b9c2d7a0f';

/** Sum of the samples of `name` whose labels include `labels` (Prometheus text format). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries(
      [...(match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) {
      sum += Number(match[4]);
      found = true;
    }
  }
  return found ? sum : Number.NaN;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({}, { METRICS_TOKEN });
  await stack.routeCallbacksHere();
});
afterAll(async () => {
  await stack?.close();
});

const scrape = async () => {
  const res = await stack.call('/metrics', { key: METRICS_TOKEN });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body as string;
};

describe('GET /metrics', () => {
  it('answers only Authorization: Bearer <METRICS_TOKEN>', async () => {
    expect((await stack.call('/metrics', { key: null })).status).toBe(401);
    expect((await stack.call('/metrics', { key: 'metrics-token-4e1b9c2d7a0X' })).status).toBe(401);
    expect((await stack.call('/metrics', { key: TEST_SECRETS.partnerKey })).status).toBe(401);
    const body = await scrape();
    expect(body).toContain('# TYPE ess_bff_http_requests_total counter');
    expect(body).not.toContain(METRICS_TOKEN);
  });

  it('moves as a flow is created, signed and streamed', async () => {
    const before = await scrape();
    const created = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: '指标合同',
        File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
        Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
      },
    });
    expect(created.status).toBe(201);
    const flowId = created.body.FlowId as string;
    const token = await stack.token({ flowIds: [flowId] });
    const client = await openSse(`${stack.bffUrl}/v1/events?flowIds=${flowId}&token=${token}`);
    try {
      await client.waitFor((m) => m.event === 'snapshot' || m.event === 'flow', 5000);
      const streaming = await scrape();
      expect(sample(streaming, 'ess_bff_sse_connections')).toBe(1);

      for (const a of created.body.Approvers)
        await stack.control(`/flows/${flowId}/approvers/${a.RecipientId}/sign`, {});
      await client.waitFor(
        (m) => m.event === 'flow' && (m.data.flow as { flowStatus?: number } | undefined)?.flowStatus === 4,
        10_000,
      );
    } finally {
      client.close();
    }
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      (sample(after, name, labels) || 0) - (sample(before, name, labels) || 0);

    expect(moved('ess_bff_http_requests_total', { route: '/v1/flows/by-file', status: '201' })).toBe(1);
    expect(moved('ess_bff_http_request_duration_seconds_count', { route: '/v1/flows/by-file' })).toBe(1);
    expect(moved('ess_bff_ess_calls_total', { action: 'UploadFiles', code: 'ok' })).toBe(1);
    expect(moved('ess_bff_ess_calls_total', { action: 'CreateFlowByFiles', code: 'ok' })).toBe(1);
    expect(moved('ess_bff_ess_call_duration_seconds_count', { action: 'CreateFlowByFiles' })).toBe(1);
    expect(moved('ess_bff_callbacks_total', { outcome: 'accepted' })).toBeGreaterThanOrEqual(2);
    expect(moved('ess_bff_events_published_total', { kind: 'flow' })).toBeGreaterThanOrEqual(2);
    expect(
      moved('ess_bff_store_operation_duration_seconds_count', { operation: 'record' }),
    ).toBeGreaterThanOrEqual(2);
    expect(moved('ess_bff_http_requests_total', { route: '/v1/events', status: '200' })).toBe(1);
    // Present from the start, whatever their value: relay queue, dead letters, reconcile, process.
    for (const name of [
      'ess_bff_relay_queue_depth',
      'ess_bff_relay_dead_letters',
      'ess_bff_process_resident_memory_bytes',
    ])
      expect(sample(after, name)).not.toBeNaN();
    expect(after).toContain('# TYPE ess_bff_reconcile_runs_total counter');
    expect(after).toContain('# TYPE ess_bff_relay_deliveries_total counter');
    // A refused callback is counted by its code.
    const refused = await stack.call('/v1/callbacks/ess', {
      key: null,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt: 'not base64!' }),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const last = await scrape();
    expect(sample(last, 'ess_bff_callbacks_total', { outcome: 'refused' })).toBe(1);
  });

  it('logs one access line per request with the route pattern, never the query', async () => {
    const token = await stack.token({ flowIds: ['yDaccesslog00000000000000000001'] });
    const res = await stack.call(`/v1/flows/yDaccesslog00000000000000000001?token=${token}`, {
      key: null,
      headers: { 'x-request-id': 'access-log-test-1' },
    });
    expect(res.status).toBeGreaterThanOrEqual(200);
    const line = stack.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.requestId === 'access-log-test-1' && l.msg === 'access');
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/v1/flows/:flowId',
      status: res.status,
      ms: expect.any(Number),
    });
    expect(stack.logs.some((l) => l.includes(token))).toBe(false);
    expect(stack.logs.every((l) => JSON.parse(l) && true)).toBe(true);
  });
});

describe('metrics and access log switched off', () => {
  it('has no /metrics without METRICS_TOKEN, and ACCESS_LOG=off writes no access lines', async () => {
    const quiet = await startStack({}, { ACCESS_LOG: 'off' });
    try {
      expect((await quiet.call('/metrics', { key: METRICS_TOKEN })).status).toBe(404);
      await quiet.call('/readyz', { key: null });
      expect(quiet.logs.some((l) => JSON.parse(l).msg === 'access')).toBe(false);
    } finally {
      await quiet.close();
    }
  });
});
