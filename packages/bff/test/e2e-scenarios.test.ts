/**
 * The guide's scenarios through the BFF, end to end against the emulator over HTTP: file flows,
 * template flows (StartFlow retried while composing), group members, signing, files, sign links,
 * QR codes, idempotency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, findSecretLeaks, type Stack, startStack } from './harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

type Recipient = { RecipientId: string; RecipientType: string; RoleName: string };

/** Approvers matching a template's roles, in order (enterprise roles silent when `silent`). */
async function approversFor(
  templateId: string,
  opts: { organizationId?: string; orgName: string; silent?: boolean },
) {
  const q = opts.organizationId ? `&organizationId=${opts.organizationId}` : '';
  const res = await stack.call(`/v1/templates?templateId=${templateId}${q}`);
  expect(res.status).toBe(200);
  const template = res.body.Templates[0];
  const roles = (template.Recipients as Recipient[]).filter((r) => r.RecipientType !== 'PROMOTER');
  return roles.map((r, i) =>
    r.RecipientType === 'ENTERPRISE'
      ? opts.silent
        ? { ApproverType: 3 }
        : {
            ApproverType: 0,
            OrganizationName: opts.orgName,
            ApproverName: '王五',
            ApproverMobile: '13900000003',
          }
      : { ApproverType: 1, ApproverName: ['赵六', '孙七', '周八'][i % 3], ApproverMobile: `1390000001${i}` },
  );
}

const template = (shape: string) => stack.seed.templates.find((t) => t.shape === shape)!.TemplateId;

async function waitForStatus(flowId: string, status: number) {
  for (let i = 0; i < 50; i++) {
    const res = await stack.call('/v1/ess/DescribeFlowBriefs', { json: { FlowIds: [flowId] } });
    if (res.body.Response?.FlowBriefs?.[0]?.FlowStatus === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`flow ${flowId} never reached status ${status}`);
}

describe('POST /v1/flows/by-file', () => {
  it('uploads (data-URL prefix stripped) and creates the flow', async () => {
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
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ FlowId: expect.stringMatching(/^yD/), ContractType: 'b2c' });
    expect(res.body.Approvers).toHaveLength(2);
    const snap = await stack.call(`/v1/flows/${res.body.FlowId}`);
    expect(snap.status).toBe(200);
    expect(snap.body).toMatchObject({ flowId: res.body.FlowId, flowStatus: 1, flowName: '采购合同' });
    expect(JSON.stringify(snap.body)).not.toContain('13800000002');
  });

  it('accepts multipart with the PDF as a file part', async () => {
    const form = new FormData();
    form.set('file', new Blob([CONTRACT_PDF], { type: 'application/pdf' }), 'contract.pdf');
    form.set(
      'payload',
      JSON.stringify({
        FlowName: '多部分上传',
        Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
      }),
    );
    const res = await stack.call('/v1/flows/by-file', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect(res.body.FlowId).toMatch(/^yD/);
  });

  it('returns the first result for a repeated Idempotency-Key', async () => {
    const body = {
      FlowName: '幂等合同',
      File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
    };
    const headers = { 'idempotency-key': 'order-42' };
    const first = await stack.call('/v1/flows/by-file', { json: body, headers });
    const second = await stack.call('/v1/flows/by-file', { json: body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.FlowId).toBe(first.body.FlowId);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    // The same request re-encoded (keys in another order, the file as a data: URL) is still a repeat ...
    const { FlowName, File, Approvers } = body;
    const reordered = await stack.call('/v1/flows/by-file', {
      json: {
        Approvers,
        File: { ContentBase64: `data:application/pdf;base64,${File.ContentBase64}`, Name: File.Name },
        FlowName,
      },
      headers,
    });
    expect(reordered.status).toBe(201);
    expect(reordered.body.FlowId).toBe(first.body.FlowId);
    // ... but another request under the same key is refused, not answered with the first one's flow.
    const reused = await stack.call('/v1/flows/by-file', {
      json: { ...body, FlowName: '另一份合同' },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const creates = stack.logs.filter((l) => l.includes('"CreateFlowByFiles"') && l.includes('"ess call"'));
    const third = await stack.call('/v1/flows/by-file', {
      json: body,
      headers: { 'idempotency-key': 'order-43' },
    });
    expect(third.body.FlowId).not.toBe(first.body.FlowId);
    expect(
      stack.logs.filter((l) => l.includes('"CreateFlowByFiles"') && l.includes('"ess call"')).length,
    ).toBe(creates.length + 1);
  });

  it('fails fast on a broken guide rule or a non-PDF, before calling ESS', async () => {
    const before = stack.logs.filter((l) => l.includes('"UploadFiles"')).length;
    const approvers = b2cFileApprovers(stack.seed.organization.OrganizationName);
    delete (approvers[1] as { ApproverMobile?: string }).ApproverMobile;
    const res = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: 'x',
        File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
        Approvers: approvers,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('RULE_VIOLATION');
    expect(res.body.error.message).toMatch(/Approvers(\.|\[)1/);
    const notPdf = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: 'x',
        File: { Name: 'c.pdf', ContentBase64: Buffer.from('hello world').toString('base64') },
        Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
      },
    });
    expect(notPdf.status).toBe(400);
    expect(notPdf.body.error.message).toMatch(/not a PDF/);
    expect(stack.logs.filter((l) => l.includes('"UploadFiles"')).length).toBe(before);
  });
});

describe('POST /v1/flows/by-template', () => {
  it('creates, fills and starts a B2C flow, retrying StartFlow while the document composes', async () => {
    const TemplateId = template('b2c');
    const Approvers = await approversFor(TemplateId, { orgName: stack.seed.organization.OrganizationName });
    const res = await stack.call('/v1/flows/by-template', {
      json: { TemplateId, FlowName: '模板合同', Approvers },
    });
    expect(res.body).toMatchObject({
      FlowId: expect.stringMatching(/^yD/),
      DocumentId: expect.any(String),
      ContractType: 'b2c',
    });
    expect(res.status).toBe(201);
    expect(res.body.Approvers.every((a: { RecipientId: string }) => typeof a.RecipientId === 'string')).toBe(
      true,
    );
    await waitForStatus(res.body.FlowId, 1);
    const composing = stack.logs.filter(
      (l) => l.includes('"StartFlow"') && l.includes('DocumentNoAvailable'),
    );
    expect(composing.length).toBeGreaterThan(0);
  });

  it('accepts a silent enterprise signer given as {"ApproverType": 3}', async () => {
    const TemplateId = template('b2c-ordered-b-silent');
    const Approvers = await approversFor(TemplateId, {
      orgName: stack.seed.organization.OrganizationName,
      silent: true,
    });
    const res = await stack.call('/v1/flows/by-template', {
      json: { TemplateId, FlowName: '自动签合同', Approvers },
    });
    expect(res.status).toBe(201);
  });

  it('refuses approvers out of the template order and an Unordered mismatch', async () => {
    const TemplateId = template('b2c');
    const Approvers = await approversFor(TemplateId, { orgName: stack.seed.organization.OrganizationName });
    const reversed = await stack.call('/v1/flows/by-template', {
      json: { TemplateId, FlowName: '错序', Approvers: [...Approvers].reverse() },
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.code).toBe('RULE_VIOLATION');
    const mismatch = await stack.call('/v1/flows/by-template', {
      json: { TemplateId, FlowName: '无序', Approvers, Unordered: false },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.code).toBe('TEMPLATE_MISMATCH');
    const missing = await stack.call('/v1/flows/by-template', {
      json: { TemplateId: 'yDnoSuchTemplate000000000000000', FlowName: 'x', Approvers },
    });
    expect(missing.status).toBe(404);
  });
});

describe('POST /v1/flows/by-template leaves no orphan flow', () => {
  const fillApprovers = [{ ApproverType: 1, ApproverName: '赵六', ApproverMobile: '13900000010' }];
  const createFlowCalls = () => stack.logs.filter((l) => l.includes('"action":"CreateFlow"')).length;

  it('refuses a form field the template does not have before CreateFlow', async () => {
    const before = createFlowCalls();
    const res = await stack.call('/v1/flows/by-template', {
      json: {
        TemplateId: template('initiator-fill'),
        FlowName: '错填字段',
        Approvers: fillApprovers,
        FormFields: [
          { ComponentName: 'amount', ComponentValue: '100' },
          { ComponentName: '合同编号', ComponentValue: 'HT-001' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('RULE_VIOLATION');
    expect(res.body.error.message).toContain('合同编号');
    expect(createFlowCalls()).toBe(before);
  });

  it('cancels the flow it created when a later step fails, and names it in the error', async () => {
    await stack.control('/faults', { errors: [{ kind: 'InternalError', actions: ['CreateDocument'] }] });
    try {
      const res = await stack.call('/v1/flows/by-template', {
        json: {
          TemplateId: template('initiator-fill'),
          FlowName: '中途失败',
          Approvers: fillApprovers,
          FormFields: [{ ComponentName: 'amount', ComponentValue: '100' }],
        },
      });
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.body.error.details).toMatchObject({
        flowId: expect.stringMatching(/^yD/),
        flowCancelled: true,
      });
      expect(res.body.error.message).toContain('has been cancelled');
      await waitForStatus(res.body.error.details.flowId, 6);
    } finally {
      await stack.control('/faults', undefined, 'DELETE');
    }
  });
});

describe('group members (Agent.ProxyOrganizationId)', () => {
  it("creates a member's template flow, routes its reads to the member and keeps other tokens out", async () => {
    const member = stack.seed.groupMembers[0];
    const TemplateId = member.templates.find((t) => t.shape === 'b2c')!.TemplateId;
    // The member's template is not visible to the main organization.
    expect((await stack.call(`/v1/templates?templateId=${TemplateId}`)).body.Templates).toHaveLength(0);
    const Approvers = await approversFor(TemplateId, {
      organizationId: member.ProxyOrganizationId,
      orgName: member.OrganizationName,
    });
    const res = await stack.call('/v1/flows/by-template', {
      json: {
        TemplateId,
        FlowName: '子公司合同',
        Approvers,
        ProxyOrganizationId: member.ProxyOrganizationId,
      },
    });
    expect(res.status).toBe(201);
    const flowId = res.body.FlowId;

    const token = await stack.token({ flowIds: [flowId], organizationId: member.ProxyOrganizationId });
    await waitForStatus(flowId, 1);
    const snap = await stack.call(`/v1/flows/${flowId}/sign-url?pathType=1`, { key: token });
    expect(snap.status).toBe(200);
    expect(snap.body.url).toBeTruthy();
    const briefs = await stack.call('/v1/ess/DescribeFlowBriefs', {
      key: token,
      json: { FlowIds: [flowId] },
    });
    expect(briefs.body.Response.FlowBriefs[0].FlowId).toBe(flowId);

    const mainToken = await stack.token({ flowIds: [flowId] });
    expect((await stack.call(`/v1/flows/${flowId}`, { key: mainToken })).status).toBe(403);
    const otherMember = await stack.token({
      flowIds: [flowId],
      organizationId: stack.seed.groupMembers[1].ProxyOrganizationId,
    });
    expect((await stack.call(`/v1/flows/${flowId}`, { key: otherMember })).status).toBe(403);

    const seals = await stack.call(`/v1/seals?organizationId=${member.ProxyOrganizationId}`);
    expect(seals.body.Seals.map((s: { SealId: string }) => s.SealId)).toContain(member.seals[0].SealId);
    const orgs = await stack.call('/v1/organizations');
    expect(orgs.body.Organizations.map((o: { OrganizationId: string }) => o.OrganizationId)).toContain(
      member.ProxyOrganizationId,
    );
  });
});

describe('group members with a file flow', () => {
  it('creates the flow for the member and records it as the member’s', async () => {
    const member = stack.seed.groupMembers[1];
    const res = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: '子公司文件合同',
        File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
        Approvers: b2cFileApprovers(member.OrganizationName),
        ProxyOrganizationId: member.ProxyOrganizationId,
      },
    });
    expect(res.status).toBe(201);
    expect(await stack.deps.store.getOwner('flow', res.body.FlowId)).toBe(member.ProxyOrganizationId);
    const memberToken = await stack.token({
      flowIds: [res.body.FlowId],
      organizationId: member.ProxyOrganizationId,
    });
    const snap = await stack.call(`/v1/flows/${res.body.FlowId}`, { key: memberToken });
    expect(snap.status).toBe(200);
    expect(snap.body.flowName).toBe('子公司文件合同');
    const unknown = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: 'x',
        File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
        Approvers: b2cFileApprovers(member.OrganizationName),
        ProxyOrganizationId: 'yDnotAMemberOfThisGroup00000000',
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNKNOWN_ORGANIZATION');
  });
});

describe('signing, links and files', () => {
  it('sign link uses the signer from the flow; files are 409 until signed, then downloadable', async () => {
    const created = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: '下载测试',
        File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
        Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
      },
    });
    const flowId = created.body.FlowId;
    const person = created.body.Approvers[1].RecipientId;
    const token = await stack.token({ flowIds: [flowId] });
    const link = await stack.call(`/v1/flows/${flowId}/sign-url?recipientId=${person}&pathType=1`, {
      key: token,
    });
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ url: expect.any(String), expiresAt: expect.any(String) });
    const early = await stack.call(`/v1/flows/${flowId}/files`, { key: token });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('FLOW_NOT_SIGNED');

    for (const a of created.body.Approvers)
      await stack.control(`/flows/${flowId}/approvers/${a.RecipientId}/sign`, {});
    await waitForStatus(flowId, 4);
    const files = await stack.call(`/v1/flows/${flowId}/files?fileType=PDF`, { key: token });
    expect(files.status).toBe(200);
    expect(files.body.urls.length).toBeGreaterThan(0);
    const pdf = await fetch(files.body.urls[0], { signal: AbortSignal.timeout(10_000) });
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');
    const cancel = await stack.call(`/v1/flows/${flowId}/cancel`, {
      json: { CancelMessage: '已签署不能撤销' },
    });
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.details.essCode).toBe('OperationDenied.FlowHasTerminated');
  });

  it('cancels an open flow; CancelMessage is required and bounded', async () => {
    const created = await stack.call('/v1/flows/by-file', {
      json: {
        FlowName: '撤销测试',
        File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
        Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
      },
    });
    const flowId = created.body.FlowId;
    expect((await stack.call(`/v1/flows/${flowId}/cancel`, { json: {} })).status).toBe(400);
    expect(
      (await stack.call(`/v1/flows/${flowId}/cancel`, { json: { CancelMessage: 'x'.repeat(201) } })).status,
    ).toBe(400);
    const ok = await stack.call(`/v1/flows/${flowId}/cancel`, { json: { CancelMessage: '金额写错' } });
    expect(ok.status).toBe(200);
    await waitForStatus(flowId, 6);
  });
});

describe('QR codes', () => {
  it('partner creates; a token naming the template reads and cancels it', async () => {
    const TemplateId = template('single-c');
    const created = await stack.call('/v1/qr-codes', {
      json: { TemplateId, FlowName: '签到', MaxFlowNum: 3 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      templateId: TemplateId,
      state: 'active',
      maxFlowNum: 3,
      flowIds: [],
    });
    const token = await stack.token({ templateIds: [TemplateId] });
    const read = await stack.call(`/v1/qr-codes/${created.body.qrCodeId}`, { key: token });
    expect(read.body.qrCodeId).toBe(created.body.qrCodeId);
    const otherToken = await stack.token({ templateIds: [template('b2c')] });
    expect((await stack.call(`/v1/qr-codes/${created.body.qrCodeId}`, { key: otherToken })).status).toBe(403);
    const cancelled = await stack.call(`/v1/qr-codes/${created.body.qrCodeId}`, {
      key: token,
      method: 'DELETE',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
  });

  it('a browser token naming the template may create one through the proxy', async () => {
    const TemplateId = template('single-c');
    const token = await stack.token({ templateIds: [TemplateId] });
    const res = await stack.call('/v1/ess/CreateMultiFlowSignQRCode', {
      key: token,
      json: { TemplateId, FlowName: '扫码' },
    });
    expect(res.status).toBe(200);
    const qrCodeId = res.body.Response.QrCode.QrCodeId;
    const read = await stack.call(`/v1/qr-codes/${qrCodeId}`, { key: token });
    expect(read.body.state).toBe('active');
  });
});

describe('guide helpers', () => {
  it('refuses a QR code on a template the guide does not allow', async () => {
    const res = await stack.call('/v1/qr-codes', {
      json: { TemplateId: template('b2c-ordered-b-first'), FlowName: '不可' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('RULE_VIOLATION');
  });

  it('finds keyword positions as ESS component coordinates', async () => {
    const res = await stack.call('/v1/pdf/keyword-positions', {
      json: {
        File: { ContentBase64: `data:application/pdf;base64,${CONTRACT_PDF.toString('base64')}` },
        Keywords: ['甲方', '乙方'],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.TotalCount).toBeGreaterThanOrEqual(2);
    const first = res.body.Matches.find((m: { keyword: string }) => m.keyword === '甲方');
    expect(first.component).toMatchObject({
      ComponentPage: 1,
      ComponentPosX: expect.any(Number),
      ComponentPosY: expect.any(Number),
    });
    const broken = await stack.call('/v1/pdf/keyword-positions', {
      json: {
        File: { ContentBase64: Buffer.from('%PDF-1.4 garbage').toString('base64') },
        Keywords: ['甲方'],
      },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('VALIDATION_FAILED');
  });
});

it('never puts a secret in a response or a log line', () => {
  expect(findSecretLeaks(stack)).toEqual([]);
});
