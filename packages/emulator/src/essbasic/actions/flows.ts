/**
 * Contract actions of the partner API: UploadFiles, ChannelCreateFlowByFiles,
 * CreateFlowsByTemplates, DescribeFlowDetailInfo, DescribeResourceUrlsByFlows, ChannelCancelFlow.
 * Where ess has the same operation the call is translated and run by the ess handler (same rules,
 * same flow state machine); responses are rendered in the partner API's models.
 */
import { type EssbasicModels, schemas } from '@ess-kit/shared';
import { type ActionHandler, parseWith } from '../../api/common.js';
import { ACTIONS } from '../../api/index.js';
import type { EmulatorContext } from '../../context.js';
import { filePath, signedFileUrl } from '../../files/urls.js';
import { EmulatorError } from '../../state/errors.js';
import type { Flow } from '../../state/types.js';
import type { VerifiedCall } from '../../verify.js';
import { type PlatformActor, resolvePlatformActor } from '../agent.js';
import { essApprover, essOperator } from '../translate.js';
import { approverItems, flowDetail, toUserData } from '../views.js';

export interface PlatformInput<T> {
  ctx: EmulatorContext;
  body: T;
  call: VerifiedCall;
  requestId: string;
}

/** Runs an ess handler with a translated body (validated by the ess request schema first). */
export async function runEss(
  input: PlatformInput<unknown>,
  action: keyof typeof ACTIONS,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const parsed = parseWith(schemas[action].request, body);
  return ACTIONS[action]({ ...input, body: parsed as never });
}

/** A flow of the acting sub-company. */
export function platformFlow(ctx: EmulatorContext, actor: PlatformActor, flowId: string | undefined): Flow {
  if (!flowId) throw new EmulatorError('MissingParameter.FlowId', '缺少流程id: FlowId is required.');
  const flow = ctx.state.data.flows[flowId];
  if (!flow || flow.OrganizationId !== actor.org.OrganizationId)
    throw new EmulatorError(
      'ResourceNotFound.Flow',
      `未找到对应流程: flow ${JSON.stringify(flowId.slice(0, 64))} is not a flow of ${actor.sub.name}.`,
      404,
    );
  return flow;
}

function flowIdsOf(ids: string[] | undefined, groupId: string | undefined, max: number): string[] {
  if (groupId)
    throw new EmulatorError(
      'ResourceNotFound.FlowGroup',
      '合同组不存在: the emulator has no flow groups.',
      404,
    );
  if (!ids || ids.length === 0)
    throw new EmulatorError(
      'MissingParameter.FlowIdsOrFlowGroupId',
      '请传入需要查询的合同或合同组的ID: FlowIds is required.',
    );
  if (ids.length > max) throw new EmulatorError('LimitExceeded.FlowIds', `FlowIds takes at most ${max} ids.`);
  return ids;
}

export const UploadFiles: ActionHandler = async (input: PlatformInput<EssbasicModels.UploadFilesRequest>) => {
  const actor = resolvePlatformActor(input.ctx, input.body.Agent);
  const { BusinessType, FileInfos } = input.body;
  // BUSINESSLICENSE and ARCHIVE are stored like DOCUMENT files (the emulator has no archive or licence review).
  const businessType = ['BUSINESSLICENSE', 'ARCHIVE'].includes(BusinessType) ? 'DOCUMENT' : BusinessType;
  const result = await runEss(input, 'UploadFiles', {
    ...essOperator(actor),
    BusinessType: businessType,
    ...(FileInfos ? { FileInfos } : {}),
  });
  const fileIds = (result.FileIds as string[] | undefined) ?? [];
  const { ctx } = input;
  // Download links of the uploads (the partner API returns them; valid 5 minutes).
  const urls = fileIds.map((id) => {
    const file = ctx.state.data.files[id];
    return signedFileUrl(
      ctx.publicUrl(),
      ctx.config.fileUrlSecret,
      filePath('FILE', id, file?.FileName || `${id}.pdf`),
      ctx.clock.now() + 300,
    );
  });
  return {
    TotalCount: result.TotalCount,
    FileIds: fileIds,
    FileUrls: urls,
    Deadline: fileIds.length ? (input.ctx.state.data.files[fileIds[0]]?.deadline ?? 0) : 0,
  };
};

export const ChannelCreateFlowByFiles: ActionHandler = async (
  input: PlatformInput<EssbasicModels.ChannelCreateFlowByFilesRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  if (!body.FlowName) throw new EmulatorError('MissingParameter', '缺少参数: FlowName is required.');
  if (!body.FileIds?.length)
    throw new EmulatorError('InvalidParameter.FlowFileIds', 'FileIds needs one FileId from UploadFiles.');
  if (!body.FlowApprovers?.length)
    throw new EmulatorError(
      'InvalidParameter.FlowApprovers',
      '签署方不能为空: FlowApprovers needs at least one approver.',
    );
  const result = await runEss(input, 'CreateFlowByFiles', {
    ...essOperator(actor),
    FlowName: body.FlowName,
    FileIds: body.FileIds,
    Approvers: body.FlowApprovers.map((a, i) => essApprover(actor, a, i)),
    ...(body.FlowDescription !== undefined ? { FlowDescription: body.FlowDescription } : {}),
    ...(body.FlowType !== undefined ? { FlowType: body.FlowType } : {}),
    ...(body.Components ? { Components: body.Components } : {}),
    ...(body.Deadline !== undefined ? { Deadline: body.Deadline } : {}),
    ...(body.Unordered !== undefined ? { Unordered: body.Unordered } : {}),
    ...(body.CallbackUrl ? { CallbackUrl: body.CallbackUrl } : {}),
    ...(body.NeedPreview ? { NeedPreview: true } : {}),
    ...(body.CustomerData ? { UserData: toUserData(body.CustomerData) } : {}),
  });
  const flowId = String(result.FlowId ?? '');
  return {
    FlowId: flowId,
    Approvers: flowId ? approverItems(ctx.state.flow(flowId)) : [],
    PreviewUrl: String(result.PreviewUrl ?? ''),
  };
};

/** One FlowInfo of CreateFlowsByTemplates: create, compose and start (the partner API does it in one call). */
async function createFromTemplate(
  input: PlatformInput<unknown>,
  actor: PlatformActor,
  info: EssbasicModels.FlowInfo,
): Promise<Flow> {
  const { ctx } = input;
  const template = info.TemplateId ? ctx.state.data.templates[info.TemplateId] : undefined;
  if (!template || template.OrganizationId !== actor.org.OrganizationId)
    throw new EmulatorError(
      'ResourceNotFound.Template',
      `模板不存在: TemplateId ${JSON.stringify((info.TemplateId ?? '').slice(0, 64))} is not a template of ${actor.sub.name}.`,
      404,
    );
  const approvers = (info.FlowApprovers ?? []).map((a, i) => ({
    // Approvers follow the template's recipients in order unless they name one.
    RecipientId: template.recipients[i]?.RecipientId,
    ...essApprover(actor, a, i),
  }));
  const created = await runEss(input, 'CreateFlow', {
    ...essOperator(actor),
    FlowName: info.FlowName,
    Approvers: approvers,
    // The partner API has no Unordered on template flows: the template decides.
    Unordered: template.unordered,
    ...(info.FlowDescription !== undefined ? { FlowDescription: info.FlowDescription } : {}),
    ...(info.FlowType !== undefined ? { FlowType: info.FlowType } : {}),
    DeadLine: info.Deadline,
    ...(info.CallbackUrl ? { CallbackUrl: info.CallbackUrl } : {}),
    ...(info.CustomerData ? { UserData: toUserData(info.CustomerData) } : {}),
  });
  const flowId = String(created.FlowId);
  await runEss(input, 'CreateDocument', {
    ...essOperator(actor),
    TemplateId: template.TemplateId,
    FlowId: flowId,
    ...(info.FormFields ? { FormFields: info.FormFields } : {}),
  });
  const document = ctx.state.document(ctx.state.flow(flowId).documentId);
  if (document) ctx.state.composeNow(document);
  await runEss(input, 'StartFlow', { ...essOperator(actor), FlowId: flowId });
  return ctx.state.flow(flowId);
}

export const CreateFlowsByTemplates: ActionHandler = async (
  input: PlatformInput<EssbasicModels.CreateFlowsByTemplatesRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  if (body.FlowInfos.length === 0)
    throw new EmulatorError('InvalidParameter.FlowInfos', 'FlowInfos needs at least one FlowInfo.');
  if (body.FlowInfos.length > 20)
    throw new EmulatorError(
      'LimitExceeded.CreateFlowNum',
      'At most 20 flows per CreateFlowsByTemplates call.',
    );
  if (body.NeedPreview) {
    const urls = body.FlowInfos.map((info) =>
      signedFileUrl(
        ctx.publicUrl(),
        ctx.config.fileUrlSecret,
        filePath('TEMPLATE', info.TemplateId ?? '', 'preview.pdf'),
        ctx.clock.now() + 300,
      ),
    );
    return {
      FlowIds: [],
      CustomerData: [],
      ErrorMessages: [],
      PreviewUrls: urls,
      TaskInfos: [],
      FlowApprovers: [],
    };
  }
  // Each FlowInfo succeeds or fails on its own: ErrorMessages is aligned with FlowIds.
  const flowIds: string[] = [];
  const errors: string[] = [];
  const approvers: Array<Record<string, unknown>> = [];
  for (const info of body.FlowInfos) {
    try {
      const flow = await createFromTemplate(input, actor, info);
      flowIds.push(flow.FlowId);
      errors.push('');
      approvers.push({ FlowId: flow.FlowId, Approvers: approverItems(flow) });
    } catch (error) {
      if (!(error instanceof EmulatorError) || body.FlowInfos.length === 1) throw error;
      flowIds.push('');
      errors.push(`${error.code}: ${error.message}`);
      approvers.push({ FlowId: '', Approvers: [] });
    }
  }
  return {
    FlowIds: flowIds,
    CustomerData: body.FlowInfos.map((info) => info.CustomerData ?? ''),
    ErrorMessages: errors,
    PreviewUrls: [],
    TaskInfos: [],
    FlowApprovers: approvers,
  };
};

export const DescribeFlowDetailInfo: ActionHandler = (
  input: PlatformInput<EssbasicModels.DescribeFlowDetailInfoRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  const ids = flowIdsOf(body.FlowIds, body.FlowGroupId, 20);
  return {
    ApplicationId: actor.app.AppId,
    ProxyOrganizationOpenId: actor.sub.ProxyOrganizationOpenId,
    FlowInfo: ids.map((id) => flowDetail(ctx.state.data, platformFlow(ctx, actor, id))),
    FlowGroupId: '',
    FlowGroupName: '',
  };
};

export const DescribeResourceUrlsByFlows: ActionHandler = (
  input: PlatformInput<EssbasicModels.DescribeResourceUrlsByFlowsRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  if (!body.FlowIds?.length)
    throw new EmulatorError('MissingParameter.FlowId', '缺少流程id: FlowIds is required.');
  if (body.FlowIds.length > 50)
    throw new EmulatorError('OperationDenied.OutQueryLimit', '超出查询上限: at most 50 FlowIds.');
  const expires = ctx.clock.now() + 300;
  const infos: Array<Record<string, unknown>> = [];
  const errors: string[] = [];
  for (const id of body.FlowIds) {
    const flow = ctx.state.data.flows[id];
    if (!flow || flow.OrganizationId !== actor.org.OrganizationId) {
      infos.push({ FlowId: id, ResourceUrlInfos: [] });
      errors.push(`未找到对应流程: flow ${id} is not a flow of ${actor.sub.name}.`);
      continue;
    }
    const path = filePath('FLOW', flow.FlowId, `${flow.FlowName}.pdf`);
    infos.push({
      FlowId: flow.FlowId,
      ResourceUrlInfos: [
        {
          Url: signedFileUrl(ctx.publicUrl(), ctx.config.fileUrlSecret, path, expires),
          Name: flow.FlowName,
          Type: 'pdf',
        },
      ],
    });
    errors.push('');
  }
  return { FlowResourceUrlInfos: infos, ErrorMessages: errors };
};

export const ChannelCancelFlow: ActionHandler = async (
  input: PlatformInput<EssbasicModels.ChannelCancelFlowRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  const flow = platformFlow(ctx, actor, body.FlowId);
  await runEss(input, 'CancelFlow', {
    ...essOperator(actor),
    FlowId: flow.FlowId,
    // CancelMessage is optional in the partner API; ess requires a reason, so a default one is recorded.
    CancelMessage: body.CancelMessage || '平台撤销',
  });
  return {};
};
