/**
 * CreateSchemeUrl: links into the emulator's own signing pages instead of the WeChat
 * mini-program. PathType 1 (contract page) needs a FlowId and EndPoint HTTP_SHORT_URL or APP;
 * APP cannot open the home (0) or list (2) pages.
 */
import { validateSchemeUrlRequest } from '@ess-kit/shared';
import type { EmulatorContext } from '../context.js';
import { EmulatorError } from '../state/errors.js';
import type { Flow, FlowApprover } from '../state/types.js';
import { type ActionHandler, resolveActor } from './common.js';
import { ownFlow } from './flows.js';
import { enforce } from './rules.js';

interface SchemeBody {
  Operator?: { UserId?: string };
  Agent?: { ProxyOrganizationId?: string };
  OrganizationName?: string;
  Name?: string;
  Mobile?: string;
  EndPoint?: string;
  FlowId?: string;
  FlowGroupId?: string;
  PathType?: number;
  AutoJumpBack?: boolean;
  Hides?: number[];
  RecipientId?: string;
}

/** The approver a link is for: by RecipientId, by name/mobile, by company, else the current one. */
function pickApprover(flow: Flow, body: SchemeBody): FlowApprover | undefined {
  const live = flow.approvers.filter((a) => a.status !== 19);
  if (body.RecipientId) return live.find((a) => a.RecipientId === body.RecipientId);
  if (body.Name || body.Mobile || body.OrganizationName) {
    return live.find(
      (a) =>
        (!body.Name || a.name === body.Name) &&
        (!body.Mobile || a.mobile === body.Mobile) &&
        (!body.OrganizationName || a.organizationName === body.OrganizationName),
    );
  }
  return live.find((a) => [2, 8, 10].includes(a.status)) ?? live[0];
}

export const CreateSchemeUrl: ActionHandler = ({ ctx, body }: { ctx: EmulatorContext; body: SchemeBody }) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  enforce(validateSchemeUrlRequest(body as Parameters<typeof validateSchemeUrlRequest>[0]));
  const endPoint = body.EndPoint ?? 'HTTP';
  const pathType = body.PathType ?? 0;
  if (!['HTTP', 'HTTP_SHORT_URL', 'APP'].includes(endPoint))
    throw new EmulatorError('InvalidParameter.EndPoint', 'EndPoint must be HTTP, HTTP_SHORT_URL or APP.');
  if (![0, 1, 2, 3].includes(pathType))
    throw new EmulatorError(
      'FailedOperation.PathTypeError',
      'PathType must be 0 (home), 1 (contract), 2 (contract list) or 3 (cover).',
    );
  if (endPoint === 'APP' && pathType !== 1)
    throw new EmulatorError('OperationDenied.NoSupportJumpPage', 'APP类型不支持跳转到电子签主页或合同列表页');
  if (body.Mobile && !/^1\d{10}$/.test(body.Mobile))
    throw new EmulatorError('InvalidParameter.Mobile', 'Mobile must be an 11-digit mainland mobile.');
  const base = ctx.publicUrl();
  if (pathType === 0 || pathType === 2) {
    return { SchemeUrl: `${base}/sign/${pathType === 2 ? '?view=list' : ''}`, SchemeQrcodeUrl: '' };
  }
  if (!body.FlowId)
    throw new EmulatorError('MissingParameter.FlowId', `PathType ${pathType} needs a FlowId.`);
  if (pathType === 1 && endPoint === 'HTTP') {
    throw new EmulatorError(
      'InvalidParameter.EndPoint',
      'PathType 1 (contract detail/sign page) works only with EndPoint HTTP_SHORT_URL or APP, not HTTP.',
    );
  }
  const flow = ownFlow(ctx, actor, body.FlowId);
  const approver = pickApprover(flow, body);
  if (!approver)
    throw new EmulatorError(
      'OperationDenied.NoFlowPermission',
      '该用户不是此合同的签署方: no approver of this flow matches RecipientId/Name/Mobile/OrganizationName.',
      403,
    );
  if (pathType === 3 && !body.RecipientId)
    throw new EmulatorError('MissingParameter', 'PathType 3 (cover) needs RecipientId.');
  const hides = body.Hides && body.Hides.length > 0 ? `&hides=${body.Hides.join(',')}` : '';
  if (endPoint === 'APP') {
    const jump = body.AutoJumpBack ? '&autoJumpBack=true' : '';
    return {
      SchemeUrl: `pages/guide?from=default&where=mini&id=${flow.FlowId}&to=CONTRACT_DETAIL&recipientId=${approver.RecipientId}${jump}${hides}`,
      SchemeQrcodeUrl: '',
    };
  }
  return {
    SchemeUrl: `${base}/sign/${flow.FlowId}?recipient=${approver.RecipientId}${hides}`,
    SchemeQrcodeUrl: '',
  };
};
