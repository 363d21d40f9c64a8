/**
 * `POST /v1/tokens` — a partner backend mints a short-lived browser token naming exactly the flows,
 * templates and QR codes one page may touch.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requirePartner } from '../auth/middleware.js';
import { BROWSER_ACTIONS, MAX_IDS_PER_KIND, mintToken, tokenSettings } from '../auth/tokens.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { tokenTenant } from '../platform/tenants.js';
import { readJsonObject, validate } from './request-body.js';
import { assertPartnerScope } from './scope.js';

const ids = z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an ESS id')).max(MAX_IDS_PER_KIND);

/** Body of `POST /v1/tokens`. */
export const tokenRequestBody = z.strictObject({
  flowIds: ids.optional(),
  templateIds: ids.optional(),
  qrCodeIds: ids.optional(),
  actions: z.array(z.enum(BROWSER_ACTIONS)).optional(),
  organizationId: z.string().min(1).max(64).nullable().optional(),
  ttlSeconds: z.number().int().min(10).optional(),
});

/** Response of `POST /v1/tokens`. */
export const tokenResponse = z.object({ token: z.string(), expiresAt: z.string() });

/** The token route. */
export function tokenRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();
  app.post('/v1/tokens', async (c) => {
    requirePartner(c, 'Minting browser tokens');
    const body = validate(tokenRequestBody, await readJsonObject(c));
    const { config } = deps;
    const ttl = body.ttlSeconds ?? config.tokens.defaultTtlSeconds;
    if (ttl > config.tokens.maxTtlSeconds)
      throw new BffError('VALIDATION_FAILED', `ttlSeconds: at most ${config.tokens.maxTtlSeconds} seconds`);
    // The main organization or a group member (企业版); a sub-company (第三方应用, required).
    const organizationId = tokenTenant(config, body.organizationId);
    const scope = {
      flowIds: [...new Set(body.flowIds ?? [])],
      templateIds: [...new Set(body.templateIds ?? [])],
      qrCodeIds: [...new Set(body.qrCodeIds ?? [])],
      actions: [...new Set(body.actions ?? BROWSER_ACTIONS)],
      organizationId,
    };
    // A scoped partner key mints tokens for its own organizations and their flows and QR codes only.
    await assertPartnerScope(deps, c.get('caller'), {
      organizationId,
      flowIds: scope.flowIds,
      qrCodeIds: scope.qrCodeIds,
    });
    if (scope.flowIds.length + scope.templateIds.length + scope.qrCodeIds.length === 0)
      throw new BffError(
        'VALIDATION_FAILED',
        'A token must name at least one of flowIds, templateIds, qrCodeIds',
      );
    const minted = await mintToken(tokenSettings(config), scope, ttl, Math.floor(deps.clock.now() / 1000));
    return c.json(minted, 201);
  });
  return app;
}
