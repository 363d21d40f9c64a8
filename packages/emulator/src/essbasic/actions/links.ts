/**
 * Links, templates, seals and QR codes of the partner API: DescribeTemplates, CreateSignUrls,
 * ChannelCreateFlowSignUrl, ChannelCreateMultiFlowSignQRCode / ChannelCancelMultiFlowSignQRCode,
 * ChannelDescribeOrganizationSeals. Sign links open the emulator's signing pages.
 */
import type { EssbasicModels } from '@ess-kit/shared';
import { type ActionHandler, page } from '../../api/common.js';
import type { EmulatorContext } from '../../context.js';
import { filePath, signedFileUrl } from '../../files/urls.js';
import { EmulatorError } from '../../state/errors.js';
import type { Flow, FlowApprover } from '../../state/types.js';
import { type PlatformActor, resolvePlatformActor } from '../agent.js';
import { operatorOpenIdOf, subCompanyOfOrganization } from '../onboarding.js';
import { essOperator } from '../translate.js';
import { occupiedSeal, templateInfo } from '../views.js';
import { type PlatformInput, platformFlow, runEss } from './flows.js';

const DAY = 86_400;
/** Signer statuses that still have something to do (ess-api.md §6.2). */
const OPEN_SIGNER = new Set([0, 1, 2, 7, 8, 10]);

function signUrl(ctx: EmulatorContext, flow: Flow, approver: FlowApprover): string {
  return `${ctx.publicUrl()}/sign/${encodeURIComponent(flow.FlowId)}?recipient=${encodeURIComponent(approver.RecipientId)}`;
}

export const DescribeTemplates: ActionHandler = (
  input: PlatformInput<EssbasicModels.DescribeTemplatesRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  const contentType = body.ContentType ?? 0;
  if (contentType !== 0 && contentType !== 1)
    throw new EmulatorError(
      'InvalidParameter.ContentType',
      'ContentType must be 0 (with components) or 1 (list only).',
    );
  let templates = Object.values(ctx.state.data.templates).filter(
    (t) => t.OrganizationId === actor.org.OrganizationId,
  );
  const ids = [...(body.TemplateId ? [body.TemplateId] : []), ...(body.TemplateIds ?? [])];
  if (ids.length > 0) {
    templates = templates.filter((t) => ids.includes(t.TemplateId));
    if (body.TemplateId && templates.length === 0)
      throw new EmulatorError(
        'ResourceNotFound.Template',
        `模板不存在: ${body.TemplateId} is not a template of ${actor.sub.name}.`,
        404,
      );
  }
  if (body.TemplateName)
    templates = templates.filter((t) => t.TemplateName.includes(body.TemplateName as string));
  const limit = body.Limit ?? 20;
  const offset = body.Offset ?? 0;
  const selected = page(templates, offset, limit, 100);
  const url = (id: string, name: string, wanted: boolean | undefined) =>
    wanted
      ? signedFileUrl(
          ctx.publicUrl(),
          ctx.config.fileUrlSecret,
          filePath('TEMPLATE', id, name),
          ctx.clock.now() + 300,
        )
      : '';
  return {
    Templates: selected.map((t) =>
      templateInfo(ctx.state.data, t, contentType === 0, {
        previewUrl: url(t.TemplateId, 'preview.pdf', body.WithPreviewUrl),
        pdfUrl: url(t.TemplateId, `${t.TemplateId}.pdf`, body.WithPdfUrl),
      }),
    ),
    TotalCount: templates.length,
    Limit: limit,
    Offset: offset,
  };
};

/** The approvers GenerateType selects (CreateSignUrls). */
function selectApprovers(
  actor: PlatformActor,
  flow: Flow,
  body: EssbasicModels.CreateSignUrlsRequest,
  ctx: EmulatorContext,
): FlowApprover[] {
  const type = body.GenerateType ?? 'ALL';
  const open = flow.approvers.filter((a) => OPEN_SIGNER.has(a.status) && a.approverType !== 3);
  const platform = (a: FlowApprover) =>
    a.organizationId ? subCompanyOfOrganization(ctx.state.data, a.organizationId) : undefined;
  switch (type) {
    case 'ALL':
      return open;
    case 'PERSON':
      return open.filter(
        (a) =>
          a.approverType === 1 &&
          (!body.Name || a.name === body.Name) &&
          (!body.Mobile || a.mobile === body.Mobile),
      );
    case 'CHANNEL':
      return open.filter((a) => {
        const owner = platform(a);
        return (
          owner?.app.AppId === actor.app.AppId &&
          (!body.OrganizationOpenId || owner.sub.ProxyOrganizationOpenId === body.OrganizationOpenId) &&
          (!body.OpenId || operatorOpenIdOf(owner.sub, a.userId) === body.OpenId)
        );
      });
    case 'NOT_CHANNEL':
      return open.filter(
        (a) =>
          a.approverType === 0 &&
          !platform(a) &&
          (!body.OrganizationName || a.organizationName === body.OrganizationName),
      );
    case 'RECIPIENT':
      if (!body.RecipientIds?.length)
        throw new EmulatorError(
          'InvalidParameter.GenerateType',
          'GenerateType RECIPIENT needs RecipientIds.',
        );
      return open.filter((a) => body.RecipientIds?.includes(a.RecipientId));
    case 'FOLLOWER':
      return [];
    default:
      throw new EmulatorError(
        'InvalidParameter.GenerateType',
        'GenerateType must be ALL, CHANNEL, NOT_CHANNEL, PERSON, FOLLOWER or RECIPIENT.',
      );
  }
}

export const CreateSignUrls: ActionHandler = (input: PlatformInput<EssbasicModels.CreateSignUrlsRequest>) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  if (body.FlowGroupId)
    throw new EmulatorError(
      'ResourceNotFound.FlowGroup',
      '合同组不存在: the emulator has no flow groups.',
      404,
    );
  if (!body.FlowIds?.length)
    throw new EmulatorError(
      'MissingParameter.FlowIdsOrFlowGroupId',
      '请传入需要查询的合同或合同组的ID: FlowIds is required.',
    );
  if (body.FlowIds.length > 100)
    throw new EmulatorError('InvalidParameter.FlowIds', 'FlowIds takes at most 100 ids.');
  if (body.Endpoint && !['WEIXINAPP', 'CHANNEL', 'APP', 'LONGURL2WEIXINAPP'].includes(body.Endpoint))
    throw new EmulatorError(
      'InvalidParameter.EndPoint',
      '不合法的EndPoint: use WEIXINAPP, CHANNEL, APP or LONGURL2WEIXINAPP.',
    );
  if ((body.GenerateType ?? 'ALL') === 'ALL' && body.FlowIds.length > 1)
    throw new EmulatorError('InvalidParameter.FlowIds', 'GenerateType ALL takes one FlowId.');
  const infos = body.FlowIds.flatMap((id) => {
    const flow = platformFlow(ctx, actor, id);
    return selectApprovers(actor, flow, body, ctx).map((a) => {
      const owner = a.organizationId ? subCompanyOfOrganization(ctx.state.data, a.organizationId) : undefined;
      return {
        SignUrl: signUrl(ctx, flow, a),
        Deadline: flow.deadline,
        SignOrder: a.signOrder,
        SignId: a.SignId,
        CustomUserId: '',
        Name: a.name,
        Mobile: a.mobile,
        OrganizationName: a.organizationName,
        ApproverType: a.approverType === 1 ? 'PERSON' : 'ORGANIZATION',
        IdCardNumber: '',
        FlowId: flow.FlowId,
        OpenId: owner ? operatorOpenIdOf(owner.sub, a.userId) : '',
        FlowGroupId: '',
        SignQrcodeUrl: '',
      };
    });
  });
  return { SignUrlInfos: infos, ErrorMessages: body.FlowIds.map(() => '') };
};

export const ChannelCreateFlowSignUrl: ActionHandler = (
  input: PlatformInput<EssbasicModels.ChannelCreateFlowSignUrlRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  const flow = platformFlow(ctx, actor, body.FlowId);
  const wanted = body.FlowApproverInfos ?? [];
  if (wanted.length === 0)
    throw new EmulatorError('MissingParameter', '缺少参数: FlowApproverInfos names the signers to link.');
  const urls = wanted.map((w, i) => {
    const approver = flow.approvers.find((a) => {
      if (w.ApproverType === 'PERSON' || (!w.ApproverType && !w.OrganizationOpenId && !w.OrganizationName))
        return a.approverType === 1 && (!w.Name || a.name === w.Name) && (!w.Mobile || a.mobile === w.Mobile);
      const owner = a.organizationId ? subCompanyOfOrganization(ctx.state.data, a.organizationId) : undefined;
      if (w.OrganizationOpenId)
        return (
          owner?.sub.ProxyOrganizationOpenId === w.OrganizationOpenId &&
          (!w.OpenId || operatorOpenIdOf(owner.sub, a.userId) === w.OpenId)
        );
      return (
        a.approverType === 0 && a.organizationName === w.OrganizationName && (!w.Name || a.name === w.Name)
      );
    });
    if (!approver)
      throw new EmulatorError(
        'InvalidParameter',
        `FlowApproverInfos[${i}] matches no signer of flow ${flow.FlowId}.`,
      );
    const url = signUrl(ctx, flow, approver);
    return {
      SignUrl: url,
      ApproverType: approver.approverType === 1 ? 'PERSON' : 'ORGANIZATION',
      Name: approver.name,
      Mobile: approver.mobile,
      LongUrl: url,
    };
  });
  return { FlowApproverUrlInfos: urls };
};

export const ChannelCreateMultiFlowSignQRCode: ActionHandler = async (
  input: PlatformInput<EssbasicModels.ChannelCreateMultiFlowSignQRCodeRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  const template = ctx.state.data.templates[body.TemplateId];
  if (!template || template.OrganizationId !== actor.org.OrganizationId)
    throw new EmulatorError(
      'ResourceNotFound.Template',
      `模板不存在: ${body.TemplateId} is not a template of ${actor.sub.name}.`,
      404,
    );
  const result = await runEss(input, 'CreateMultiFlowSignQRCode', {
    ...essOperator(actor),
    TemplateId: body.TemplateId,
    FlowName: body.FlowName,
    ...(body.MaxFlowNum !== undefined ? { MaxFlowNum: body.MaxFlowNum } : {}),
    ...(body.FlowEffectiveDay !== undefined ? { FlowEffectiveDay: body.FlowEffectiveDay } : {}),
    ...(body.QrEffectiveDay !== undefined ? { QrEffectiveDay: body.QrEffectiveDay } : {}),
    ...(body.QrCodeExpiredOn !== undefined ? { QrCodeExpiredOn: body.QrCodeExpiredOn } : {}),
    ...(body.Restrictions ? { Restrictions: body.Restrictions } : {}),
    ...(body.ApproverRestrictions ? { ApproverRestrictions: body.ApproverRestrictions } : {}),
    ...(body.CallbackUrl ? { CallbackUrl: body.CallbackUrl } : {}),
    ...(body.FlowNameAppendScannerInfo !== undefined
      ? { FlowNameAppendScannerInfo: body.FlowNameAppendScannerInfo }
      : {}),
    ...(body.QrCodeName ? { QrCodeName: body.QrCodeName } : {}),
  });
  const qr = result.QrCode as Record<string, unknown>;
  const links = result.SignUrls as Record<string, unknown>;
  return {
    QrCode: {
      QrCodeId: qr.QrCodeId,
      QrCodeUrl: qr.QrCodeUrl,
      ExpiredTime: qr.ExpiredTime,
      WeixinQrCodeUrl: '',
    },
    SignUrls: {
      AppSignUrl: links.AppSignUrl,
      EffectiveTime: links.EffectiveTime,
      HttpSignUrl: links.HttpSignUrl,
    },
  };
};

export const ChannelCancelMultiFlowSignQRCode: ActionHandler = async (
  input: PlatformInput<EssbasicModels.ChannelCancelMultiFlowSignQRCodeRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  const qr = ctx.state.data.qrCodes[body.QrCodeId];
  if (!qr || qr.OrganizationId !== actor.org.OrganizationId)
    throw new EmulatorError(
      'InvalidParameter.DataNotFound',
      `数据不存在: QR code ${body.QrCodeId} is not one of ${actor.sub.name}'s.`,
      404,
    );
  await runEss(input, 'CancelMultiFlowSignQRCode', { ...essOperator(actor), QrCodeId: body.QrCodeId });
  return {};
};

const SEAL_STATUSES = ['ALL', 'CHECKING', 'SUCCESS', 'FAIL', 'DISABLE', 'STOPPED', 'CHECKING-SADM'];

export const ChannelDescribeOrganizationSeals: ActionHandler = (
  input: PlatformInput<EssbasicModels.ChannelDescribeOrganizationSealsRequest>,
) => {
  const { ctx, body } = input;
  const actor = resolvePlatformActor(ctx, body.Agent);
  const unknown = (body.SealStatuses ?? []).find((s) => !SEAL_STATUSES.includes(s));
  if (unknown)
    throw new EmulatorError(
      'InvalidParameter',
      `Unknown SealStatuses value ${JSON.stringify(unknown)}; use ${SEAL_STATUSES.join(', ')}.`,
    );
  if (body.InfoType !== undefined && body.InfoType !== 0 && body.InfoType !== 1)
    throw new EmulatorError('InvalidParameter', 'InfoType must be 0 (no authorized users) or 1 (with them).');
  const statuses = (body.SealStatuses ?? []).filter((s) => s !== 'ALL');
  let seals = Object.values(ctx.state.data.seals).filter(
    (s) => s.OrganizationId === actor.org.OrganizationId,
  );
  if (body.SealId) seals = seals.filter((s) => s.SealId === body.SealId);
  if (body.SealTypes?.length) seals = seals.filter((s) => body.SealTypes?.includes(s.SealType));
  if (statuses.length) seals = seals.filter((s) => statuses.includes(s.status));
  const selected = page(seals, body.Offset, body.Limit ?? 10, 100, 10);
  return {
    TotalCount: seals.length,
    Seals: selected.map((s) =>
      occupiedSeal(
        ctx.state.data,
        s,
        body.InfoType === 1,
        signedFileUrl(
          ctx.publicUrl(),
          ctx.config.fileUrlSecret,
          filePath('SEAL', s.SealId, `${s.SealId}.svg`),
          ctx.clock.now() + DAY,
        ),
      ),
    ),
  };
};
