/**
 * Template-flow rules (guide: 通过模板发起签署流程 步骤3–4, 自动签署 使用模板发起; ess-api.md §7.4–7.5):
 * approvers follow the template's roles in order and kind, Unordered matches the template, and a
 * silent signer rules out fill components of the signing parties.
 */
import type { FlowCreateApprover } from '../api/approvers.js';
import type { CreateDocumentRequest, CreateFlowRequest } from '../api/flows.js';
import {
  isSilentApprover,
  MAX_APPROVERS,
  type OperatorIdentity,
  validateApproverIdentity,
} from './approvers.js';
import { approverSide, recipientSide } from './contract-type.js';
import {
  charLength,
  MAX_FLOW_DESCRIPTION_LENGTH,
  MAX_USER_DATA_LENGTH,
  validateFlowName,
  validateMaxLength,
} from './text.js';
import {
  asObject,
  isObject,
  objectsIn,
  objectsOf,
  pathOf,
  type RuleRecipient,
  type RuleTemplate,
  type RuleTemplateComponent,
  type RuleViolation,
  violation,
} from './types.js';

/** Longest file name in CreateDocument.FileNames (ess-api.md §7.5). */
export const MAX_FILE_NAME_LENGTH = 200;
/** Longest ClientToken (issue 3, the guide's CreateDocument table). */
export const MAX_CLIENT_TOKEN_LENGTH = 64;

/** The roles that sign, in signing order (roles with `RequireSign: false` do not). */
export function signingRecipients(template: RuleTemplate): RuleRecipient[] {
  return objectsIn(asObject(template).Recipients).filter((r) => r.RequireSign !== false);
}

/** Whether the template is set up for signing in any order: `Unordered` if given, else SignOrder `[-1]`. */
export function isTemplateUnordered(template: RuleTemplate): boolean {
  const { Unordered, SignOrder } = asObject(template);
  if (typeof Unordered === 'boolean') return Unordered;
  return Array.isArray(SignOrder) && SignOrder[0] === -1;
}

/**
 * Whether a role signs automatically with the template's seal. Explicit `silent` wins. Otherwise
 * [derived]: the template declares own-company auto-sign (TemplateType 1) and the role is an
 * enterprise whose SIGN_SEAL already carries a seal id chosen in the template (the guide's console
 * steps: 在弹窗中选定一个印章供自动签署时使用).
 */
export function isSilentRecipient(recipient: RuleRecipient, template: RuleTemplate): boolean {
  if (!isObject(recipient)) return false;
  if (typeof recipient.silent === 'boolean') return recipient.silent;
  const { TemplateType, SignComponents } = asObject(template);
  if (TemplateType !== 1 || recipientSide(recipient.RecipientType) !== 'B') return false;
  return objectsIn(SignComponents).some(
    (c) =>
      c.ComponentRecipientId === recipient.RecipientId &&
      c.ComponentType === 'SIGN_SEAL' &&
      !!c.ComponentValue,
  );
}

/** The ids of the initiator's role(s): the Promoter and any role typed PROMOTER that does not sign. */
function initiatorIds(template: RuleTemplate): Set<string> {
  const ids = new Set<string>();
  const { Promoter, Recipients } = asObject(template);
  if (isObject(Promoter) && typeof Promoter.RecipientId === 'string') ids.add(Promoter.RecipientId);
  for (const r of objectsIn(Recipients))
    if (r.RecipientType === 'PROMOTER' && r.RecipientId && r.RequireSign === false) ids.add(r.RecipientId);
  return ids;
}

/** Fill components the initiator fills (at CreateDocument, through FormFields). */
export function initiatorFillComponents(template: RuleTemplate): RuleTemplateComponent[] {
  const ids = initiatorIds(template);
  return objectsIn(asObject(template).Components).filter(
    (c) => c.ComponentRecipientId !== undefined && ids.has(c.ComponentRecipientId),
  );
}

/** Fill components a signing party fills while signing (everything not the initiator's). */
export function signerFillComponents(template: RuleTemplate): RuleTemplateComponent[] {
  const ids = initiatorIds(template);
  return objectsIn(asObject(template).Components).filter(
    (c) => !(c.ComponentRecipientId !== undefined && ids.has(c.ComponentRecipientId)),
  );
}

const describeRole = (r: RuleRecipient) =>
  `${r.RoleName ? `${r.RoleName} ` : ''}(${recipientSide(r.RecipientType) === 'C' ? 'person' : 'enterprise'})`;

/** Options of {@link validateTemplateFlowApprovers}. */
export interface TemplateFlowOptions {
  /** The request's Unordered (default false); must match the template's order setting. */
  unordered?: boolean;
  /** The operator: a silent signer must be the operator's company. */
  operator?: OperatorIdentity;
  /** Where the approvers sit in the request; default `Approvers`. */
  path?: string;
}

/**
 * Rules for the approvers of CreateFlow against the template it will use: exactly one approver per
 * signing role, in the template's order, of the matching kind (a person for INDIVIDUAL, an enterprise
 * — possibly silent — otherwise); a RecipientId, when given, must be that role's. A silent signer
 * needs nothing but `{"ApproverType": 3}`: its seal comes from the template. While a silent signer is
 * present the template may hold no fill components for the signing parties (guide: 如果使用静默签模板
 * 发起合同，必须保证静默签模板不能有填写控件; the initiator's own fill components stay allowed, because
 * the auto-sign section says 控件仅能由发起方在发起时进行填写).
 */
export function validateTemplateFlowApprovers(
  approvers: readonly FlowCreateApprover[] | null | undefined,
  template: RuleTemplate,
  options: TemplateFlowOptions = {},
): RuleViolation[] {
  const base = options.path ?? 'Approvers';
  if (approvers !== undefined && approvers !== null && !Array.isArray(approvers)) {
    return [
      violation(
        'approvers-type',
        `${base} must be a list of signers (FlowCreateApprover objects).`,
        base,
        'InvalidParameter',
      ),
    ];
  }
  const list = approvers ?? [];
  const roles = signingRecipients(template);
  const out: RuleViolation[] = [];
  const roleList = roles.map(describeRole).join(', ');

  if (list.length !== roles.length) {
    out.push(
      violation(
        'template-approver-count',
        `${base} has ${list.length} approver${list.length === 1 ? '' : 's'} but the template has ${roles.length} signing role${roles.length === 1 ? '' : 's'} (${roleList || 'none'}); send one approver per role, in that order.`,
        base,
        list.length === 0 ? 'MissingParameter.FlowApprover' : 'OperationDenied.ApproverNoMatchTemplate',
      ),
    );
  }
  if (list.length > MAX_APPROVERS) {
    out.push(
      violation(
        'approvers-max',
        `${base} has ${list.length} signers; a flow takes at most ${MAX_APPROVERS}.`,
        base,
        'InvalidParameter.FlowApprovers',
      ),
    );
  }
  for (const [approver, i] of objectsOf(list, base, out)) {
    const path = pathOf(base, i);
    const identity = validateApproverIdentity(approver, path, options.operator);
    out.push(...identity);
    const role = roles[i];
    if (!role || identity.some((v) => v.rule === 'approver-type')) continue;
    const side = approverSide(approver.ApproverType);
    const wanted = recipientSide(role.RecipientType);
    if (side !== wanted) {
      out.push(
        violation(
          'template-approver-type',
          `${pathOf(path, 'ApproverType')} is ${approver.ApproverType} (${side === 'C' ? 'a person' : 'an enterprise'}), but role ${i + 1} of the template is ${describeRole(role)}; approvers must follow the template's roles in order: ${roleList}.`,
          pathOf(path, 'ApproverType'),
          'OperationDenied.ApproverNoMatchTemplate',
        ),
      );
    }
    if (approver.RecipientId && role.RecipientId && approver.RecipientId !== role.RecipientId) {
      const other = roles.findIndex((r) => r.RecipientId === approver.RecipientId);
      out.push(
        violation(
          other >= 0 ? 'template-approver-order' : 'template-recipient-unknown',
          other >= 0
            ? `${pathOf(path, 'RecipientId')} is role ${other + 1} of the template, but it is approver ${i + 1}; list approvers in the template's role order: ${roleList}.`
            : `${pathOf(path, 'RecipientId')} ${JSON.stringify(approver.RecipientId)} is not a role of this template; use the Recipients[].RecipientId values from DescribeFlowTemplates.`,
          pathOf(path, 'RecipientId'),
          'OperationDenied.ApproverNoMatchTemplate',
        ),
      );
    }
  }

  const unordered = options.unordered ?? false;
  if (unordered !== isTemplateUnordered(template)) {
    out.push(
      violation(
        'template-unordered',
        `Unordered is ${unordered} but the template is set up for ${isTemplateUnordered(template) ? 'signing in any order' : 'signing in order'}; send Unordered: ${isTemplateUnordered(template)}.`,
        'Unordered',
        'InvalidParameter.ParamError',
      ),
    );
  }

  const silentAt = list.findIndex((a) => isSilentApprover(a));
  if (silentAt >= 0) {
    const fills = signerFillComponents(template);
    if (fills.length > 0) {
      const names = fills
        .map((c) => JSON.stringify(c.ComponentName ?? c.ComponentId ?? c.ComponentType))
        .join(', ');
      out.push(
        violation(
          'silent-no-fill-for-others',
          `${pathOf(base, silentAt)} signs automatically, but the template lets signing parties fill in ${names}; a template used with automatic signing may only have fill components of the initiator. Remove them from the template or make them the initiator's.`,
          pathOf(base, silentAt),
          'OperationDenied.ServerSignNoAllowComponent',
        ),
      );
    }
  }
  return out;
}

/** CreateFlow as a whole against its template: FlowName, lengths, then the approver rules. */
export function validateTemplateFlowRequest(
  input: Partial<CreateFlowRequest>,
  template: RuleTemplate,
  operator?: OperatorIdentity,
): RuleViolation[] {
  const request = asObject(input);
  return [
    ...validateFlowName(request.FlowName),
    ...validateMaxLength(
      request.FlowDescription,
      MAX_FLOW_DESCRIPTION_LENGTH,
      'FlowDescription',
      'flow-description-length',
      'InvalidParameter.FlowDescription',
    ),
    ...validateMaxLength(
      request.UserData,
      MAX_USER_DATA_LENGTH,
      'UserData',
      'user-data-length',
      'InvalidParameter.FlowUserData',
    ),
    ...autoSignScene(request),
    ...validateTemplateFlowApprovers(request.Approvers, template, { unordered: request.Unordered, operator }),
  ];
}

/** ApproverType 7 (personal auto-sign) needs AutoSignScene (ess-api.md §7.2). */
export function autoSignScene(input: {
  Approvers?: readonly { ApproverType?: unknown }[];
  AutoSignScene?: string;
}): RuleViolation[] {
  const request = asObject(input);
  const at = Array.isArray(request.Approvers)
    ? request.Approvers.findIndex((a) => isObject(a) && a.ApproverType === 7)
    : -1;
  if (at < 0 || request.AutoSignScene) return [];
  return [
    violation(
      'auto-sign-scene-required',
      `AutoSignScene is required because Approvers[${at}] signs automatically as a person (ApproverType 7): use E_PRESCRIPTION_AUTO_SIGN or OTHER.`,
      'AutoSignScene',
      'InvalidParameter.PersonAutoSignTag',
    ),
  ];
}

/**
 * CreateDocument rules: one file name (≤ 200 characters), ClientToken ≤ 64, and — when the template
 * is known — every FormField names a component of the template and every required initiator fill
 * component gets a value.
 */
export function validateCreateDocument(
  input: Partial<CreateDocumentRequest>,
  template?: RuleTemplate,
): RuleViolation[] {
  const request = asObject(input);
  const out: RuleViolation[] = [];
  const names: unknown[] = Array.isArray(request.FileNames) ? request.FileNames : [];
  if (request.FileNames !== undefined && !Array.isArray(request.FileNames)) {
    out.push(
      violation('list-type', 'FileNames must be a list with one file name.', 'FileNames', 'InvalidParameter'),
    );
  }
  if (names.length > 1) {
    out.push(
      violation(
        'document-file-names-one',
        `FileNames has ${names.length} names; a flow has one file, so give at most one.`,
        'FileNames',
        'InvalidParameter.ParamError',
      ),
    );
  }
  names.forEach((name, i) => {
    if (typeof name !== 'string') {
      out.push(
        violation(
          'list-item-type',
          `FileNames[${i}] must be a string.`,
          `FileNames[${i}]`,
          'InvalidParameter',
        ),
      );
    } else if (charLength(name) > MAX_FILE_NAME_LENGTH) {
      out.push(
        violation(
          'document-file-name-length',
          `FileNames[${i}] is ${charLength(name)} characters long; at most ${MAX_FILE_NAME_LENGTH}.`,
          `FileNames[${i}]`,
          'InvalidParameter.ParamError',
        ),
      );
    }
  });
  out.push(
    ...validateMaxLength(
      request.ClientToken,
      MAX_CLIENT_TOKEN_LENGTH,
      'ClientToken',
      'client-token-length',
      'InvalidParameter.ClientToken',
    ),
  );
  const fieldEntries = objectsOf(request.FormFields, 'FormFields', out);
  if (!isObject(template)) return out;

  const targets = [...objectsIn(template.Components), ...objectsIn(template.SignComponents)];
  const fields = fieldEntries.map(([field]) => field);
  for (const [field, i] of fieldEntries) {
    const hit = targets.some(
      (c) =>
        (field.ComponentId && c.ComponentId === field.ComponentId) ||
        (field.ComponentName && c.ComponentName === field.ComponentName),
    );
    if (!hit) {
      const label = field.ComponentId
        ? `ComponentId ${JSON.stringify(field.ComponentId)}`
        : `ComponentName ${JSON.stringify(field.ComponentName)}`;
      out.push(
        violation(
          'form-field-unknown',
          `FormFields[${i}] targets ${label}, which the template does not have; use the ids or names of the template's Components from DescribeFlowTemplates.`,
          `FormFields[${i}]`,
          'MissingParameter.Field',
        ),
      );
    }
  }
  for (const component of initiatorFillComponents(template)) {
    if (!component.ComponentRequired || component.ComponentValue) continue;
    const filled = fields.some(
      (f) =>
        f.ComponentValue !== '' &&
        ((f.ComponentId && f.ComponentId === component.ComponentId) ||
          (f.ComponentName && f.ComponentName === component.ComponentName)),
    );
    if (!filled) {
      const label = JSON.stringify(component.ComponentName ?? component.ComponentId);
      out.push(
        violation(
          'form-field-required',
          `The template's initiator field ${label} is required: add a FormFields entry with its ComponentName (or ComponentId) and a ComponentValue.`,
          'FormFields',
          'InvalidParameter.MissingRequiredComponentValue',
        ),
      );
    }
  }
  return out;
}
