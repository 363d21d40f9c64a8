/**
 * The verification step a console login link leads to, shared by the pages and the control API:
 * 企业认证 (activation) when the company is not activated, else 员工实名 for the operator. Sends
 * the platform's OrgOpenTsignBiz / VerifyStaffInfo callbacks.
 */
import { MOBILE, NAME } from '../api/approvers.js';
import type { EmulatorContext } from '../context.js';
import { EmulatorError } from '../state/errors.js';
import { activateSubCompany, verifyOperator } from './onboarding.js';
import type { Application, ConsoleLogin, PlatformOperator, SubCompany } from './types.js';

export interface LoginContext {
  login?: ConsoleLogin;
  app: Application;
  sub: SubCompany;
  operator: PlatformOperator;
}

/** A unified social credit code (统一社会信用代码): 18 characters. */
export const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Checks the form and completes the step it is for, sending the platform's callbacks. */
export function completeVerification(
  ctx: EmulatorContext,
  lc: LoginContext,
  form: Record<string, string>,
): void {
  const { app, sub, operator } = lc;
  const name = (form.name ?? '').trim();
  const mobile = (form.mobile ?? '').trim();
  if (!NAME.test(name))
    throw new EmulatorError('InvalidParameter.Name', '请填写真实姓名 — enter your real name (2–50 letters).');
  if (!MOBILE.test(mobile))
    throw new EmulatorError(
      'InvalidParameter.Mobile',
      '请填写11位手机号 — enter an 11-digit mainland mobile.',
    );
  const now = ctx.clock.now();
  const data = ctx.state.data;
  operator.name = name;
  operator.mobile = mobile;
  if (!sub.verified) {
    const uscc = (form.uscc ?? '').trim().toUpperCase();
    const legalName = (form.legalName ?? '').trim();
    if (!USCC.test(uscc))
      throw new EmulatorError(
        'InvalidParameter.UniformSocialCreditCode',
        '统一社会信用代码格式不正确 — the unified social credit code has 18 characters.',
      );
    if (!NAME.test(legalName))
      throw new EmulatorError(
        'InvalidParameter.Name',
        '请填写法定代表人姓名 — enter the legal representative.',
      );
    sub.uscc = uscc;
    sub.legalName = legalName;
    activateSubCompany(data, app, sub, operator, now);
    ctx.state.touch();
    ctx.platformCallbacks?.send(app, sub, 'OrgOpenTsignBiz', 'staff', {
      ProxyOperatorOpenId: operator.OpenId,
      ProxyAppId: '',
      OpenSuccess: true,
      OrganizationName: sub.name,
      USCC: sub.uscc,
      LegalName: sub.legalName,
    });
  } else if (!operator.verified) {
    verifyOperator(data, sub, operator);
    ctx.state.touch();
  } else {
    return;
  }
  ctx.platformCallbacks?.send(app, sub, 'VerifyStaffInfo', 'staff', {
    ProxyOperatorOpenId: operator.OpenId,
    OperatorName: operator.name,
    OccurTime: now,
  });
}
