/**
 * Readiness that knows about ESS: a cheap signed read (DescribeOrganizationSeals, Limit 1) at start
 * and every `intervalMs`, cached, so `/readyz` answers from memory. Only answers that mean the
 * configuration is wrong (bad credentials, an unknown operator) make the instance unready: an ESS
 * outage or timeout shows in the body but keeps 200, because callback intake and event streams do
 * not need ESS and a Tencent incident must not empty the load balancer.
 */
import { BffError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EssClient } from './client.js';

/** `checks.ess` of `/readyz`: `ok: null` until the first probe has answered. */
export interface EssCheck {
  ok: boolean | null;
  /** The ESS error code (`AuthFailure.SecretIdNotFound`) or the BFF code when ESS did not answer. */
  code?: string;
  /** ISO time of the last answer. */
  checkedAt?: string;
}

/** ESS codes that no retry fixes: the credentials, the environment or the operator are wrong. */
export function isConfigurationFailure(code: string): boolean {
  return (
    code.startsWith('AuthFailure') ||
    code === 'ResourceNotFound.User' ||
    // The probe reads the organization's seals: the only thing it names that can be missing is
    // the operator (or its organization), and DescribeOrganizationSeals' documented list has only
    // the bare ResourceNotFound for that.
    code === 'ResourceNotFound' ||
    code === 'InvalidParameter.InvalidOperatorId' ||
    // 第三方应用: the AppId is not an application of these credentials.
    code === 'ResourceNotFound.Application' ||
    code === 'ResourceNotFound.AppId' ||
    code === 'MissingParameter.UserId' ||
    code === 'OperationDenied.OperatorHasNoPermission'
  );
}

/** A sub-company id no platform onboards: the probe's read for it is refused after the checks it proves. */
const PROBE_SUB_COMPANY = 'ess-kit-readiness-probe';

/**
 * 第三方应用 has no read without a sub-company: a template read for a sub-company that is not
 * onboarded is refused only after the signature and the AppId passed, so that refusal means ready.
 */
async function probePlatform(ess: EssClient): Promise<void> {
  try {
    await ess.callPlatform(
      'DescribeTemplates',
      { ContentType: 1, Limit: 1 },
      { retry: false, as: { operatorUserId: PROBE_SUB_COMPANY, proxyOrganizationId: PROBE_SUB_COMPANY } },
    );
  } catch (error) {
    if (error instanceof BffError && error.code === 'ORGANIZATION_NOT_ONBOARDED') return;
    throw error;
  }
}

/** The running probe. */
export interface EssProbe {
  /** The cached result. */
  current(): EssCheck;
  /** True when the last answer means the configuration is wrong (readiness then answers 503). */
  failing(): boolean;
  /** Probes now (also what the timer does); resolves with the new result. */
  probe(): Promise<EssCheck>;
  stop(): void;
}

export interface EssProbeOptions {
  ess: EssClient;
  logger: Logger;
  /** Pause between probes; 0 = only the one at start. */
  intervalMs: number;
  now?: () => number;
}

/** Starts probing at once (not awaited) and then every `intervalMs`. */
export function startEssProbe({ ess, logger, intervalMs, now = Date.now }: EssProbeOptions): EssProbe {
  let state: EssCheck = { ok: null };
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<EssCheck> | null = null;
  let stopped = false;

  const run = async (): Promise<EssCheck> => {
    let next: EssCheck;
    try {
      if (ess.api === 'essbasic') await probePlatform(ess);
      else await ess.call('DescribeOrganizationSeals', { Limit: 1 }, { retry: false });
      next = { ok: true, checkedAt: new Date(now()).toISOString() };
    } catch (error) {
      const code = error instanceof BffError ? String(error.details?.essCode ?? error.code) : 'INTERNAL';
      next = { ok: false, code, checkedAt: new Date(now()).toISOString() };
    }
    if (next.ok !== state.ok || next.code !== state.code) {
      const fields = { ok: next.ok, code: next.code ?? null };
      if (next.ok) logger.info('ess reachable with these credentials', fields);
      else if (isConfigurationFailure(next.code ?? '')) logger.error('ess refuses the configuration', fields);
      else logger.warn('ess probe failed', fields);
    }
    if (!stopped) state = next;
    return next;
  };
  const probe = () => {
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  };

  void probe();
  if (intervalMs > 0) {
    timer = setInterval(() => void probe(), intervalMs);
    timer.unref?.();
  }
  return {
    current: () => state,
    failing: () => state.ok === false && isConfigurationFailure(state.code ?? ''),
    probe,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
