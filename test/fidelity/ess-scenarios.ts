/**
 * Drives every ESS action ess-kit supports through Tencent's official Node SDK client
 * (`tencentcloud-sdk-nodejs`, ess v20201111) against a running emulator, as a partner's code would,
 * and hands each response to `record`. The calls are chosen so the responses show as many official
 * fields as the emulator can fill: signed, rejected, transferred and filled flows, every template
 * shape, seals with their users, group members, files of every business type, QR codes.
 */

import { readFileSync } from 'node:fs';
import type { SeedInfo } from '@ess-kit/emulator';
import type { EssActionName } from '@ess-kit/shared';
import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ess/v20201111/ess_client.js';

const CONTRACT_PDF = readFileSync(new URL('../../packages/emulator/assets/contract.pdf', import.meta.url));

/** A person's signature box placed by coordinates on page 1 of the first file. */
export function signatureAt(x: number, y: number) {
  return {
    ComponentType: 'SIGN_SIGNATURE',
    FileIndex: 0,
    ComponentPage: 1,
    ComponentPosX: x,
    ComponentPosY: y,
    ComponentWidth: 100,
    ComponentHeight: 50,
  };
}

/** The seeded contract PDF, base64 (what UploadFiles takes). */
export function contractPdfBase64(): string {
  return CONTRACT_PDF.toString('base64');
}

export type Record_ = (action: EssActionName, response: unknown) => void;

/** Tencent's ess client pointed at the emulator, configured as the package README shows. */
export function officialEssClient(url: string, secretId: string, secretKey: string): Client {
  const { protocol, host } = new URL(url);
  return new Client({
    credential: { secretId, secretKey },
    region: '',
    profile: { httpProfile: { protocol: `${protocol}//`, endpoint: host, reqTimeout: 10 } },
  });
}

async function control(url: string, path: string, body: unknown = {}) {
  const response = await fetch(`${url}/_emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Retries StartFlow while the document is still being composed (the documented code). */
async function startWhenComposed(client: Client, operator: { UserId: string }, flowId: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.StartFlow({ Operator: operator, FlowId: flowId });
    } catch (error) {
      if ((error as { code?: string }).code !== 'OperationDenied.DocumentNoAvailable' || attempt > 100)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Every supported action at least once; returns the flows it made, for later checks. */
export async function driveAllActions(
  url: string,
  client: Client,
  seed: SeedInfo,
  record: Record_,
): Promise<{ flowIds: string[] }> {
  const operator = { UserId: seed.operator.UserId };

  const templates = await client.DescribeFlowTemplates({
    Operator: operator,
    WithPreviewUrl: true,
    Limit: 200,
  });
  record('DescribeFlowTemplates', templates);
  record(
    'DescribeFlowTemplates',
    await client.DescribeFlowTemplates({ Operator: operator, ContentType: 1, Limit: 200 }),
  );

  const upload = await client.UploadFiles({
    BusinessType: 'DOCUMENT',
    Caller: { OperatorId: seed.operator.UserId },
    FileInfos: [{ FileBody: contractPdfBase64(), FileName: '采购合同.pdf' }],
  });
  record('UploadFiles', upload);

  // A file flow with a company signer, a person and a filled component.
  const fileFlow = await client.CreateFlowByFiles({
    Operator: operator,
    FlowName: '运输合同-官方SDK客户端',
    FileIds: upload.FileIds ?? [],
    FlowDescription: '采购合同说明',
    UserData: Buffer.from('partner-data').toString('base64'),
    NeedPreview: false,
    Approvers: [
      {
        ApproverType: 0,
        OrganizationName: '某某物流有限公司',
        ApproverName: '周小五',
        ApproverMobile: '13900000011',
        SignComponents: [
          {
            ComponentType: 'SIGN_SEAL',
            FileIndex: 0,
            GenerateMode: 'FIELD',
            ComponentName: 'seal',
            // The SDK's types require a box even where the field decides it.
            ComponentPage: 1,
            ComponentPosX: 0,
            ComponentPosY: 0,
            ComponentWidth: 120,
            ComponentHeight: 120,
          },
        ],
      },
      {
        ApproverType: 1,
        ApproverName: '李小四',
        ApproverMobile: '13900000002',
        SignComponents: [signatureAt(100, 500)],
      },
    ],
    CcInfos: [{ Mobile: '13900000009', Name: '抄送人', CcType: 0, CcPermission: 0 }],
  });
  record('CreateFlowByFiles', fileFlow);

  // A template flow, composed and started, then signed by the person.
  const shapes = Object.fromEntries(seed.templates.map((t) => [t.shape, t]));
  const b2c = shapes['b2c-ordered-b-silent'];
  const templateFlow = await client.CreateFlow({
    Operator: operator,
    FlowName: '入职合同-模板发起',
    Approvers: [
      { ApproverType: 3, RecipientId: b2c.recipients[0].RecipientId },
      {
        ApproverType: 1,
        RecipientId: b2c.recipients[1].RecipientId,
        ApproverName: '韩梅梅',
        ApproverMobile: '13900000003',
      },
    ],
  });
  record('CreateFlow', templateFlow);
  record(
    'CreateDocument',
    await client.CreateDocument({
      Operator: operator,
      TemplateId: b2c.TemplateId,
      FlowId: templateFlow.FlowId,
      FileNames: ['入职合同'],
    }),
  );
  record('StartFlow', await startWhenComposed(client, operator, templateFlow.FlowId!));

  // Lifecycle states the detail views show: signed, rejected, transferred.
  const fileApprovers = fileFlow.Approvers ?? [];
  await control(url, `/flows/${fileFlow.FlowId}/approvers/${fileApprovers[0].RecipientId}/sign`);
  await control(url, `/flows/${fileFlow.FlowId}/approvers/${fileApprovers[1].RecipientId}/transfer`, {
    name: '转交人',
    mobile: '13900000010',
  });
  const templateInfo = await client.DescribeFlowInfo({ Operator: operator, FlowIds: [templateFlow.FlowId!] });
  const person = templateInfo.FlowDetailInfos?.[0].FlowApproverInfos?.find((a) => a.ApproveType === 'PERSON');
  await control(url, `/flows/${templateFlow.FlowId}/approvers/${person?.RecipientId}/reject`, {
    reason: '信息有误',
  });

  const flowIds = [fileFlow.FlowId!, templateFlow.FlowId!];
  record('DescribeFlowInfo', await client.DescribeFlowInfo({ Operator: operator, FlowIds: flowIds }));
  record('DescribeFlowBriefs', await client.DescribeFlowBriefs({ Operator: operator, FlowIds: flowIds }));
  record(
    'CreateSchemeUrl',
    await client.CreateSchemeUrl({
      Operator: operator,
      FlowId: fileFlow.FlowId,
      PathType: 1,
      EndPoint: 'HTTP_SHORT_URL',
    }),
  );
  record(
    'DescribeFileUrls',
    await client.DescribeFileUrls({
      Operator: operator,
      BusinessType: 'TEMPLATE',
      BusinessIds: [b2c.TemplateId],
    }),
  );
  // A silent single-company flow completes at start: its signed files can be fetched.
  const silent = await client.CreateFlow({
    Operator: operator,
    FlowName: '单B自动签',
    Approvers: [{ ApproverType: 3 }],
  });
  await client.CreateDocument({
    Operator: operator,
    TemplateId: shapes['single-b-silent'].TemplateId,
    FlowId: silent.FlowId!,
  });
  await startWhenComposed(client, operator, silent.FlowId!);
  record(
    'DescribeFileUrls',
    await client.DescribeFileUrls({
      Operator: operator,
      BusinessType: 'FLOW',
      BusinessIds: [silent.FlowId!],
    }),
  );
  record(
    'CancelFlow',
    await client.CancelFlow({ Operator: operator, FlowId: fileFlow.FlowId!, CancelMessage: '金额写错' }),
  );
  record(
    'DescribeOrganizationSeals',
    await client.DescribeOrganizationSeals({ Operator: operator, Limit: 100, InfoType: 1 }),
  );
  record(
    'DescribeOrganizationGroupOrganizations',
    await client.DescribeOrganizationGroupOrganizations({ Operator: operator, Limit: 100, Offset: 0 }),
  );

  const qr = await client.CreateMultiFlowSignQRCode({
    Operator: operator,
    TemplateId: b2c.TemplateId,
    FlowName: '一码多签',
    MaxFlowNum: 2,
  });
  record('CreateMultiFlowSignQRCode', qr);
  record(
    'CancelMultiFlowSignQRCode',
    await client.CancelMultiFlowSignQRCode({ Operator: operator, QrCodeId: qr.QrCode!.QrCodeId! }),
  );
  return { flowIds };
}
