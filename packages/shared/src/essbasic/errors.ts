/**
 * essbasic error codes: the per-action lists (generated, error-codes.ts) and the common codes of
 * Tencent Cloud API 3.0 (公共错误码) that any action may answer before its own logic runs.
 */
import type { EssbasicActionName } from './actions-list.js';
import { ESSBASIC_ACTION_ERROR_CODES, ESSBASIC_ERROR_CODES } from './error-codes.js';

export { ESSBASIC_ACTION_ERROR_CODES, ESSBASIC_ERROR_CODES } from './error-codes.js';

/**
 * Common error codes (Tencent Cloud API 3.0 "公共错误码"): signature, version, size and rate checks
 * that happen before an action runs, so they are in no action's own list.
 */
export const ESSBASIC_COMMON_ERROR_CODES: readonly string[] = [
  'ActionOffline',
  'AuthFailure.InvalidAuthorization',
  'AuthFailure.InvalidSecretId',
  'AuthFailure.MFAFailure',
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.SignatureExpire',
  'AuthFailure.SignatureFailure',
  'AuthFailure.TokenFailure',
  'AuthFailure.UnauthorizedOperation',
  'DryRunOperation',
  'FailedOperation',
  'InternalError',
  'InvalidAction',
  'InvalidParameter',
  'InvalidParameterValue',
  'InvalidRequest',
  'IpInBlacklist',
  'IpNotInWhitelist',
  'LimitExceeded',
  'MissingParameter',
  'NoSuchProduct',
  'NoSuchVersion',
  'RequestLimitExceeded',
  'RequestSizeLimitExceeded',
  'ResourceInUse',
  'ResourceInsufficient',
  'ResourceNotFound',
  'ResourceUnavailable',
  'ServiceUnavailable',
  'UnauthorizedOperation',
  'UnknownParameter',
  'UnsupportedOperation',
  'UnsupportedProtocol',
  'UnsupportedRegion',
];

/** True when Tencent documents `code` for `action` (its own list, or a common code). */
export function isDocumentedEssbasicError(action: EssbasicActionName, code: string): boolean {
  return ESSBASIC_ACTION_ERROR_CODES[action]?.includes(code) || ESSBASIC_COMMON_ERROR_CODES.includes(code);
}

/** The documented meaning of an essbasic error code ('' when unknown). */
export function essbasicErrorMessage(code: string): string {
  return ESSBASIC_ERROR_CODES[code] ?? '';
}
