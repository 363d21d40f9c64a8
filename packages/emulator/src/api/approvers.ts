/**
 * Approver rules shared by CreateFlowByFiles and CreateFlow (ess-api.md §8, the guide's
 * 签署方 rules): required identity fields per ApproverType, name/mobile formats, silent
 * signers (own company only, seal only, no fill components), duplicates, 1–50 approvers.
 */

import { EmulatorError } from '../state/errors.js';
import type { ApproverInput } from '../state/flows.js';
import type { ApproverType, Component, Organization } from '../state/types.js';
import { type RequestComponent, resolveComponents } from './positions.js';

/** An approver as requests carry it (ApproverInfo / FlowCreateApprover, ESS spelling). */
export interface RequestApprover {
  ApproverType: number;
  ApproverName?: string;
  ApproverMobile?: string;
  OrganizationName?: string;
  UserId?: string;
  RecipientId?: string;
  ApproverIdCardType?: string;
  ApproverIdCardNumber?: string;
  ApproverRoleName?: string;
  SignComponents?: RequestComponent[];
  Components?: RequestComponent[];
}

/** A person's real name as ESS accepts it. */
export const NAME = /^[\p{Script=Han}A-Za-z·.\s]{2,50}$/u;
/** An 11-digit mainland mobile without +86. */
export const MOBILE = /^1\d{10}$/;
const SEAL_TYPES = /SEAL/;

function fail(code: string, message: string): never {
  throw new EmulatorError(code, message);
}

/** Checks identity fields of approver `i`; `own` is the acting organization. */
export function checkApprover(
  a: RequestApprover,
  i: number,
  own: Organization,
  knownUser: (userId: string) => boolean,
): void {
  const at = `Approvers[${i}]`;
  const type = a.ApproverType;
  if (![0, 1, 3, 7].includes(type))
    fail(
      'InvalidParameter.ApproverType',
      `${at}.ApproverType must be 0 (company), 1 (person), 3 (company silent sign) or 7 (person auto-sign).`,
    );
  if (type === 7)
    fail(
      'OperationDenied.WhiteListForbid',
      `${at}: personal auto-sign (ApproverType 7) is a whitelist feature that is not enabled for this organization.`,
    );
  if (type === 3) {
    if (a.OrganizationName && a.OrganizationName !== own.OrganizationName) {
      fail(
        'InvalidParameter.OrganizationName',
        `${at}: 仅能设置己方企业为自动签署 — a silent signer can only be the initiating company (${own.OrganizationName}).`,
      );
    }
    return;
  }
  if (a.UserId && knownUser(a.UserId)) return;
  if (!a.ApproverName)
    fail(
      'MissingParameter.ApproverName',
      `${at}.ApproverName is required (or UserId of a verified employee).`,
    );
  if (!NAME.test(a.ApproverName))
    fail('InvalidParameter.Name', `参数错误,姓名不符合规范,请修改后重试 (${at}.ApproverName).`);
  if (!a.ApproverMobile)
    fail(
      'MissingParameter.ApproverMobile',
      `${at}.ApproverMobile is required (11-digit mainland mobile, no +86).`,
    );
  if (!MOBILE.test(a.ApproverMobile))
    fail('InvalidParameter.Mobile', `${at}.ApproverMobile must be an 11-digit mainland mobile without +86.`);
  if (type === 0 && !a.OrganizationName)
    fail(
      'MissingParameter.ApproverOrganizationInfo',
      `${at}.OrganizationName is required for a company signer (ApproverType 0).`,
    );
  if (type === 1 && a.OrganizationName) {
    fail(
      'OperationDenied.ErrNoSupportIndividualHasOrganizationName',
      `${at}: a person (ApproverType 1) must not carry an OrganizationName.`,
    );
  }
  if (
    a.ApproverIdCardNumber &&
    (a.ApproverIdCardType ?? 'ID_CARD') === 'ID_CARD' &&
    !/^\d{17}[\dX]$/.test(a.ApproverIdCardNumber)
  ) {
    fail(
      'InvalidParameter.CardNumber',
      `${at}.ApproverIdCardNumber must be 18 characters: 17 digits and a digit or upper-case X.`,
    );
  }
}

/** Refuses the same person or company twice. */
export function checkDuplicates(approvers: RequestApprover[]): void {
  const seen = new Set<string>();
  approvers.forEach((a, i) => {
    if (a.ApproverType === 3) return;
    const key =
      a.UserId ||
      `${a.ApproverType}|${a.OrganizationName ?? ''}|${a.ApproverName ?? ''}|${a.ApproverMobile ?? ''}`;
    if (seen.has(key))
      fail('OperationDenied.ApproverRepeat', `签署方重复: Approvers[${i}] repeats an earlier approver.`);
    seen.add(key);
  });
}

export function checkCount(approvers: unknown[] | undefined): void {
  if (!approvers || approvers.length === 0)
    fail('InvalidParameter.FlowApprovers', '签署方不能为空: give at least one approver in Approvers.');
  if (approvers.length > 50) fail('InvalidParameter.FlowApprovers', 'At most 50 approvers per flow.');
}

/** File flows: checks components per approver and resolves their positions against the PDF. */
export async function fileApprovers(approvers: RequestApprover[], pdf: Uint8Array): Promise<ApproverInput[]> {
  const anySilent = approvers.some((a) => a.ApproverType === 3);
  const out: ApproverInput[] = [];
  for (const [i, a] of approvers.entries()) {
    const at = `Approvers[${i}]`;
    const signComponents: Component[] = await resolveComponents(
      a.SignComponents,
      pdf,
      `${at}.SignComponents`,
    );
    const fillComponents: Component[] = await resolveComponents(a.Components, pdf, `${at}.Components`);
    for (const c of signComponents) {
      if (!c.ComponentType.startsWith('SIGN_'))
        fail(
          'InvalidParameter.SignComponentType',
          `${at}.SignComponents: ${c.ComponentType} is a fill type; sign components are SIGN_*.`,
        );
      if (a.ApproverType === 1 && SEAL_TYPES.test(c.ComponentType))
        fail(
          'InvalidParameter.SignComponentType',
          `${at}: a person cannot have ${c.ComponentType} (seals are for companies).`,
        );
    }
    for (const c of fillComponents) {
      if (c.ComponentType.startsWith('SIGN_'))
        fail(
          'InvalidParameter.ComponentType',
          `${at}.Components: ${c.ComponentType} is a sign type; put it in SignComponents.`,
        );
    }
    if (anySilent && fillComponents.length > 0) {
      fail(
        'OperationDenied.ServerSignNoAllowComponent',
        `${at}: 一旦设置了自动签署，所有签署方将无法进行控件填写 — flows with a silent signer allow no signer fill components.`,
      );
    }
    let sealId: string | undefined;
    if (a.ApproverType === 3) {
      if (signComponents.some((c) => c.ComponentType === 'SIGN_SIGNATURE')) {
        fail(
          'OperationDenied.ServerSignNoSupportSignature',
          `${at}: a silent signer stamps a seal and cannot have SIGN_SIGNATURE.`,
        );
      }
      sealId = signComponents.find(
        (c) => SEAL_TYPES.test(c.ComponentType) && c.ComponentValue,
      )?.ComponentValue;
      if (!sealId)
        fail(
          'MissingParameter.ServerSignSealId',
          `${at}: a silent signer needs a SIGN_SEAL component whose ComponentValue is the SealId to stamp with.`,
        );
    }
    out.push(toInput(a, signComponents, fillComponents, sealId));
  }
  return out;
}

export function toInput(
  a: RequestApprover,
  signComponents: Component[] = [],
  fillComponents: Component[] = [],
  sealId?: string,
): ApproverInput {
  return {
    approverType: a.ApproverType as ApproverType,
    name: a.ApproverName,
    mobile: a.ApproverMobile,
    organizationName: a.OrganizationName,
    userId: a.UserId,
    idCardType: a.ApproverIdCardType,
    idCardNumber: a.ApproverIdCardNumber,
    recipientId: a.RecipientId,
    roleName: a.ApproverRoleName,
    signComponents,
    fillComponents,
    sealId,
  };
}
