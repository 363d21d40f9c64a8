/**
 * `GET /metrics`: Prometheus text format. Off (404) unless `METRICS_TOKEN` is set; then only
 * `Authorization: Bearer <METRICS_TOKEN>` is answered, compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { Metrics } from '../metrics.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The metrics route; `token` undefined = the route does not exist. */
export function metricsRoutes(metrics: Metrics, token: string | undefined): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  if (!token) return app;
  app.get('/metrics', async (c) => {
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!sameSecret(given, token))
      throw new BffError('UNAUTHENTICATED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    return c.body(await metrics.registry.metrics(), 200, {
      'content-type': metrics.registry.contentType,
    });
  });
  return app;
}
