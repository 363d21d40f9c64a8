/**
 * Platform mode's control API (`/_emulator/applications/...`, documented in CONTROL-API.md):
 * read the applications and their sub-companies, set where the platform's callbacks go, onboard
 * a sub-company without a browser, and change a sub-company's quota / auto-sign settings. Signing,
 * rejecting, the clock, faults and the callback log are the emulator's usual routes.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { callbackTargetSchema, describeTarget } from '../callbacks/targets.js';
import type { EmulatorContext } from '../context.js';
import { ControlError, errorResponse, readJson } from '../control/http.js';
import { applicationTargets } from './callbacks.js';
import { ensureOperator, ensureSubCompany } from './onboarding.js';
import type { Application } from './types.js';
import { completeVerification } from './verification.js';

const targetsBody = z
  .array(callbackTargetSchema.omit({ organizationId: true }).partial({ format: true }))
  .max(50);
const verifyBody = z.strictObject({
  operatorOpenId: z.string().min(1).max(64),
  name: z.string().max(50).optional(),
  mobile: z.string().max(11).optional(),
  organizationName: z.string().max(200).optional(),
  uscc: z.string().max(18).optional(),
  legalName: z.string().max(50).optional(),
});
const subCompanyBody = z.strictObject({
  quota: z.number().int().min(0).max(1_000_000_000).optional(),
  silentSignEnabled: z.boolean().optional(),
  operatorAutoSign: z.boolean().optional(),
});

function applicationView(app: Application) {
  return {
    AppId: app.AppId,
    Name: app.name,
    callbackTargets: applicationTargets(app).map(describeTarget),
    subCompanies: Object.values(app.subCompanies).map((sub) => ({
      ProxyOrganizationOpenId: sub.ProxyOrganizationOpenId,
      OrganizationName: sub.name,
      OrganizationId: sub.OrganizationId,
      verified: sub.verified,
      operators: Object.values(sub.operators).map((o) => ({
        OpenId: o.OpenId,
        verified: o.verified,
        resigned: o.resigned,
      })),
    })),
  };
}

/** Builds the routes; `app.ts` mounts them at `/_emulator/applications`. */
export function platformControlRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.onError((error, c) => errorResponse(c, error));
  const applicationOf = (appId: string): Application => {
    const found = ctx.state.data.platform?.applications[appId];
    if (!found)
      throw new ControlError(
        404,
        'NOT_FOUND',
        `No application ${appId} (platform mode is ${ctx.state.data.platform ? 'on' : 'off'}).`,
      );
    return found;
  };

  app.get('/', (c) =>
    c.json(Object.values(ctx.state.data.platform?.applications ?? {}).map(applicationView)),
  );
  app.get('/:appId', (c) => c.json(applicationView(applicationOf(c.req.param('appId')))));

  app.put('/:appId/callback-targets', async (c) => {
    const application = applicationOf(c.req.param('appId'));
    const targets = await readJson(c, targetsBody);
    application.callbackTargets = targets.map((t) => ({ ...t, format: t.format ?? 'v2' }));
    ctx.state.touch();
    return c.json(applicationView(application));
  });

  app.post('/:appId/sub-companies/:openId/verify', async (c) => {
    const application = applicationOf(c.req.param('appId'));
    const body = await readJson(c, verifyBody);
    const sub = ensureSubCompany(
      application,
      c.req.param('openId'),
      { name: body.organizationName, uscc: body.uscc, legalName: body.legalName },
      ctx.clock.now(),
    );
    if (!sub.name)
      throw new ControlError(400, 'INVALID_BODY', 'organizationName is required for a new sub-company.');
    const operator = ensureOperator(sub, body.operatorOpenId, { name: body.name, mobile: body.mobile });
    const form = {
      name: body.name ?? operator.name,
      mobile: body.mobile ?? operator.mobile,
      uscc: body.uscc ?? sub.uscc,
      legalName: body.legalName ?? sub.legalName,
    };
    completeVerification(ctx, { app: application, sub, operator }, form);
    return c.json(applicationView(application));
  });

  app.put('/:appId/sub-companies/:openId', async (c) => {
    const application = applicationOf(c.req.param('appId'));
    const sub = application.subCompanies[c.req.param('openId')];
    if (!sub?.verified)
      throw new ControlError(
        404,
        'NOT_FOUND',
        `No activated sub-company ${c.req.param('openId')} in ${application.AppId}.`,
      );
    const patch = await readJson(c, subCompanyBody);
    const org = ctx.state.updateOrganization(sub.OrganizationId, patch);
    return c.json({
      ProxyOrganizationOpenId: sub.ProxyOrganizationOpenId,
      OrganizationId: org.OrganizationId,
      quota: org.quota,
      silentSignEnabled: org.silentSignEnabled,
    });
  });
  return app;
}
