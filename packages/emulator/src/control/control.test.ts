/**
 * The control API over HTTP: success shapes, and the documented errors for bad input
 * (400 invalid JSON/body, 404 unknown ids, 409 wrong state) — never a 500.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../index.js';
import type { Flow } from '../state/types.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;

async function call(method: string, path: string, body?: unknown, raw?: string) {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: body === undefined && raw === undefined ? {} : { 'Content-Type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: (await response.json()) as any };
}

function expectError(result: { status: number; json: any }, status: number, code?: string | RegExp) {
  expect(result.status, JSON.stringify(result.json)).toBe(status);
  expect(Object.keys(result.json)).toEqual(['error']);
  expect(typeof result.json.error.message).toBe('string');
  expect(result.json.error.message.length).toBeGreaterThan(5);
  expect(result.json.error.message).not.toMatch(/\n\s+at /); // no stack traces
  if (code) expect(result.json.error.code).toMatch(code);
}

/** Ordered two-person flow (the second waits for the first). */
function orderedFlow(deadline?: number): Flow {
  const state = emulator.handle.state;
  const org = state.mainOrganization();
  return state.createFileFlow({
    organizationId: org.OrganizationId,
    operatorUserId: org.operatorUserId,
    flowName: '顺序合同',
    fileId: state.seedFileId(),
    deadline,
    approvers: [
      { approverType: 1, name: '甲', mobile: '13800000011' },
      { approverType: 1, name: '乙', mobile: '13800000012' },
    ],
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  expect((await call('POST', '/reset')).status).toBe(200);
});

describe('seed and reset', () => {
  it('GET /seed has the shape of issue 3', async () => {
    const { status, json } = await call('GET', '/seed');
    expect(status).toBe(200);
    expect(json.operator.UserId).toMatch(/^yD/);
    expect(json.organization).toEqual({
      OrganizationId: expect.any(String),
      OrganizationName: expect.any(String),
    });
    expect(json.seals[0]).toEqual({
      SealId: expect.any(String),
      SealType: expect.any(String),
      SealName: expect.any(String),
    });
    expect(json.templates.map((t: any) => t.shape).sort()).toEqual(
      [
        'b2b',
        'b2c',
        'b2c-ordered-b-first',
        'b2c-ordered-b-silent',
        'initiator-fill',
        'single-b-silent',
        'single-c',
      ].sort(),
    );
    expect(json.groupMembers.length).toBeGreaterThanOrEqual(2);
    for (const member of json.groupMembers) {
      expect(member).toMatchObject({
        ProxyOrganizationId: expect.any(String),
        OrganizationName: expect.any(String),
        operator: { UserId: expect.any(String) },
      });
      expect(member.seals.length).toBeGreaterThan(0);
      expect(member.templates.length).toBeGreaterThan(0);
    }
  });

  it('POST /reset drops created data and clears faults and the callback log', async () => {
    const created = await call('POST', '/seals', { SealName: '临时章' });
    await call('POST', '/faults', { errors: [{ kind: 'InternalError' }] });
    const reset = await call('POST', '/reset');
    expect(reset.status).toBe(200);
    expect(reset.json.seed.seals.map((s: any) => s.SealId)).not.toContain(created.json.seal.SealId);
    expect((await call('GET', '/faults')).json.faults).toBeNull();
    expect((await call('GET', '/callbacks')).json.deliveries).toEqual([]);
  });
});

describe('flows', () => {
  it('signs in order: the second approver must wait (409), then the flow completes', async () => {
    const flow = orderedFlow();
    const [first, second] = flow.approvers.map((a) => a.RecipientId);
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${second}/sign`),
      409,
      'OperationDenied.FlowStatusForbid',
    );
    const one = await call('POST', `/flows/${flow.FlowId}/approvers/${first}/sign`);
    expect(one.status).toBe(200);
    expect(one.json.flow.FlowStatus).toBe(2);
    expectError(await call('POST', `/flows/${flow.FlowId}/approvers/${first}/sign`), 409);
    const two = await call('POST', `/flows/${flow.FlowId}/approvers/${second}/sign`);
    expect(two.json.flow.FlowStatus).toBe(4);
    expect(two.json.flow.Approvers.map((a: any) => a.ApproveStatus)).toEqual([3, 3]);
    const rescinded = await call('POST', `/flows/${flow.FlowId}/rescind`);
    expect(rescinded.json.flow.FlowStatus).toBe(21);
    expectError(await call('POST', `/flows/${flow.FlowId}/rescind`), 409);
  });

  it('rejects with a reason, transfers to another person, and refuses bad bodies', async () => {
    const flow = orderedFlow();
    const first = flow.approvers[0].RecipientId;
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${first}/reject`, {}),
      400,
      'INVALID_BODY',
    );
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${first}/reject`, { reason: '  ' }),
      400,
      'INVALID_BODY',
    );
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${first}/transfer`, { name: '丙', mobile: '123' }),
      400,
    );
    const moved = await call('POST', `/flows/${flow.FlowId}/approvers/${first}/transfer`, {
      name: '丙',
      mobile: '13800000013',
    });
    expect(moved.status).toBe(200);
    expect(moved.json.flow.Approvers[0].ApproveStatus).toBe(19);
    expect(moved.json.RecipientId).toBe(moved.json.flow.Approvers[1].RecipientId);
    const rejected = await call('POST', `/flows/${flow.FlowId}/approvers/${moved.json.RecipientId}/reject`, {
      reason: '不同意',
    });
    expect(rejected.json.flow).toMatchObject({ FlowStatus: 3, FlowMessage: '不同意' });
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${first}/sign`),
      409,
      'OperationDenied.FlowHasTerminated',
    );
  });

  it('fill needs formFields; a signer without fill components gets 409', async () => {
    const flow = orderedFlow();
    const first = flow.approvers[0].RecipientId;
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${first}/fill`, { formFields: [] }),
      400,
      'INVALID_BODY',
    );
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${first}/fill`, {
        formFields: [{ ComponentValue: 'x' }],
      }),
      400,
      'INVALID_BODY',
    );
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${first}/fill`, {
        formFields: [{ ComponentName: 'a', ComponentValue: 'x' }],
      }),
      409,
    );
  });

  it('unknown ids answer 404, malformed JSON 400, unknown routes 404', async () => {
    expectError(await call('POST', '/flows/yDnope/approvers/yDnope/sign'), 404, 'ResourceNotFound.Flow');
    const flow = orderedFlow();
    expectError(await call('POST', `/flows/${flow.FlowId}/approvers/yDnope/sign`), 404);
    expectError(
      await call(
        'POST',
        `/flows/${flow.FlowId}/approvers/${flow.approvers[0].RecipientId}/sign`,
        undefined,
        '{"x":',
      ),
      400,
      'INVALID_JSON',
    );
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${flow.approvers[0].RecipientId}/sign`, {
        extra: 1,
      }),
      400,
      'INVALID_BODY',
    );
    expectError(await call('POST', '/qr-codes/yDnope/scan', { name: '李', mobile: '13800000000' }), 404);
    expectError(await call('POST', '/seals/yDnope/disable'), 404);
    expectError(await call('PUT', '/templates/yDnope', { TemplateName: 'x' }), 404);
    expectError(await call('POST', '/staff/yDnope/verify'), 404);
    expectError(await call('PUT', '/organizations/yDnope', { quota: 1 }), 404);
    expectError(await call('GET', '/no-such-route'), 404, 'NOT_FOUND');
  });

  it('refuses an oversize body with 413', async () => {
    const flow = orderedFlow();
    const huge = JSON.stringify({ reason: 'x'.repeat(1024 * 1024 + 10) });
    expectError(
      await call(
        'POST',
        `/flows/${flow.FlowId}/approvers/${flow.approvers[0].RecipientId}/reject`,
        undefined,
        huge,
      ),
      413,
      'BODY_TOO_LARGE',
    );
  });
});

describe('clock and QR codes', () => {
  it('advancing the clock expires a flow past its deadline', async () => {
    const now = emulator.handle.clock.now();
    const flow = orderedFlow(now + 3600);
    expectError(await call('POST', '/clock', { advanceSeconds: -1 }), 400, 'INVALID_BODY');
    expectError(await call('POST', '/clock', {}), 400, 'INVALID_BODY');
    const advanced = await call('POST', '/clock', { advanceSeconds: 3601 });
    expect(advanced.status).toBe(200);
    expect(advanced.json.now).toBeGreaterThanOrEqual(now + 3601);
    const state = emulator.handle.state.flow(flow.FlowId);
    expect(state.status).toBe(5);
    expect(state.approvers.map((a) => a.status)).toEqual([5, 5]);
    expectError(
      await call('POST', `/flows/${flow.FlowId}/approvers/${flow.approvers[0].RecipientId}/sign`),
      409,
    );
  });

  it('scans a QR code into a new flow and refuses it once exhausted', async () => {
    const state = emulator.handle.state;
    const main = state.mainOrganization();
    const template = Object.values(state.data.templates).find(
      (t) => t.shape === 'single-c' && t.OrganizationId === main.OrganizationId,
    )!;
    const qr = state.createQrCode({
      organizationId: main.OrganizationId,
      operatorUserId: main.operatorUserId,
      templateId: template.TemplateId,
      flowName: '扫码',
      maxFlowNum: 1,
      expiredTime: state.clock.now() + 10,
    });
    expectError(await call('POST', `/qr-codes/${qr.QrCodeId}/scan`, { name: '李四' }), 400, 'INVALID_BODY');
    const scan = await call('POST', `/qr-codes/${qr.QrCodeId}/scan`, { name: '李四', mobile: '13900000001' });
    expect(scan.status).toBe(201);
    expect(scan.json.FlowId).toMatch(/^yD/);
    expect(scan.json.signUrl).toBe(
      `${emulator.url}/sign/${scan.json.FlowId}?recipient=${scan.json.RecipientId}`,
    );
    expect(scan.json.qrCode.state).toBe('exhausted');
    expectError(
      await call('POST', `/qr-codes/${qr.QrCodeId}/scan`, { name: '王五', mobile: '13900000002' }),
      409,
    );
    // An exhausted code still expires (qrStateAt, the rule the BFF applies too).
    expect((await call('POST', '/clock', { advanceSeconds: 11 })).status).toBe(200);
    expect(state.qrCode(qr.QrCodeId).state).toBe('expired');
  });
});

describe('seals, templates, staff, organizations, targets', () => {
  it('validates seal operations and their bodies', async () => {
    const seal = (await call('POST', '/seals', { SealName: '合同章' })).json.seal;
    expect(seal.SealStatus).toBe('CHECKING');
    expectError(await call('POST', '/seals', {}), 400, 'INVALID_BODY');
    expectError(await call('POST', `/seals/${seal.SealId}/explode`), 404, 'UNKNOWN_OPERATION');
    expectError(await call('POST', `/seals/${seal.SealId}/authorize`, {}), 400, 'INVALID_BODY');
    expectError(await call('POST', `/seals/${seal.SealId}/reject`, {}), 400, 'INVALID_BODY');
    expectError(await call('POST', `/seals/${seal.SealId}/enable`), 409);
    expect((await call('POST', `/seals/${seal.SealId}/approve`)).json.seal.SealStatus).toBe('SUCCESS');
    expect((await call('POST', `/seals/${seal.SealId}/disable`)).json.seal.SealStatus).toBe('DISABLE');
  });

  it('templates and staff: bodies validated', async () => {
    expectError(await call('POST', '/templates', { TemplateName: 'x', recipients: [] }), 400, 'INVALID_BODY');
    const template = await call('POST', '/templates', {
      TemplateName: '租赁',
      recipients: [{ RecipientType: 'INDIVIDUAL', RoleName: '租客' }],
    });
    expect(template.status).toBe(201);
    expectError(
      await call('PUT', `/templates/${template.json.template.TemplateId}`, {}),
      400,
      'INVALID_BODY',
    );
    const operator = (await call('GET', '/seed')).json.operator.UserId;
    expectError(await call('PUT', `/staff/${operator}/roles`, { roles: 'admin' }), 400, 'INVALID_BODY');
    expect((await call('PUT', `/staff/${operator}/roles`, { roles: ['admin'] })).json.staff.roles).toEqual([
      'admin',
    ]);
  });

  it('organizations: quota, silent sign, grants and its own callback targets', async () => {
    const member = (await call('GET', '/seed')).json.groupMembers[0].ProxyOrganizationId;
    expectError(await call('PUT', `/organizations/${member}`, {}), 400, 'INVALID_BODY');
    expectError(await call('PUT', `/organizations/${member}`, { quota: -1 }), 400, 'INVALID_BODY');
    const updated = await call('PUT', `/organizations/${member}`, {
      quota: 3,
      silentSignEnabled: true,
      operatorAutoSign: true,
      grants: { seals: true },
      callbackTargets: [
        { url: 'http://127.0.0.1:9/cb', key: 'EssKitDevCallbackKey000000000000', format: 'v1' },
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.json.organization).toMatchObject({
      quota: 3,
      silentSignEnabled: true,
      grants: { seals: true },
    });
    expect(updated.json.callbackTargets).toEqual([
      { url: 'http://127.0.0.1:9/cb', format: 'v1', organizationId: member, encrypted: true, signed: false },
    ]);
    // Keys never come back.
    expect(JSON.stringify(await call('GET', '/callback-targets'))).not.toContain('EssKitDevCallbackKey');
  });

  it('callback targets: validated, replaced, described without secrets', async () => {
    expectError(await call('PUT', '/callback-targets', [{ url: 'not a url' }]), 400, 'INVALID_BODY');
    expectError(
      await call('PUT', '/callback-targets', [{ url: 'http://x.test', key: 'short' }]),
      400,
      'INVALID_BODY',
    );
    expectError(
      await call('PUT', '/callback-targets', [{ url: 'http://x.test', organizationId: 'yDnope' }]),
      404,
      'UNKNOWN_ORGANIZATION',
    );
    const put = await call('PUT', '/callback-targets', {
      targets: [{ url: 'http://x.test/a', token: 'secret-token', format: 'v2' }],
      retryDelaysMs: [1, 2],
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({
      targets: [
        { url: 'http://x.test/a', format: 'v2', organizationId: null, encrypted: false, signed: true },
      ],
      retryDelaysMs: [1, 2],
      timeoutMs: expect.any(Number),
    });
    expect(JSON.stringify(put.json)).not.toContain('secret-token');
    expectError(await call('GET', '/callbacks?status=bogus'), 400, 'INVALID_QUERY');
  });
});
