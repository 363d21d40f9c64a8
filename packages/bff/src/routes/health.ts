/**
 * Liveness and readiness. `GET /livez`: the process answers. `GET /readyz` (and `/healthz`, its
 * older name): `{ ok, checks: { store: { ok, ms, error? }, ess: { ok, code?, checkedAt } } }`, 503
 * when the store cannot answer or ESS refuses the configuration (ess/readiness.ts says which ESS
 * answers count; an ESS outage does not).
 */
import { Hono } from 'hono';
import type { BffDeps, BffEnv } from '../deps.js';
import type { EssProbe } from '../ess/readiness.js';

/** How long the store check may take before the instance counts as unready. */
const STORE_CHECK_MS = 2000;

async function checkStore(deps: BffDeps): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      deps.store.head(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${STORE_CHECK_MS} ms`)), STORE_CHECK_MS);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // The message only (a driver's text such as "Connection is closed"), never a URL with a password.
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: (error as Error).message.replace(/\w+:\/\/\S+/g, '<url>'),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The health routes. Mount before authentication. */
export function healthRoutes(deps: BffDeps, essProbe: EssProbe): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.get('/livez', (c) => c.json({ ok: true }));
  const ready = async (c: import('hono').Context<BffEnv>) => {
    const store = await checkStore(deps);
    const ok = store.ok && !essProbe.failing();
    return c.json(
      { ok, store: deps.store.kind, essEnv: deps.config.env, checks: { store, ess: essProbe.current() } },
      ok ? 200 : 503,
    );
  };
  app.get('/readyz', ready);
  app.get('/healthz', ready);
  return app;
}
