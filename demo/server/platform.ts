/**
 * The demo's 第三方应用 side (`/platform`): a SaaS that signs for two sub-companies through a second
 * BFF, started with ESS_API=essbasic — the same BFF, the same routes and the same elements, switched
 * by configuration. The backend here is what such a partner writes: it names the sub-company
 * (ProxyOrganizationOpenId) in every scenario call, gets each one's onboarding link, and mints each
 * sub-company's page a token for that sub-company's contracts only.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { BffClient } from './bff-client.js';
import { fileFlowApprovers } from './presets.js';

/** The demo platform's two sub-companies: the platform's own ids (OpenIds) and their names. */
export const SUB_COMPANIES = [
  { openId: 'demo_shop_xinghe', name: '星河零售有限公司' },
  { openId: 'demo_shop_yunling', name: '云岭茶业有限公司' },
] as const;

type Json = Record<string, unknown>;
const demoError = (code: string, message: string) => ({ error: { code, message } });

/** The platform routes; `platform` null (ESS is not the emulator) answers 404 PLATFORM_OFF. */
export function platformRoutes(
  platform: { bffUrl: string; partnerApiKey: string } | null,
  publicDir: string,
) {
  const app = new Hono();
  const contracts = new Map<string, Set<string>>(SUB_COMPANIES.map((s) => [s.openId, new Set<string>()]));
  const bff = platform ? new BffClient(platform.bffUrl, platform.partnerApiKey) : null;

  app.get('/platform', async () => {
    return new Response(await readFile(join(publicDir, 'platform.html')), {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    });
  });

  app.use('/api/platform/*', async (c, next) => {
    if (!bff)
      return c.json(
        demoError('PLATFORM_OFF', 'The platform demo runs with the emulator only (ESS_ENV=emulator).'),
        404,
      );
    return next();
  });

  /** Which sub-company a request is about (one of the two), or null. */
  const subCompanyOf = (openId: string | undefined) => SUB_COMPANIES.find((s) => s.openId === openId) ?? null;

  /** The platform BFF's URL and, per sub-company, whether it is onboarded and its onboarding link. */
  app.get('/api/platform/setup', async (c) => {
    const subCompanies = await Promise.all(
      SUB_COMPANIES.map(async (s) => {
        const link = await bff!.call('POST', `/v1/organizations/${s.openId}/onboarding-url`, {
          organizationName: s.name,
        });
        const body = link.body as { url?: string; activated?: boolean } | null;
        return { ...s, activated: body?.activated === true, onboardingUrl: body?.url ?? null };
      }),
    );
    return c.json({ bffUrl: platform!.bffUrl, subCompanies });
  });

  /** A token for one sub-company's page: its contracts only (the BFF refuses any other's). */
  app.on(['GET', 'POST'], '/api/platform/token', async (c) => {
    const sub = subCompanyOf(c.req.query('organizationId'));
    if (!sub) return c.json(demoError('BAD_SUB_COMPANY', 'organizationId names no demo sub-company.'), 400);
    const flowIds = [...(contracts.get(sub.openId) ?? [])];
    if (flowIds.length === 0) return c.json(demoError('NO_CONTRACTS', 'No contracts yet.'), 404);
    const result = await bff!.call('POST', '/v1/tokens', {
      flowIds,
      organizationId: sub.openId,
      ttlSeconds: 900,
    });
    return c.json(result.body as Json, result.status as 200);
  });

  app.get('/api/platform/contracts', (c) => {
    const sub = subCompanyOf(c.req.query('organizationId'));
    if (!sub) return c.json(demoError('BAD_SUB_COMPANY', 'organizationId names no demo sub-company.'), 400);
    return c.json({ flowIds: [...(contracts.get(sub.openId) ?? [])] });
  });

  /** A B2C contract from the sample PDF for the sub-company: it seals, a customer signs. */
  app.post('/api/platform/contracts', async (c) => {
    const sub = subCompanyOf(c.req.query('organizationId'));
    if (!sub) return c.json(demoError('BAD_SUB_COMPANY', 'organizationId names no demo sub-company.'), 400);
    const pdf = (await readFile(join(publicDir, 'sample-contract.pdf'))).toString('base64');
    const result = await bff!.call(
      'POST',
      '/v1/flows/by-file',
      {
        FlowName: `${sub.name} 服务合同`,
        File: { Name: 'sample-contract.pdf', ContentBase64: pdf },
        Approvers: fileFlowApprovers('b2c', {
          ownOrganizationName: sub.name,
          employee: { name: '李经办', mobile: '13700000001' },
          person: { name: '王小明', mobile: '13900000002' },
          otherCompany: { organizationName: '', name: '', mobile: '' },
        }),
        ProxyOrganizationOpenId: sub.openId,
      },
      { 'idempotency-key': c.req.header('idempotency-key') ?? randomUUID() },
    );
    const flowId = (result.body as { FlowId?: string } | null)?.FlowId;
    if (result.status === 201 && flowId) contracts.get(sub.openId)?.add(flowId);
    return c.json(result.body as Json, result.status as 201);
  });

  return app;
}
