/**
 * One scenario-route suite, run against both products: the same requests (by-file, by-template,
 * sign links, files, cancel, QR codes, tokens and snapshots) to a BFF speaking 企业版 (`ess`) and to
 * one speaking 第三方应用 (`essbasic`, a sub-company onboarded through the emulator's console page).
 * Only the tenant field differs (docs/partner-platform.md): a partner switches by configuration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, type Stack } from './harness.js';
import { type Product, startProductStack, type Tenant, tenantFor } from './platform-harness.js';

const PDF = CONTRACT_PDF.toString('base64');

describe.each(['ess', 'essbasic'] as Product[])('scenario routes with ESS_API=%s', (product) => {
  let stack: Stack;
  let tenant: Tenant;
  beforeAll(async () => {
    // Reconciliation by hand (runOnce), for any flow however recently it changed.
    stack = await startProductStack(product, { reconcile: { intervalMs: 0, quietMs: 0 } });
    tenant = await tenantFor(stack, product, 'sub_scenarios', 3);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const fileFlow = (FlowName: string) =>
    stack.call('/v1/flows/by-file', {
      json: {
        FlowName,
        File: { Name: 'c.pdf', ContentBase64: PDF },
        Approvers: b2cFileApprovers(tenant.name),
        ...tenant.bodyField,
      },
    });
  const token = (scope: Record<string, unknown>) =>
    stack.token({ ...scope, ...(tenant.organizationId ? { organizationId: tenant.organizationId } : {}) });
  /** The status `/files` reports (409 FLOW_NOT_SIGNED names it) or 4 when the files are there. */
  async function statusOf(flowId: string): Promise<number> {
    const res = await stack.call(`/v1/flows/${flowId}/files`);
    if (res.status === 200) return 4;
    expect(res.body.error.code).toBe('FLOW_NOT_SIGNED');
    return res.body.error.details.flowStatus;
  }
  async function waitForStatus(flowId: string, status: number) {
    for (let i = 0; i < 100; i++) {
      if ((await statusOf(flowId)) === status) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`flow ${flowId} never reached status ${status}`);
  }

  it('by-file: uploads and creates the flow; the snapshot names its signers', async () => {
    const res = await fileFlow('采购合同');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ FlowId: expect.any(String), ContractType: 'b2c' });
    expect(res.body.Approvers.map((a: { RecipientId: string }) => a.RecipientId)).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
    const snap = await stack.call(`/v1/flows/${res.body.FlowId}`);
    expect(snap.status).toBe(200);
    expect(snap.body).toMatchObject({ flowId: res.body.FlowId, flowStatus: 1, flowName: '采购合同' });
    expect(snap.body.approvers.map((a: { approverType: string }) => a.approverType)).toEqual([
      'ORGANIZATION',
      'PERSON',
    ]);
  });

  it('by-template: creates and starts a flow from a template; rule checks still apply', async () => {
    const TemplateId = tenant.templates['single-c'];
    const ok = await stack.call('/v1/flows/by-template', {
      json: {
        TemplateId,
        FlowName: '模板合同',
        Approvers: [{ ApproverType: 1, ApproverName: '赵六', ApproverMobile: '13900000010' }],
        ...tenant.bodyField,
      },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ FlowId: expect.any(String), ContractType: 'single-c' });
    expect(ok.body.Approvers[0].RecipientId).toEqual(expect.any(String));
    expect(await statusOf(ok.body.FlowId)).toBe(1);
    // Two approvers for a one-role template: refused before anything is created, in both products.
    const bad = await stack.call('/v1/flows/by-template', {
      json: {
        TemplateId,
        FlowName: '多一个人',
        Approvers: [
          { ApproverType: 1, ApproverName: '赵六', ApproverMobile: '13900000010' },
          { ApproverType: 1, ApproverName: '孙七', ApproverMobile: '13900000011' },
        ],
        ...tenant.bodyField,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('RULE_VIOLATION');
  });

  it('sign link, files (409 until signed), signing, then downloadable PDF', async () => {
    const created = await fileFlow('下载测试');
    const flowId = created.body.FlowId;
    const person = created.body.Approvers[1].RecipientId;
    const browser = await token({ flowIds: [flowId] });
    const link = await stack.call(`/v1/flows/${flowId}/sign-url?recipientId=${person}`, { key: browser });
    expect(link.status).toBe(200);
    expect(link.body.url).toContain(`/sign/${flowId}`);
    const early = await stack.call(`/v1/flows/${flowId}/files`, { key: browser });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('FLOW_NOT_SIGNED');
    for (const a of created.body.Approvers)
      await stack.control(`/flows/${flowId}/approvers/${a.RecipientId}/sign`, {});
    await waitForStatus(flowId, 4);
    const files = await stack.call(`/v1/flows/${flowId}/files?fileType=PDF`, { key: browser });
    expect(files.status).toBe(200);
    const pdf = await fetch(files.body.urls[0], { signal: AbortSignal.timeout(10_000) });
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');
  });

  it('cancels an open flow; a signed one is refused by ESS', async () => {
    const created = await fileFlow('撤销测试');
    const flowId = created.body.FlowId;
    expect((await stack.call(`/v1/flows/${flowId}/cancel`, { json: {} })).status).toBe(400);
    const ok = await stack.call(`/v1/flows/${flowId}/cancel`, { json: { CancelMessage: '金额写错' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ FlowId: flowId, Cancelled: true });
    await waitForStatus(flowId, 6);
    const again = await stack.call(`/v1/flows/${flowId}/cancel`, { json: { CancelMessage: '再撤一次' } });
    expect(again.status).toBe(409);
  });

  it('QR codes: created from a template, read with a token naming it, cancelled', async () => {
    const TemplateId = tenant.templates['single-c'];
    const created = await stack.call('/v1/qr-codes', {
      json: { TemplateId, FlowName: '签到', MaxFlowNum: 3, ...tenant.bodyField },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ templateId: TemplateId, state: 'active', maxFlowNum: 3 });
    const browser = await token({ templateIds: [TemplateId] });
    const read = await stack.call(`/v1/qr-codes/${created.body.qrCodeId}`, { key: browser });
    expect(read.status).toBe(200);
    const cancelled = await stack.call(`/v1/qr-codes/${created.body.qrCodeId}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
  });

  it('reconciliation reads a flow whose callbacks never arrived, acting for its tenant', async () => {
    const created = await fileFlow('对账测试');
    const flowId = created.body.FlowId;
    expect((await stack.call(`/v1/flows/${flowId}`)).body.flowStatus).toBe(1);
    // No callbacks reach this stack: only reconciliation can tell the BFF the flow was signed.
    for (const a of created.body.Approvers)
      await stack.control(`/flows/${flowId}/approvers/${a.RecipientId}/sign`, {});
    await stack.deps.live.reconciler.runOnce();
    const snap = await stack.call(`/v1/flows/${flowId}`);
    expect(snap.body.flowStatus).toBe(4);
  });

  it("refuses the other product's tenant field with what to send instead", async () => {
    const other = product === 'ess' ? { ProxyOrganizationOpenId: 'sub_x' } : { ProxyOrganizationId: 'yDx' };
    const res = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: 'x',
        File: { Name: 'c.pdf', ContentBase64: PDF },
        Approvers: b2cFileApprovers(tenant.name),
        ...other,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      product === 'ess' ? 'ProxyOrganizationId' : 'ProxyOrganizationOpenId',
    );
  });
});
