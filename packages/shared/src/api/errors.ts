import { ESS_ERROR_CODES, type EssErrorCode } from './error-codes.js';

export {
  ESS_ACTION_ERROR_CODES,
  ESS_ERROR_CODES,
  ESS_ERROR_EXAMPLES,
  type EssErrorCode,
} from './error-codes.js';

/** True when `code` is one of the documented ESS error codes. */
export function isEssErrorCode(code: string): code is EssErrorCode {
  return Object.hasOwn(ESS_ERROR_CODES, code);
}

/**
 * The documented meaning of an ESS error code (ess-api.md §3). An undocumented sub-code falls back
 * to its family (`InvalidParameter.Foo` → the meaning of `InvalidParameter`), so callers always get
 * a sentence; a code with no documented family says so instead of guessing.
 */
export function essErrorMessage(code: string): string {
  if (isEssErrorCode(code)) return ESS_ERROR_CODES[code];
  const family = code.split('.')[0];
  if (family !== code && isEssErrorCode(family)) return ESS_ERROR_CODES[family];
  return `Undocumented ESS error code ${JSON.stringify(code)}.`;
}
