/**
 * One rule for the codes the essbasic endpoint answers: a code must be in the action's documented
 * list ("可能返回的错误码", vendored in @ess-kit/shared). The emulator's shared flow machinery speaks
 * ess codes; when one is not in the essbasic action's list, the nearest documented code of the same
 * family is used (`OperationDenied.X` → `OperationDenied`, `ResourceNotFound.X` → `ResourceNotFound`
 * or `InvalidParameter.DataNotFound`, …, then FailedOperation / InvalidParameter / InternalError);
 * the message, which says what went wrong, is kept.
 */
import { ESSBASIC_ACTION_ERROR_CODES, type EssbasicActionName } from '@ess-kit/shared';

const FAMILY_FALLBACKS: Record<string, string[]> = {
  InvalidParameter: ['InvalidParameter.ParamError', 'InvalidParameter', 'InvalidParameterValue'],
  InvalidParameterValue: ['InvalidParameterValue', 'InvalidParameter.ParamError', 'InvalidParameter'],
  MissingParameter: ['MissingParameter', 'InvalidParameter.ParamError', 'InvalidParameter'],
  ResourceNotFound: ['ResourceNotFound', 'InvalidParameter.DataNotFound', 'ResourceNotFound.Resource'],
  OperationDenied: ['OperationDenied', 'OperationDenied.Forbid', 'UnauthorizedOperation'],
  UnauthorizedOperation: ['UnauthorizedOperation', 'OperationDenied', 'OperationDenied.Forbid'],
  LimitExceeded: ['LimitExceeded', 'InvalidParameter.ParamError', 'InvalidParameter'],
  FailedOperation: ['FailedOperation'],
  InternalError: ['InternalError', 'InternalError.System'],
};
const GENERIC = ['FailedOperation', 'InvalidParameter.ParamError', 'InvalidParameter', 'InternalError'];

/** The code the essbasic endpoint answers for an emulator error code raised by `action`. */
export function documentedCode(action: EssbasicActionName, code: string): string {
  const list = ESSBASIC_ACTION_ERROR_CODES[action] ?? [];
  if (list.includes(code)) return code;
  const family = code.split('.')[0];
  for (const candidate of [...(FAMILY_FALLBACKS[family] ?? []), ...GENERIC])
    if (list.includes(candidate)) return candidate;
  return 'InternalError';
}
