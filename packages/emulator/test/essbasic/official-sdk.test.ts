/**
 * The official SDK's essbasic client (tencentcloud-sdk-nodejs, pinned) against the emulator's
 * platform mode, for every supported action: each request is valid for the strict schema, every
 * field of each response exists in the SDK's model with the right type (at every depth), and every
 * error code the emulator answers is in that action's documented list. Prints, per action, the
 * response fields returned / declared by the model.
 */
import {
  ESSBASIC_ACTION_ERROR_CODES,
  ESSBASIC_ACTIONS,
  type EssbasicActionName,
  essbasicSchemas,
} from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkValue,
  modelPaths,
  readSdkModels,
  sdkModelsPath,
  sdkVersion,
} from '../../../../test/support/sdk-models.js';
import { compareSchema } from '../../../../test/support/zod-fields.js';
import type { PlatformSeedInfo } from '../../src/index.js';
import { contractPdfBase64, type Emulator, essErrorCode, startTestEmulator } from '../helpers.js';
import {
  type EssbasicClient,
  officialEssbasicClient,
  SEAL_COMPONENT,
  SIGNATURE_COMPONENT,
  seededAgent,
  seedOf,
} from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: replies are checked against the SDK's models at run time (checkValue)
type Reply = Record<string, any>;

const models = readSdkModels(sdkModelsPath('essbasic', 'v20210526'));

/** Official response fields the emulator never returns, with the reason (every other one must be returned). */
const NOT_RETURNED: Record<string, string> = {
  'CreateFlowsByTemplates.TaskInfos[]': 'flows are created synchronously: no asynchronous tasks, always []',
  'DescribeFlowDetailInfo.FlowInfo[].CcInfos[]':
    'carbon-copy recipients (CcInfos) are not emulated: always []',
  'DescribeTemplates.Templates[].Components[].KeywordIndexes[]':
    'template components are placed by coordinates: no keyword hits, always []',
  'DescribeTemplates.Templates[].SignComponents[].KeywordIndexes[]':
    'template components are placed by coordinates: no keyword hits, always []',
};
const returned = new Map<string, Set<string>>();
const errorsSeen = new Map<string, Set<string>>();

let emulator: Emulator;
let client: EssbasicClient;
let application: PlatformSeedInfo;
let alpha: ReturnType<typeof seededAgent>;
let beta: ReturnType<typeof seededAgent>;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = officialEssbasicClient(emulator.url);
  ({ application } = await seedOf(emulator.url));
  alpha = seededAgent(application, 0);
  beta = seededAgent(application, 1);
});

afterAll(async () => {
  const rows = ESSBASIC_ACTIONS.map((action) => {
    const official = [...modelPaths(models, `${action}Response`).keys()].filter((p) => p !== 'RequestId');
    const got = [...(returned.get(action) ?? [])].filter((p) => p !== 'RequestId');
    const request = compareSchema(models, `${action}Request`, essbasicSchemas[action].requestStrict);
    return `${action.padEnd(34)} request fields known ${request.known}/${request.official} · response fields returned ${got.length}/${official.length} · errors ${[...(errorsSeen.get(action) ?? [])].join(', ')}`;
  });
  console.log(
    `allow-list (official response fields not returned):\n${Object.entries(NOT_RETURNED)
      .map(([p, why]) => `  ${p}: ${why}`)
      .join('\n')}`,
  );
  console.log(`essbasic oracle (tencentcloud-sdk-nodejs ${sdkVersion()}):\n${rows.join('\n')}`);
  await emulator?.close();
});

/** Calls an action through the SDK and checks request and response against the models. */
async function call<A extends EssbasicActionName>(
  action: A,
  request: Record<string, unknown>,
): Promise<Reply> {
  const strict = essbasicSchemas[action].requestStrict.safeParse(request);
  expect(strict.success, `${action} request: ${strict.error?.message}`).toBe(true);
  const response = (await (client as unknown as Record<string, (r: unknown) => Promise<unknown>>)[action](
    request,
  )) as Reply;
  const report = checkValue(models, `${action}Response`, response);
  expect([...report.unknown, ...report.wrongType], `${action} response`).toEqual([]);
  const seen = returned.get(action) ?? new Set<string>();
  for (const path of report.present) seen.add(path);
  returned.set(action, seen);
  return response;
}

/** Calls an action that must fail; its code must be in the action's documented list. */
async function fails(action: EssbasicActionName, request: Record<string, unknown>): Promise<string> {
  const code = await essErrorCode(
    (client as unknown as Record<string, (r: unknown) => Promise<unknown>>)[action](request),
  );
  expect(ESSBASIC_ACTION_ERROR_CODES[action], `${action} answered ${code}`).toContain(code);
  const seen = errorsSeen.get(action) ?? new Set<string>();
  seen.add(code);
  errorsSeen.set(action, seen);
  return code;
}

const deadline = () => Math.floor(Date.now() / 1000) + 7 * 86_400;

describe('request schemas match the SDK models field for field', () => {
  it.each(ESSBASIC_ACTIONS)('%s', (action) => {
    for (const [side, schema] of [
      ['Request', essbasicSchemas[action].requestStrict],
      ['Response', essbasicSchemas[action].response],
    ] as const) {
      const comparison = compareSchema(models, `${action}${side}`, schema);
      expect({ ...comparison, known: comparison.official }, `${action}${side}`).toEqual({
        official: comparison.official,
        known: comparison.official,
        missing: [],
        extra: [],
        wrongType: [],
        opaque: [],
      });
      expect(comparison.known).toBe(comparison.official);
    }
  });
});

describe('every supported action through the official essbasic client', () => {
  let fileId: string;
  let fileFlowId: string;

  it('UploadFiles', async () => {
    const response = await call('UploadFiles', {
      Agent: alpha,
      BusinessType: 'DOCUMENT',
      FileInfos: [{ FileBody: contractPdfBase64(), FileName: '平台合同.pdf' }],
    });
    expect(response.TotalCount).toBe(1);
    fileId = response.FileIds[0];
    const download = await fetch(response.FileUrls[0]);
    expect(download.status).toBe(200);
    await fails('UploadFiles', {
      Agent: alpha,
      BusinessType: 'NOPE',
      FileInfos: [{ FileBody: 'AA==', FileName: 'x.pdf' }],
    });
  });

  it('ChannelCreateFlowByFiles: a person and another sub-company (by its OpenIds)', async () => {
    const response = await call('ChannelCreateFlowByFiles', {
      Agent: alpha,
      FlowName: '平台文件合同',
      FileIds: [fileId],
      CustomerData: 'order-42',
      FlowApprovers: [
        {
          ApproverType: 'PERSON',
          Name: '孙小美',
          Mobile: '13700000031',
          SignComponents: [SIGNATURE_COMPONENT],
        },
        {
          ApproverType: 'ORGANIZATION',
          OrganizationOpenId: beta.ProxyOrganizationOpenId,
          OpenId: beta.ProxyOperator.OpenId,
          SignComponents: [SEAL_COMPONENT],
        },
      ],
    });
    expect(response.FlowId).toMatch(/^yD/);
    expect(response.Approvers).toHaveLength(2);
    fileFlowId = response.FlowId;
    await fails('ChannelCreateFlowByFiles', {
      Agent: alpha,
      FlowName: '缺文件',
      FlowApprovers: [{ ApproverType: 'PERSON', Name: '孙小美', Mobile: '13700000031' }],
    });
    await fails('ChannelCreateFlowByFiles', {
      Agent: alpha,
      FlowName: '类型错',
      FileIds: [fileId],
      FlowApprovers: [{ ApproverType: 'ROBOT' }],
    });
  });

  it('DescribeFlowDetailInfo', async () => {
    const response = await call('DescribeFlowDetailInfo', { Agent: alpha, FlowIds: [fileFlowId] });
    expect(response.ProxyOrganizationOpenId).toBe(alpha.ProxyOrganizationOpenId);
    const [flow] = response.FlowInfo;
    expect(flow).toMatchObject({ FlowId: fileFlowId, FlowStatus: 'INIT', CustomData: 'order-42' });
    expect(flow.FlowApproverInfos[1]).toMatchObject({
      ProxyOrganizationOpenId: beta.ProxyOrganizationOpenId,
      ProxyOperatorOpenId: beta.ProxyOperator.OpenId,
      ApproveType: 'ORGANIZATION',
    });
    await fails('DescribeFlowDetailInfo', { Agent: alpha });
    // Another sub-company's flow is not this one's.
    await fails('DescribeFlowDetailInfo', { Agent: beta, FlowIds: [fileFlowId] });
  });

  it('CreateSignUrls and ChannelCreateFlowSignUrl open the emulator signing pages', async () => {
    const urls = await call('CreateSignUrls', { Agent: alpha, FlowIds: [fileFlowId] });
    expect(urls.SignUrlInfos).toHaveLength(2);
    expect(urls.SignUrlInfos[0].SignUrl).toContain(`/sign/${fileFlowId}?recipient=`);
    const channel = await call('CreateSignUrls', {
      Agent: alpha,
      FlowIds: [fileFlowId],
      GenerateType: 'CHANNEL',
      OrganizationOpenId: beta.ProxyOrganizationOpenId,
    });
    expect(channel.SignUrlInfos).toHaveLength(1);
    expect(channel.SignUrlInfos[0].OpenId).toBe(beta.ProxyOperator.OpenId);
    const page = await fetch(urls.SignUrlInfos[0].SignUrl);
    expect(page.status).toBe(200);
    await fails('CreateSignUrls', { Agent: alpha, FlowIds: [fileFlowId], Endpoint: 'FAX' });
    await fails('CreateSignUrls', { Agent: alpha });

    const person = await call('ChannelCreateFlowSignUrl', {
      Agent: alpha,
      FlowId: fileFlowId,
      FlowApproverInfos: [{ ApproverType: 'PERSON', Name: '孙小美', Mobile: '13700000031' }],
    });
    expect(person.FlowApproverUrlInfos[0]).toMatchObject({ ApproverType: 'PERSON', Name: '孙小美' });
    await fails('ChannelCreateFlowSignUrl', {
      Agent: alpha,
      FlowId: 'yDnotaflow00000000000000000000000',
      FlowApproverInfos: [{ Name: '孙小美', Mobile: '13700000031' }],
    });
  });

  it('DescribeResourceUrlsByFlows', async () => {
    const response = await call('DescribeResourceUrlsByFlows', { Agent: alpha, FlowIds: [fileFlowId] });
    const url = response.FlowResourceUrlInfos[0].ResourceUrlInfos[0].Url;
    const pdf = await fetch(url);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await fails('DescribeResourceUrlsByFlows', { Agent: alpha, FlowIds: [] });
  });

  it('ChannelCancelFlow', async () => {
    await call('ChannelCancelFlow', { Agent: alpha, FlowId: fileFlowId, CancelMessage: '平台撤销测试' });
    const detail = await call('DescribeFlowDetailInfo', { Agent: alpha, FlowIds: [fileFlowId] });
    expect(detail.FlowInfo[0].FlowStatus).toBe('CANCEL');
    await fails('ChannelCancelFlow', { Agent: alpha, FlowId: fileFlowId, CancelMessage: '再撤' });
    await fails('ChannelCancelFlow', { Agent: alpha, FlowId: 'yDnotaflow00000000000000000000000' });
  });

  it('DescribeTemplates and CreateFlowsByTemplates', async () => {
    const templates = await call('DescribeTemplates', { Agent: alpha, ContentType: 0, Limit: 10 });
    expect(templates.TotalCount).toBe(4);
    const b2c = templates.Templates.find((t: { TemplateName: string }) => t.TemplateName.startsWith('B2C'));
    expect(b2c.SignComponents.length).toBe(2);
    await fails('DescribeTemplates', { Agent: alpha, ContentType: 9 });
    await fails('DescribeTemplates', { Agent: alpha, TemplateId: 'yDnotatemplate000000000000000000' });

    const created = await call('CreateFlowsByTemplates', {
      Agent: alpha,
      FlowInfos: [
        {
          FlowName: '平台模板合同',
          Deadline: deadline(),
          TemplateId: b2c.TemplateId,
          CustomerData: 'tpl-1',
          FlowApprovers: [
            {
              ApproverType: 'ORGANIZATION',
              OrganizationOpenId: alpha.ProxyOrganizationOpenId,
              OpenId: alpha.ProxyOperator.OpenId,
            },
            { ApproverType: 'PERSON', Name: '周小六', Mobile: '13700000032' },
          ],
        },
      ],
    });
    expect(created.FlowIds[0]).toMatch(/^yD/);
    expect(created.ErrorMessages).toEqual(['']);
    const detail = await call('DescribeFlowDetailInfo', { Agent: alpha, FlowIds: created.FlowIds });
    expect(detail.FlowInfo[0]).toMatchObject({ FlowStatus: 'INIT', TemplateId: b2c.TemplateId });
    const preview = await call('CreateFlowsByTemplates', {
      Agent: alpha,
      NeedPreview: true,
      FlowInfos: [{ FlowName: '预览', Deadline: deadline(), TemplateId: b2c.TemplateId }],
    });
    expect(preview.PreviewUrls[0]).toContain('/files/');
    await fails('CreateFlowsByTemplates', {
      Agent: alpha,
      FlowInfos: [
        { FlowName: '无模板', Deadline: deadline(), TemplateId: 'yDnotatemplate000000000000000000' },
      ],
    });
  });

  it('ChannelCreateMultiFlowSignQRCode and ChannelCancelMultiFlowSignQRCode', async () => {
    const templates = await call('DescribeTemplates', { Agent: beta, ContentType: 1 });
    const singleC = templates.Templates.find((t: { TemplateName: string }) =>
      t.TemplateName.startsWith('单C'),
    );
    const qr = await call('ChannelCreateMultiFlowSignQRCode', {
      Agent: beta,
      TemplateId: singleC.TemplateId,
      FlowName: '扫码签署',
      MaxFlowNum: 3,
    });
    expect(qr.QrCode.QrCodeUrl).toContain('/qr/');
    await call('ChannelCancelMultiFlowSignQRCode', { Agent: beta, QrCodeId: qr.QrCode.QrCodeId });
    await fails('ChannelCreateMultiFlowSignQRCode', {
      Agent: beta,
      TemplateId: 'yDnotatemplate000000000000000000',
      FlowName: '扫码',
    });
    await fails('ChannelCancelMultiFlowSignQRCode', { Agent: alpha, QrCodeId: qr.QrCode.QrCodeId });
  });

  it('ChannelDescribeOrganizationSeals', async () => {
    const seals = await call('ChannelDescribeOrganizationSeals', { Agent: alpha, Limit: 10, InfoType: 1 });
    expect(seals.TotalCount).toBe(1);
    expect(seals.Seals[0].AuthorizedUsers).toEqual([{ OpenId: alpha.ProxyOperator.OpenId }]);
    await fails('ChannelDescribeOrganizationSeals', { Agent: alpha, Limit: 10, SealStatuses: ['MELTED'] });
  });

  it('CreateConsoleLoginUrl, SyncProxyOrganization and SyncProxyOrganizationOperators', async () => {
    const agent = {
      AppId: application.AppId,
      ProxyOrganizationOpenId: 'org_sdk_new',
      ProxyOperator: { OpenId: 'op_sdk_new' },
    };
    await call('SyncProxyOrganization', {
      Agent: agent,
      ProxyOrganizationName: '接口同步有限公司',
      UniformSocialCreditCode: '91110000MA01ABCD2X',
      ProxyLegalName: '吴法人',
    });
    const login = await call('CreateConsoleLoginUrl', {
      Agent: agent,
      ProxyOrganizationName: '接口同步有限公司',
      Endpoint: 'PC',
    });
    expect(login).toMatchObject({ IsActivated: false, ProxyOperatorIsVerified: false });
    expect(login.ConsoleUrl).toContain('/console/login/');
    await fails('CreateConsoleLoginUrl', {
      Agent: agent,
      ProxyOrganizationName: '接口同步有限公司',
      Endpoint: 'FAX',
    });
    await fails('SyncProxyOrganization', {
      Agent: agent,
      ProxyOrganizationName: '接口同步有限公司',
      UniformSocialCreditCode: 'bad',
    });

    const synced = await call('SyncProxyOrganizationOperators', {
      Agent: alpha,
      OperatorType: 'CREATE',
      ProxyOrganizationOperators: [
        { Id: 'op_alpha_clerk', Name: '李文员', Mobile: '13700000033' },
        { Id: alpha.ProxyOperator.OpenId, Name: '赵一' },
      ],
    });
    expect(synced).toMatchObject({ Status: 2, FailedList: [{ Id: alpha.ProxyOperator.OpenId }] });
    await fails('SyncProxyOrganizationOperators', {
      Agent: alpha,
      OperatorType: 'FIRE',
      ProxyOrganizationOperators: [{ Id: 'x' }],
    });
    await fails('SyncProxyOrganizationOperators', {
      Agent: agent,
      OperatorType: 'CREATE',
      ProxyOrganizationOperators: [{ Id: 'x' }],
    });
    // A synced but unverified operator cannot act yet.
    await fails('DescribeTemplates', { Agent: { ...alpha, ProxyOperator: { OpenId: 'op_alpha_clerk' } } });
  });

  it('returned every official response field, except the allow-listed ones', () => {
    const missing = ESSBASIC_ACTIONS.flatMap((action) =>
      [...modelPaths(models, `${action}Response`).keys()]
        .filter((p) => p !== 'RequestId' && !returned.get(action)?.has(p))
        .map((p) => `${action}.${p}`),
    );
    const allowed = (p: string) =>
      Object.keys(NOT_RETURNED).some((prefix) => p === prefix || p.startsWith(`${prefix}.`));
    expect(missing.filter((p) => !allowed(p))).toEqual([]);
  });

  it('called every supported action and saw errors for each', () => {
    for (const action of ESSBASIC_ACTIONS) {
      expect(returned.has(action), `${action} succeeded`).toBe(true);
      expect(errorsSeen.has(action), `${action} failed`).toBe(true);
    }
  });
});
