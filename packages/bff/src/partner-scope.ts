/**
 * Partner keys in the configuration: a plain string (from `BFF_API_KEYS` or the file) acts for every
 * organization the BFF serves; `{ key, organizations, name? }` in the config file acts only for the
 * listed organization ids (the main organization's and group members'). routes/scope.ts enforces it.
 */
import { z } from 'zod';
import type { SecretProblem } from './secret-rules.js';

/** A partner key as written in the configuration. */
export const partnerKeySchema = z.union([
  z.string().min(8, 'each key needs at least 8 characters'),
  z.strictObject({
    key: z.string().min(8, 'each key needs at least 8 characters'),
    /** Organization ids the key may act for: the main organization's and/or group members'. */
    organizations: z.array(z.string().min(1).max(64)).min(1, 'name at least one organization id'),
    /** For people reading logs and configs; never used for matching. */
    name: z.string().min(1).max(100).optional(),
  }),
]);

/** What a partner key may be written as. */
export type PartnerKeyInput = z.input<typeof partnerKeySchema>;

/** A partner key after loading: `organizations` null = unscoped. */
export interface PartnerKeyConfig {
  key: string;
  organizations: string[] | null;
  name?: string;
}

/** One shape for both ways of writing a key. */
export function normalizePartnerKey(input: z.output<typeof partnerKeySchema>): PartnerKeyConfig {
  return typeof input === 'string' ? { key: input, organizations: null } : { ...input };
}

/** The key strings of a not yet validated `apiKeys` list (for the secret rules). */
export function partnerKeyStrings(keys: unknown): string[] {
  if (!Array.isArray(keys)) return [];
  return keys
    .map((k) => (typeof k === 'string' ? k : (k as { key?: unknown })?.key))
    .filter((k): k is string => typeof k === 'string');
}

/** Scopes that name organizations this BFF does not serve (a typo would silently lock a key out). */
export function scopeProblems(config: {
  apiKeys: PartnerKeyConfig[];
  organization: { organizationId?: string };
  groupMembers: { organizationId: string }[];
}): SecretProblem[] {
  const served = new Set(
    [config.organization.organizationId, ...config.groupMembers.map((m) => m.organizationId)].filter(
      (id): id is string => !!id,
    ),
  );
  const problems: SecretProblem[] = [];
  config.apiKeys.forEach((k, i) => {
    for (const id of k.organizations ?? [])
      if (!served.has(id))
        problems.push({
          setting: `BFF_CONFIG:apiKeys.${i}.organizations`,
          message: `names ${id}, which is neither organization.organizationId nor a groupMembers entry`,
        });
  });
  return problems;
}
