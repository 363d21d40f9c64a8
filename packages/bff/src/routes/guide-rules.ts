/**
 * The integration guide's approver rules, applied before anything is sent to ESS so a wrong approver
 * set fails fast with a message naming the rule. Uses shared's `rules/` (docs/internals.md) when it
 * provides them; until then the essential checks below stand in (same RuleViolation shape).
 */
import * as shared from '@ess-kit/shared';
import { BffError } from '../errors.js';

/** One broken rule: a stable id, a message and the offending path. */
export interface RuleViolation {
  rule: string;
  message: string;
  path?: string;
}

type ApproverLike = {
  ApproverType?: number;
  ApproverName?: string;
  ApproverMobile?: string;
  OrganizationName?: string;
  SignComponents?: unknown[];
};
type RecipientLike = { RecipientId?: string; RecipientType?: string; RoleName?: string };
type TemplateLike = { Recipients?: RecipientLike[]; SignOrder?: number[]; Promoter?: RecipientLike };

/** Shared's rule functions as the contract names them (looked up at run time: they may not exist yet). */
const sharedRules = shared as unknown as {
  validateFileFlowApprovers?: (approvers: unknown[], ctx: Record<string, unknown>) => RuleViolation[];
  validateTemplateFlowApprovers?: (approvers: unknown[], template: unknown) => RuleViolation[];
  contractTypeFromApprovers?: (approvers: unknown[]) => string;
};

const MOBILE = /^1\d{10}$/;

function basicApproverRules(approvers: ApproverLike[], fileFlow: boolean): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (approvers.length === 0)
    out.push({ rule: 'approvers.required', message: 'At least one approver is required' });
  if (approvers.length > 50) out.push({ rule: 'approvers.max', message: 'At most 50 approvers' });
  approvers.forEach((a, i) => {
    const path = `Approvers.${i}`;
    const type = a.ApproverType;
    if (type === 0 || type === 1) {
      if (!a.ApproverName) out.push({ rule: 'approver.name', message: 'ApproverName is required', path });
      if (!a.ApproverMobile || !MOBILE.test(a.ApproverMobile))
        out.push({
          rule: 'approver.mobile',
          message: 'ApproverMobile must be an 11-digit mainland mobile',
          path,
        });
    }
    if ((type === 0 || type === 3) && fileFlow && !a.OrganizationName)
      out.push({
        rule: 'approver.organization',
        message: 'OrganizationName is required for enterprise signers',
        path,
      });
    if ((type === 1 || type === 7) && a.OrganizationName)
      out.push({
        rule: 'approver.person-without-organization',
        message: 'An individual signer must not carry OrganizationName',
        path,
      });
    if (fileFlow && (!Array.isArray(a.SignComponents) || a.SignComponents.length === 0))
      out.push({
        rule: 'approver.sign-components',
        message: 'Each signer of a file flow needs SignComponents',
        path,
      });
  });
  return out;
}

/** Contract type from approver types (single-b, single-c, b2c, b2b, multi-party). */
export function contractType(approvers: ApproverLike[]): string {
  if (sharedRules.contractTypeFromApprovers) return sharedRules.contractTypeFromApprovers(approvers);
  const orgs = approvers.filter((a) => a.ApproverType === 0 || a.ApproverType === 3).length;
  const people = approvers.length - orgs;
  if (approvers.length > 2) return 'multi-party';
  if (orgs === 1 && people === 0) return 'single-b';
  if (orgs === 0 && people === 1) return 'single-c';
  if (orgs === 1 && people === 1) return 'b2c';
  if (orgs === 2) return 'b2b';
  return 'multi-party';
}

function fail(violations: RuleViolation[]): never {
  const first = violations[0];
  throw new BffError(
    'RULE_VIOLATION',
    `${first.path ? `${first.path}: ` : ''}${first.message} (rule ${first.rule})`,
    { violations },
  );
}

/** Throws RULE_VIOLATION when a file flow's approvers break the guide's rules. */
export function checkFileFlowApprovers(approvers: ApproverLike[], ctx: Record<string, unknown> = {}): void {
  const violations = sharedRules.validateFileFlowApprovers
    ? sharedRules.validateFileFlowApprovers(approvers, ctx)
    : basicApproverRules(approvers, true);
  if (violations.length > 0) fail(violations);
}

/** The template's signing roles, in signing order. */
export function signingRecipients(template: TemplateLike): RecipientLike[] {
  return (template.Recipients ?? []).filter((r) => r.RecipientType !== 'PROMOTER');
}

/** Throws RULE_VIOLATION when template flow approvers do not match the template's recipients in order. */
export function checkTemplateFlowApprovers(approvers: ApproverLike[], template: TemplateLike): void {
  let violations: RuleViolation[];
  if (sharedRules.validateTemplateFlowApprovers) {
    violations = sharedRules.validateTemplateFlowApprovers(approvers, template);
  } else {
    violations = basicApproverRules(approvers, false).filter((v) => v.rule !== 'approver.organization');
    const roles = signingRecipients(template);
    if (roles.length !== approvers.length) {
      violations.push({
        rule: 'template.approver-count',
        message: `The template has ${roles.length} signing role(s) but ${approvers.length} approver(s) were given`,
        path: 'Approvers',
      });
    } else {
      roles.forEach((role, i) => {
        const type = approvers[i].ApproverType;
        const enterprise = type === 0 || type === 3;
        if (role.RecipientType === 'ENTERPRISE' && !enterprise)
          violations.push({
            rule: 'template.approver-order',
            message: `Role ${i + 1} (${role.RoleName ?? role.RecipientId}) is an enterprise role; ApproverType must be 0 or 3`,
            path: `Approvers.${i}.ApproverType`,
          });
        if (role.RecipientType === 'INDIVIDUAL' && enterprise)
          violations.push({
            rule: 'template.approver-order',
            message: `Role ${i + 1} (${role.RoleName ?? role.RecipientId}) is an individual role; ApproverType must be 1 or 7`,
            path: `Approvers.${i}.ApproverType`,
          });
      });
    }
  }
  if (violations.length > 0) fail(violations);
}
