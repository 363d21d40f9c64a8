/** Multi-sign QR codes: CreateMultiFlowSignQRCode, CancelMultiFlowSignQRCode. */
import { validateQrRequest } from '@ess-kit/shared';
import type { EmulatorContext } from '../context.js';
import { EmulatorError } from '../state/errors.js';
import { assertAutoSignAllowed } from '../state/flows.js';
import type { QrRestriction } from '../state/types.js';
import { type ActionHandler, checkFlowName, checkUserData, resolveActor } from './common.js';
import { enforce, ruleTemplate } from './rules.js';

const DAY = 86_400;

interface CreateQrBody {
  Operator?: { UserId?: string };
  Agent?: { ProxyOrganizationId?: string };
  TemplateId: string;
  FlowName: string;
  MaxFlowNum?: number;
  QrEffectiveDay?: number;
  QrCodeExpiredOn?: number;
  FlowEffectiveDay?: number;
  Restrictions?: QrRestriction[];
  ApproverRestrictions?: QrRestriction;
  UserData?: string;
  CallbackUrl?: string;
  FlowNameAppendScannerInfo?: boolean;
  QrCodeName?: string;
}

/** `YYYY-MM-DD HH:MM:SS` in China time, as SignUrl.EffectiveTime shows it. */
function chinaTime(unix: number): string {
  return new Date((unix + 8 * 3600) * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

export const CreateMultiFlowSignQRCode: ActionHandler = ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: CreateQrBody;
}) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  checkFlowName(body.FlowName);
  checkUserData(body.UserData);
  const now = ctx.clock.now();
  if (body.MaxFlowNum !== undefined && (body.MaxFlowNum < 1 || body.MaxFlowNum > 10_000)) {
    throw new EmulatorError('InvalidParameterValue', 'MaxFlowNum must be between 1 and 10000 (default 5).');
  }
  if (body.FlowEffectiveDay !== undefined && (body.FlowEffectiveDay < 1 || body.FlowEffectiveDay > 30)) {
    throw new EmulatorError(
      'InvalidParameter.QrFlowEffectDay',
      'FlowEffectiveDay must be 1–30 days (default 7).',
    );
  }
  if (body.QrEffectiveDay !== undefined && (body.QrEffectiveDay < 1 || body.QrEffectiveDay > 90)) {
    throw new EmulatorError('InvalidParameter.QrEffectDay', 'QrEffectiveDay must be 1–90 days (default 7).');
  }
  if (
    body.QrCodeExpiredOn !== undefined &&
    (body.QrCodeExpiredOn <= now || body.QrCodeExpiredOn > now + 365 * DAY)
  ) {
    throw new EmulatorError(
      'InvalidParameter.QrEffectDay',
      'QrCodeExpiredOn must be in the future and at most 365 days ahead (unix seconds).',
    );
  }
  if (
    body.CallbackUrl !== undefined &&
    (body.CallbackUrl.length > 1000 || !/^https?:\/\/\S+$/i.test(body.CallbackUrl))
  ) {
    throw new EmulatorError(
      'InvalidParameter.FlowCallbackUrl',
      'CallbackUrl must be an http(s) URL of at most 1000 characters.',
    );
  }
  const restrictions = [
    ...(body.Restrictions ?? []),
    ...(body.ApproverRestrictions ? [body.ApproverRestrictions] : []),
  ];
  restrictions.forEach((r, i) => {
    if (r.Mobile && !/^1\d{10}$/.test(r.Mobile))
      throw new EmulatorError(
        'InvalidParameter.Mobile',
        `Restrictions[${i}].Mobile must be an 11-digit mainland mobile.`,
      );
  });
  const template = ctx.state.data.templates[body.TemplateId];
  if (!template || template.OrganizationId !== actor.org.OrganizationId) {
    throw new EmulatorError(
      'ResourceNotFound.Template',
      `模板不存在: TemplateId ${JSON.stringify(body.TemplateId.slice(0, 64))} is not a template of ${actor.org.OrganizationName}.`,
      404,
    );
  }
  enforce(
    validateQrRequest(body as Parameters<typeof validateQrRequest>[0], ruleTemplate(template), { now }),
  );
  if (template.recipients.some((r) => r.silent))
    assertAutoSignAllowed(ctx.state, actor.org.OrganizationId, actor.operator.UserId);
  const qr = ctx.state.createQrCode({
    organizationId: actor.org.OrganizationId,
    operatorUserId: actor.operator.UserId,
    templateId: template.TemplateId,
    flowName: body.FlowName,
    maxFlowNum: body.MaxFlowNum,
    flowEffectiveDay: body.FlowEffectiveDay,
    expiredTime: body.QrCodeExpiredOn,
    qrEffectiveDay: body.QrEffectiveDay,
    userData: body.UserData,
    callbackUrl: body.CallbackUrl,
    restrictions,
    flowNameAppendScannerInfo: body.FlowNameAppendScannerInfo,
    qrCodeName: body.QrCodeName,
  });
  const url = `${ctx.publicUrl()}/qr/${qr.QrCodeId}`;
  return {
    QrCode: { QrCodeId: qr.QrCodeId, QrCodeUrl: url, ExpiredTime: qr.expiredTime, WeixinQrCodeUrl: url },
    SignUrls: {
      AppSignUrl: `pages/guide?from=default&where=mini&autoJumpBack=true&to=CHANNEL_CONTRACT_COVER&qrCodeId=${qr.QrCodeId}&expiredTime=${qr.expiredTime}`,
      EffectiveTime: chinaTime(qr.expiredTime),
      HttpSignUrl: url,
    },
  };
};

interface CancelQrBody {
  Operator?: { UserId?: string };
  Agent?: { ProxyOrganizationId?: string };
  QrCodeId: string;
}

export const CancelMultiFlowSignQRCode: ActionHandler = ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: CancelQrBody;
}) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'contracts');
  if (!body.QrCodeId) throw new EmulatorError('MissingParameter.QrCodeId', '缺少参数: QrCodeId is required.');
  const qr = ctx.state.data.qrCodes[body.QrCodeId];
  if (!qr || qr.OrganizationId !== actor.org.OrganizationId) {
    throw new EmulatorError(
      'ResourceNotFound.QrInfo',
      `二维码不存在: QrCodeId ${JSON.stringify(body.QrCodeId.slice(0, 64))} is unknown.`,
      404,
    );
  }
  ctx.state.cancelQrCode(qr.QrCodeId);
  return {};
};
