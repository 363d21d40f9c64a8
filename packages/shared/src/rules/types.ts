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

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The request (or part) as an object: rules take typed input, but callers may hand them a body
 * before (or instead of) schema validation, so anything that is not an object reads as `{}` and
 * the required-field rules then report what is missing.
 */
export function asObject<T extends object>(value: T | null | undefined): Partial<T> {
  return (isObject(value) ? value : {}) as Partial<T>;
}

/**
 * The objects of a list field with their original indexes. Absent is an empty list; a value that
 * is not an array, or an item that is not an object, is reported to `out` (rule `list-type` /
 * `list-item-type`) and left out, so the other rules never see it.
 */
export function objectsOf<T>(
  value: readonly T[] | null | undefined,
  path: string,
  out: RuleViolation[],
): [T, number][] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    out.push(violation('list-type', `${path} must be a list (JSON array).`, path, 'InvalidParameter'));
    return [];
  }
  const items: [T, number][] = [];
  value.forEach((item, i) => {
    if (isObject(item)) items.push([item as T, i]);
    else
      out.push(
        violation(
          'list-item-type',
          `${pathOf(path, i)} must be an object.`,
          pathOf(path, i),
          'InvalidParameter',
        ),
      );
  });
  return items;
}

/** The objects of a list, silently dropping anything else (for data the caller already trusts, like a template). */
export function objectsIn<T>(value: readonly T[] | null | undefined): T[] {
  return Array.isArray(value) ? (value.filter((item) => isObject(item)) as T[]) : [];
}
