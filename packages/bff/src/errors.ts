/**
 * The BFF's error vocabulary. Every error a caller can see has one of these stable codes and the
 * envelope `{ "error": { "code", "message", "requestId" } }`. Messages are written for the person
 * integrating the BFF and never include credentials.
 */

/** Stable error codes and the HTTP status each maps to. */
export const ERROR_CODES = {
  // caller mistakes
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  VALIDATION_FAILED: 400,
  RULE_VIOLATION: 400,
  UNKNOWN_FIELD: 400,
  CREDENTIAL_IN_URL: 400,
  BODY_TOO_LARGE: 413,
  /** A file sent to an upload route is over `limits.uploadBytes` (`BFF_UPLOAD_MAX_BYTES`). */
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // authentication and authorisation
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  ACTION_NOT_ALLOWED: 403,
  OUT_OF_SCOPE: 403,
  UNKNOWN_ACTION: 404,
  NOT_FOUND: 404,
  UNKNOWN_ORGANIZATION: 400,
  RATE_LIMITED: 429,
  IDEMPOTENCY_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  FLOW_NOT_SIGNED: 409,
  TEMPLATE_MISMATCH: 400,
  /** 第三方应用: the sub-company (or its operator) has not finished onboarding; details carry the link. */
  ORGANIZATION_NOT_ONBOARDED: 409,
  // ESS outcomes
  ESS_INVALID_PARAMETER: 400,
  ESS_NOT_FOUND: 404,
  ESS_OPERATION_DENIED: 409,
  ESS_DOCUMENT_NOT_READY: 409,
  ESS_RATE_LIMITED: 429,
  ESS_AUTH_FAILED: 502,
  ESS_UNAVAILABLE: 502,
  ESS_TIMEOUT: 504,
  ESS_ERROR: 502,
  ESS_BAD_RESPONSE: 502,
  /** A file ESS hands out is over the BFF's relay cap (`limits.uploadBytes`). */
  ESS_FILE_TOO_LARGE: 502,
  // ours
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  /** The instance is stopping (SIGTERM): retry, the load balancer sends it to another instance. */
  SHUTTING_DOWN: 503,
} as const;

/** A stable BFF error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error that becomes a JSON error response with a stable code. */
export class BffError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Extra, non-secret details (rule violations, the ESS error code, Retry-After seconds...). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'BffError';
    this.code = code;
    this.status = ERROR_CODES[code];
    this.details = details;
  }
}

/** One wrong setting: where it is set (env var, or `BFF_CONFIG:<key>`) and what is wrong with it. */
export interface ConfigProblem {
  setting: string;
  message: string;
}

/**
 * Raised by loadConfig: names every setting that is wrong, never its (possibly secret) value. Start-up
 * collects all problems first, so one message lists them all.
 */
export class ConfigError extends Error {
  /** The first problem's setting. */
  readonly setting: string;
  readonly problems: readonly ConfigProblem[];
  constructor(setting: string | readonly ConfigProblem[], message = '') {
    const problems = typeof setting === 'string' ? [{ setting, message }] : setting;
    super(
      problems.length === 1
        ? `Invalid BFF configuration: ${problems[0]?.setting}: ${problems[0]?.message}`
        : `Invalid BFF configuration (${problems.length} problems):\n${problems.map((p) => `  - ${p.setting}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.setting = problems[0]?.setting ?? '';
    this.problems = problems;
  }
}

/** Body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: Record<string, unknown> };
}

/** Builds the error envelope. */
export function errorBody(err: BffError, requestId: string): ErrorBody {
  const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
  if (err.details) body.error.details = err.details;
  return body;
}

/**
 * Maps an ESS error code (`Response.Error.Code`) to a BFF code. ESS answers HTTP 200 for API errors,
 * so the family prefix is what tells caller mistakes from ESS trouble.
 */
export function bffCodeForEssError(essCode: string): ErrorCode {
  if (essCode === 'OperationDenied.DocumentNoAvailable') return 'ESS_DOCUMENT_NOT_READY';
  if (essCode.startsWith('RequestLimitExceeded') || essCode === 'FailedOperation.RequestLimitExceeded')
    return 'ESS_RATE_LIMITED';
  if (essCode === 'OperationDenied.OutQueryLimit') return 'ESS_RATE_LIMITED';
  if (essCode.startsWith('AuthFailure')) return 'ESS_AUTH_FAILED';
  if (
    essCode.startsWith('InternalError') ||
    essCode === 'ServiceUnavailable' ||
    essCode === 'ResourceUnavailable'
  )
    return 'ESS_UNAVAILABLE';
  if (essCode.startsWith('ResourceNotFound') || essCode === 'InvalidParameter.DataNotFound')
    return 'ESS_NOT_FOUND';
  if (
    essCode.startsWith('InvalidParameter') ||
    essCode.startsWith('MissingParameter') ||
    essCode === 'UnknownParameter' ||
    essCode === 'InvalidParameterValue' ||
    essCode.startsWith('InvalidParameterValue')
  )
    return 'ESS_INVALID_PARAMETER';
  if (
    essCode.startsWith('OperationDenied') ||
    essCode.startsWith('FailedOperation') ||
    essCode.startsWith('UnauthorizedOperation') ||
    essCode.startsWith('LimitExceeded')
  )
    return 'ESS_OPERATION_DENIED';
  return 'ESS_ERROR';
}
