/**
 * Scope checks for browser tokens: every id a request names must be in the token, and must belong to
 * the token's organization as far as the store knows. (QR codes are also covered by naming their
 * template: "a token that names a template may also read, watch and cancel its QR codes".)
 */
import type { BrowserToken } from '../auth/tokens.js';
import type { BffDeps } from '../deps.js';
import { BffError } from '../errors.js';
import { missingFromScope, type ScopeNeeds } from '../policy.js';
import { ownedBy } from './support.js';

/** Throws OUT_OF_SCOPE unless `token` covers every id in `needs`. */
export async function assertInScope(
  deps: BffDeps,
  token: BrowserToken,
  needs: Partial<ScopeNeeds>,
): Promise<void> {
  const full: ScopeNeeds = {
    flowIds: needs.flowIds ?? [],
    templateIds: needs.templateIds ?? [],
    qrCodeIds: needs.qrCodeIds ?? [],
  };
  const missing = missingFromScope(full, token);
  for (const qrCodeId of missing.qrCodeIds) {
    const qr = await deps.store.getQrCode(qrCodeId);
    if (qr && token.templateIds.includes(qr.templateId)) continue;
    throw new BffError('OUT_OF_SCOPE', `This browser token does not cover QR code ${qrCodeId}`);
  }
  if (missing.flowIds.length > 0)
    throw new BffError('OUT_OF_SCOPE', `This browser token does not cover flow ${missing.flowIds[0]}`);
  if (missing.templateIds.length > 0)
    throw new BffError(
      'OUT_OF_SCOPE',
      `This browser token does not cover template ${missing.templateIds[0]}`,
    );
  // Organization: ids the store knows to belong to another organization are refused even when listed.
  for (const flowId of full.flowIds) {
    const owner = await deps.store.getOwner('flow', flowId);
    if (!ownedBy(deps.config, owner, token.organizationId))
      throw new BffError('OUT_OF_SCOPE', `Flow ${flowId} belongs to another organization than this token's`);
  }
  for (const qrCodeId of full.qrCodeIds) {
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
    if (owner && deps.config.groupMembers.some((m) => m.organizationId === owner)) return owner;
  }
  return null;
}
