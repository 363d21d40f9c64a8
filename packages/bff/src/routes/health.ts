/**
 * Liveness and readiness, for orchestrators and load balancers:
 *
 * - `GET /livez` — the process answers (200 `{ ok: true }`); restart it when this fails.
 * - `GET /readyz` (and `/healthz`, its older name) — every readiness check passed, each within its
 *   time bound: 200 `{ ok: true, checks: { store: { ok, ms } } }`, else 503 with the failing check
 *   named and its `error`. Send traffic elsewhere while it fails.
 *
 * Checks are a list of named probes, so another (e.g. `ess`) slots in beside `store` without
 * changing this module. A check that does not answer in time fails ("no answer within …"), so a
 * frozen dependency never freezes the health answer.
 */
import { Hono } from 'hono';
import type { BffEnv } from '../deps.js';

/** One readiness probe: resolves when the part works, rejects with an Error saying what is wrong. */
export interface ReadinessCheck {
  name: string;
  run(): Promise<void>;
  /** Time bound of this check (default {@link DEFAULT_CHECK_TIMEOUT_MS}). */
  timeoutMs?: number;
}

/** One check's verdict in the body. */
export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

/** About a second: what a load balancer's health probe waits for. */
export const DEFAULT_CHECK_TIMEOUT_MS = 1000;

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(() => check.run()), deadline]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The health routes over `checks` (the list may grow after this call; it is read per request). */
export function healthRoutes(checks: readonly ReadinessCheck[]): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.get('/livez', (c) => c.json({ ok: true }));
  const readiness = async (c: import('hono').Context<BffEnv>) => {
    const results = await Promise.all(checks.map(runCheck));
    const body = {
      ok: results.every((r) => r.ok),
      checks: Object.fromEntries(checks.map((check, i) => [check.name, results[i]])),
    };
    return c.json(body, body.ok ? 200 : 503);
  };
  app.get('/readyz', readiness);
  app.get('/healthz', readiness);
  return app;
}
