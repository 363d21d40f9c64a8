/**
 * Platform mode shares the emulator's control API: faults apply to essbasic actions, rejecting and
 * moving the clock drive platform flows (and their callbacks), and the platform's own routes
 * (applications, callback targets, sub-company settings, onboarding without a browser) work.
 */
import { DEV_DEFAULTS, decryptCallback, normalizeCallback, parseCallbackDelivery } from '@ess-kit/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallbackReceiver } from '../../src/callbacks/receiver.js';
import { startCallbackReceiver } from '../../src/index.js';
import { control, type Emulator, essErrorCode, startTestEmulator } from '../helpers.js';
import { type EssbasicClient, officialEssbasicClient, seededAgent, seedOf } from './helpers.js';

let emulator: Emulator;
let receiver: CallbackReceiver;
let client: EssbasicClient;

beforeAll(async () => {
  receiver = await startCallbackReceiver();
  emulator = await startTestEmulator({
    essbasic: { callbackTargets: [{ url: `${receiver.url}/platform`, format: 'v2' }] },
  });
  client = officialEssbasicClient(emulator.url);
});

afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

async function events(count: number) {
  const requests = await receiver.waitFor('/platform', count);
  return Promise.all(
    requests.map(async (r) => {
      const delivery = parseCallbackDelivery(r.body, 'application/json');
      if (delivery.kind !== 'encrypted') throw new Error('expected an encrypted delivery');
      return normalizeCallback(await decryptCallback(delivery.ciphertext, DEV_DEFAULTS.platformCallbackKey));
    }),
  );
}

it('injected faults apply to essbasic actions by name', async () => {
  const { application } = await seedOf(emulator.url);
  const agent = seededAgent(application, 0);
  const set = await control(emulator.url, '/faults', {
    errors: [{ kind: 'RequestLimitExceeded', actions: ['DescribeTemplates'], first: 1 }],
  });
  expect(set.status).toBe(200);
  expect(await essErrorCode(client.DescribeTemplates({ Agent: agent }))).toBe('RequestLimitExceeded');
  expect((await client.DescribeTemplates({ Agent: agent })).TotalCount).toBe(4);
  await control(emulator.url, '/faults', undefined, 'DELETE');
});

it('reject and clock drive platform flows; each step reaches the platform as a callback', async () => {
  const { application } = await seedOf(emulator.url);
  const agent = seededAgent(application, 1);
  const templates = await client.DescribeTemplates({ Agent: agent, ContentType: 1 });
  const singleC = templates.Templates?.find((t) => t.TemplateName?.startsWith('单C'));
  const create = (name: string, deadline: number) =>
    client.CreateFlowsByTemplates({
      Agent: agent,
      FlowInfos: [
        {
          FlowName: name,
          Deadline: deadline,
          TemplateId: singleC?.TemplateId,
          FlowApprovers: [{ ApproverType: 'PERSON', Name: '韩小十', Mobile: '13700000070' }],
        },
      ],
    });
  const now = Math.floor(Date.now() / 1000);
  const refused = (await create('拒签测试', now + 86_400)).FlowIds?.[0] as string;
  const expiring = (await create('过期测试', now + 3_600)).FlowIds?.[0] as string;
  const recipient = emulator.handle.state.flow(refused).approvers[0].RecipientId;
  expect(
    (await control(emulator.url, `/flows/${refused}/approvers/${recipient}/reject`, { reason: '条款不同意' }))
      .status,
  ).toBe(200);
  expect((await control(emulator.url, '/clock', { advanceSeconds: 7_200 })).status).toBe(200);

  const detail = await client.DescribeFlowDetailInfo({ Agent: agent, FlowIds: [refused, expiring] });
  expect(detail.FlowInfo?.map((f) => f.FlowStatus)).toEqual(['REJECT', 'DEADLINE']);
  // start ×2, reject, deadline.
  const received = await events(4);
  const statuses = received.map((e) => [e.flowId, e.operate, e.flowStatus, e.tenant]);
  expect(statuses).toContainEqual([refused, 'reject', 3, agent.ProxyOrganizationOpenId]);
  expect(statuses).toContainEqual([expiring, 'deadline', 5, agent.ProxyOrganizationOpenId]);
});

it('platform routes: applications, sub-company settings and onboarding without a browser', async () => {
  const { application } = await seedOf(emulator.url);
  const listed = await fetch(`${emulator.url}/_emulator/applications`).then((r) => r.json());
  expect(listed[0]).toMatchObject({
    AppId: application.AppId,
    callbackTargets: [{ url: `${receiver.url}/platform`, encrypted: true, signed: true }],
  });

  const alpha = seededAgent(application, 0);
  const quota = await control(
    emulator.url,
    `/applications/${application.AppId}/sub-companies/${alpha.ProxyOrganizationOpenId}`,
    { quota: 0 },
    'PUT',
  );
  expect(quota.json).toMatchObject({ quota: 0 });
  const code = await essErrorCode(
    client.CreateFlowsByTemplates({
      Agent: alpha,
      FlowInfos: [
        {
          FlowName: '无额度',
          Deadline: Math.floor(Date.now() / 1000) + 86_400,
          TemplateId: application.subCompanies[0].templates.find((t) => t.shape === 'single-c')?.TemplateId,
          FlowApprovers: [{ ApproverType: 'PERSON', Name: '韩小十', Mobile: '13700000071' }],
        },
      ],
    }),
  );
  expect(code).toBe('OperationDenied');

  const verified = await control(
    emulator.url,
    `/applications/${application.AppId}/sub-companies/org_ctl_delta/verify`,
    {
      operatorOpenId: 'op_delta',
      organizationName: 'ess-kit 控制丁有限公司',
      name: '丁管理',
      mobile: '13700000072',
      uscc: '91110000MA01DELTA9',
      legalName: '丁法人',
    },
  );
  expect(verified.status).toBe(200);
  const delta = {
    AppId: application.AppId,
    ProxyOrganizationOpenId: 'org_ctl_delta',
    ProxyOperator: { OpenId: 'op_delta' },
  };
  expect((await client.DescribeTemplates({ Agent: delta })).TotalCount).toBe(4);
  const unknown = await control(emulator.url, '/applications/yDnope/callback-targets', [], 'PUT');
  expect(unknown.status).toBe(404);
});

it('auto-sign per sub-company: ENTERPRISESERVER signs with its own seal until the control API turns the service off', async () => {
  const { application } = await seedOf(emulator.url);
  const agent = seededAgent(application, 1);
  const sub = application.subCompanies[1];
  const silent = sub.templates.find((t) => t.shape === 'single-b-silent');
  const start = () =>
    client.CreateFlowsByTemplates({
      Agent: agent,
      FlowInfos: [
        {
          FlowName: '自动签署',
          Deadline: Math.floor(Date.now() / 1000) + 86_400,
          TemplateId: silent?.TemplateId,
          FlowApprovers: [{ ApproverType: 'ENTERPRISESERVER' }],
        },
      ],
    });
  const flowId = (await start()).FlowIds?.[0] as string;
  const detail = await client.DescribeFlowDetailInfo({ Agent: agent, FlowIds: [flowId] });
  expect(detail.FlowInfo?.[0]).toMatchObject({ FlowStatus: 'ALL' });
  expect(detail.FlowInfo?.[0].FlowApproverInfos?.[0]).toMatchObject({
    ApproveType: 'ENTERPRISESERVER',
    ApproveStatus: 'ACCEPT',
  });

  const off = await control(
    emulator.url,
    `/applications/${application.AppId}/sub-companies/${sub.ProxyOrganizationOpenId}`,
    { silentSignEnabled: false },
    'PUT',
  );
  expect(off.json).toMatchObject({ silentSignEnabled: false });
  expect(await essErrorCode(start())).toBe('OperationDenied');
});
