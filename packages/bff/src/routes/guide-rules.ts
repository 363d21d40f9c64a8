/**
 * The integration guide's rules (shared's `rules/`), applied before anything is sent to ESS so a
 * wrong request fails fast with a 400 whose message names the rule and the field.
 */
import {
  type ApproverInfo,
  type ContractType,
  type CreateDocumentRequest,
  type CreateFlowByFilesRequest,
  type CreateFlowRequest,
  contractTypeFromApprovers,
  type OperatorIdentity,
  type RuleTemplate,
  type RuleViolation,
  validateCreateDocument,
  validateFileFlowRequest,
  validateTemplateFlowRequest,
} from '@ess-kit/shared';
import { BffError } from '../errors.js';

function fail(violations: RuleViolation[]): never {
  const first = violations[0];
  throw new BffError(
    'RULE_VIOLATION',
    `${first.path ? `${first.path}: ` : ''}${first.message} (rule ${first.rule})`,
    {
      violations: violations.map(({ rule, message, path }) => ({ rule, message, path })),
    },
  );
}

/**
 * Throws RULE_VIOLATION when a file flow request breaks the guide's rules. FileIds are not checked:
 * the BFF sets them itself after uploading the file.
 */
export function checkFileFlowRequest(
  request: Omit<Partial<CreateFlowByFilesRequest>, 'FileIds'>,
  operator: OperatorIdentity,
  nowSeconds: number,
): void {
  const violations = validateFileFlowRequest(request, { operator, now: nowSeconds }).filter(
    (v) => !v.path?.startsWith('FileIds'),
  );
  if (violations.length > 0) fail(violations);
}

/** Throws RULE_VIOLATION when a template flow request does not fit its template (roles, order, kinds). */
export function checkTemplateFlowRequest(
  request: Partial<CreateFlowRequest>,
  template: RuleTemplate,
  operator: OperatorIdentity,
): void {
  const violations = validateTemplateFlowRequest(request, template, operator);
  if (violations.length > 0) fail(violations);
}

/**
 * Throws RULE_VIOLATION when FormFields name a component the template does not have, or leave a
 * required initiator field empty: checked before CreateFlow, so a typo never leaves a flow behind.
 */
export function checkTemplateFormFields(
  formFields: CreateDocumentRequest['FormFields'],
  template: RuleTemplate,
): void {
  const violations = validateCreateDocument({ FormFields: formFields }, template);
  if (violations.length > 0) fail(violations);
}

/** The guide's contract type of an approver list (`multi-party` when it cannot tell). */
export function contractType(approvers: readonly Pick<ApproverInfo, 'ApproverType'>[]): ContractType {
  return contractTypeFromApprovers(approvers) ?? 'multi-party';
}

export { isTemplateUnordered, signingRecipients } from '@ess-kit/shared';
