/**
 * Tenancy: which organization an ESS call acts for (the main organization or a configured group
 * member), with which operator, and under which id ownership is recorded and compared.
 */
import type { BffConfig } from '../config.js';
import { BffError } from '../errors.js';
import type { ActingOrganization } from '../ess/client.js';
import { isPlatform, isSeparateTenant, subCompanyActing } from '../platform/tenants.js';

/** The operator of the main organization. */
export function mainOperator(config: BffConfig): string {
  return config.organization.operatorUserId ?? config.ess.operatorUserId;
}

/**
 * Who an ESS call acts for: the main organization (null/undefined/its own id) or a configured group
 * member (sent as Agent.ProxyOrganizationId). Anything else is refused.
 */
export function actingFor(config: BffConfig, organizationId: string | null | undefined): ActingOrganization {
  // 第三方应用: every call is for a sub-company (platform/tenants.ts).
  if (isPlatform(config)) return subCompanyActing(config, organizationId);
  if (!organizationId || organizationId === config.organization.organizationId)
    return { operatorUserId: mainOperator(config), proxyOrganizationId: null };
  const member = config.groupMembers.find((m) => m.organizationId === organizationId);
  if (!member)
    throw new BffError(
      'UNKNOWN_ORGANIZATION',
      `Organization ${organizationId} is not a group member configured on this BFF`,
    );
  return {
    operatorUserId: member.operatorUserId ?? mainOperator(config),
    proxyOrganizationId: member.organizationId,
  };
}

/** The operator and company the guide's silent-sign rules compare a silent signer with. */
export function operatorIdentity(
  config: BffConfig,
  as: ActingOrganization,
): { UserId: string; OrganizationName?: string } {
  const name = as.proxyOrganizationId
    ? config.groupMembers.find((m) => m.organizationId === as.proxyOrganizationId)?.name
    : config.organization.name;
  return { UserId: as.operatorUserId, ...(name ? { OrganizationName: name } : {}) };
}

/** Id under which owners are recorded for the main organization when its OrganizationId is not configured. */
export function ownerIdOf(config: BffConfig, as: ActingOrganization): string | null {
  return as.proxyOrganizationId ?? config.organization.organizationId ?? null;
}

/** True when a flow owned by `owner` belongs to organization `org` (null = main). */
export function ownedBy(config: BffConfig, owner: string | null, org: string | null): boolean {
  if (owner === null) return true;
  const ownerIsMember = isSeparateTenant(config, owner);
  if (org === null) return !ownerIsMember;
  return owner === org;
}
