/**
 * The ESS client: signed calls (TC3, shared's signer), a timeout on every attempt, retries with
 * backoff and jitter where a retry cannot duplicate a write, a per-action client-side rate limit, and
 * ESS errors mapped to stable BFF codes. Operator/Caller and Agent are always set here from
 * configuration, whatever the caller passed.
 */
import {
  buildEssHeaders,
  ESSBASIC_SERVICE,
  ESSBASIC_VERSION,
  type EssActionName,
  type EssbasicActionName,
  essbasicSchemas,
  isEssAction,
  isEssbasicAction,
  schemas,
} from '@ess-kit/shared';
import { BffError, bffCodeForEssError } from '../errors.js';
import type { Logger } from '../logger.js';
import { essbasicMappingFor } from './product.js';
import { EssRateLimiter, RateLimitWaitError } from './rate-limiter.js';

/** A successful ESS `Response` body (output fields plus RequestId). */
export type EssResult = Record<string, unknown> & { RequestId: string };

/** Who a call acts for. */
export interface ActingOrganization {
  /** Operator UserId for this call. */
  operatorUserId: string;
  /**
   * 企业版: the group member org id, sent as Agent.ProxyOrganizationId; null/undefined = the main
   * organization. 第三方应用: the sub-company, sent as Agent.ProxyOrganizationOpenId (always set).
   */
  proxyOrganizationId?: string | null;
}

/** Options for {@link createEssClient}. */
export interface EssClientOptions {
  endpoint: string;
  fileEndpoint: string;
  secretId: string;
  secretKey: string;
  /** Sent as X-TC-Region when non-empty. */
  region?: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  rateLimits?: Record<string, number>;
  logger: Logger;
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch;
  /** `essbasic`: every call goes through the mapping of ess/product.ts, as application `appId`. */
  api?: 'ess' | 'essbasic';
  appId?: string;
}

/** Per-call options. */
export interface EssCallOptions {
  /** Who the call acts for; defaults to the client's main operator. */
  as?: ActingOrganization;
  /** The BFF request id, logged beside the ESS RequestId. */
  requestId?: string;
  /** Force (true) or forbid (false) retries instead of deciding from the action. */
  retry?: boolean;
}

/** Reads (and the one query-like write-free action) are safe to repeat. */
export function isReadAction(action: string): boolean {
  return action.startsWith('Describe') || action.startsWith('ChannelDescribe');
}

/**
 * The platform's answer for a sub-company (or its operator) that has not finished onboarding: the
 * documented code, or — where an action's documented list lacks it — another code with its message.
 */
export function isNotOnboarded(essCode: string, essMessage: string): boolean {
  return (
    essCode === 'OperationDenied.UserNotInOrganization' ||
    essCode === 'OperationDenied.NoIdentityVerify' ||
    essMessage.includes('用户不归属于当前企业')
  );
}

/** Codes worth another attempt: rate limiting and transient ESS failures. */
export function isRetryableEssCode(code: string): boolean {
  return (
    code === 'RequestLimitExceeded' ||
    code.startsWith('RequestLimitExceeded.') ||
    code === 'InternalError' ||
    code.startsWith('InternalError.') ||
    code === 'ServiceUnavailable'
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ESS client used by every route. */
export interface EssClient {
  /**
   * Calls an ESS action. `params` is the request body in ESS spelling; Operator (Caller for
   * UploadFiles) and Agent are replaced from `options.as`.
   * @throws BffError with an `ESS_*` code (details carry `essCode` and `essRequestId`)
   */
  call(action: EssActionName, params: Record<string, unknown>, options?: EssCallOptions): Promise<EssResult>;
  /**
   * Platform mode only: calls an essbasic action as is (Agent placed from `options.as`), for what
   * has no ess counterpart (CreateFlowsByTemplates, CreateConsoleLoginUrl).
   */
  callPlatform(
    action: EssbasicActionName,
    params: Record<string, unknown>,
    options?: EssCallOptions,
  ): Promise<EssResult>;
  /** The product this client speaks. */
  readonly api: 'ess' | 'essbasic';
  /** The rate limit applied to an action (requests/s). */
  rateLimitFor(action: string): number;
  close(): void;
}

/** Places Operator/Caller and Agent from configuration, dropping whatever the caller sent. */
export function withIdentity(
  action: string,
  params: Record<string, unknown>,
  as: ActingOrganization,
): Record<string, unknown> {
  const { Operator: _o, Agent: _a, Caller: _c, ...rest } = params;
  const body: Record<string, unknown> = {};
  if (action === 'UploadFiles') body.Caller = { OperatorId: as.operatorUserId };
  else body.Operator = { UserId: as.operatorUserId };
  Object.assign(body, rest);
  if (as.proxyOrganizationId) body.Agent = { ProxyOrganizationId: as.proxyOrganizationId };
  return body;
}

/** The platform's Agent: the application, the sub-company and its operator, from `as`. */
export function platformAgent(appId: string, as: ActingOrganization): Record<string, unknown> {
  if (!as.proxyOrganizationId)
    throw new BffError(
      'VALIDATION_FAILED',
      'Name the sub-company (ProxyOrganizationOpenId) this call is for',
    );
  return {
    AppId: appId,
    ProxyOrganizationOpenId: as.proxyOrganizationId,
    ProxyOperator: { OpenId: as.operatorUserId },
  };
}

/**
 * Compares a successful response with shared's (lenient) schema. A mismatch is logged, not thrown:
 * ESS adds fields and relaxes others over time, and a caller still gets what ESS said.
 */
function checkResponseShape(action: string, response: Record<string, unknown>, log: Logger): void {
  const schema = isEssAction(action)
    ? schemas[action].response
    : isEssbasicAction(action)
      ? essbasicSchemas[action].response
      : null;
  if (!schema) return;
  const result = schema.safeParse(response);
  if (!result.success) {
    const issue = result.error.issues[0];
    log.warn('ess response shape differs from the schema', {
      action,
      path: issue.path.map(String).join('.'),
      problem: issue.code,
    });
  }
}

/** Creates the ESS client. */
export function createEssClient(options: EssClientOptions & { operatorUserId: string }): EssClient {
  const doFetch = options.fetch ?? fetch;
  const limiter = new EssRateLimiter({ rates: options.rateLimits });
  const platform = options.api === 'essbasic';
  // Every ESS log line names the product (and the platform's AppId, an id from the console).
  const log = options.logger.child({
    component: 'ess-client',
    essApi: platform ? 'essbasic' : 'ess',
    ...(platform ? { appId: options.appId } : {}),
  });

  async function attempt(
    action: string,
    body: string,
  ): Promise<{ json: unknown; ms: number; status: number }> {
    const base = action === 'UploadFiles' ? options.fileEndpoint : options.endpoint;
    const url = new URL('/', base);
    const headers = await buildEssHeaders({
      secretId: options.secretId,
      secretKey: options.secretKey,
      ...(platform ? { service: ESSBASIC_SERVICE, version: ESSBASIC_VERSION } : { service: 'ess' }),
      host: url.host,
      timestamp: Math.floor(Date.now() / 1000),
      body,
      action,
      ...(options.region ? { region: options.region } : {}),
    });
    const started = performance.now();
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error)?.name === 'TimeoutError' || (err as Error)?.name === 'AbortError';
      throw new BffError(
        timedOut ? 'ESS_TIMEOUT' : 'ESS_UNAVAILABLE',
        timedOut
          ? `ESS did not answer ${action} within ${options.timeoutMs} ms`
          : `ESS could not be reached for ${action} (${url.origin})`,
        { transient: true },
      );
    }
    const text = await res.text().catch(() => '');
    const ms = Math.round(performance.now() - started);
    if (res.status >= 500)
      throw new BffError('ESS_UNAVAILABLE', `ESS answered HTTP ${res.status} to ${action}`, {
        transient: true,
      });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new BffError(
        'ESS_BAD_RESPONSE',
        `ESS answered ${action} with HTTP ${res.status} and a body that is not JSON`,
      );
    }
    return { json, ms, status: res.status };
  }

  /** An ess call: as is (企业版), or through its essbasic mapping (第三方应用). */
  async function call(
    action: EssActionName,
    params: Record<string, unknown>,
    callOptions: EssCallOptions = {},
  ) {
    const as = callOptions.as ?? { operatorUserId: options.operatorUserId };
    if (!platform) return send(action, withIdentity(action, params, as), params, callOptions);
    const mapping = essbasicMappingFor(action);
    const { Operator: _o, Agent: _a, Caller: _c, ...rest } = params;
    const result = await callPlatform(mapping.action(rest), mapping.request(rest), callOptions);
    return { ...mapping.response(result, rest), RequestId: result.RequestId } as EssResult;
  }

  async function callPlatform(
    action: EssbasicActionName,
    params: Record<string, unknown>,
    callOptions: EssCallOptions = {},
  ) {
    if (!platform || !options.appId)
      throw new BffError(
        'UNKNOWN_ACTION',
        `${action} is a 第三方应用 (essbasic) action; this BFF speaks ess`,
      );
    const as = callOptions.as ?? { operatorUserId: options.operatorUserId };
    const { Agent: _a, Operator: _o, ...rest } = params;
    return send(action, { Agent: platformAgent(options.appId, as), ...rest }, params, callOptions);
  }

  async function send(
    action: string,
    bodyObject: Record<string, unknown>,
    params: Record<string, unknown>,
    callOptions: EssCallOptions,
  ): Promise<EssResult> {
    const body = JSON.stringify(bodyObject);
    const retryable =
      callOptions.retry ??
      (isReadAction(action) || (typeof params.ClientToken === 'string' && params.ClientToken !== ''));
    const maxAttempts = retryable ? options.maxRetries + 1 : 1;
    // Retries stop once one timeout's worth of time is spent, so a caller waits at most about twice it.
    const retryUntil = Date.now() + options.timeoutMs;

    for (let n = 1; ; n++) {
      try {
        await limiter.acquire(action);
      } catch (err) {
        if (err instanceof RateLimitWaitError)
          throw new BffError('ESS_RATE_LIMITED', `Too many ${action} calls at once; try again shortly`, {
            retryAfterSeconds: 1,
          });
        throw err;
      }
      let failure: BffError;
      let sentAt = 0;
      try {
        sentAt = Date.now();
        const { json, ms, status } = await attempt(action, body);
        const response = (json as { Response?: Record<string, unknown> })?.Response;
        if (!response || typeof response !== 'object')
          throw new BffError(
            'ESS_BAD_RESPONSE',
            `ESS answered ${action} without a Response object (HTTP ${status})`,
          );
        const essRequestId = typeof response.RequestId === 'string' ? response.RequestId : null;
        const error = response.Error as { Code?: string; Message?: string } | undefined;
        if (!error) {
          checkResponseShape(action, response, log);
          log.info('ess call', {
            action,
            essRequestId,
            ms,
            attempt: n,
            sentAt,
            requestId: callOptions.requestId,
          });
          return response as EssResult;
        }
        const essCode = String(error.Code ?? 'UnknownError');
        log.warn('ess error', {
          action,
          essRequestId,
          essCode,
          ms,
          attempt: n,
          requestId: callOptions.requestId,
        });
        const proxy = callOptions.as?.proxyOrganizationId;
        failure = new BffError(
          platform && proxy && isNotOnboarded(essCode, error.Message ?? '')
            ? 'ORGANIZATION_NOT_ONBOARDED'
            : bffCodeForEssError(essCode),
          `ESS ${action} failed: ${essCode}: ${error.Message ?? ''}`.trim(),
          {
            essCode,
            essMessage: error.Message ?? '',
            essRequestId,
            transient: isRetryableEssCode(essCode),
            ...(platform && proxy ? { organizationOpenId: proxy } : {}),
          },
        );
      } catch (err) {
        if (!(err instanceof BffError)) throw err;
        failure = err;
        if (failure.code !== 'ESS_BAD_RESPONSE' && !failure.details?.essCode)
          log.warn('ess transport failure', {
            action,
            code: failure.code,
            attempt: n,
            requestId: callOptions.requestId,
          });
      }
      if (!failure.details?.transient || n >= maxAttempts) throw failure;
      // Exponential backoff with jitter (0.5–1.5×): spreads the retries of many callers.
      const backoff = Math.min(5000, options.retryBaseMs * 2 ** (n - 1));
      const wait = backoff / 2 + Math.random() * backoff;
      if (Date.now() + wait > retryUntil) throw failure;
      await sleep(wait);
    }
  }

  return {
    call,
    callPlatform,
    api: platform ? 'essbasic' : 'ess',
    rateLimitFor: (action) => limiter.limitFor(action),
    close: () => limiter.close(),
  };
}
