/**
 * THE whitelist: for every ESS action, who may call it through `POST /v1/ess/:action`, which ids a
 * browser token must cover, and what the BFF forces. This module only decides; the proxy route does
 * the I/O (store lookups, the ESS call).
 *
 * Forced for every action and every caller: Operator (Caller for UploadFiles) and Agent come from
 * configuration — whatever the body says is dropped before validation.
 */
import { ALL_ESS_ACTIONS, ESS_ACTIONS, type EssActionName } from '@ess-kit/shared';
import type { BrowserAction } from './auth/tokens.js';

/** Ids a request names, which a browser token must cover (and whose owners must match the token's). */
export interface ScopeNeeds {
  flowIds: string[];
  templateIds: string[];
  qrCodeIds: string[];
}

/** What a browser token may do with an action. */
export interface BrowserGrant {
  /** The ids in the body that must be in the token's scope. */
  needs(body: Record<string, unknown>): ScopeNeeds;
  /** Extra refusals (a message naming the field), or null when the body is acceptable. */
  refuse?(body: Record<string, unknown>): string | null;
  /** Removes what a browser must not see from the ESS response (signers' mobiles, id numbers). */
  redact?(response: Record<string, unknown>): Record<string, unknown>;
}

const PERSONAL_FIELDS = new Set([
  'Mobile',
  'ApproverMobile',
  'IdCardNumber',
  'ApproverIdCardNumber',
  'Email',
]);

/** A deep copy without personal fields (by name, at any depth). */
export function withoutPersonalData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutPersonalData) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!PERSONAL_FIELDS.has(k)) out[k] = withoutPersonalData(v);
    return out as T;
  }
  return value;
}

/** One row of the table. */
export interface ActionPolicy {
  /** Partner API keys may call it. */
  partner: boolean;
  /** Browser tokens may call it, within these limits; absent = never. */
  browser?: BrowserGrant;
  /** Sent to the file host (ess-api.md §1.1). */
  fileHost?: boolean;
  /** Body fields the BFF sets itself (beyond Operator/Agent), documented for the reader. */
  forced?: readonly string[];
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const one = (v: unknown): string[] => (typeof v === 'string' ? [v] : []);
const none: ScopeNeeds = { flowIds: [], templateIds: [], qrCodeIds: [] };

/** Fields no caller may set: identity is the BFF's (ignored, not refused, so SDK-shaped bodies work). */
export const IDENTITY_FIELDS = ['Operator', 'Agent', 'Caller'] as const;

/** The table. Every one of the 15 actions has a row; anything else is refused (403) or unknown (404). */
export const POLICY: Readonly<Record<EssActionName, ActionPolicy>> = Object.freeze({
  UploadFiles: { partner: true, fileHost: true },
  CreateFlowByFiles: { partner: true },
  DescribeFlowTemplates: { partner: true },
  CreateFlow: { partner: true },
  CreateDocument: { partner: true },
  StartFlow: { partner: true },
  CreateMultiFlowSignQRCode: {
    partner: true,
    // The BFF links flows created by scans back to the QR code through UserData.
    forced: ['UserData'],
    browser: {
      needs: (b) => ({ ...none, templateIds: one(b.TemplateId) }),
      refuse: (b) => (b.CallbackUrl !== undefined ? 'CallbackUrl cannot be set by a browser' : null),
    },
  },
  CancelMultiFlowSignQRCode: {
    partner: true,
    browser: { needs: (b) => ({ ...none, qrCodeIds: one(b.QrCodeId) }) },
  },
  DescribeOrganizationSeals: { partner: true },
  DescribeFlowInfo: {
    partner: true,
    browser: {
      redact: withoutPersonalData,
      needs: (b) => ({ ...none, flowIds: strings(b.FlowIds) }),
      refuse: (b) =>
        b.FlowGroupId !== undefined
          ? 'FlowGroupId is not available to browser tokens; list FlowIds'
          : strings(b.FlowIds).length === 0
            ? 'FlowIds must name at least one flow of the token'
            : null,
    },
  },
  CreateSchemeUrl: {
    partner: true,
    browser: {
      needs: (b) => ({ ...none, flowIds: one(b.FlowId) }),
      refuse: (b) =>
        typeof b.FlowId !== 'string'
          ? "FlowId is required for browser tokens (a sign link for one of the token's flows)"
          : b.FlowGroupId !== undefined || b.FlowGroupUrlInfo !== undefined
            ? 'Flow groups are not available to browser tokens'
            : null,
    },
  },
  DescribeOrganizationGroupOrganizations: { partner: true },
  DescribeFileUrls: {
    partner: true,
    browser: {
      needs: (b) => ({ ...none, flowIds: strings(b.BusinessIds) }),
      refuse: (b) =>
        b.BusinessType !== 'FLOW'
          ? 'Browser tokens may only download flow files (BusinessType "FLOW")'
          : strings(b.BusinessIds).length === 0
            ? 'BusinessIds must name at least one flow of the token'
            : null,
    },
  },
  DescribeFlowBriefs: {
    partner: true,
    browser: {
      needs: (b) => ({ ...none, flowIds: strings(b.FlowIds) }),
      refuse: (b) =>
        strings(b.FlowIds).length === 0 ? 'FlowIds must name at least one flow of the token' : null,
    },
  },
  CancelFlow: { partner: true },
} satisfies Record<EssActionName, ActionPolicy>);

/** How a proxy request is classified before anything is read from its body. */
export type ActionVerdict =
  | { kind: 'unknown' }
  | { kind: 'refused'; reason: string }
  | { kind: 'allowed'; action: EssActionName; policy: ActionPolicy };

/**
 * Decides whether `caller` may call `action` at all. Unknown names → 404; ESS actions outside the
 * whitelist, or not granted to this caller → 403.
 */
export function classifyAction(
  action: string,
  caller: { kind: 'partner' } | { kind: 'browser'; actions: readonly BrowserAction[] },
): ActionVerdict {
  if (!(ESS_ACTIONS as readonly string[]).includes(action)) {
    if ((ALL_ESS_ACTIONS as readonly string[]).includes(action))
      return { kind: 'refused', reason: `${action} is an ESS action this BFF does not proxy` };
    return { kind: 'unknown' };
  }
  const name = action as EssActionName;
  const policy = POLICY[name];
  if (caller.kind === 'partner') {
    return policy.partner
      ? { kind: 'allowed', action: name, policy }
      : { kind: 'refused', reason: `${action} is not available to partner keys` };
  }
  if (!policy.browser) return { kind: 'refused', reason: `${action} is not available to browser tokens` };
  if (!caller.actions.includes(name as BrowserAction))
    return { kind: 'refused', reason: `This browser token does not allow ${action}` };
  return { kind: 'allowed', action: name, policy };
}

/** Removes the identity fields a caller may have sent (Operator, Agent, Caller). */
export function stripIdentity(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  for (const f of IDENTITY_FIELDS) delete copy[f];
  return copy;
}

/** The ids of `needs` that `scope` does not cover, by kind (empty when all are covered). */
export function missingFromScope(
  needs: ScopeNeeds,
  scope: { flowIds: readonly string[]; templateIds: readonly string[]; qrCodeIds: readonly string[] },
): ScopeNeeds {
  return {
    flowIds: needs.flowIds.filter((id) => !scope.flowIds.includes(id)),
    templateIds: needs.templateIds.filter((id) => !scope.templateIds.includes(id)),
    qrCodeIds: needs.qrCodeIds.filter((id) => !scope.qrCodeIds.includes(id)),
  };
}
