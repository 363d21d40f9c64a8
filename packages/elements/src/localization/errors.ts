import type { MessageKey } from './messages.js';

/**
 * Which message an error shows, by its stable code (the BFF's `errors.ts` codes and the client's
 * own): the one rule every element uses, so a Chinese page never shows the server's English text.
 */
const KEY_BY_CODE: Record<string, MessageKey> = {
  NETWORK: 'errNetwork',
  CORS_REFUSED: 'errCors',
  TIMEOUT: 'errTimeout',
  TOKEN_FETCH_FAILED: 'errSetup',
  TOKEN_INVALID: 'errToken',
  TOKEN_MISSING: 'errSetup',
  CONFIG_MISSING: 'errSetup',
  ESS_OPERATION_DENIED: 'errRefused',
  ESS_INVALID_PARAMETER: 'errRefused',
  FLOW_NOT_SIGNED: 'downloadNotSigned',
  // The attributes break the guide's QR rules: the rule's own text says which (for the developer).
  INVALID_QR_REQUEST: 'qrInvalid',
};

/**
 * The BFF gives every code one HTTP status (its `ERROR_CODES`), so whole families share a message:
 * 401 TOKEN_EXPIRED/TOKEN_INVALID/UNAUTHENTICATED, 403 OUT_OF_SCOPE/FORBIDDEN/ACTION_NOT_ALLOWED,
 * 404 NOT_FOUND/ESS_NOT_FOUND, 429 RATE_LIMITED/ESS_RATE_LIMITED, 5xx (ESS_TIMEOUT, ESS_UNAVAILABLE…):
 * ESS or the BFF unavailable.
 */
const KEY_BY_STATUS: Record<number, MessageKey> = {
  401: 'errToken',
  403: 'errScope',
  404: 'errNotFound',
  429: 'errBusy',
};

/** The message key for an error's code (then its HTTP status; `errOther` names the code). */
export function errorMessageKey(code: string, status = 0): MessageKey {
  return KEY_BY_CODE[code] ?? KEY_BY_STATUS[status] ?? (status >= 500 ? 'errUnavailable' : 'errOther');
}
