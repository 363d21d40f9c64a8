/**
 * The test stack in either product: 企业版 (`ess`, the seeded organization) or 第三方应用
 * (`essbasic`, the emulator's platform application, sub-companies onboarded through the emulator's
 * console login pages over HTTP). Scenario suites take a {@link Tenant} and run unchanged in both.
 */
import type { BffConfigInput } from '../src/config.js';
import { type Stack, startStack, TEST_SECRETS } from './harness.js';

export type Product = 'ess' | 'essbasic';

/** Who a scenario acts for, in the spelling of the configured product. */
export interface Tenant {
  /** For bodies of scenario routes: `{ ProxyOrganizationOpenId }` in platform mode, `{}` for the main organization. */
  bodyField: Record<string, string>;
  /** For `POST /v1/tokens` and query strings (`organizationId`). */
  organizationId: string | null;
  /** The company's name (signers of "our" company name it). */
  name: string;
  /** Template ids by shape. */
  templates: Record<string, string>;
}

/** Starts the stack for `product`; platform mode uses the emulator's application and callback key. */
export async function startProductStack(
  product: Product,
  overrides: BffConfigInput = {},
  env: Record<string, string> = {},
): Promise<Stack> {
  if (product === 'ess') return startStack(overrides, env);
  return startStack({ organization: {}, groupMembers: [], ...overrides }, { ESS_API: 'essbasic', ...env });
}

/** Points the platform application's callbacks at this BFF (the stack's callback key and token). */
export async function routePlatformCallbacksHere(stack: Stack): Promise<void> {
  await stack.control(
    `/applications/${stack.seed.application!.AppId}/callback-targets`,
    [
      {
        url: `${stack.bffUrl}/v1/callbacks/ess`,
        key: TEST_SECRETS.callbackKey,
        token: TEST_SECRETS.callbackToken,
        format: 'v2',
      },
    ],
    'PUT',
  );
}

/** A valid unified social credit code, different per `n`. */
const usccOf = (n: number) => `9131000${n % 10}MA1FL8XQ30`;

/**
 * Onboards sub-company `openId` as its administrator would: the partner asks the BFF for the link,
 * the administrator opens the console page and submits 企业认证 — plain HTTP against the emulator.
 */
export async function onboardSubCompany(
  stack: Stack,
  openId: string,
  name: string,
  n = 1,
  key: string = TEST_SECRETS.partnerKey,
): Promise<void> {
  const link = await stack.call(`/v1/organizations/${openId}/onboarding-url`, {
    json: { organizationName: name },
    key,
  });
  if (link.status !== 201) throw new Error(`onboarding-url → ${link.status}: ${JSON.stringify(link.body)}`);
  const page = await fetch(link.body.url);
  const html = await page.text();
  if (!html.includes('data-form="company"')) throw new Error(`no company form at ${link.body.url}`);
  const form = new URLSearchParams({
    step: 'company',
    uscc: usccOf(n),
    legalName: '王法人',
    name: '李经办',
    mobile: `1370000000${n % 10}`,
  });
  const done = await fetch(link.body.url, {
    method: 'POST',
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  if (done.status !== 303) throw new Error(`console form → ${done.status}: ${await done.text()}`);
}

/** The main organization (ess) or a freshly onboarded sub-company (essbasic) as a {@link Tenant}. */
export async function tenantFor(
  stack: Stack,
  product: Product,
  openId = 'sub_alpha',
  n = 1,
): Promise<Tenant> {
  if (product === 'ess')
    return {
      bodyField: {},
      organizationId: null,
      name: stack.seed.organization.OrganizationName,
      templates: Object.fromEntries(stack.seed.templates.map((t) => [t.shape, t.TemplateId])),
    };
  const name = `${openId}科技有限公司`;
  await onboardSubCompany(stack, openId, name, n);
  const found = await stack.call(`/v1/templates?organizationId=${openId}&limit=50`);
  if (found.status !== 200) throw new Error(`templates → ${found.status}: ${JSON.stringify(found.body)}`);
  // The starter templates by their names (the emulator's seed names each shape).
  const names: Record<string, string> = {
    单C个人签署模板: 'single-c',
    单B自动签署模板: 'single-b-silent',
    B2C无序签署模板: 'b2c',
    发起方填写模板: 'initiator-fill',
  };
  const templates = found.body.Templates as { TemplateId: string; TemplateName: string }[];
  return {
    bodyField: { ProxyOrganizationOpenId: openId },
    organizationId: openId,
    name,
    templates: Object.fromEntries(
      templates.map((t) => [names[t.TemplateName] ?? t.TemplateName, t.TemplateId]),
    ),
  };
}
