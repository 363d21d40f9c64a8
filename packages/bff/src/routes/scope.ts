/**
 * Scope checks, in one place.
 *
 * Browser tokens: every id a request names must be in the token, and must belong to the token's
 * organization as far as the store knows. (QR codes are also covered by naming their template: "a
 * token that names a template may also read, watch and cancel its QR codes".)
 *
 * Partner keys: a key from the config file may name its `organizations`; it then acts only for them —
 * the organization a call acts for, and the recorded owner of every flow and QR code it names, must
 * be among them (403 OUT_OF_SCOPE). Keys from `BFF_API_KEYS` are unscoped (`organizations: null`).
 * In 第三方应用 mode the organizations are sub-companies (ProxyOrganizationOpenId; platform/tenants.ts).
 */
import type { BrowserToken } from '../auth/tokens.js';
import type { BffDeps, Caller } from '../deps.js';
import { BffError } from '../errors.js';
import { isSeparateTenant } from '../platform/tenants.js';
import { missingFromScope, type ScopeNeeds } from '../policy.js';
import { matchesFilter, organizationScope } from '../relay/payload.js';
import type { StoredEvent } from '../store/types.js';
import { ownedBy } from './tenancy.js';

/**
 * The ids of `needs` that `token` does not cover, by kind. A QR code the token does not name is
 * still covered when the token names the template it was created from.
 */
export async function uncoveredIds(
  deps: Pick<BffDeps, 'store'>,
  token: BrowserToken,
  needs: Partial<ScopeNeeds>,
): Promise<ScopeNeeds> {
  const missing = missingFromScope(
    { flowIds: needs.flowIds ?? [], templateIds: needs.templateIds ?? [], qrCodeIds: needs.qrCodeIds ?? [] },
    token,
  );
  const qrCodeIds: string[] = [];
  for (const qrCodeId of missing.qrCodeIds) {
    const qr = await deps.store.getQrCode(qrCodeId);
    if (!qr || !token.templateIds.includes(qr.templateId)) qrCodeIds.push(qrCodeId);
  }
  return { ...missing, qrCodeIds };
}

/** Throws OUT_OF_SCOPE unless `token` covers every id in `needs` and its organization owns them. */
export async function assertInScope(
  deps: BffDeps,
  token: BrowserToken,
  needs: Partial<ScopeNeeds>,
): Promise<void> {
  const missing = await uncoveredIds(deps, token, needs);
  if (missing.qrCodeIds.length > 0)
    throw new BffError('OUT_OF_SCOPE', `This browser token does not cover QR code ${missing.qrCodeIds[0]}`);
  if (missing.flowIds.length > 0)
    throw new BffError('OUT_OF_SCOPE', `This browser token does not cover flow ${missing.flowIds[0]}`);
  if (missing.templateIds.length > 0)
    throw new BffError(
      'OUT_OF_SCOPE',
      `This browser token does not cover template ${missing.templateIds[0]}`,
    );
  // Organization: ids the store knows to belong to another organization are refused even when listed.
  for (const flowId of needs.flowIds ?? []) {
    const owner = await deps.store.getOwner('flow', flowId);
    if (!ownedBy(deps.config, owner, token.organizationId))
      throw new BffError('OUT_OF_SCOPE', `Flow ${flowId} belongs to another organization than this token's`);
  }
  for (const qrCodeId of needs.qrCodeIds ?? []) {
    const owner = await deps.store.getOwner('qr', qrCodeId);
    if (!ownedBy(deps.config, owner, token.organizationId))
      throw new BffError(
        'OUT_OF_SCOPE',
        `QR code ${qrCodeId} belongs to another organization than this token's`,
      );
  }
}

/** The organization a partner call about these flows acts for: the explicit one, else the recorded owner. */
export async function organizationForFlows(
  deps: BffDeps,
  explicit: string | null | undefined,
  flowIds: readonly string[],
): Promise<string | null> {
  if (explicit) return explicit;
  for (const flowId of flowIds) {
    const owner = await deps.store.getOwner('flow', flowId);
    if (owner && isSeparateTenant(deps.config, owner)) return owner;
  }
  return null;
}

/** The organization id a call acting for `organizationId` (null = the main organization) is about. */
function organizationIdOf(deps: BffDeps, organizationId: string | null): string | null {
  return organizationId ?? deps.config.organization.organizationId ?? null;
}

/**
 * True when the caller is a partner key scoped to some organizations (`apiKeys[].organizations`):
 * the partner rules below apply to it only. Browser tokens are checked elsewhere.
 */
export function isScopedPartner(
  caller: Caller,
): caller is Caller & { kind: 'partner'; organizations: string[] } {
  return caller.kind === 'partner' && caller.organizations !== null;
}

/** True when the caller may act for `organizationId` (null = main). Browser tokens are checked elsewhere. */
export function partnerMayActFor(deps: BffDeps, caller: Caller, organizationId: string | null): boolean {
  if (!isScopedPartner(caller)) return true;
  const id = organizationIdOf(deps, organizationId);
  return id !== null && caller.organizations.includes(id);
}

/**
 * Throws OUT_OF_SCOPE unless a scoped partner key may act for `organizationId` and every named flow
 * and QR code is, as far as the store knows, owned by one of its organizations.
 */
export async function assertPartnerScope(
  deps: BffDeps,
  caller: Caller,
  needs: { organizationId?: string | null; flowIds?: readonly string[]; qrCodeIds?: readonly string[] },
): Promise<void> {
  if (!isScopedPartner(caller)) return;
  if ('organizationId' in needs && !partnerMayActFor(deps, caller, needs.organizationId ?? null))
    throw new BffError(
      'OUT_OF_SCOPE',
      `This partner key is not scoped to organization ${organizationIdOf(deps, needs.organizationId ?? null) ?? '(main)'}`,
    );
  for (const [kind, ids] of [
    ['flow', needs.flowIds ?? []],
    ['qr', needs.qrCodeIds ?? []],
  ] as const) {
    for (const id of ids) {
      const owner = await deps.store.getOwner(kind, id);
      if (!partnerMayActFor(deps, caller, owner))
        throw new BffError(
          'OUT_OF_SCOPE',
          `${kind === 'flow' ? 'Flow' : 'QR code'} ${id} belongs to an organization this partner key is not scoped to`,
        );
    }
  }
}

/**
 * The organizations a partner stream of `caller` reads: those it asked for (`requested`), which a
 * scoped key must hold all of (else OUT_OF_SCOPE); a scoped key that asks for none reads all of its own.
 */
export function partnerOrganizations(
  caller: Caller,
  requested: readonly string[] | undefined,
): readonly string[] | undefined {
  if (!isScopedPartner(caller)) return requested;
  const allowed = caller.organizations;
  const outside = (requested ?? []).filter((id) => !allowed.includes(id));
  if (outside.length > 0)
    throw new BffError('OUT_OF_SCOPE', `This partner key is not scoped to organization ${outside[0]}`);
  return requested?.length ? requested : [...allowed];
}

/**
 * True when the caller may see a log entry (or a delivery of one): a scoped partner key sees its
 * organizations' entries only, by the same organization rule as the partner stream's filter
 * (`matchesFilter`: an entry without a group member's id belongs to the main organization).
 */
export function partnerSees(deps: BffDeps, caller: Caller, event: StoredEvent): boolean {
  if (!isScopedPartner(caller)) return true;
  return matchesFilter(event, { organizationIds: caller.organizations }, organizationScope(deps.config));
}
