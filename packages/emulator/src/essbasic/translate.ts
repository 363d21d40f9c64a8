/**
 * The partner API's request structures in the emulator's (ess) terms, so the platform's flows run
 * through the same handlers and flow state machine as ess: FlowApproverInfo → ApproverInfo
 * (ApproverType names → numbers, sub-companies and operators named by the platform's OpenIds →
 * organization names and employees), CustomerData → UserData.
 */
import type { EssbasicModels } from '@ess-kit/shared';
import { EmulatorError } from '../state/errors.js';
import type { PlatformActor } from './agent.js';
import { APPROVER_TYPE_INPUT } from './views.js';

type FlowApproverInfo = EssbasicModels.FlowApproverInfo;

/** One FlowApproverInfo as an ess ApproverInfo (ESS spelling). */
export function essApprover(actor: PlatformActor, a: FlowApproverInfo, i: number): Record<string, unknown> {
  const at = `FlowApprovers[${i}]`;
  const type = APPROVER_TYPE_INPUT[a.ApproverType ?? ''];
  if (type === undefined)
    throw new EmulatorError(
      'InvalidParameter.ApproverType',
      `${at}.ApproverType must be PERSON, ORGANIZATION or ENTERPRISESERVER${a.ApproverType === 'PERSON_AUTO_SIGN' ? ' (PERSON_AUTO_SIGN is a whitelist feature not enabled for this application)' : ''}.`,
    );
  const out: Record<string, unknown> = {
    ApproverType: type,
    ...(a.RecipientId ? { RecipientId: a.RecipientId } : {}),
    ...(a.ApproverRoleName ? { ApproverRoleName: a.ApproverRoleName } : {}),
    ...(a.IdCardType ? { ApproverIdCardType: a.IdCardType } : {}),
    ...(a.IdCardNumber ? { ApproverIdCardNumber: a.IdCardNumber } : {}),
    ...(a.SignComponents ? { SignComponents: a.SignComponents } : {}),
    ...(a.Components ? { Components: a.Components } : {}),
  };
  if (type === 3) return { ...out, OrganizationName: actor.org.OrganizationName };
  if (type === 1) return { ...out, ApproverName: a.Name, ApproverMobile: a.Mobile };
  // A company signer: a sub-company of this application named by its OpenId, or (NotChannelOrganization)
  // any company by name.
  if (a.OrganizationOpenId && !a.NotChannelOrganization) {
    const sub = actor.app.subCompanies[a.OrganizationOpenId];
    if (!sub?.verified)
      throw new EmulatorError(
        'InvalidParameter.OrganizationName',
        `${at}.OrganizationOpenId ${JSON.stringify(a.OrganizationOpenId.slice(0, 64))} is not an activated sub-company of this application.`,
      );
    const operator = a.OpenId ? sub.operators[a.OpenId] : undefined;
    if (a.OpenId && !operator?.verified)
      throw new EmulatorError(
        'OperationDenied.UserNotInOrganization',
        `${at}.OpenId ${JSON.stringify(a.OpenId.slice(0, 64))} is not a verified operator of ${sub.name}.`,
      );
    return operator
      ? { ...out, OrganizationName: sub.name, UserId: operator.UserId }
      : { ...out, OrganizationName: sub.name, ApproverName: a.Name, ApproverMobile: a.Mobile };
  }
  if (!a.OrganizationName)
    throw new EmulatorError(
      'InvalidParameter.OrganizationName',
      `${at}: a company signer needs OrganizationOpenId (a sub-company of this application) or OrganizationName with NotChannelOrganization.`,
    );
  return { ...out, OrganizationName: a.OrganizationName, ApproverName: a.Name, ApproverMobile: a.Mobile };
}

/** `Operator` of an ess call made on behalf of a platform operator. */
export function essOperator(actor: PlatformActor): { Operator: { UserId: string } } {
  return { Operator: { UserId: actor.staff.UserId } };
}
