/** One broken rule of the integration guide or the API facts, in words a person can act on. */
export interface RuleViolation {
  /** Stable identifier of the rule (kebab-case), e.g. `approver-mobile-format`. Safe to switch on. */
  rule: string;
  /** A sentence saying what is wrong and how to fix it. Never contains secrets; may quote the bad value. */
  message: string;
  /** Where in the request, in ESS spelling, e.g. `Approvers[1].ApproverMobile`. */
  path?: string;
  /**
   * The ESS error code the real service documents for this situation (ess-api.md §3), so the
   * emulator can answer like ESS and the BFF can map it; absent when ESS documents none.
   */
  essCode?: string;
}

/** The guide's contract types (签署方的个数和类型): 单B, 单C, B2C, B2B, 多方. */
export type ContractType = 'single-b' | 'single-c' | 'b2c' | 'b2b' | 'multi-party';

/**
 * The parts of a template the rules look at. `TemplateInfo` from DescribeFlowTemplates fits as is;
 * the emulator's own template model fits too (it can say `silent` and `Unordered` directly).
 */
export interface RuleTemplate {
  /** Signer roles in signing order. */
  Recipients: RuleRecipient[];
  /** The initiator's role; fill components owned by it are filled by the initiator at CreateDocument. */
  Promoter?: { RecipientId?: string } | null;
  /** Fill components, each owned by a role through ComponentRecipientId. */
  Components?: RuleTemplateComponent[] | null;
  /** Sign components, each owned by a role through ComponentRecipientId. */
  SignComponents?: RuleTemplateComponent[] | null;
  /** `[-1]` = unordered (ess-api.md §8 TemplateInfo.SignOrder). */
  SignOrder?: number[] | null;
  /** ess-kit extension: when the caller knows the template's order setting directly, it wins over SignOrder. */
  Unordered?: boolean;
  /** 1 = contains own-company auto-sign, 3 = normal. */
  TemplateType?: number;
}

/** A template role (`Recipient`), reduced to what the rules need. */
export interface RuleRecipient {
  RecipientId?: string;
  /** `ENTERPRISE`, `INDIVIDUAL`, `PROMOTER` or "" (ess-api.md §8). */
  RecipientType?: string;
  RoleName?: string;
  RoutingOrder?: number;
  /** false = a role that does not sign (the spec's default is true). */
  RequireSign?: boolean;
  /** ess-kit extension: this enterprise role signs silently (auto-sign) with the template's seal. */
  silent?: boolean;
}

/** A template component, reduced to what the rules need. */
export interface RuleTemplateComponent {
  ComponentType?: string;
  ComponentId?: string;
  ComponentName?: string;
  ComponentRecipientId?: string;
  ComponentRequired?: boolean;
  ComponentValue?: string;
}

/** Joins path segments the way the rules report them: `Approvers[1].SignComponents[0].ComponentPage`. */
export function pathOf(...parts: (string | number | undefined)[]): string {
  let out = '';
  for (const part of parts) {
    if (part === undefined || part === '') continue;
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

/** Builds a violation, leaving out the optional fields that are not given. */
export function violation(rule: string, message: string, path?: string, essCode?: string): RuleViolation {
  const v: RuleViolation = { rule, message };
  if (path) v.path = path;
  if (essCode) v.essCode = essCode;
  return v;
}
