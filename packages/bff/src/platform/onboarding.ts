/**
 * Sub-company onboarding (第三方应用): the platform acts for a sub-company only after its
 * administrator has opened the console login link (CreateConsoleLoginUrl) and verified the company
 * and themselves. `POST /v1/organizations/:openId/onboarding-url` returns that link; a scenario call
 * for a sub-company that has not finished answers 409 ORGANIZATION_NOT_ONBOARDED with a fresh link
 * in `details.onboardingUrl` (when the BFF knows the company's name, which the link needs: from an
 * earlier onboarding-url call or `groupMembers[].name`) and the route to get one in any case.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requirePartner } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { EssClient } from '../ess/client.js';
import { readJsonObject, validate } from '../routes/request-body.js';
import { assertPartnerScope } from '../routes/scope.js';
import type { Store } from '../store/types.js';
import { isPlatform, OPEN_ID, subCompanyActing } from './tenants.js';

/** Body of `POST /v1/organizations/:openId/onboarding-url` (the BFF's own resource: camelCase). */
export const onboardingUrlBody = z.strictObject({
  /** The company's name as on its business licence; needed the first time, remembered after. */
  organizationName: z.string().trim().min(1).max(200).optional(),
  uniformSocialCreditCode: z
    .string()
    .regex(
      /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
      'must be an 18-character unified social credit code',
    )
    .optional(),
  operatorName: z.string().trim().min(1).max(50).optional(),
  operatorMobile: z
    .string()
    .regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile')
    .optional(),
  /** Where the link opens: PC (default, valid 5 minutes), H5, SHORT_URL, APP… (CreateConsoleLoginUrl.Endpoint). */
  endpoint: z.enum(['PC', 'CHANNEL', 'SHORT_URL', 'WEIXIN_QRCODE_URL', 'APP', 'H5', 'SHORT_H5']).optional(),
});

/** Response of `POST /v1/organizations/:openId/onboarding-url`. */
export const onboardingUrlResponse = z.object({
  organizationOpenId: z.string(),
  url: z.string(),
  activated: z.boolean(),
  operatorVerified: z.boolean(),
});

type OnboardingInput = z.infer<typeof onboardingUrlBody>;

/** The route a partner calls for a sub-company's link (named in every 409). */
export const onboardingRoute = (openId: string) =>
  `POST /v1/organizations/${encodeURIComponent(openId)}/onboarding-url`;

/** What onboarding needs: the raw client (no error enrichment, so no loop), the store and the config. */
type OnboardingDeps = Pick<BffDeps, 'config'> & { ess: EssClient; store: Store };

/** Calls CreateConsoleLoginUrl for `openId`; null when the company's name is not known yet. */
export async function onboardingLink(
  deps: OnboardingDeps,
  openId: string,
  input: OnboardingInput = {},
  requestId?: string,
): Promise<z.infer<typeof onboardingUrlResponse> | null> {
  const as = subCompanyActing(deps.config, openId);
  const name =
    input.organizationName ??
    (await deps.store.getOwner('subCompanyName', openId)) ??
    deps.config.groupMembers.find((m) => m.organizationId === openId)?.name;
  if (!name) return null;
  const res = await deps.ess.callPlatform(
    'CreateConsoleLoginUrl',
    {
      ProxyOrganizationName: name,
      ...(input.uniformSocialCreditCode ? { UniformSocialCreditCode: input.uniformSocialCreditCode } : {}),
      ...(input.operatorName ? { ProxyOperatorName: input.operatorName } : {}),
      ...(input.operatorMobile ? { ProxyOperatorMobile: input.operatorMobile } : {}),
      Endpoint: input.endpoint ?? 'PC',
    },
    { as, requestId },
  );
  if (input.organizationName) await deps.store.putOwner('subCompanyName', openId, input.organizationName);
  return {
    organizationOpenId: openId,
    url: String(res.ConsoleUrl ?? ''),
    activated: res.IsActivated === true,
    operatorVerified: res.ProxyOperatorIsVerified === true,
  };
}

/**
 * The ESS client whose ORGANIZATION_NOT_ONBOARDED errors carry the onboarding link and route. A
 * failure to get the link leaves the route in the details (the original error still wins).
 */
export function withOnboardingLinks(ess: EssClient, deps: Omit<OnboardingDeps, 'ess'>): EssClient {
  const enrich = async (error: unknown, requestId?: string): Promise<never> => {
    if (!(error instanceof BffError) || error.code !== 'ORGANIZATION_NOT_ONBOARDED') throw error;
    const openId = String(error.details?.organizationOpenId ?? '');
    const link = await onboardingLink({ ...deps, ess }, openId, {}, requestId).catch(() => null);
    throw new BffError(
      'ORGANIZATION_NOT_ONBOARDED',
      `Sub-company ${openId} has not finished onboarding: its administrator opens the onboarding link and verifies the company (${onboardingRoute(openId)} returns a link)`,
      { ...error.details, onboardingRoute: onboardingRoute(openId), onboardingUrl: link?.url ?? null },
    );
  };
  return {
    ...ess,
    call: (action, params, options) =>
      ess.call(action, params, options).catch((e) => enrich(e, options?.requestId)),
    callPlatform: (action, params, options) =>
      ess.callPlatform(action, params, options).catch((e) => enrich(e, options?.requestId)),
  };
}

/** `POST /v1/organizations/:openId/onboarding-url` (partner keys; a scoped key for its own sub-companies). */
export function onboardingRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();
  app.post('/v1/organizations/:openId/onboarding-url', async (c) => {
    requirePartner(c, 'Onboarding sub-companies');
    if (!isPlatform(deps.config))
      throw new BffError(
        'NOT_FOUND',
        'Onboarding is for 第三方应用 sub-companies (ESS_API=essbasic); this BFF serves 企业版',
      );
    const openId = c.req.param('openId');
    if (!OPEN_ID.test(openId))
      throw new BffError('VALIDATION_FAILED', 'openId: 1-64 letters, digits or _ . @ -');
    const body = validate(onboardingUrlBody, await readJsonObject(c));
    await assertPartnerScope(deps, c.get('caller'), { organizationId: openId });
    const link = await onboardingLink(deps, openId, body, c.get('requestId'));
    if (!link)
      throw new BffError(
        'VALIDATION_FAILED',
        `organizationName: required the first time for sub-company ${openId} (the name on its business licence)`,
      );
    return c.json(link, 201);
  });
  return app;
}
