/** Contract actions: CreateFlowByFiles, CancelFlow, DescribeFlowBriefs, DescribeFlowInfo. */
import { validateCancelFlow, validateFileFlowRequest } from '@ess-kit/shared';
import type { EmulatorContext } from '../context.js';
import { readLayout } from '../files/locate.js';
import { filePath, signedFileUrl } from '../files/urls.js';
import { EmulatorError } from '../state/errors.js';
import type { CcInput } from '../state/flows.js';
import type { Flow } from '../state/types.js';
import {
  checkApprover,
  checkCount,
  checkDuplicates,
  fileApprovers,
  type RequestApprover,
} from './approvers.js';
import { type ActionHandler, type Actor, checkFlowName, checkUserData, resolveActor } from './common.js';
import { type RequestComponent, resolveComponents } from './positions.js';
import { enforce } from './rules.js';
import { approverItems, flowBrief, flowDetail } from './views.js';

interface Operated {
  Operator?: { UserId?: string };
  Agent?: { ProxyOrganizationId?: string };
}

/** A flow of the acting organization, or the ESS not-found error. */
export function ownFlow(
  ctx: EmulatorContext,
  actor: Actor,
  flowId: string | undefined,
  code = 'ResourceNotFound.Flow',
): Flow {
  if (!flowId) throw new EmulatorError('MissingParameter.FlowId', '缺少参数: FlowId is required.');
  const flow = ctx.state.data.flows[flowId];
  if (!flow || flow.OrganizationId !== actor.org.OrganizationId) {
    throw new EmulatorError(
      code,
      code === 'FailedOperation'
        ? '无效的流程合同Id，检查后重试'
        : `合同不存在或无权限: flow ${JSON.stringify(flowId.slice(0, 64))} is not a flow of ${actor.org.OrganizationName}.`,
      404,
    );
  }
  return flow;
}

/** Deadline rule: a time in the future, 0 = never, absent = one year. */
export function checkDeadline(ctx: EmulatorContext, deadline: number | undefined, field: string): void {
  if (deadline === undefined || deadline === 0) return;
  if (deadline <= ctx.clock.now())
    throw new EmulatorError(
      'InvalidParameter.FlowDeadLine',
      `${field} ${deadline} is not in the future (unix seconds; 0 = never).`,
    );
}

export function checkDescription(description: string | undefined): void {
  if (description && [...description].length > 1000)
    throw new EmulatorError(
      'InvalidParameter.FlowDescription',
      'FlowDescription is limited to 1000 characters.',
    );
}

interface CreateFlowByFilesBody extends Operated {
  FlowName: string;
  FileIds: string[];
  Approvers?: RequestApprover[];
  FlowDescription?: string;
  FlowType?: string;
  Components?: RequestComponent[];
  NeedPreview?: boolean;
  Deadline?: number;
  Unordered?: boolean;
  UserData?: string;
  CallbackUrl?: string;
  CcInfos?: CcInput[];
}

export const CreateFlowByFiles: ActionHandler = async ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: CreateFlowByFilesBody;
}) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  checkFlowName(body.FlowName);
  checkDescription(body.FlowDescription);
  checkUserData(body.UserData);
  checkDeadline(ctx, body.Deadline, 'Deadline');
  if (body.FileIds.length === 0)
    throw new EmulatorError('MissingParameter.ResourceId', 'FileIds needs one FileId from UploadFiles.');
  if (body.FileIds.length > 1)
    throw new EmulatorError(
      'OperationDenied.ManyResourceId',
      'Only one file per flow is supported: give exactly one FileId.',
    );
  const file = ctx.state.data.files[body.FileIds[0]];
  const visible = file && [actor.org.OrganizationId, actor.home.OrganizationId].includes(file.OrganizationId);
  if (!file || !visible || (file.deadline > 0 && file.deadline < ctx.clock.now())) {
    throw new EmulatorError(
      'ResourceNotFound.Resource',
      `文件资源不存在或已过期: FileId ${JSON.stringify(body.FileIds[0].slice(0, 64))} is unknown or expired (uploads are valid for one hour).`,
      404,
    );
  }
  if (!Buffer.from(file.bytes.subarray(0, 5)).toString('latin1').startsWith('%PDF-')) {
    throw new EmulatorError(
      'InvalidParameter.ParamError',
      `File ${file.FileId} is not a PDF; CreateFlowByFiles needs a PDF (convert other types first).`,
    );
  }
  const layout = await readLayout(file.bytes);
  enforce(
    validateFileFlowRequest(body as Parameters<typeof validateFileFlowRequest>[0], {
      now: ctx.clock.now(),
      pageCount: layout.pages.length,
      pageSizes: layout.pages,
      operator: { UserId: actor.operator.UserId, OrganizationName: actor.org.OrganizationName },
    }),
  );
  checkCount(body.Approvers);
  const approvers = body.Approvers as RequestApprover[];
  for (const [i, a] of approvers.entries())
    checkApprover(a, i, actor.org, (id) => Boolean(ctx.state.data.staff[id]));
  checkDuplicates(approvers);
  const inputs = await fileApprovers(approvers, file.bytes);
  const initiatorComponents = await resolveComponents(body.Components, file.bytes, 'Components');
  if (body.NeedPreview) {
    const path = filePath('FILE', file.FileId, file.FileName || 'preview.pdf');
    return {
      FlowId: '',
      PreviewUrl: signedFileUrl(ctx.publicUrl(), ctx.config.fileUrlSecret, path, ctx.clock.now() + 300),
      Approvers: [],
      WorkflowInstanceId: '',
    };
  }
  const flow = ctx.state.createFileFlow({
    organizationId: actor.org.OrganizationId,
    operatorUserId: actor.operator.UserId,
    flowName: body.FlowName,
    flowDescription: body.FlowDescription,
    flowType: body.FlowType,
    fileId: file.FileId,
    approvers: inputs,
    initiatorComponents,
    deadline: body.Deadline,
    unordered: body.Unordered,
    userData: body.UserData,
    callbackUrl: body.CallbackUrl,
    ccs: body.CcInfos,
  });
  // WorkflowInstanceId is only set when an approval workflow is started with the flow (WorkFlow): never here.
  return { FlowId: flow.FlowId, PreviewUrl: '', Approvers: approverItems(flow), WorkflowInstanceId: '' };
};

interface CancelFlowBody extends Operated {
  FlowId: string;
  CancelMessage: string;
}

export const CancelFlow: ActionHandler = ({ ctx, body }: { ctx: EmulatorContext; body: CancelFlowBody }) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  enforce(validateCancelFlow(body));
  const message = body.CancelMessage.trim();
  if (!message)
    throw new EmulatorError('MissingParameter.CancelReason', '撤销原因不能为空: CancelMessage is required.');
  if ([...message].length > 200)
    throw new EmulatorError(
      'InvalidParameter.CancelReason',
      '撤销原因过长: CancelMessage is limited to 200 characters.',
    );
  if (/\p{Extended_Pictographic}/u.test(message))
    throw new EmulatorError('InvalidParameter.CancelReason', 'CancelMessage must not contain emoji.');
  const flow = ownFlow(ctx, actor, body.FlowId);
  ctx.state.cancel(flow.FlowId, message);
  return {};
};

interface FlowIdsBody extends Operated {
  FlowIds?: string[];
  FlowGroupId?: string;
}

export const DescribeFlowBriefs: ActionHandler = ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: FlowIdsBody;
}) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  const ids = body.FlowIds ?? [];
  if (ids.length === 0)
    throw new EmulatorError('MissingParameter.FlowId', '缺少参数: FlowIds needs at least one FlowId.');
  if (ids.length > 100)
    throw new EmulatorError('InvalidParameter.ParamError', 'FlowIds takes at most 100 ids.');
  const flows = ids
    .map((id) => ctx.state.data.flows[id])
    .filter((f): f is Flow => Boolean(f) && f.OrganizationId === actor.org.OrganizationId);
  return { FlowBriefs: flows.map(flowBrief) };
};

export const DescribeFlowInfo: ActionHandler = ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: FlowIdsBody;
}) => {
  // Operator is optional in the spec: without it the call acts as the main organization's operator.
  const userId = body.Operator?.UserId || ctx.state.mainOrganization().operatorUserId;
  const actor = resolveActor(ctx, userId, body.Agent, 'contracts');
  if (body.FlowGroupId)
    throw new EmulatorError(
      'FailedOperation',
      '无效的流程合同Id，检查后重试 (the emulator has no flow groups).',
    );
  const ids = body.FlowIds ?? [];
  if (ids.length === 0)
    throw new EmulatorError('MissingParameter', '缺少参数: FlowIds (or FlowGroupId) is required.');
  if (ids.length > 100) throw new EmulatorError('InvalidParameter', 'FlowIds takes at most 100 ids.');
  const flows = ids.map((id) => ownFlow(ctx, actor, id, 'FailedOperation'));
  return { FlowDetailInfos: flows.map(flowDetail), FlowGroupId: '', FlowGroupName: '', FlowGroupRemarks: [] };
};
