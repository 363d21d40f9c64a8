/**
 * Sub-company onboarding actions of the partner API: CreateConsoleLoginUrl (the console login /
 * verification link), SyncProxyOrganization (company details ahead of verification) and
 * SyncProxyOrganizationOperators (operators: CREATE / UPDATE / RESIGN).
 */
import type { EssbasicModels } from '@ess-kit/shared';
import { MOBILE, NAME } from '../../api/approvers.js';
import type { ActionHandler } from '../../api/common.js';
import { newId } from '../../ids.js';
import { EmulatorError } from '../../state/errors.js';
import { agentIds, orgOpenIdOf, resolveApplication } from '../agent.js';
import { ensureOperator, ensureSubCompany, platformOf } from '../onboarding.js';
import { USCC } from '../verification.js';
import type { PlatformInput } from './flows.js';

const ENDPOINTS = ['PC', 'CHANNEL', 'SHORT_URL', 'WEIXIN_QRCODE_URL', 'APP', 'H5', 'SHORT_H5'];
/** Link lifetimes (the partner docs): PC links 5 minutes, mobile/mini-program links a year. */
const PC_TTL = 300;
const MOBILE_TTL = 365 * 86_400;

function checkOrganizationName(name: string): void {
  if (!name.trim() || [...name].length > 200)
    throw new EmulatorError(
      'InvalidParameter.OrganizationName',
      'ProxyOrganizationName must be 1–200 characters (the name on the business licence).',
    );
}

export const CreateConsoleLoginUrl: ActionHandler = (
  input: PlatformInput<EssbasicModels.CreateConsoleLoginUrlRequest>,
) => {
  const { ctx, body } = input;
  const app = resolveApplication(ctx, body.Agent);
  const { orgOpenId, operatorOpenId } = agentIds(body.Agent);
  checkOrganizationName(body.ProxyOrganizationName);
  const endpoint = body.Endpoint ?? 'PC';
  if (!ENDPOINTS.includes(endpoint))
    throw new EmulatorError(
      'InvalidParameter.EndPoint',
      `不合法的EndPoint: use one of ${ENDPOINTS.join(', ')}.`,
    );
  if (body.UniformSocialCreditCode && !USCC.test(body.UniformSocialCreditCode))
    throw new EmulatorError(
      'InvalidParameter.UniformSocialCreditCode',
      'UniformSocialCreditCode must be an 18-character unified social credit code.',
    );
  if (body.ProxyOperatorName && !NAME.test(body.ProxyOperatorName))
    throw new EmulatorError(
      'InvalidParameter.Name',
      'ProxyOperatorName must be a real name (2–50 CJK or Latin letters).',
    );
  if (body.ProxyOperatorMobile && !MOBILE.test(body.ProxyOperatorMobile))
    throw new EmulatorError(
      'InvalidParameter',
      'ProxyOperatorMobile must be an 11-digit mainland mobile without +86.',
    );
  const now = ctx.clock.now();
  const existing = app.subCompanies[orgOpenId];
  if (existing?.verified && existing.name !== body.ProxyOrganizationName)
    throw new EmulatorError(
      'InvalidParameter.OrganizationName',
      `ProxyOrganizationName must be the activated company's name (${existing.name}) for ProxyOrganizationOpenId ${orgOpenId}.`,
    );
  const sub = ensureSubCompany(
    app,
    orgOpenId,
    { name: body.ProxyOrganizationName, uscc: body.UniformSocialCreditCode },
    now,
  );
  const operator = ensureOperator(sub, operatorOpenId, {
    name: body.ProxyOperatorName,
    mobile: body.ProxyOperatorMobile,
  });
  if (operator.resigned)
    throw new EmulatorError(
      'OperationDenied.UserNotInOrganization',
      `Operator ${operatorOpenId} has left ${sub.name}; give a new OpenId.`,
      403,
    );
  const token = newId();
  platformOf(ctx.state.data).logins[token] = {
    token,
    AppId: app.AppId,
    ProxyOrganizationOpenId: orgOpenId,
    OperatorOpenId: operatorOpenId,
    endpoint,
    expiresAt: now + (endpoint === 'PC' ? PC_TTL : MOBILE_TTL),
    operatorName: body.ProxyOperatorName ?? operator.name,
    operatorMobile: body.ProxyOperatorMobile ?? operator.mobile,
  };
  ctx.state.touch();
  return {
    ConsoleUrl: `${ctx.publicUrl()}/console/login/${token}`,
    IsActivated: sub.verified,
    ProxyOperatorIsVerified: operator.verified,
  };
};

export const SyncProxyOrganization: ActionHandler = (
  input: PlatformInput<EssbasicModels.SyncProxyOrganizationRequest>,
) => {
  const { ctx, body } = input;
  const app = resolveApplication(ctx, body.Agent);
  const orgOpenId = orgOpenIdOf(body.Agent);
  checkOrganizationName(body.ProxyOrganizationName);
  if (body.UniformSocialCreditCode && !USCC.test(body.UniformSocialCreditCode))
    throw new EmulatorError(
      'InvalidParameter.UniformSocialCreditCode',
      'UniformSocialCreditCode must be an 18-character unified social credit code.',
    );
  if (body.ProxyLegalName && !NAME.test(body.ProxyLegalName))
    throw new EmulatorError('InvalidParameter.Name', 'ProxyLegalName must be a real name.');
  const existing = app.subCompanies[orgOpenId];
  if (existing?.verified)
    throw new EmulatorError(
      'OperationDenied',
      `子客企业已认证: ${existing.name} is activated; its details can no longer be synchronized.`,
      409,
    );
  ensureSubCompany(
    app,
    orgOpenId,
    { name: body.ProxyOrganizationName, uscc: body.UniformSocialCreditCode, legalName: body.ProxyLegalName },
    ctx.clock.now(),
  );
  ctx.state.touch();
  return {};
};

const OPERATOR_TYPES = ['CREATE', 'UPDATE', 'RESIGN'];

export const SyncProxyOrganizationOperators: ActionHandler = (
  input: PlatformInput<EssbasicModels.SyncProxyOrganizationOperatorsRequest>,
) => {
  const { ctx, body } = input;
  const app = resolveApplication(ctx, body.Agent);
  const orgOpenId = orgOpenIdOf(body.Agent);
  const sub = app.subCompanies[orgOpenId];
  if (!sub?.verified)
    throw new EmulatorError(
      'OperationDenied.UserNotInOrganization',
      `第三方平台子客企业必须已经经过实名认证: sub-company ${orgOpenId} has not completed 企业认证 (open its CreateConsoleLoginUrl link).`,
      403,
    );
  if (!OPERATOR_TYPES.includes(body.OperatorType))
    throw new EmulatorError(
      'OperationDenied.OperateType',
      `操作类型不支持: OperatorType must be ${OPERATOR_TYPES.join(', ')}.`,
    );
  if (body.ProxyOrganizationOperators.length === 0)
    throw new EmulatorError(
      'InvalidParameter.EmptyParams',
      'ProxyOrganizationOperators needs at least one operator.',
    );
  if (body.ProxyOrganizationOperators.length > 200)
    throw new EmulatorError('LimitExceeded.ProxyOrganizationOperator', 'At most 200 operators per call.');
  const failed: Array<{ Id: string; Message: string }> = [];
  for (const item of body.ProxyOrganizationOperators) {
    const existing = sub.operators[item.Id];
    if (item.Mobile && !MOBILE.test(item.Mobile)) {
      failed.push({ Id: item.Id, Message: 'Mobile must be an 11-digit mainland mobile.' });
      continue;
    }
    if (body.OperatorType === 'RESIGN') {
      if (!existing) failed.push({ Id: item.Id, Message: '员工不存在: no operator with this OpenId.' });
      else {
        existing.resigned = true;
        const staff = ctx.state.data.staff[existing.UserId];
        if (staff) staff.roles = [];
      }
    } else if (existing?.verified) {
      failed.push({
        Id: item.Id,
        Message: '员工已实名: a verified operator changes their details in the mini-program.',
      });
    } else if (body.OperatorType === 'UPDATE' && !existing) {
      failed.push({ Id: item.Id, Message: '员工不存在: no operator with this OpenId.' });
    } else {
      ensureOperator(sub, item.Id, { name: item.Name, mobile: item.Mobile });
    }
  }
  if (failed.length === body.ProxyOrganizationOperators.length) {
    const only = failed.length === 1 && failed[0].Message.startsWith('员工已实名');
    throw new EmulatorError(
      only ? 'FailedOperation.StaffAlreadyVerify' : 'FailedOperation',
      `全部同步失败: ${failed.map((f) => `${f.Id}: ${f.Message}`).join('; ')}`,
    );
  }
  ctx.state.touch();
  return { Status: failed.length === 0 ? 1 : 2, FailedList: failed };
};
