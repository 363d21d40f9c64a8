/**
 * Callback delivery end to end: a real emulator over HTTP, real local receivers, and the shared
 * callback crypto to decrypt and verify what arrives — in both formats.
 */

import { readFileSync } from 'node:fs';
import {
  DEV_DEFAULTS,
  decryptCallback,
  normalizeCallback,
  parseCallbackDelivery,
  verifyContentSignature,
} from '@ess-kit/shared';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../index.js';
import type { Flow } from '../state/types.js';
import { type CallbackReceiver, startCallbackReceiver } from './receiver.js';
import { parseCallbackTargets } from './targets.js';

const KEY_A = '0123456789abcdef0123456789abcdef';
const KEY_B = 'EssKitDevCallbackKey000000000000';
const TOKEN = 'test-callback-token';
const USER_DATA = Buffer.from('{"order":"sdk-1"}').toString('base64');
const FAST = { retryDelaysMs: [20, 40, 60, 80, 100], timeoutMs: 1000 };

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let receiver: CallbackReceiver;

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function setTargets(targets: unknown[]) {
  const { status, json } = await control('PUT', '/callback-targets', { targets, ...FAST });
  expect(status, JSON.stringify(json)).toBe(200);
}

/** A started file flow with one person signer, created through the state like CreateFlowByFiles does. */
function fileFlow(organizationId?: string, userData = 'order-42'): Flow {
  const state = emulator.handle.state;
  const org = organizationId ? state.organization(organizationId) : state.mainOrganization();
  return state.createFileFlow({
    organizationId: org.OrganizationId,
    operatorUserId: org.operatorUserId,
    flowName: '劳动合同',
    fileId: state.seedFileId(),
    userData,
    approvers: [{ approverType: 1, name: '张三', mobile: '13800000001' }],
  });
}

async function decrypt(body: string, contentType: string | undefined, key: string) {
  const delivery = parseCallbackDelivery(body, contentType);
  if (delivery.kind !== 'encrypted') throw new Error(`expected an encrypted delivery, got ${delivery.kind}`);
  return { format: delivery.format, data: JSON.parse(await decryptCallback(delivery.ciphertext, key)) };
}

/** Tencent's official CommonClient pointed at the emulator. */
function sdkClient() {
  const { host } = new URL(emulator.url);
  return new CommonClient(host, '2020-11-11', {
    credential: { secretId: DEV_DEFAULTS.emulatorSecretId, secretKey: DEV_DEFAULTS.emulatorSecretKey },
    region: '',
    profile: { httpProfile: { protocol: 'http://', endpoint: host, reqTimeout: 10 } },
  });
}

async function settle() {
  return (await control('GET', '/callbacks?settle=10000')).json.deliveries as any[];
}

beforeEach(async () => {
  // FlowCost is off by default (deprecated); these suites check its payloads, so they ask for it.
  emulator = await startEmulator({ port: 0, flowCostCallbacks: true });
  receiver = await startCallbackReceiver();
});

afterEach(async () => {
  await emulator.close();
  await receiver.close();
});

describe('callback formats', () => {
  it('sends no FlowCost unless flowCostCallbacks asks for it (Tencent marks it deprecated)', async () => {
    await emulator.close();
    emulator = await startEmulator({ port: 0 });
    await setTargets([{ url: `${receiver.url}/v2`, key: KEY_A, token: TOKEN, format: 'v2' }]);
    const flow = fileFlow();
    await settle();
    const types: string[] = [];
    for (const request of receiver.at('/v2')) {
      const { data } = await decrypt(request.body, request.headers['content-type'] as string, KEY_A);
      types.push(data.MsgType);
    }
    // The start's status change is sent in the same step as the quota charge: the marker that the
    // charge happened without a FlowCost message.
    expect(types).toEqual(['FlowStatusChange']);
    expect(emulator.handle.state.flow(flow.FlowId).charged).toBe(true);
  });

  it('sends v2 {"encrypt"} JSON and v1 text/plain base64 FlowInfo, both signed and decryptable', async () => {
    await setTargets([
      { url: `${receiver.url}/v2`, key: KEY_A, token: TOKEN, format: 'v2' },
      { url: `${receiver.url}/v1`, key: KEY_B, format: 'v1' },
    ]);
    const flow = fileFlow();
    const recipient = flow.approvers[0].RecipientId;
    const signed = await control('POST', `/flows/${flow.FlowId}/approvers/${recipient}/sign`);
    expect(signed.status).toBe(200);
    expect(signed.json.flow.FlowStatus).toBe(4);
    await settle();

    // v2: start, sign, finish FlowStatusChange plus the FlowCost of the start.
    const v2 = receiver.at('/v2');
    expect(v2.length).toBe(4);
    const messages = [];
    for (const request of v2) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(
        await verifyContentSignature(request.body, request.headers['content-signature'] as string, TOKEN),
      ).toBe(true);
      expect(
        await verifyContentSignature(request.body, request.headers['content-signature'] as string, 'wrong'),
      ).toBe(false);
      const { format, data } = await decrypt(request.body, request.headers['content-type'], KEY_A);
      expect(format).toBe('v2');
      expect(data.MsgVersion).toBe('CustomApp');
      expect(data.MsgId).toMatch(/^yD[A-Za-z0-9]{30}$/);
      messages.push(data);
    }
    const flowMessages = messages.filter((m) => m.MsgType === 'FlowStatusChange');
    expect(flowMessages.map((m) => m.MsgData.Operate)).toEqual(['start', 'sign', 'finish']);
    expect(flowMessages.map((m) => [m.MsgData.FlowCallbackStatus, m.MsgData.FlowCallbackShowStatus])).toEqual(
      [
        [1, 'INIT'],
        [4, 'ALL'],
        [4, 'ALL'],
      ],
    );
    const sign = flowMessages[1].MsgData;
    // Every key of ess-api.md §9.7, present even when empty.
    for (const key of [
      'Approvers',
      'CallbackType',
      'CallbackUrl',
      'CcInfos',
      'CreateOn',
      'DeadLine',
      'DocumentId',
      'FlowCallbackShowStatus',
      'FlowCallbackStatus',
      'FlowDescription',
      'FlowId',
      'FlowMessage',
      'FlowName',
      'FlowType',
      'OccurTime',
      'Operate',
      'OrganizationId',
      'RecipientId',
      'ReleaseFlowId',
      'TemplateId',
      'Unordered',
      'UpdatedOn',
      'UserData',
      'UserFlowType',
      'UserId',
    ]) {
      expect(sign, key).toHaveProperty(key);
    }
    expect(sign).toMatchObject({
      FlowId: flow.FlowId,
      CallbackType: 'sign',
      RecipientId: recipient,
      UserData: 'order-42',
    });
    expect(sign.Approvers[0]).toMatchObject({
      RecipientId: recipient,
      ApproveCallbackStatus: 3,
      ApproveCallbackShowStatus: 'ACCEPT',
      ApproverName: '张三',
      ApproverMobile: '13800000001',
    });
    const cost = messages.find((m) => m.MsgType === 'FlowCost');
    expect(cost?.MsgData).toMatchObject({ FlowId: flow.FlowId, Cost: 1, IsResell: false });
    // The shared normalizer understands what the emulator sends.
    const event = normalizeCallback(JSON.stringify(flowMessages[2]));
    expect(event).toMatchObject({ family: 'flow', flowId: flow.FlowId, operate: 'finish', flowStatus: 4 });

    // v1: bare FlowInfo (no MsgId wrapper), text/plain, no signature without a token.
    const v1 = receiver.at('/v1');
    expect(v1.length).toBe(4);
    const v1Flow = [];
    for (const request of v1) {
      expect(request.headers['content-type']).toBe('text/plain');
      expect(request.headers['content-signature']).toBeUndefined();
      expect(request.body).toMatch(/^[A-Za-z0-9+/]+=*$/);
      const { format, data } = await decrypt(request.body, request.headers['content-type'], KEY_B);
      expect(format).toBe('v1');
      if (!data.MsgType) v1Flow.push(data);
    }
    expect(v1Flow.map((d) => d.Operate)).toEqual(['start', 'sign', 'finish']);
    expect(v1Flow[1]).toMatchObject({ FlowId: flow.FlowId, UserData: 'order-42', FlowCallbackStatus: 4 });
    expect(v1Flow[1]).not.toHaveProperty('MsgId');
    expect(normalizeCallback(JSON.stringify(v1Flow[1]))).toMatchObject({
      family: 'flow',
      format: 'v1',
      flowId: flow.FlowId,
    });
  });

  it('sends plaintext JSON to a target without a key, and records every delivery with its plaintext', async () => {
    await setTargets([{ url: `${receiver.url}/plain`, format: 'v2' }]);
    const flow = fileFlow();
    await control('POST', `/flows/${flow.FlowId}/approvers/${flow.approvers[0].RecipientId}/reject`, {
      reason: '金额不对',
    });
    const deliveries = await settle();
    const requests = receiver.at('/plain');
    const reject = requests.map((r) => JSON.parse(r.body)).find((m) => m.MsgData?.Operate === 'reject');
    expect(reject.MsgData).toMatchObject({
      FlowCallbackStatus: 3,
      FlowCallbackShowStatus: 'REJECT',
      FlowMessage: '金额不对',
    });
    expect(reject.MsgData.Approvers[0]).toMatchObject({
      ApproveCallbackStatus: 4,
      ApproveMessage: '金额不对',
    });
    const logged = deliveries.find((d) => d.msgId === reject.MsgId);
    expect(logged).toMatchObject({ status: 'delivered', msgType: 'FlowStatusChange', flowId: flow.FlowId });
    expect(logged.target).toEqual({
      url: `${receiver.url}/plain`,
      format: 'v2',
      organizationId: null,
      encrypted: false,
      signed: false,
    });
    expect(JSON.parse(logged.plaintext)).toEqual(reject);
    expect(logged.attempts).toEqual([expect.objectContaining({ attempt: 1, httpStatus: 200, error: null })]);
  });
});

describe('delivery', () => {
  it('retries a receiver that fails the first attempts, on the configured schedule', async () => {
    await setTargets([{ url: `${receiver.url}/flaky`, key: KEY_A, format: 'v2' }]);
    receiver.script('/flaky', [500, 503, 200]);
    emulator.handle.state.createSeal({
      organizationId: emulator.handle.state.data.mainOrganizationId,
      SealName: '财务章',
    });
    const deliveries = await settle();
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts.map((a: any) => a.httpStatus)).toEqual([500, 503, 200]);
    const requests = receiver.at('/flaky');
    expect(requests).toHaveLength(3);
    // Identical bytes on every attempt (same MsgId), spaced by at least the retry delays.
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(18);
    expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(38);
  });

  it('gives up after 1 + 5 attempts and records a hanging receiver as a timeout', async () => {
    await setTargets([
      { url: `${receiver.url}/down`, format: 'v2' },
      { url: `${receiver.url}/hang`, format: 'v2' },
    ]);
    await control('PUT', '/callback-targets', {
      targets: [
        { url: `${receiver.url}/down`, format: 'v2' },
        { url: `${receiver.url}/hang`, format: 'v2' },
      ],
      retryDelaysMs: [10, 10, 10, 10, 10],
      timeoutMs: 200,
    });
    receiver.script('/down', [500, 500, 500, 500, 500, 500, 500]);
    receiver.script('/hang', [0, 200]);
    emulator.handle.state.verifyStaff(emulator.handle.state.mainOrganization().operatorUserId);
    const deliveries = await settle();
    const down = deliveries.find((d) => d.target.url.endsWith('/down'));
    expect(down.status).toBe('failed');
    expect(down.attempts).toHaveLength(6);
    expect(receiver.at('/down')).toHaveLength(6);
    const hang = deliveries.find((d) => d.target.url.endsWith('/hang'));
    expect(hang.status).toBe('delivered');
    expect(hang.attempts[0]).toMatchObject({ httpStatus: null, error: 'no answer within 200 ms' });
    expect(hang.attempts[1]).toMatchObject({ httpStatus: 200 });
  });

  it('keeps event order per target: the next message waits for the previous first attempt', async () => {
    await control('PUT', '/callback-targets', {
      targets: [{ url: `${receiver.url}/lane`, format: 'v2' }],
      retryDelaysMs: [10],
      timeoutMs: 200,
    });
    receiver.script('/lane', [0]); // the first request hangs until the sender's timeout
    const state = emulator.handle.state;
    state.createSeal({ organizationId: state.data.mainOrganizationId, SealName: '一号' });
    state.createSeal({ organizationId: state.data.mainOrganizationId, SealName: '二号' });
    const deliveries = (await settle()).filter((d) => d.target.url.endsWith('/lane'));
    const arrivals = receiver.at('/lane').map((r) => JSON.parse(r.body).MsgData.SealName);
    expect([...arrivals].sort()).toEqual(['一号', '一号', '二号']);
    expect(arrivals[0]).toBe('一号');
    // The sender's own attempt log decides the order, not arrival times (which a busy machine
    // stretches or squeezes): the second message's first attempt starts only after the first
    // message's first attempt has ended with its timeout.
    const byName = (name: string) =>
      deliveries.find((d) => JSON.parse(d.plaintext).MsgData.SealName === name);
    const [firstTry] = byName('一号').attempts;
    const [secondTry] = byName('二号').attempts;
    expect(firstTry).toMatchObject({ httpStatus: null, error: 'no answer within 200 ms' });
    const firstEnded = Date.parse(firstTry.startedAt) + firstTry.durationMs;
    expect(Date.parse(secondTry.startedAt)).toBeGreaterThanOrEqual(firstEnded - 1);
  });

  it('never blocks the API: a hanging receiver does not slow a control call down', async () => {
    await control('PUT', '/callback-targets', {
      targets: [{ url: `${receiver.url}/slow`, format: 'v2' }],
      timeoutMs: 3000,
    });
    receiver.script('/slow', [0, 0, 0]);
    const flow = fileFlow();
    const started = Date.now();
    const signed = await control(
      'POST',
      `/flows/${flow.FlowId}/approvers/${flow.approvers[0].RecipientId}/sign`,
    );
    expect(signed.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('families', () => {
  it('seal callbacks: the 8 operations with the guide fields', async () => {
    await setTargets([{ url: `${receiver.url}/seal`, format: 'v2' }]);
    const state = emulator.handle.state;
    const main = state.mainOrganization();
    const created = await control('POST', '/seals', { SealName: '人事章', SealType: 'PERSONNEL' });
    expect(created.status).toBe(201);
    const sealId = created.json.seal.SealId;
    const ops: [string, unknown?][] = [
      ['approve'],
      ['authorize', { users: [main.operatorUserId] }],
      ['disable'],
      ['enable'],
      ['unauthorize', { users: [main.operatorUserId] }],
      ['delete'],
    ];
    for (const [operation, body] of ops) {
      const result = await control('POST', `/seals/${sealId}/${operation}`, body);
      expect(result.status, `${operation}: ${JSON.stringify(result.json)}`).toBe(200);
    }
    const second = await control('POST', '/seals', { SealName: '发票章' });
    const rejected = await control('POST', `/seals/${second.json.seal.SealId}/reject`, {
      reason: '印模不清晰',
    });
    expect(rejected.status).toBe(200);
    await settle();
    const data = receiver.at('/seal').map((r) => JSON.parse(r.body));
    expect(data.every((m) => m.MsgType === 'OperateSeal')).toBe(true);
    const byOp = data.map((m) => m.MsgData);
    expect(byOp.map((d) => d.Operate ?? `Review:${d.ReviewStatus}`)).toEqual([
      'Create',
      'Review:PASS',
      'Valid',
      'Disable',
      'Enable',
      'Invalid',
      'Delete',
      'Create',
      'Review:REJECT',
    ]);
    const review = byOp[1];
    expect(review).not.toHaveProperty('OrganizationId');
    expect(review).not.toHaveProperty('OperatorUserId');
    expect(review).toMatchObject({ SealId: sealId, ReviewStatus: 'PASS' });
    expect(byOp[8]).toMatchObject({ ReviewStatus: 'REJECT', ReviewReason: '印模不清晰' });
    const disable = byOp[3];
    expect(disable).toMatchObject({
      OrganizationId: main.OrganizationId,
      OperatorUserId: main.operatorUserId,
    });
    expect(disable.AuthorizedUsers).toEqual([{ UserId: main.operatorUserId, UserName: expect.any(String) }]);
    for (const d of [byOp[0], byOp[2], byOp[5], byOp[6]]) expect(d).not.toHaveProperty('AuthorizedUsers');
  });

  it('template, staff and fee callbacks (refund when a started flow is cancelled)', async () => {
    await setTargets([{ url: `${receiver.url}/all`, format: 'v2' }]);
    const state = emulator.handle.state;
    const operator = state.mainOrganization().operatorUserId;
    const before = [...state.staffMember(operator).roles];
    const template = await control('POST', '/templates', {
      TemplateName: '新模板',
      recipients: [{ RecipientType: 'INDIVIDUAL', RoleName: '乙方' }],
    });
    expect(template.status).toBe(201);
    expect(
      (await control('PUT', `/templates/${template.json.template.TemplateId}`, { TemplateName: '改名模板' }))
        .status,
    ).toBe(200);
    expect((await control('POST', `/staff/${operator}/verify`)).status).toBe(200);
    expect((await control('PUT', `/staff/${operator}/roles`, { roles: ['业务员'] })).status).toBe(200);
    const flow = fileFlow();
    state.cancel(flow.FlowId, '不签了');
    await settle();
    const data = receiver.at('/all').map((r) => JSON.parse(r.body));
    const of = (type: string) => data.filter((m) => m.MsgType === type).map((m) => m.MsgData);
    expect(of('TemplateAdd')[0]).toMatchObject({
      TemplateName: '新模板',
      OperatorUserId: operator,
      CreateTime: expect.any(Number),
    });
    expect(of('TemplateUpdate')[0]).toMatchObject({
      TemplateName: '改名模板',
      UpdateTime: expect.any(Number),
    });
    expect(of('TemplateUpdate')[0]).not.toHaveProperty('CreateTime');
    expect(of('VerifyStaffInfo')[0]).toMatchObject({ UserId: operator, Name: expect.any(String) });
    expect(of('VerifyStaffInfo')[0]).not.toHaveProperty('AfterRoleNames');
    expect(of('RolesChange')[0]).toMatchObject({
      UserId: operator,
      BeforeRoleNames: before,
      AfterRoleNames: ['业务员'],
    });
    expect(of('FlowCost').map((d) => d.Cost)).toEqual([1, -1]);
    expect(of('FlowStatusChange').map((d) => d.Operate)).toEqual(['start', 'cancel']);
  });

  it('a QR scan without quota sends CreateFlowByQrCode to the targets and to the QR CallbackUrl', async () => {
    await setTargets([{ url: `${receiver.url}/org`, key: KEY_A, format: 'v2' }]);
    const state = emulator.handle.state;
    const main = state.mainOrganization();
    const singleC = Object.values(state.data.templates).find(
      (t) => t.shape === 'single-c' && t.OrganizationId === main.OrganizationId,
    )!;
    const qr = state.createQrCode({
      organizationId: main.OrganizationId,
      operatorUserId: main.operatorUserId,
      templateId: singleC.TemplateId,
      flowName: '入职合同',
      userData: 'campaign-7',
      callbackUrl: `${receiver.url}/qr-own`,
    });
    expect((await control('PUT', `/organizations/${main.OrganizationId}`, { quota: 0 })).status).toBe(200);
    const scan = await control('POST', `/qr-codes/${qr.QrCodeId}/scan`, {
      name: '李四',
      mobile: '13900000002',
    });
    expect(scan.status).toBe(403);
    expect(scan.json.error.code).toBe('OperationDenied.NoQuota');
    await settle();
    for (const path of ['/org', '/qr-own']) {
      const [request] = receiver.at(path);
      const { data } = await decrypt(request.body, request.headers['content-type'], KEY_A);
      expect(data.MsgType).toBe('CreateFlowByQrCode');
      expect(data.MsgData).toMatchObject({
        QrCodeId: qr.QrCodeId,
        UserData: 'campaign-7',
        ErrorCode: 'OperationDenied.NoQuota',
      });
    }
  });
});

describe('lifecycle callbacks', () => {
  it('fill (CallbackType fill), transfer, deadline through the clock, and rescind', async () => {
    await setTargets([{ url: `${receiver.url}/life`, format: 'v2' }]);
    const state = emulator.handle.state;
    const org = state.mainOrganization();
    const fillComponent = {
      ComponentType: 'TEXT',
      ComponentId: 'yDfield',
      ComponentName: '地址',
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
    const common = {
      organizationId: org.OrganizationId,
      operatorUserId: org.operatorUserId,
      fileId: state.seedFileId(),
    };
    const filling = state.createFileFlow({
      ...common,
      flowName: '填写',
      approvers: [{ approverType: 1, name: '郑一', mobile: '13600000081', fillComponents: [fillComponent] }],
    });
    const rid = filling.approvers[0].RecipientId;
    const filled = await control('POST', `/flows/${filling.FlowId}/approvers/${rid}/fill`, {
      formFields: [{ ComponentId: 'yDfield', ComponentValue: '上海' }],
    });
    expect(filled.status, JSON.stringify(filled.json)).toBe(200);
    const moved = await control('POST', `/flows/${filling.FlowId}/approvers/${rid}/transfer`, {
      name: '王二',
      mobile: '13600000082',
    });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    const expiring = state.createFileFlow({
      ...common,
      flowName: '过期',
      deadline: emulator.handle.clock.now() + 60,
      approvers: [{ approverType: 1, name: '冯三', mobile: '13600000083' }],
    });
    expect((await control('POST', '/clock', { advanceSeconds: 61 })).status).toBe(200);
    const signed = state.createFileFlow({
      ...common,
      flowName: '解除',
      approvers: [{ approverType: 1, name: '陈四', mobile: '13600000084' }],
    });
    await control('POST', `/flows/${signed.FlowId}/approvers/${signed.approvers[0].RecipientId}/sign`);
    expect((await control('POST', `/flows/${signed.FlowId}/rescind`)).status).toBe(200);
    await settle();
    const flowData = receiver
      .at('/life')
      .map((r) => JSON.parse(r.body))
      .filter((m) => m.MsgType === 'FlowStatusChange')
      .map((m) => m.MsgData);
    const of = (flowId: string, operate: string) =>
      flowData.find((d) => d.FlowId === flowId && d.Operate === operate);
    expect(of(filling.FlowId, 'start')).toMatchObject({
      FlowCallbackStatus: 8,
      Approvers: [{ ApproveCallbackShowStatus: 'FILLPENDING' }],
    });
    expect(of(filling.FlowId, 'fill')).toMatchObject({
      CallbackType: 'fill',
      RecipientId: rid,
      Approvers: [{ ApproveCallbackStatus: 10, ApproveCallbackShowStatus: 'FILLACCEPT' }],
    });
    const transfer = of(filling.FlowId, 'transfer');
    expect(
      transfer.Approvers.map((a: { ApproveCallbackShowStatus: string }) => a.ApproveCallbackShowStatus)[0],
    ).toBe('FORWARD');
    expect(of(expiring.FlowId, 'deadline')).toMatchObject({
      FlowCallbackStatus: 5,
      FlowCallbackShowStatus: 'DEADLINE',
      Approvers: [{ ApproveCallbackStatus: 5, ApproveCallbackShowStatus: 'DEADLINE' }],
    });
    expect(of(signed.FlowId, 'rescind')).toMatchObject({
      FlowCallbackStatus: 21,
      FlowCallbackShowStatus: 'RELIEVED',
      Approvers: [{ ApproveCallbackStatus: 15, ApproveCallbackShowStatus: 'RELIEVED' }],
    });
  });
});

describe('template flows', () => {
  it('sends DocumentFill once CreateDocument has composed, then start (v1 keeps the envelope for DocumentFill)', async () => {
    await setTargets([
      { url: `${receiver.url}/v2`, format: 'v2' },
      { url: `${receiver.url}/v1`, key: KEY_B, format: 'v1' },
    ]);
    const state = emulator.handle.state;
    const main = state.mainOrganization();
    const template = Object.values(state.data.templates).find(
      (t) => t.shape === 'single-c' && t.OrganizationId === main.OrganizationId,
    )!;
    const flow = state.createTemplateFlow({
      organizationId: main.OrganizationId,
      operatorUserId: main.operatorUserId,
      templateId: template.TemplateId,
      flowName: '模板合同',
      userData: 'tpl-1',
      approvers: [{ approverType: 1, name: '孙九', mobile: '13600000061' }],
    });
    const document = state.createDocument(flow.FlowId, { templateId: template.TemplateId });
    // StartFlow retried while composing, as a client would (ESS answers OperationDenied meanwhile).
    for (let tries = 0; ; tries++) {
      try {
        state.startFlow(flow.FlowId);
        break;
      } catch (error) {
        if (tries > 100 || (error as { code?: string }).code !== 'OperationDenied.DocumentNoAvailable')
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await settle();
    const v2 = receiver.at('/v2').map((r) => JSON.parse(r.body));
    expect(v2[0]).toMatchObject({
      MsgType: 'DocumentFill',
      MsgData: {
        FlowId: flow.FlowId,
        DocumentId: document.DocumentId,
        TemplateId: template.TemplateId,
        UserData: 'tpl-1',
      },
    });
    expect(v2.filter((m) => m.MsgType === 'FlowStatusChange').map((m) => m.MsgData.Operate)).toEqual([
      'start',
    ]);
    const v1First = (await decrypt(receiver.at('/v1')[0].body, 'text/plain', KEY_B)).data;
    expect(v1First).toMatchObject({ MsgType: 'DocumentFill', MsgId: expect.any(String) });
  });
});

describe('group routing', () => {
  it("sends a member's events to its own targets and to the main org's for granted families only", async () => {
    const state = emulator.handle.state;
    const member = Object.values(state.data.organizations).find((o) => !o.isMain)!;
    await setTargets([
      { url: `${receiver.url}/main`, format: 'v2' },
      { url: `${receiver.url}/member`, format: 'v2', organizationId: member.OrganizationId },
    ]);
    const grant = await control('PUT', `/organizations/${member.OrganizationId}`, {
      grants: { contracts: true, seals: false },
    });
    expect(grant.status).toBe(200);
    const flow = fileFlow(member.OrganizationId);
    const memberSeal = Object.values(state.data.seals).find(
      (s) => s.OrganizationId === member.OrganizationId,
    )!;
    state.disableSeal(memberSeal.SealId);
    await settle();

    const main = receiver.at('/main').map((r) => JSON.parse(r.body));
    const own = receiver.at('/member').map((r) => JSON.parse(r.body));
    expect(own.map((m) => m.MsgType).sort()).toEqual(['FlowCost', 'FlowStatusChange', 'OperateSeal']);
    expect(main.map((m) => m.MsgType).sort()).toEqual(['FlowCost', 'FlowStatusChange']);
    const start = main.find((m) => m.MsgType === 'FlowStatusChange').MsgData;
    expect(start).toMatchObject({
      FlowId: flow.FlowId,
      OrganizationId: member.OrganizationId,
      UserId: member.operatorUserId,
    });
    // Same message to both: one MsgId.
    expect(own.find((m) => m.MsgType === 'FlowStatusChange').MsgId).toBe(
      main.find((m) => m.MsgType === 'FlowStatusChange').MsgId,
    );
  });
});

describe('through the ESS API', () => {
  it('a flow made with the official SDK sends start, cancel and the refund, with UserData echoed', async () => {
    await setTargets([{ url: `${receiver.url}/sdk`, key: KEY_A, token: TOKEN, format: 'v2' }]);
    const client = sdkClient();
    const operator = { UserId: DEV_DEFAULTS.emulatorOperatorUserId };
    const pdf = readFileSync(new URL('../../assets/contract.pdf', import.meta.url)).toString('base64');
    const upload = (await client.request('UploadFiles', {
      BusinessType: 'DOCUMENT',
      Caller: { OperatorId: operator.UserId },
      FileInfos: [{ FileBody: pdf, FileName: 'contract.pdf' }],
    })) as { FileIds: string[] };
    const created = (await client.request('CreateFlowByFiles', {
      Operator: operator,
      FlowName: 'SDK 合同',
      FileIds: upload.FileIds,
      UserData: USER_DATA,
      Approvers: [
        {
          ApproverType: 1,
          ApproverName: '钱八',
          ApproverMobile: '13600000051',
          SignComponents: [
            { ComponentType: 'SIGN_SIGNATURE', FileIndex: 0, GenerateMode: 'FIELD', ComponentName: 'seal' },
          ],
        },
      ],
    })) as { FlowId: string };
    await client.request('CancelFlow', {
      Operator: operator,
      FlowId: created.FlowId,
      CancelMessage: '测试撤销',
    });
    await settle();
    const messages = [];
    for (const request of receiver.at('/sdk')) {
      expect(
        await verifyContentSignature(request.body, request.headers['content-signature'] as string, TOKEN),
      ).toBe(true);
      messages.push((await decrypt(request.body, request.headers['content-type'], KEY_A)).data);
    }
    const flow = messages.filter((m) => m.MsgType === 'FlowStatusChange').map((m) => m.MsgData);
    expect(flow.map((d) => [d.Operate, d.FlowCallbackStatus, d.UserData])).toEqual([
      ['start', 1, USER_DATA],
      ['cancel', 6, USER_DATA],
    ]);
    expect(flow[1]).toMatchObject({
      FlowId: created.FlowId,
      FlowCallbackShowStatus: 'CANCEL',
      FlowMessage: '测试撤销',
    });
    expect(messages.filter((m) => m.MsgType === 'FlowCost').map((m) => m.MsgData.Cost)).toEqual([1, -1]);
  });
});

describe('group flows through the API', () => {
  it('a flow the main operator starts for a member carries the member OrganizationId and the member operator UserId', async () => {
    const state = emulator.handle.state;
    const member = Object.values(state.data.organizations).find((o) => !o.isMain && o.grants.contracts)!;
    await setTargets([
      { url: `${receiver.url}/main`, format: 'v2' },
      { url: `${receiver.url}/member`, format: 'v2', organizationId: member.OrganizationId },
    ]);
    const client = sdkClient();
    const pdf = readFileSync(new URL('../../assets/contract.pdf', import.meta.url)).toString('base64');
    const operator = { UserId: DEV_DEFAULTS.emulatorOperatorUserId };
    const agent = { ProxyOrganizationId: member.OrganizationId };
    const upload = (await client.request('UploadFiles', {
      BusinessType: 'DOCUMENT',
      Caller: { OperatorId: operator.UserId },
      Agent: agent,
      FileInfos: [{ FileBody: pdf, FileName: 'member.pdf' }],
    })) as { FileIds: string[] };
    const created = (await client.request('CreateFlowByFiles', {
      Operator: operator,
      Agent: agent,
      FlowName: '子公司合同',
      FileIds: upload.FileIds,
      Approvers: [
        {
          ApproverType: 1,
          ApproverName: '吴十',
          ApproverMobile: '13600000071',
          SignComponents: [
            { ComponentType: 'SIGN_SIGNATURE', FileIndex: 0, GenerateMode: 'FIELD', ComponentName: 'seal' },
          ],
        },
      ],
    })) as { FlowId: string };
    await settle();
    for (const path of ['/main', '/member']) {
      const start = receiver
        .at(path)
        .map((r) => JSON.parse(r.body))
        .find((m) => m.MsgType === 'FlowStatusChange');
      expect(start?.MsgData, path).toMatchObject({
        FlowId: created.FlowId,
        Operate: 'start',
        OrganizationId: member.OrganizationId,
        UserId: member.operatorUserId,
      });
    }
  });
});

describe('ESS_CALLBACK_URLS', () => {
  it('reads the pipe list and the JSON spelling, and names the bad entry without echoing secrets', () => {
    expect(parseCallbackTargets(`http://a.test/cb|${KEY_A}|tok|v1, http://b.test/cb`)).toEqual([
      { url: 'http://a.test/cb', key: KEY_A, token: 'tok', format: 'v1' },
      { url: 'http://b.test/cb', format: 'v2' },
    ]);
    expect(
      parseCallbackTargets(
        JSON.stringify([{ url: 'https://c.test/x', key: KEY_B, organizationId: 'yDorg' }]),
      ),
    ).toEqual([{ url: 'https://c.test/x', key: KEY_B, format: 'v2', organizationId: 'yDorg' }]);
    expect(parseCallbackTargets('  ')).toEqual([]);
    expect(() => parseCallbackTargets('http://a.test/cb|short-secret-key')).toThrow(
      /entry 1: key CallbackUrlKey must be exactly 32 bytes/,
    );
    expect(() => parseCallbackTargets('http://a.test/cb|short-secret-key')).not.toThrow(/short-secret-key/);
    expect(() => parseCallbackTargets('ftp://x')).toThrow(/entry 1: url must be an absolute http/);
    expect(() => parseCallbackTargets('[oops')).toThrow(/does not parse/);
  });
});
