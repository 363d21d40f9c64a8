/**
 * Both flow-creating routes refuse an ESS answer without a FlowId (502 ESS_BAD_RESPONSE) instead of
 * answering 201 with an empty one. The emulator answers for real; in front of it, the BFF's fetch
 * drops `FlowId` from one action's answer, as a faulty or changed ESS would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, type Stack, startStack } from './harness.js';

/** Actions whose answer loses its FlowId on the way back to the BFF. */
const dropFlowIdFrom = new Set<string>();

const essWithoutFlowId: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const action = new Headers(init?.headers).get('x-tc-action') ?? '';
  if (!dropFlowIdFrom.has(action)) return response;
  const body = (await response.json()) as { Response: Record<string, unknown> };
  delete body.Response.FlowId;
  return new Response(JSON.stringify(body), {
    status: response.status,
    headers: { 'content-type': 'application/json' },
  });
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({}, {}, { fetch: essWithoutFlowId });
});
afterAll(async () => {
  await stack?.close();
});

describe('an ESS answer without a FlowId', () => {
  it('is ESS_BAD_RESPONSE on POST /v1/flows/by-file (it answered FlowId "" before)', async () => {
    const create = () =>
      stack.call('/v1/flows/by-file', {
        json: {
          FlowName: '无编号合同',
          File: { Name: 'contract.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
          Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
        },
      });
    dropFlowIdFrom.add('CreateFlowByFiles');
    try {
      const res = await create();
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('ESS_BAD_RESPONSE');
      expect(res.body.error.message).toContain('CreateFlowByFiles returned no FlowId');
    } finally {
      dropFlowIdFrom.clear();
    }
    // The same request against the unchanged answer creates the flow (the route itself works).
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.body.FlowId).toMatch(/^yD/);
  });
});
