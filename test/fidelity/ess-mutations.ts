/**
 * Valid requests for each supported action (made against a running emulator, with the flows,
 * documents and QR codes they need), and copies of them broken one official field at a time —
 * for the error-code fidelity test.
 */
import type { SeedInfo } from '@ess-kit/emulator';
import type { EssActionName } from '@ess-kit/shared';
import type { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ess/v20201111/ess_client.js';
import { type FieldKind, modelPaths, type SdkModels } from '../support/sdk-models.js';
import { contractPdfBase64, signatureAt } from './ess-scenarios.js';

type Body = Record<string, unknown>;

/** A valid request per action; each call makes fresh flows so one action's mutations never affect another's. */
export async function baseRequests(client: Client, seed: SeedInfo): Promise<Record<EssActionName, Body>> {
  const Operator = { UserId: seed.operator.UserId };
  const shape = (name: string) => {
    const template = seed.templates.find((t) => t.shape === name);
    if (!template) throw new Error(`seed has no ${name} template`);
    return template;
  };
  const singleC = shape('single-c');
  const person = (recipientId: string) => ({
    ApproverType: 1,
    RecipientId: recipientId,
    ApproverName: '赵六',
    ApproverMobile: '13900000006',
  });
  const templateFlow = async () => {
    const flow = await client.CreateFlow({
      Operator,
      FlowName: '错误码',
      Approvers: [person(singleC.recipients[0].RecipientId)],
    });
    return flow.FlowId!;
  };
  const draftFlowId = await templateFlow();
  const composedFlowId = await templateFlow();
  await client.CreateDocument({ Operator, FlowId: composedFlowId, TemplateId: singleC.TemplateId });
  const byFile = {
    Operator,
    FlowName: '错误码-文件',
    FileIds: [seed.fileId],
    Approvers: [
      {
        ApproverType: 1,
        ApproverName: '赵六',
        ApproverMobile: '13900000006',
        SignComponents: [signatureAt(100, 500)],
      },
    ],
  };
  const fileFlow = await client.CreateFlowByFiles(byFile);
  const qr = await client.CreateMultiFlowSignQRCode({
    Operator,
    TemplateId: singleC.TemplateId,
    FlowName: '错误码-扫码',
  });
  return {
    UploadFiles: {
      BusinessType: 'DOCUMENT',
      Caller: { OperatorId: seed.operator.UserId },
      FileInfos: [{ FileBody: contractPdfBase64(), FileName: 'a.pdf' }],
    },
    CreateFlowByFiles: byFile,
    DescribeFlowTemplates: {
      Operator,
      Filters: [{ Key: 'template-id', Values: [singleC.TemplateId] }],
      Offset: 0,
      Limit: 20,
      ContentType: 0,
    },
    CreateFlow: { Operator, FlowName: '错误码', Approvers: [person(singleC.recipients[0].RecipientId)] },
    CreateDocument: { Operator, FlowId: draftFlowId, TemplateId: singleC.TemplateId, FileNames: ['合同'] },
    StartFlow: { Operator, FlowId: composedFlowId },
    CreateMultiFlowSignQRCode: { Operator, TemplateId: singleC.TemplateId, FlowName: '扫码', MaxFlowNum: 3 },
    CancelMultiFlowSignQRCode: { Operator, QrCodeId: qr.QrCode!.QrCodeId },
    DescribeOrganizationSeals: { Operator, Limit: 10, Offset: 0, InfoType: 1 },
    DescribeFlowInfo: { Operator, FlowIds: [fileFlow.FlowId] },
    CreateSchemeUrl: { Operator, FlowId: fileFlow.FlowId, PathType: 1, EndPoint: 'HTTP_SHORT_URL' },
    DescribeOrganizationGroupOrganizations: { Operator, Limit: 10, Offset: 0 },
    DescribeFileUrls: { Operator, BusinessType: 'TEMPLATE', BusinessIds: [singleC.TemplateId] },
    DescribeFlowBriefs: { Operator, FlowIds: [fileFlow.FlowId] },
    CancelFlow: { Operator, FlowId: fileFlow.FlowId, CancelMessage: '金额写错' },
  };
}

/** Values of another kind than the official one, and odd values of the same kind. */
const BROKEN: Record<FieldKind, unknown[]> = {
  string: [12345, '', 'x'.repeat(300)],
  number: ['x', -1, 1e12],
  boolean: ['yes'],
  array: ['x', []],
  object: ['x', {}],
};

/** The container a path lives in and the key inside it (`[]` = the first element), if it exists. */
function locate(root: Body, path: string): { container: Record<string, unknown>; key: string } | null {
  const steps = path.split('.').flatMap((part) => {
    const name = part.replace(/(\[\])+$/, '');
    const depth = (part.length - name.length) / 2;
    return [name, ...Array.from({ length: depth }, () => '0')];
  });
  let node: unknown = root;
  for (const step of steps.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[step];
  }
  if (node === null || typeof node !== 'object') return null;
  return { container: node as Record<string, unknown>, key: steps[steps.length - 1] };
}

/** `base` broken at one official field at a time: removed, null, another type, odd values. */
export function* mutations(
  models: SdkModels,
  action: EssActionName,
  base: Body,
): Generator<{ label: string; request: Body }> {
  for (const [path, kind] of modelPaths(models, `${action}Request`)) {
    const variants: Array<[string, unknown]> = [
      ['null', null],
      ...BROKEN[kind].map((v): [string, unknown] => [JSON.stringify(v).slice(0, 20), v]),
    ];
    const present = locate(base, path);
    if (present && present.key in present.container) variants.unshift(['removed', undefined]);
    for (const [name, value] of variants) {
      const request = structuredClone(base);
      const at = locate(request, path);
      if (!at) continue;
      if (value === undefined) delete at.container[at.key];
      else at.container[at.key] = value;
      yield { label: `${path} ${name}`, request };
    }
  }
}
