/**
 * The signing and scan pages over HTTP, as a browser with JavaScript disabled would use them:
 * fetch the HTML, post the forms, follow the 303, check the state changed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../index.js';
import type { Flow, QrCode } from '../state/types.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;

async function get(path: string) {
  const response = await fetch(`${emulator.url}${path}`, { signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

async function postForm(path: string, fields: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

const state = () => emulator.handle.state;

function flow(options: { name?: string; unordered?: boolean } = {}): Flow {
  const org = state().mainOrganization();
  return state().createFileFlow({
    organizationId: org.OrganizationId,
    operatorUserId: org.operatorUserId,
    flowName: options.name ?? '购销合同',
    fileId: state().seedFileId(),
    unordered: options.unordered ?? false,
    approvers: [
      { approverType: 1, name: '甲', mobile: '13800000021' },
      { approverType: 1, name: '乙', mobile: '13800000022' },
    ],
  });
}

function qrCode(maxFlowNum = 5): QrCode {
  const org = state().mainOrganization();
  const template = Object.values(state().data.templates).find(
    (t) => t.shape === 'single-c' && t.OrganizationId === org.OrganizationId,
  )!;
  return state().createQrCode({
    organizationId: org.OrganizationId,
    operatorUserId: org.operatorUserId,
    templateId: template.TemplateId,
    flowName: '入职',
    maxFlowNum,
  });
}

/** The action buttons on a page, as `action:recipient` pairs. */
function buttons(html: string): string[] {
  return [...html.matchAll(/<button[^>]*data-action="([a-z]+)" data-recipient="([^"]+)"/g)].map(
    (m) => `${m[1]}:${m[2]}`,
  );
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => state().reset());

it('answers the favicon request every page makes with "no icon", not a 404', async () => {
  expect((await get('/favicon.ico')).status).toBe(204);
});

describe('signing page', () => {
  it('shows the contract, its approvers and only the current approver’s actions in an ordered flow', async () => {
    const f = flow();
    const [first, second] = f.approvers.map((a) => a.RecipientId);
    const page = await get(`/sign/${f.FlowId}?recipient=${first}`);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    expect(page.text).toContain('购销合同');
    expect(page.text).toContain(`data-flow-status="1"`);
    expect(page.text).toContain(`href="/sign/${f.FlowId}/document.pdf"`);
    expect(page.text).not.toMatch(/<script/i);
    expect(buttons(page.text)).toEqual([`sign:${first}`, `reject:${first}`]);
    expect(page.text).toContain(`data-recipient="${second}" data-approve-status="1"`);

    const pdf = await fetch(`${emulator.url}/sign/${f.FlowId}/document.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

  it('signs through the form, redirects back, and then offers the next approver', async () => {
    const f = flow();
    const [first, second] = f.approvers.map((a) => a.RecipientId);
    const early = await postForm(`/sign/${f.FlowId}/approvers/${second}/sign`);
    expect(early.status).toBe(409);
    expect(early.text).toContain('id="error"');
    expect(state().flow(f.FlowId).approvers[1].status).toBe(1);

    const signed = await postForm(`/sign/${f.FlowId}/approvers/${first}/sign`);
    expect(signed.status).toBe(303);
    expect(signed.location).toBe(`/sign/${f.FlowId}?recipient=${first}&done=sign`);
    expect(state().flow(f.FlowId).status).toBe(2);
    const after = await get(signed.location!);
    expect(after.text).toContain('id="notice"');
    expect(buttons(after.text)).toEqual([`sign:${second}`, `reject:${second}`]);

    await postForm(`/sign/${f.FlowId}/approvers/${second}/sign`);
    expect(state().flow(f.FlowId).status).toBe(4);
    const done = await get(`/sign/${f.FlowId}`);
    expect(buttons(done.text)).toEqual([]);
    expect(done.text).toContain('id="no-actions"');
  });

  it('refuses with a reason (required) and shows it', async () => {
    const f = flow({ unordered: true });
    const [, second] = f.approvers.map((a) => a.RecipientId);
    // Unordered: both may act.
    expect(buttons((await get(`/sign/${f.FlowId}`)).text)).toHaveLength(4);
    const empty = await postForm(`/sign/${f.FlowId}/approvers/${second}/reject`, { reason: ' ' });
    expect(empty.status).toBe(400);
    expect(state().flow(f.FlowId).status).toBe(1);
    const refused = await postForm(`/sign/${f.FlowId}/approvers/${second}/reject`, { reason: '价格<太高>' });
    expect(refused.status).toBe(303);
    expect(state().flow(f.FlowId)).toMatchObject({ status: 3, message: '价格<太高>' });
    const page = await get(`/sign/${f.FlowId}`);
    expect(page.text).toContain('价格&lt;太高&gt;');
    expect(page.text).not.toContain('价格<太高>');
  });

  it('fills before signing when the approver has fill components', async () => {
    const org = state().mainOrganization();
    const fillComponent = {
      ComponentType: 'TEXT',
      ComponentId: 'yDaddress',
      ComponentName: '住址',
      ComponentPage: 1,
      ComponentPosX: 100,
      ComponentPosY: 100,
      ComponentWidth: 120,
      ComponentHeight: 30,
      FileIndex: 0,
      ComponentRequired: true,
      ComponentValue: '',
      ComponentRecipientId: '',
    };
    const f = state().createFileFlow({
      organizationId: org.OrganizationId,
      operatorUserId: org.operatorUserId,
      flowName: '填写合同',
      fileId: state().seedFileId(),
      approvers: [{ approverType: 1, name: '丙', mobile: '13800000023', fillComponents: [fillComponent] }],
    });
    const rid = f.approvers[0].RecipientId;
    expect(state().flow(f.FlowId).approvers[0].status).toBe(8);
    const page = await get(`/sign/${f.FlowId}?recipient=${rid}`);
    expect(buttons(page.text)).toEqual([`fill:${rid}`, `reject:${rid}`]);
    expect(page.text).toContain('name="field:yDaddress"');
    const filled = await postForm(`/sign/${f.FlowId}/approvers/${rid}/fill`, {
      'field:yDaddress': '深圳市南山区',
    });
    expect(filled.status).toBe(303);
    expect(state().flow(f.FlowId).approvers[0]).toMatchObject({ status: 10 });
    expect(buttons((await get(`/sign/${f.FlowId}`)).text)).toEqual([`sign:${rid}`, `reject:${rid}`]);
    await postForm(`/sign/${f.FlowId}/approvers/${rid}/sign`);
    expect(state().flow(f.FlowId).status).toBe(4);
  });

  it('escapes every value and answers unknown flows and actions clearly', async () => {
    const f = flow({ name: '<img src=x onerror=alert(1)>"&' });
    const page = await get(`/sign/${f.FlowId}`);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&amp;');
    const missing = await get('/sign/yDnope');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('yDnope');
    expect((await postForm(`/sign/${f.FlowId}/approvers/${f.approvers[0].RecipientId}/dance`)).status).toBe(
      404,
    );
    expect((await postForm(`/sign/${f.FlowId}/approvers/yDnope/sign`)).status).toBe(404);
  });
});

describe('contract list (CreateSchemeUrl PathType 0/2)', () => {
  it('lists flows newest first with links, escaped', async () => {
    expect((await get('/sign/')).text).toContain('id="no-flows"');
    const a = flow({ name: '<b>甲合同</b>' });
    const page = await get('/sign/?view=list');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/sign/${a.FlowId}"`);
    expect(page.text).toContain('&lt;b&gt;甲合同&lt;/b&gt;');
    expect((await get('/sign')).status).toBe(200);
  });
});

describe('scan page', () => {
  it('asks for name and mobile, creates a flow and redirects to its signing page', async () => {
    const qr = qrCode();
    const page = await get(`/qr/${qr.QrCodeId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="name"');
    expect(page.text).toContain('name="mobile"');
    expect(page.text).toContain('data-action="scan"');

    const bad = await postForm(`/qr/${qr.QrCodeId}`, { name: '李四', mobile: '123' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('value="李四"');
    expect(state().qrCode(qr.QrCodeId).flowIds).toEqual([]);

    const scanned = await postForm(`/qr/${qr.QrCodeId}`, { name: '李四', mobile: '13900000031' });
    expect(scanned.status).toBe(303);
    const [flowId] = state().qrCode(qr.QrCodeId).flowIds;
    const recipient = state()
      .flow(flowId)
      .approvers.find((a) => a.mobile === '13900000031')!.RecipientId;
    expect(scanned.location).toBe(`/sign/${flowId}?recipient=${recipient}&done=scan`);
    const signPage = await get(scanned.location!);
    expect(buttons(signPage.text)).toContain(`sign:${recipient}`);
  });

  it('shows exhausted, cancelled and expired codes instead of the form', async () => {
    const exhausted = qrCode(1);
    await postForm(`/qr/${exhausted.QrCodeId}`, { name: '王五', mobile: '13900000032' });
    const exhaustedPage = await get(`/qr/${exhausted.QrCodeId}`);
    expect(exhaustedPage.text).toContain('data-qr-state="exhausted"');
    expect(exhaustedPage.text).not.toContain('data-action="scan"');
    const again = await postForm(`/qr/${exhausted.QrCodeId}`, { name: '赵六', mobile: '13900000033' });
    expect(again.status).toBe(409);

    const cancelled = qrCode();
    state().cancelQrCode(cancelled.QrCodeId);
    expect((await get(`/qr/${cancelled.QrCodeId}`)).text).toContain('data-qr-state="cancelled"');

    const expired = qrCode();
    emulator.handle.clock.advance(8 * 86_400);
    const expiredPage = await get(`/qr/${expired.QrCodeId}`);
    expect(expiredPage.text).toContain('data-qr-state="expired"');
    expect(expiredPage.text).toContain('id="qr-unavailable"');

    expect((await get('/qr/yDnope')).status).toBe(404);
  });
});
