/** Template flows: DescribeFlowTemplates, CreateFlow, CreateDocument, StartFlow. */
import { validateTemplateFlowApprovers } from '@ess-kit/shared';
import type { EmulatorContext } from '../context.js';
import { filePath, signedFileUrl } from '../files/urls.js';
import { EmulatorError } from '../state/errors.js';
import type { CcInput } from '../state/flows.js';
import type { Template } from '../state/types.js';
import { checkApprover, checkCount, checkDuplicates, type RequestApprover, toInput } from './approvers.js';
import { type ActionHandler, checkFlowName, checkUserData, page, resolveActor } from './common.js';
import { checkDeadline, checkDescription, ownFlow } from './flows.js';
import { enforce, ruleTemplate } from './rules.js';
import { approverItems, templateInfo } from './views.js';

interface Operated {
  Operator?: { UserId?: string };
  Agent?: { ProxyOrganizationId?: string };
}

interface DescribeFlowTemplatesBody extends Operated {
  ContentType?: number;
  Filters?: Array<{ Key: string; Values: string[] }>;
  Offset?: number;
  Limit?: number;
  WithPreviewUrl?: boolean;
}

const FILTER_KEYS = ['template-id', 'template-name', 'share-template-id', 'user-flow-type-id'];

export const DescribeFlowTemplates: ActionHandler = ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: DescribeFlowTemplatesBody;
}) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'templates');
  if (body.ContentType !== undefined && body.ContentType !== 0 && body.ContentType !== 1) {
    throw new EmulatorError(
      'InvalidParameter.ContentType',
      'ContentType must be 0 (list with details) or 1 (list only).',
    );
  }
  let templates = Object.values(ctx.state.data.templates).filter(
    (t) => t.OrganizationId === actor.org.OrganizationId,
  );
  for (const filter of body.Filters ?? []) {
    if (!FILTER_KEYS.includes(filter.Key))
      throw new EmulatorError(
        'InvalidParameterValue',
        `Unknown filter key ${JSON.stringify(filter.Key)}; use one of ${FILTER_KEYS.join(', ')}.`,
      );
    const values = filter.Values;
    if (filter.Key === 'template-id') templates = templates.filter((t) => values.includes(t.TemplateId));
    else if (filter.Key === 'template-name')
      templates = templates.filter((t) => values.some((v) => t.TemplateName.includes(v)));
    else if (filter.Key === 'user-flow-type-id') templates = templates.filter(() => values.length === 0);
    else templates = [];
  }
  const selected = page(templates, body.Offset, body.Limit, 200);
  const detailed = (body.ContentType ?? 0) === 0;
  return {
    Templates: selected.map((t) => ({
      ...templateInfo(ctx.state, t, detailed),
      PreviewUrl: body.WithPreviewUrl
        ? signedFileUrl(
            ctx.publicUrl(),
            ctx.config.fileUrlSecret,
            filePath('TEMPLATE', t.TemplateId, 'preview.pdf'),
            ctx.clock.now() + 300,
          )
        : '',
    })),
    TotalCount: templates.length,
  };
};

interface CreateFlowBody extends Operated {
  FlowName: string;
  Approvers: RequestApprover[];
  FlowDescription?: string;
  FlowType?: string;
  DeadLine?: number;
  UserData?: string;
  Unordered?: boolean;
  CallbackUrl?: string;
  CcInfos?: CcInput[];
}

/** The template whose recipients the approvers name, if they name any. */
function templateOfRecipients(
  ctx: EmulatorContext,
  organizationId: string,
  approvers: RequestApprover[],
): Template | undefined {
  const named = approvers.map((a) => a.RecipientId).filter((id): id is string => Boolean(id));
  if (named.length === 0) return undefined;
  const template = Object.values(ctx.state.data.templates).find(
    (t) => t.OrganizationId === organizationId && t.recipients.some((r) => r.RecipientId === named[0]),
  );
  if (!template) {
    throw new EmulatorError(
      'OperationDenied.ApproverNoMatchTemplate',
      `签署方与模板不匹配: RecipientId ${named[0]} is not a recipient of any template of this organization (see DescribeFlowTemplates).`,
    );
  }
  return template;
}

export const CreateFlow: ActionHandler = ({ ctx, body }: { ctx: EmulatorContext; body: CreateFlowBody }) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  checkFlowName(body.FlowName);
  checkDescription(body.FlowDescription);
  checkUserData(body.UserData);
  checkDeadline(ctx, body.DeadLine, 'DeadLine');
  checkCount(body.Approvers);
  for (const [i, a] of body.Approvers.entries())
    checkApprover(a, i, actor.org, (id) => Boolean(ctx.state.data.staff[id]));
  checkDuplicates(body.Approvers);
  const template = templateOfRecipients(ctx, actor.org.OrganizationId, body.Approvers);
  if (template) {
    enforce(
      validateTemplateFlowApprovers(
        body.Approvers as Parameters<typeof validateTemplateFlowApprovers>[0],
        ruleTemplate(template),
        {
          unordered: body.Unordered,
          operator: { UserId: actor.operator.UserId, OrganizationName: actor.org.OrganizationName },
        },
      ),
    );
  }
  const flow = ctx.state.createTemplateFlow({
    organizationId: actor.org.OrganizationId,
    operatorUserId: actor.operator.UserId,
    templateId: template?.TemplateId,
    flowName: body.FlowName,
    flowDescription: body.FlowDescription,
    flowType: body.FlowType,
    deadline: body.DeadLine,
    unordered: body.Unordered,
    userData: body.UserData,
    callbackUrl: body.CallbackUrl,
    ccs: body.CcInfos,
    approvers: body.Approvers.map((a) => toInput(a)),
  });
  return { FlowId: flow.FlowId };
};

interface CreateDocumentBody extends Operated {
  TemplateId: string;
  FlowId?: string;
  FileNames?: string[];
  FormFields?: Array<{ ComponentId?: string; ComponentName?: string; ComponentValue: string }>;
  NeedPreview?: boolean;
  ClientToken?: string;
}

export const CreateDocument: ActionHandler = ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: CreateDocumentBody;
}) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  for (const [i, name] of (body.FileNames ?? []).entries()) {
    if ([...name].length > 200)
      throw new EmulatorError('InvalidParameter', `FileNames[${i}] is longer than 200 characters.`);
  }
  if ((body.FileNames?.length ?? 0) > 1)
    throw new EmulatorError('InvalidParameter', 'FileNames takes one name (a template flow has one file).');
  if (body.ClientToken !== undefined && (body.ClientToken.length === 0 || body.ClientToken.length > 64)) {
    throw new EmulatorError('InvalidParameter.ClientToken', 'ClientToken must be 1–64 characters.');
  }
  const template = ctx.state.data.templates[body.TemplateId];
  if (!template || template.OrganizationId !== actor.org.OrganizationId) {
    throw new EmulatorError(
      'ResourceNotFound.Template',
      `模板不存在: TemplateId ${JSON.stringify(body.TemplateId.slice(0, 64))} is not a template of ${actor.org.OrganizationName}.`,
      404,
    );
  }
  if (template.available !== 1 || template.status !== 1)
    throw new EmulatorError(
      'OperationDenied',
      `模板不可用: template ${template.TemplateId} is disabled or not published.`,
    );
  if (body.NeedPreview) {
    const path = filePath('TEMPLATE', template.TemplateId, 'preview.pdf');
    return {
      DocumentId: '',
      PreviewFileUrl: signedFileUrl(ctx.publicUrl(), ctx.config.fileUrlSecret, path, ctx.clock.now() + 300),
    };
  }
  const flow = ownFlow(ctx, actor, body.FlowId);
  const document = ctx.state.createDocument(flow.FlowId, {
    templateId: template.TemplateId,
    formFields: body.FormFields,
    fileNames: body.FileNames,
    clientToken: body.ClientToken,
  });
  return {
    DocumentId: document.DocumentId,
    PreviewFileUrl: '',
    Approvers: approverItems(ctx.state.flow(flow.FlowId)),
  };
};

interface StartFlowBody extends Operated {
  FlowId: string;
  ClientToken?: string;
}

export const StartFlow: ActionHandler = ({ ctx, body }: { ctx: EmulatorContext; body: StartFlowBody }) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  if (body.ClientToken !== undefined && body.ClientToken.length > 64)
    throw new EmulatorError('InvalidParameter.ClientToken', 'ClientToken is limited to 64 characters.');
  const flow = ownFlow(ctx, actor, body.FlowId);
  ctx.state.startFlow(flow.FlowId);
  // WorkflowInstanceId is only set when an approval workflow was asked for (CreateFlow WorkFlow): never here.
  return { Status: 'START', WorkflowInstanceId: '' };
};
