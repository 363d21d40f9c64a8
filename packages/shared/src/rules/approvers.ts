/**
 * Signer rules (guide: 签署方信息说明, 自动签署使用说明; ess-api.md §6.3, §8 ApproverInfo).
 *
 * | party | ApproverType | needs | sign components |
 * |---|---|---|---|
 * | person | 1 (7 = personal auto-sign) | ApproverName + ApproverMobile | not seals |
 * | enterprise | 0 | ApproverName + ApproverMobile + OrganizationName | any |
 * | silent enterprise | 3 | nothing: defaults to the operator and the operator's company | file flow: SIGN_SEAL with the seal id; never a signature |
 *
 * The guide says a person's sign components are "currently" only SIGN_SIGNATURE and SIGN_DATE. The
 * API facts (ess-api.md §8 Component) list more sign types and only rule out the seal types for
 * persons; the API facts win, so a person may use every sign type except SIGN_SEAL,
 * SIGN_PAGING_SEAL and SIGN_LEGAL_PERSON_SEAL.
 *
 * The spec's note on ApproverInfo.OrganizationName says "required when ApproverType is 0 or 3". For
 * type 3 the guide's own auto-sign requests leave it out (`{"ApproverType": 3}`), ESS fills in the
 * operator's company, and issue 2 makes that the product's behaviour; so for a silent signer it is
 * optional here, and when given it must be the operator's own company.
 */
import type { ApproverInfo, FlowCreateApprover } from '../api/approvers.js';
import type { Component } from '../api/components.js';
import {
  type ComponentContext,
  FILL_TYPE_SET,
  SEAL_TYPE_SET,
  SIGN_TYPE_SET,
  SIGNATURE_TYPE_SET,
  validateComponents,
} from './components.js';
import { approverSide } from './contract-type.js';
import { isMainlandMobile } from './text.js';
import { isObject, objectsOf, pathOf, type RuleViolation, violation } from './types.js';

/** Most signers a flow may have (ess-api.md §7.2, §7.4). */
export const MAX_APPROVERS = 50;

/** The fields every approver rule reads; ApproverInfo and FlowCreateApprover both fit. */
type AnyApprover = ApproverInfo | FlowCreateApprover;

/** The operator (经办人) as the silent-sign defaults need it. */
export interface OperatorIdentity {
  UserId?: string;
  Name?: string;
  Mobile?: string;
  /** The operator's own company: the only one that can sign automatically. */
  OrganizationName?: string;
}

/** What the file-flow approver rules need besides the approvers. */
export interface FileFlowContext extends Omit<ComponentContext, 'kind'> {
  /** Where the approvers sit in the request; default `Approvers`. */
  path?: string;
  /** The operator and their company: a silent signer must be that company. */
  operator?: OperatorIdentity;
  /** SignBeanTag 1: signers place their own components, so none are required up front. */
  signBeanTag?: number;
  /** OpenDynamicSignFlow: signers may be added later, so an empty list is allowed. */
  dynamic?: boolean;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** True for an enterprise silent (automatic) signer, ApproverType 3. */
export function isSilentApprover(approver: { ApproverType?: unknown } | null | undefined): boolean {
  return isObject(approver) && approver.ApproverType === 3;
}

/**
 * The silent signer as ESS records it: the operator signs, for the operator's own company, whatever
 * name, mobile or company the request gave (guide: 使用自动签署时，经办人默认为发起人，且不能更改).
 */
export function applySilentSignerDefaults<T extends AnyApprover>(approver: T, operator: OperatorIdentity): T {
  if (!isSilentApprover(approver) || typeof operator !== 'object' || operator === null) return approver;
  const out: T = { ...approver };
  if (operator.UserId !== undefined) out.UserId = operator.UserId;
  if (operator.Name !== undefined) out.ApproverName = operator.Name;
  if (operator.Mobile !== undefined) out.ApproverMobile = operator.Mobile;
  if (operator.OrganizationName !== undefined) out.OrganizationName = operator.OrganizationName;
  return out;
}

/**
 * Identity rules shared by file and template flows: who the approver is and whether the request says
 * enough about them. A UserId (an employee of the operator's company) stands in for name and mobile.
 */
export function validateApproverIdentity(
  approver: AnyApprover,
  path: string,
  operator?: OperatorIdentity,
): RuleViolation[] {
  if (!isObject(approver))
    return [violation('list-item-type', `${path} must be an approver object.`, path, 'InvalidParameter')];
  const out: RuleViolation[] = [];
  const at = (field: string) => pathOf(path, field);
  const side = approverSide(approver.ApproverType);
  if (side === null) {
    return [
      violation(
        'approver-type',
        `${at('ApproverType')} is ${JSON.stringify(approver.ApproverType)}; use 0 (enterprise), 1 (person), 3 (enterprise signing automatically) or 7 (person signing automatically).`,
        at('ApproverType'),
        'InvalidParameter.ApproverType',
      ),
    ];
  }
  const silent = isSilentApprover(approver);
  const byUserId = !isBlank(approver.UserId);
  const who = side === 'C' ? 'a person' : 'an enterprise signer';
  if (!silent && !byUserId) {
    if (isBlank(approver.ApproverName)) {
      out.push(
        violation(
          'approver-name-required',
          `${at('ApproverName')} is required for ${who}: give the signer's real name (or the UserId of an employee).`,
          at('ApproverName'),
          'MissingParameter.ApproverName',
        ),
      );
    }
    if (isBlank(approver.ApproverMobile)) {
      out.push(
        violation(
          'approver-mobile-required',
          `${at('ApproverMobile')} is required for ${who}: give the signer's mainland mobile number (11 digits, no +86).`,
          at('ApproverMobile'),
          'MissingParameter.ApproverMobile',
        ),
      );
    }
  }
  if (!isBlank(approver.ApproverMobile) && !isMainlandMobile(approver.ApproverMobile)) {
    out.push(
      violation(
        'approver-mobile-format',
        `${at('ApproverMobile')} must be a mainland mobile number: 11 digits starting with 1, without +86 or spaces.`,
        at('ApproverMobile'),
        'InvalidParameter.Mobile',
      ),
    );
  }
  if (side === 'C' && !isBlank(approver.OrganizationName)) {
    out.push(
      violation(
        'individual-organization-name',
        `${at('OrganizationName')} must be left out for a person (ApproverType ${approver.ApproverType}); to have a company sign, use ApproverType 0.`,
        at('OrganizationName'),
        'OperationDenied.ErrNoSupportIndividualHasOrganizationName',
      ),
    );
  }
  if (approver.ApproverType === 0 && isBlank(approver.OrganizationName)) {
    out.push(
      violation(
        'approver-organization-required',
        `${at('OrganizationName')} is required for an enterprise signer: give the company's registered name (工商注册名称, with full-width brackets （）).`,
        at('OrganizationName'),
        'MissingParameter.ApproverOrganizationInfo',
      ),
    );
  }
  if (
    silent &&
    !isBlank(approver.OrganizationName) &&
    operator?.OrganizationName !== undefined &&
    approver.OrganizationName !== operator.OrganizationName
  ) {
    out.push(
      violation(
        'silent-own-organization',
        `${at('OrganizationName')} is ${JSON.stringify(approver.OrganizationName)}, but automatic signing (ApproverType 3) only signs for the operator's own company ${JSON.stringify(operator.OrganizationName)}; leave OrganizationName out, or use ApproverType 0 for another company.`,
        at('OrganizationName'),
        'InvalidParameter.OrganizationName',
      ),
    );
  }
  return out;
}

/** True when a component list has at least one component. */
const any = (list: readonly Component[] | null | undefined) => Array.isArray(list) && list.length > 0;

/** Why a signer may not have a component type, or `null` when it may (one place for the per-signer-type rules). */
export interface RefusedComponentType {
  rule: 'individual-seal' | 'silent-no-signature' | 'silent-no-fill';
  essCode: string;
}

/**
 * Whether `approver` may have a component of `type` in its SignComponents (`kind: 'sign'`) or Components
 * (`kind: 'fill'`): a person has no company seal, an automatic signer writes no signature and fills
 * nothing in. Type membership (sign vs fill types) is `validateComponent`'s business.
 */
export function refusedComponentType(
  approver: Pick<AnyApprover, 'ApproverType'>,
  type: string,
  kind: 'sign' | 'fill',
): RefusedComponentType | null {
  const person = approverSide(approver?.ApproverType) === 'C';
  const silent = isSilentApprover(approver);
  if (kind === 'fill')
    return silent ? { rule: 'silent-no-fill', essCode: 'OperationDenied.ServerSignNoAllowComponent' } : null;
  if (person && SEAL_TYPE_SET.has(type))
    return { rule: 'individual-seal', essCode: 'InvalidParameter.SignComponentType' };
  if (silent && SIGNATURE_TYPE_SET.has(type))
    return { rule: 'silent-no-signature', essCode: 'OperationDenied.ServerSignNoSupportSignature' };
  return null;
}

/**
 * The component types a signer may be given, in the order a palette shows them: sign types in
 * SignComponents and fill types in Components, minus what {@link refusedComponentType} rules out.
 */
export function componentTypesFor(approver: Pick<AnyApprover, 'ApproverType'>): {
  sign: string[];
  fill: string[];
} {
  return {
    sign: [...SIGN_TYPE_SET].filter((type) => !refusedComponentType(approver, type, 'sign')),
    fill: [...FILL_TYPE_SET].filter((type) => !refusedComponentType(approver, type, 'fill')),
  };
}

/**
 * Rules for the approvers of a file flow (CreateFlowByFiles): identities, each signer's sign and fill
 * components, and the silent signer's needs (a seal given by id, no handwritten signature, no fill
 * components — for anyone but the initiator — while a silent signer is present).
 */
export function validateFileFlowApprovers(
  approvers: readonly ApproverInfo[] | null | undefined,
  ctx: FileFlowContext = {},
): RuleViolation[] {
  const base = ctx.path ?? 'Approvers';
  const out: RuleViolation[] = [];
  if (approvers !== undefined && approvers !== null && !Array.isArray(approvers)) {
    return [
      violation(
        'approvers-type',
        `${base} must be a list of signers (ApproverInfo objects).`,
        base,
        'InvalidParameter',
      ),
    ];
  }
  const entries = objectsOf(approvers, base, out);
  if ((approvers ?? []).length === 0 && !ctx.dynamic) {
    out.push(
      violation(
        'approvers-required',
        `${base} is empty: a file flow needs at least one signer (or OpenDynamicSignFlow to add them later).`,
        base,
        'MissingParameter.FlowApprover',
      ),
    );
  }
  if ((approvers ?? []).length > MAX_APPROVERS) {
    out.push(
      violation(
        'approvers-max',
        `${base} has ${(approvers ?? []).length} signers; a flow takes at most ${MAX_APPROVERS}.`,
        base,
        'InvalidParameter.FlowApprovers',
      ),
    );
  }
  const componentCtx = { pageCount: ctx.pageCount, pageSizes: ctx.pageSizes, allowNegativePages: true };
  const silentIndexes: number[] = [];
  for (const [approver, i] of entries) {
    const path = pathOf(base, i);
    const at = (...rest: (string | number)[]) => pathOf(path, ...rest);
    const identity = validateApproverIdentity(approver, path, ctx.operator);
    out.push(...identity);
    if (identity.some((v) => v.rule === 'approver-type')) continue;
    const silent = isSilentApprover(approver);
    const person = approverSide(approver.ApproverType) === 'C';
    if (silent) silentIndexes.push(i);

    out.push(
      ...validateComponents(approver.SignComponents, at('SignComponents'), { ...componentCtx, kind: 'sign' }),
    );
    out.push(...validateComponents(approver.Components, at('Components'), { ...componentCtx, kind: 'fill' }));

    const sign: readonly Component[] = Array.isArray(approver.SignComponents) ? approver.SignComponents : [];
    if (!any(approver.SignComponents) && ctx.signBeanTag !== 1 && !silent) {
      out.push(
        violation(
          'sign-components-required',
          `${at('SignComponents')} is empty: place at least one sign component (e.g. ${person ? 'SIGN_SIGNATURE' : 'SIGN_SEAL'}) for this signer, or set SignBeanTag 1 to let signers place their own.`,
          at('SignComponents'),
          'MissingParameter.ApproverSignComponent',
        ),
      );
    }
    sign.forEach((component, j) => {
      if (!isObject(component)) return; // reported by validateComponents
      const cpath = at('SignComponents', j, 'ComponentType');
      const refused = refusedComponentType(approver, component.ComponentType, 'sign');
      if (refused?.rule === 'individual-seal') {
        out.push(
          violation(
            'individual-seal',
            `${cpath} is ${component.ComponentType}, but a person has no company seal; use SIGN_SIGNATURE (or SIGN_DATE).`,
            cpath,
            'InvalidParameter.SignComponentType',
          ),
        );
      }
      if (refused?.rule === 'silent-no-signature') {
        out.push(
          violation(
            'silent-no-signature',
            `${cpath} is ${component.ComponentType}, but an automatic signer (ApproverType 3) cannot write a signature by hand; use SIGN_SEAL with the seal id in ComponentValue.`,
            cpath,
            'OperationDenied.ServerSignNoSupportSignature',
          ),
        );
      }
      if (silent && component.ComponentType === 'SIGN_SEAL' && isBlank(component.ComponentValue)) {
        out.push(
          violation(
            'silent-seal-id-required',
            `${at('SignComponents', j, 'ComponentValue')} must hold the SealId to stamp: an automatic signer (ApproverType 3) seals without anyone choosing a seal (get ids from DescribeOrganizationSeals).`,
            at('SignComponents', j, 'ComponentValue'),
            'MissingParameter.ServerSignSealId',
          ),
        );
      }
    });
    if (silent && !sign.some((c) => isObject(c) && c.ComponentType === 'SIGN_SEAL')) {
      out.push(
        violation(
          'silent-seal-required',
          `${at('SignComponents')} needs a SIGN_SEAL component with the SealId in ComponentValue: that is what an automatic signer (ApproverType 3) stamps.`,
          at('SignComponents'),
          'MissingParameter.ServerSignSealId',
        ),
      );
    }
    if (silent && any(approver.Components)) {
      out.push(
        violation(
          'silent-no-fill',
          `${at('Components')} must be empty: an automatic signer (ApproverType 3) fills nothing in; let the initiator fill the values in the request's Components.`,
          at('Components'),
          'OperationDenied.ServerSignNoAllowComponent',
        ),
      );
    }
  }
  if (silentIndexes.length > 0) {
    for (const [approver, i] of entries) {
      if (isSilentApprover(approver) || !any(approver.Components)) continue;
      out.push(
        violation(
          'silent-no-fill-for-others',
          `${pathOf(base, i, 'Components')} must be empty because ${pathOf(base, silentIndexes[0])} signs automatically: once a company seals automatically, no other party may change the contract's content (guide: 自动签署). Let the initiator fill these values instead.`,
          pathOf(base, i, 'Components'),
          'OperationDenied.ServerSignNoAllowComponent',
        ),
      );
    }
  }
  return out;
}
