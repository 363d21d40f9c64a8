import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, type Stack, startStack } from './harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('scenario routes against the emulator', () => {
  it('by-file: upload + CreateFlowByFiles, with data-URL prefix stripped', async () => {
    const res = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: '采购合同',
        File: {
          Name: 'contract.pdf',
          ContentBase64: `data:application/pdf;base64,${CONTRACT_PDF.toString('base64')}`,
        },
        Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
      },
    });
    expect(res.body).toMatchObject({ FlowId: expect.stringMatching(/^yD/), ContractType: 'b2c' });
    expect(res.status).toBe(201);
    expect(res.body.Approvers).toHaveLength(2);
    const snap = await stack.call(`/v1/flows/${res.body.FlowId}`);
    expect(snap.status).toBe(200);
    expect(snap.body).toMatchObject({ flowId: res.body.FlowId, flowStatus: 1, flowName: '采购合同' });
    expect(JSON.stringify(snap.body)).not.toContain('13800000002');
  });
});
