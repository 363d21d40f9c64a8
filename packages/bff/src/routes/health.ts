/**
 * Liveness and readiness, for orchestrators and load balancers:
 *
 * - `GET /livez` — the process answers (200 `{ ok: true }`); restart it when this fails.
 * - `GET /readyz` (and `/healthz`, its older name) —
 *   `{ ok, store, essEnv, essApi, appId, checks: { store: { ok, ms, error? }, ess: { ok, code?, checkedAt } } }`,
 *   503 when the store cannot do a real write and read it back within about a second (store/health.ts
 *   says what each store proves) or ESS refuses the configuration (ess/readiness.ts says which ESS
 *   answers count; an ESS outage does not). Send traffic elsewhere while it fails.
 *
 * A store that does not answer in time fails ("no answer within …"), so a frozen Redis never freezes
 * the health answer.
 */
import { type Context, Hono } from 'hono';
import type { BffDeps, BffEnv } from '../deps.js';
import type { EssProbe } from '../ess/readiness.js';

/** About a second: what a load balancer's health probe waits for. */
export const STORE_CHECK_TIMEOUT_MS = 1000;

/** The store's verdict in the body. */
export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

async function runStoreCheck(check: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${STORE_CHECK_TIMEOUT_MS} ms`)),
      STORE_CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([Promise.resolve().then(check), deadline]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // The message only (a driver's text such as "Connection is closed"), never a URL with a password.
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: (error instanceof Error ? error.message : String(error)).replace(/\w+:\/\/\S+/g, '<url>'),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The health routes. Mount before authentication.
 * @param checkStore the store's own `check()` (unwrapped, so its message names what is wrong)
 */
export function healthRoutes(
  deps: BffDeps,
  essProbe: EssProbe,
  checkStore: () => Promise<void> = () => deps.store.check(),
): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.get('/livez', (c) => c.json({ ok: true }));
  const ready = async (c: Context<BffEnv>) => {
    const store = await runStoreCheck(checkStore);
    const ok = store.ok && !essProbe.failing();
    return c.json(
      {
        ok,
        store: deps.store.kind,
        essEnv: deps.config.env,
        // The product and (第三方应用) the AppId — an id from the console, never a secret.
        essApi: deps.config.ess.api,
        appId: deps.config.ess.appId ?? null,
        checks: { store, ess: essProbe.current() },
      },
      ok ? 200 : 503,
    );
  };
  app.get('/readyz', ready);
  app.get('/healthz', ready);
  return app;
}
