/**
 * Who a call is for, in both products. 企业版 (`ess`): the main organization (null) or a configured
 * group member. 第三方应用 (`essbasic`): a sub-company, named by the partner with the platform's own
 * id (ProxyOrganizationOpenId) — sub-companies join at run time, so any well-formed OpenId is a
 * tenant; there is no main organization. Every token, event, owner record and key scope holds the
 * tenant's id, so the same scope rules (routes/scope.ts) keep sub-company A from seeing B.
 */
import type { BffConfig } from '../config.js';
import { BffError } from '../errors.js';
import type { ActingOrganization } from '../ess/client.js';

/** The parts of the configuration tenancy reads. */
type TenancyConfig = Pick<BffConfig, 'ess' | 'organization' | 'groupMembers'>;

/** The platform's OpenIds: ids it chooses itself, so a little wider than ESS ids. */
export const OPEN_ID = /^[A-Za-z0-9_.@-]{1,64}$/;

/** True in 第三方应用 mode. */
export function isPlatform(config: TenancyConfig): boolean {
  return config.ess.api === 'essbasic';
}

/** The sub-company a platform call acts for, as who the platform's Agent names; refuses a missing or bad id. */
export function subCompanyActing(
  config: TenancyConfig,
  openId: string | null | undefined,
): ActingOrganization {
  if (!openId)
    throw new BffError(
      'VALIDATION_FAILED',
      'Name the sub-company: this BFF serves a 第三方应用 (ESS_API=essbasic), whose every call is for one sub-company (ProxyOrganizationOpenId in scenario bodies, organizationId in tokens and queries)',
    );
  if (!OPEN_ID.test(openId))
    throw new BffError('VALIDATION_FAILED', 'ProxyOrganizationOpenId: 1-64 letters, digits or _ . @ -');
  const member = config.groupMembers.find((m) => m.organizationId === openId);
  return {
    operatorUserId: member?.operatorUserId ?? config.organization.operatorUserId ?? config.ess.operatorUserId,
    proxyOrganizationId: openId,
  };
}

/**
 * The tenant a scenario body names, by the field of the configured product: `ProxyOrganizationId`
 * (a group member, 企业版) or `ProxyOrganizationOpenId` (a sub-company, 第三方应用). The other
 * product's field is refused with what to send instead, so a half-switched partner learns at once.
 */
export function tenantOfBody(
  config: TenancyConfig,
  body: { ProxyOrganizationId?: string; ProxyOrganizationOpenId?: string },
): string | null {
  if (isPlatform(config)) {
    if (body.ProxyOrganizationId)
      throw new BffError(
        'VALIDATION_FAILED',
        'ProxyOrganizationId: this BFF serves a 第三方应用 (ESS_API=essbasic); name the sub-company with ProxyOrganizationOpenId',
      );
    return body.ProxyOrganizationOpenId ?? null;
  }
  if (body.ProxyOrganizationOpenId)
    throw new BffError(
      'VALIDATION_FAILED',
      'ProxyOrganizationOpenId: this BFF serves 企业版 (ESS_API=ess); name a group member with ProxyOrganizationId',
    );
  return body.ProxyOrganizationId ?? null;
}

/**
 * The organization a browser token is for: 企业版 null (main) or a configured group member;
 * 第三方应用 a sub-company (required).
 */
export function tokenTenant(config: TenancyConfig, organizationId: string | null | undefined): string | null {
  if (isPlatform(config)) return subCompanyActing(config, organizationId).proxyOrganizationId ?? null;
  let id = organizationId ?? null;
  if (id && id === config.organization.organizationId) id = null;
  if (id && !config.groupMembers.some((m) => m.organizationId === id))
    throw new BffError('UNKNOWN_ORGANIZATION', `organizationId: ${id} is not configured on this BFF`);
  return id;
}

/** True when `owner` (a recorded owner) is a tenant of its own rather than the main organization. */
export function isSeparateTenant(config: TenancyConfig, owner: string): boolean {
  return isPlatform(config) || config.groupMembers.some((m) => m.organizationId === owner);
}
