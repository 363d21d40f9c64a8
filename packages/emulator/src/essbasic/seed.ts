/**
 * Platform mode's seed: one application (AppId {@link DEV_DEFAULTS.platformAppId}) with two
 * activated sub-companies, each with a verified operator, a seal and the starter templates — so
 * tests can sign for two tenants at once — and `GET /_emulator/seed`'s `application` entry.
 * New sub-companies are created by the platform itself (CreateConsoleLoginUrl).
 */
import { DEV_DEFAULTS } from '@ess-kit/shared';
import { SEEDED_AT } from '../seed.js';
import type { StateData } from '../state/data.js';
import type { CallbackTarget } from '../state/types.js';
import { activateSubCompany, ensureOperator, ensureSubCompany } from './onboarding.js';
import type { Application } from './types.js';

/** Platform mode settings (EmulatorOptions.essbasic). */
export interface PlatformOptions {
  /** Platform mode (default on). Off: essbasic calls answer InvalidAction / NoSuchVersion like a plain ess endpoint. */
  enabled?: boolean;
  /** Credentials the essbasic API accepts (default: the same as ess). */
  secretId?: string;
  secretKey?: string;
  /** The seeded application's callback key and token (default DEV_DEFAULTS.platformCallbackKey/Token). */
  callbackKey?: string;
  callbackToken?: string;
  /** Where the platform's callbacks go (survive reset). */
  callbackTargets?: CallbackTarget[];
}

/** `GET /_emulator/seed` → `application`. */
export interface PlatformSeedInfo {
  AppId: string;
  Name: string;
  subCompanies: Array<{
    ProxyOrganizationOpenId: string;
    OrganizationName: string;
    /** The emulator organization behind it (control API: PUT /_emulator/organizations/{id}). */
    OrganizationId: string;
    operator: { OpenId: string };
    seals: Array<{ SealId: string; SealType: string; SealName: string }>;
    templates: Array<{
      TemplateId: string;
      TemplateName: string;
      shape: string | null;
      recipients: Array<{ RecipientId: string; RecipientType: string; RoleName: string }>;
    }>;
  }>;
}

const SUB_COMPANIES = [
  {
    openId: 'org_ess_kit_alpha',
    name: 'ess-kit 平台子客甲有限公司',
    operator: 'op_alpha_admin',
    person: '赵一',
    mobile: '13900000011',
  },
  {
    openId: 'org_ess_kit_beta',
    name: 'ess-kit 平台子客乙有限公司',
    operator: 'op_beta_admin',
    person: '钱二',
    mobile: '13900000012',
  },
];

/** Adds the platform to freshly seeded state data; returns its seed description. */
export function seedPlatform(data: StateData, options: PlatformOptions): PlatformSeedInfo {
  const app: Application = {
    AppId: DEV_DEFAULTS.platformAppId,
    name: 'ess-kit 示例平台 (第三方应用)',
    callbackKey: options.callbackKey ?? DEV_DEFAULTS.platformCallbackKey,
    callbackToken: options.callbackToken ?? DEV_DEFAULTS.platformCallbackToken,
    callbackTargets: (options.callbackTargets ?? []).map((t) => ({ ...t })),
    subCompanies: {},
  };
  data.platform = { applications: { [app.AppId]: app }, logins: {} };
  for (const spec of SUB_COMPANIES) {
    const sub = ensureSubCompany(app, spec.openId, { name: spec.name, legalName: spec.person }, SEEDED_AT);
    const operator = ensureOperator(sub, spec.operator, { name: spec.person, mobile: spec.mobile });
    activateSubCompany(data, app, sub, operator, SEEDED_AT);
  }
  return describePlatform(data, app);
}

/** The seed description of an application as the state holds it now. */
export function describePlatform(data: StateData, app: Application): PlatformSeedInfo {
  return {
    AppId: app.AppId,
    Name: app.name,
    subCompanies: Object.values(app.subCompanies)
      .filter((s) => s.verified)
      .map((sub) => ({
        ProxyOrganizationOpenId: sub.ProxyOrganizationOpenId,
        OrganizationName: sub.name,
        OrganizationId: sub.OrganizationId,
        operator: { OpenId: Object.values(sub.operators).find((o) => o.verified)?.OpenId ?? '' },
        seals: Object.values(data.seals)
          .filter((s) => s.OrganizationId === sub.OrganizationId)
          .map(({ SealId, SealType, SealName }) => ({ SealId, SealType, SealName })),
        templates: Object.values(data.templates)
          .filter((t) => t.OrganizationId === sub.OrganizationId)
          .map((t) => ({
            TemplateId: t.TemplateId,
            TemplateName: t.TemplateName,
            shape: t.shape,
            recipients: t.recipients.map(({ RecipientId, RecipientType, RoleName }) => ({
              RecipientId,
              RecipientType,
              RoleName,
            })),
          })),
      })),
  };
}

/** `GET /_emulator/seed`'s `application` entry from the live state ({} when platform mode is off). */
export function platformSeedView(data: StateData): { application?: PlatformSeedInfo } {
  const app = Object.values(data.platform?.applications ?? {})[0];
  return app ? { application: describePlatform(data, app) } : {};
}
