/**
 * The whole loop through the BFF: the emulator delivers its callbacks to the BFF, so the flows that a
 * QR code's scans create are linked back to the QR code (through the UserData the BFF set), and the
 * flow snapshot follows signatures.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, findSecretLeaks, type Stack, startStack } from './harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await stack.routeCallbacksHere();
});
afterAll(async () => {
  await stack?.close();
});

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 60; i++) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} never happened; last: ${JSON.stringify(last)}`);
}

it('links a flow created by scanning a QR code back to the QR code', async () => {
  const TemplateId = stack.seed.templates.find((t) => t.shape === 'single-c')!.TemplateId;
  const created = await stack.call('/v1/qr-codes', {
    json: { TemplateId, FlowName: '扫码签署', MaxFlowNum: 2 },
  });
  expect(created.status).toBe(201);
  const qrCodeId = created.body.qrCodeId;
  const scan = await stack.control(`/qr-codes/${qrCodeId}/scan`, { name: '钱八', mobile: '13700000008' });
  const token = await stack.token({ templateIds: [TemplateId] });
  const linked = await eventually(
    () => stack.call(`/v1/qr-codes/${qrCodeId}`, { key: token }),
    (res) => res.body.flowCount === 1,
    'the scan-created flow to be linked',
  );
  expect(linked.body.flowIds).toHaveLength(1);
  if (scan?.FlowId) expect(linked.body.flowIds).toEqual([scan.FlowId]);
});

it('the flow snapshot follows signatures delivered as callbacks', async () => {
  const res = await stack.call('/v1/flows/by-file', {
    json: {
      FlowName: '回调合同',
      File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
    },
  });
  const flowId = res.body.FlowId;
  const token = await stack.token({ flowIds: [flowId] });
  for (const a of res.body.Approvers)
    await stack.control(`/flows/${flowId}/approvers/${a.RecipientId}/sign`, {});
  const snap = await eventually(
    () => stack.call(`/v1/flows/${flowId}`, { key: token }),
    (r) => r.body.flowStatus === 4,
    'the snapshot to reach status 4',
  );
  expect(snap.body.approvers.every((a: { approveStatus: number }) => a.approveStatus === 3)).toBe(true);
});

it('never puts a secret in a response or a log line', () => {
  expect(findSecretLeaks(stack)).toEqual([]);
});
