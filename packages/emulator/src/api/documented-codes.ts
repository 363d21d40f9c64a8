/**
 * Error codes as each action documents them. Tencent lists, per action, the error codes it may
 * answer ("可能返回的错误码"; shared's ESS_ACTION_ERROR_CODES, the same lists as the official SDKs).
 * The emulator's checks are shared between actions and name one code each; before an action's
 * error goes out, this picks the code of that action's own list that says the same thing, so a
 * client that switches on the documented codes sees only those. The message is left as it is.
 */
import { ESS_ACTION_ERROR_CODES, type EssActionName } from '@ess-kit/shared';

/** Families whose codes describe a bad or missing request field. */
const PARAMETER_FAMILIES = ['MissingParameter', 'InvalidParameter', 'InvalidParameterValue'];

/** Same meaning, other spellings, in the order they are tried (after the code itself). */
const SYNONYMS: Record<string, readonly string[]> = {
  'ResourceNotFound.User': ['InvalidParameter.InvalidOperatorId', 'OperationDenied.UserNotInOrganization'],
  'MissingParameter.UserId': ['InvalidParameter.InvalidOperatorId'],
  'InvalidParameter.InvalidOperatorId': ['ResourceNotFound.User'],
  'ResourceNotFound.Flow': ['ResourceNotFound.NotExistFlow'],
  'ResourceNotFound.NotExistFlow': ['ResourceNotFound.Flow'],
  'ResourceNotFound.Template': ['ResourceNotFound.NotExistTemplate'],
  'ResourceNotFound.NotExistTemplate': ['ResourceNotFound.Template'],
  'ResourceNotFound.Document': ['ResourceNotFound.NotExistDocument'],
  'ResourceNotFound.NotExistDocument': ['ResourceNotFound.Document'],
  'ResourceNotFound.Resource': ['ResourceNotFound.NotExistResource'],
  'ResourceNotFound.NotExistResource': ['ResourceNotFound.Resource'],
  'OperationDenied.FlowStatusForbid': ['InvalidParameter.Status', 'OperationDenied.FlowHasTerminated'],
};

/** Request field names whose codes are spelled differently (CancelMessage → …CancelReason). */
const FIELD_CODE_NAMES: Record<string, readonly string[]> = {
  CancelMessage: ['CancelReason'],
  FlowIds: ['FlowId'],
  BusinessIds: ['BusinessId'],
  Approvers: ['FlowApprovers', 'FlowApprover'],
  ApproverMobile: ['Mobile', 'InvalidMobile'],
  ApproverName: ['Name', 'InvalidName'],
  Deadline: ['FlowDeadLine'],
};

/** Broader codes of the same kind, tried once nothing more specific is documented. */
function broader(code: string): string[] {
  const family = code.split('.')[0];
  if (PARAMETER_FAMILIES.includes(family) || family === 'UnknownParameter')
    return [
      family,
      'InvalidParameter.ParamError',
      'InvalidParameter',
      'InvalidParameterValue',
      'MissingParameter',
    ];
  if (family === 'ResourceNotFound')
    return [
      'ResourceNotFound',
      'ResourceNotFound.Resource',
      'ResourceNotFound.NotExistResource',
      'InvalidParameter.DataNotFound',
      'InvalidParameter.ParamError',
    ];
  if (family === 'InternalError') return ['InternalError', 'InternalError.System'];
  return [family];
}

/**
 * The code `action` documents for an error the emulator raised as `code`. `field` is the request
 * path a schema error is about (`Approvers[0].ApproverType`): a documented code named after the
 * field (`InvalidParameter.ApproverType`) is preferred to a generic one.
 */
export function documentedCode(action: EssActionName, code: string, field?: string): string {
  const documented = new Set<string>(ESS_ACTION_ERROR_CODES[action]);
  const family = code.split('.')[0];
  const leaf = field
    ?.split('.')
    .pop()
    ?.replace(/\[\d+\]$/, '');
  const named = leaf ? [leaf, ...(FIELD_CODE_NAMES[leaf] ?? [])] : [];
  const families = [family, ...PARAMETER_FAMILIES.filter((f) => f !== family)];
  const candidates = [
    ...(PARAMETER_FAMILIES.includes(family) ? families.flatMap((f) => named.map((n) => `${f}.${n}`)) : []),
    code,
    ...(SYNONYMS[code] ?? []),
    ...broader(code),
    // Every action documents at least one of these: the last resort says "refused".
    'FailedOperation',
    'OperationDenied',
  ];
  const found = candidates.find((c) => documented.has(c));
  if (!found) throw new Error(`${action} documents none of ${candidates.join(', ')}`);
  return found;
}
