import { afterAll, beforeAll, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, type Stack } from './harness.js';
import { startProductStack, tenantFor } from './platform-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startProductStack('essbasic');
});
afterAll(async () => {
  await stack?.close();
});
it('smoke', async () => {
  const before = await stack.call('/v1/flows/by-file', {
    json: {
      FlowName: 'x',
      File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers('x'),
      ProxyOrganizationOpenId: 'sub_zzz',
    },
  });
  console.log(JSON.stringify(before.body));
  const t = await tenantFor(stack, 'essbasic');
  console.log(JSON.stringify(t));
  const res = await stack.call('/v1/flows/by-file', {
    json: {
      FlowName: 'x',
      File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers(t.name),
      ...t.bodyField,
    },
  });
  console.log(JSON.stringify(res.body));
  const snap = await stack.call(`/v1/flows/${res.body.FlowId}`);
  console.log(JSON.stringify(snap.body));
  const tpl = await stack.call('/v1/flows/by-template', {
    json: {
      FlowName: 'y',
      TemplateId: t.templates['single-c'],
      Approvers: [{ ApproverType: 1, ApproverName: '赵六', ApproverMobile: '13900000010' }],
      ...t.bodyField,
    },
  });
  console.log(JSON.stringify(tpl.body));
  const r = await stack.call('/readyz', { key: null });
  console.log(JSON.stringify(r.body));
  expect(res.status).toBe(201);
});
