/**
 * The whitelisted proxy against the emulator: identity fields forced, unknown fields refused,
 * retries on injected faults only where a retry cannot duplicate a write, and the client-side rate
 * limit holding ESS's documented 20 requests/s.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, findSecretLeaks, type Stack, startStack } from './harness.js';

let stack: Stack;
let flowId: string;
beforeAll(async () => {
  stack = await startStack();
  const created = await stack.call('/v1/flows/by-file', {
    json: {
      FlowName: '代理测试',
      File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
    },
  });
  flowId = created.body.FlowId;
});
afterEach(async () => {
  await stack.control('/faults', undefined, 'DELETE');
});
afterAll(async () => {
  await stack?.close();
});

/** Log lines of ESS calls/errors for one action, as objects. */
function essLines(action: string) {
  return stack.logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter(
      (l) =>
        l.action === action &&
        (l.msg === 'ess call' || l.msg === 'ess error' || l.msg === 'ess transport failure'),
    );
}

describe('identity is the BFF’s', () => {
  it('ignores Operator and Agent sent by the caller', async () => {
    const member = stack.seed.groupMembers[0].ProxyOrganizationId;
    const res = await stack.call('/v1/ess/DescribeFlowBriefs', {
      json: {
        FlowIds: [flowId],
        Operator: { UserId: 'yDattackerOperator0000000000000' },
        Agent: { ProxyOrganizationId: member },
      },
    });
    expect(res.status).toBe(200);
    // Had the member's Agent been used, the main organization's flow would not be visible.
    expect(res.body.Response.FlowBriefs.map((b: { FlowId: string }) => b.FlowId)).toEqual([flowId]);
    const token = await stack.token({ flowIds: [flowId] });
    const viaToken = await stack.call('/v1/ess/DescribeFlowInfo', {
      key: token,
      json: { FlowIds: [flowId], Operator: { UserId: 'x' }, Agent: { ProxyOrganizationId: member } },
    });
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.Response.FlowDetailInfos[0].FlowId).toBe(flowId);
    // Browsers never see signers' mobiles; partners do.
    expect(JSON.stringify(viaToken.body)).not.toContain('13800000002');
    const viaKey = await stack.call('/v1/ess/DescribeFlowInfo', { json: { FlowIds: [flowId] } });
    expect(JSON.stringify(viaKey.body)).toMatch(/138\d{8}|138\*+/);
  });

  it('refuses unknown fields, at the top and deeper down', async () => {
    const top = await stack.call('/v1/ess/DescribeFlowBriefs', { json: { FlowIds: [flowId], Bogus: 1 } });
    expect(top.status).toBe(400);
    expect(top.body.error.code).toBe('UNKNOWN_FIELD');
    expect(top.body.error.message).toMatch(/Bogus/);
    const deep = await stack.call('/v1/ess/DescribeFlowTemplates', {
      json: { Filters: [{ Key: 'template-id', Values: ['x'], Extra: true }] },
    });
    expect(deep.status).toBe(400);
    expect(deep.body.error.code).toBe('UNKNOWN_FIELD');
    const wrongType = await stack.call('/v1/ess/DescribeFlowBriefs', { json: { FlowIds: 'not-an-array' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('VALIDATION_FAILED');
    expect(wrongType.body.error.message).toMatch(/FlowIds/);
  });
});

describe('organizations and unknown ids', () => {
  it('a partner picks a group member with X-Ess-Organization-Id; unknown organizations are refused', async () => {
    const member = stack.seed.groupMembers[0];
    const res = await stack.call('/v1/ess/DescribeOrganizationSeals', {
      json: {},
      headers: { 'x-ess-organization-id': member.ProxyOrganizationId },
    });
    expect(res.status).toBe(200);
    expect(res.body.Response.Seals.map((s: { SealId: string }) => s.SealId)).toEqual([
      member.seals[0].SealId,
    ]);
    const unknown = await stack.call('/v1/ess/DescribeOrganizationSeals', {
      json: {},
      headers: { 'x-ess-organization-id': 'yDnotAMemberOfThisGroup00000000' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNKNOWN_ORGANIZATION');
  });

  it('answers 404 for a flow ESS does not know and 400 for a malformed id', async () => {
    const missing = await stack.call('/v1/flows/yDnoSuchFlow0000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.requestId).toBeTruthy();
    const malformed = await stack.call('/v1/flows/not%20an%20id');
    expect(malformed.status).toBe(400);
  });
});

describe('retries', () => {
  for (const kind of ['RequestLimitExceeded', 'InternalError'] as const) {
    it(`retries a read after injected ${kind}`, async () => {
      const before = essLines('DescribeFlowBriefs').length;
      await stack.control('/faults', { errors: [{ kind, actions: ['DescribeFlowBriefs'], first: 2 }] });
      const res = await stack.call('/v1/ess/DescribeFlowBriefs', { json: { FlowIds: [flowId] } });
      expect(res.status).toBe(200);
      const lines = essLines('DescribeFlowBriefs').slice(before);
      expect(lines.map((l) => l.msg)).toEqual(['ess error', 'ess error', 'ess call']);
      expect(lines.map((l) => l.attempt)).toEqual([1, 2, 3]);
      expect(lines[0].essCode).toBe(kind);
    });
  }

  it('gives up after the configured attempts with a mapped error and Retry-After', async () => {
    await stack.control('/faults', {
      errors: [{ kind: 'RequestLimitExceeded', actions: ['DescribeFlowInfo'] }],
    });
    const res = await stack.call('/v1/ess/DescribeFlowInfo', { json: { FlowIds: [flowId] } });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('ESS_RATE_LIMITED');
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(essLines('DescribeFlowInfo').filter((l) => l.essCode === 'RequestLimitExceeded').length).toBe(
      stack.config.ess.maxRetries + 1,
    );
  });

  it('retries on HTTP 5xx for reads', async () => {
    const before = essLines('DescribeOrganizationSeals').length;
    await stack.control('/faults', {
      errors: [{ kind: 'http5xx', status: 503, actions: ['DescribeOrganizationSeals'], first: 1 }],
    });
    const res = await stack.call('/v1/seals');
    expect(res.status).toBe(200);
    expect(
      essLines('DescribeOrganizationSeals')
        .slice(before)
        .map((l) => l.msg),
    ).toEqual(['ess transport failure', 'ess call']);
  });

  it('never retries a non-idempotent write', async () => {
    for (const kind of ['InternalError', 'RequestLimitExceeded'] as const) {
      const before = essLines('CancelFlow').length;
      await stack.control('/faults', { errors: [{ kind, actions: ['CancelFlow'], first: 1 }] });
      const res = await stack.call(`/v1/flows/${flowId}/cancel`, { json: { CancelMessage: '测试' } });
      expect(res.status).toBeGreaterThanOrEqual(429);
      expect(essLines('CancelFlow').slice(before)).toHaveLength(1);
    }
    const createBefore = essLines('CreateFlowByFiles').length;
    await stack.control('/faults', {
      errors: [{ kind: 'InternalError', actions: ['CreateFlowByFiles'], first: 1 }],
    });
    const created = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: '不重试',
        File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
        Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
      },
    });
    expect(created.status).toBe(502);
    expect(created.body.error.code).toBe('ESS_UNAVAILABLE');
    expect(essLines('CreateFlowByFiles').slice(createBefore)).toHaveLength(1);
  });
});

describe('client-side rate limit', () => {
  it('holds 20 requests/s per action against ESS, without RequestLimitExceeded', async () => {
    const before = essLines('DescribeFlowBriefs').length;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 45 }, () =>
        stack.call('/v1/ess/DescribeFlowBriefs', { json: { FlowIds: [flowId] } }),
      ),
    );
    const elapsed = performance.now() - started;
    expect(results.every((r) => r.status === 200)).toBe(true);
    // 45 calls at 20/s: the 41st cannot start before 2 s.
    expect(elapsed).toBeGreaterThanOrEqual(1990);
    const lines = essLines('DescribeFlowBriefs').slice(before);
    expect(lines).toHaveLength(45);
    // Send times: no one-second window holds more than 20 calls (a few ms of signing between slot and send).
    const times = lines.map((l) => Number(l.sentAt)).sort((a, b) => a - b);
    for (let i = 20; i < times.length; i++) expect(times[i] - times[i - 20]).toBeGreaterThanOrEqual(980);
  });
});

it('never puts a secret in a response or a log line', () => {
  expect(findSecretLeaks(stack)).toEqual([]);
});

describe('timeouts', () => {
  it('answers 504 ESS_TIMEOUT when ESS is slower than the timeout, within about twice the timeout', async () => {
    const slow = await startStack({ ess: { timeoutMs: 400, retryBaseMs: 20, composeWaitMs: 1000 } });
    try {
      await slow.control('/faults', { latency: { ms: 3000, actions: ['DescribeOrganizationSeals'] } });
      const started = performance.now();
      const res = await slow.call('/v1/seals');
      const elapsed = performance.now() - started;
      expect(res.status).toBe(504);
      expect(res.body.error.code).toBe('ESS_TIMEOUT');
      expect(elapsed).toBeLessThan(1500);
      expect(findSecretLeaks(slow)).toEqual([]);
    } finally {
      await slow.control('/faults', undefined, 'DELETE');
      await slow.close();
    }
  });
});
