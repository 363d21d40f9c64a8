/**
 * The guide's rules come from @ess-kit/shared (one source of truth with the BFF). Each returns
 * RuleViolation[]; the emulator answers the first one with the ESS code the rule names.
 */
import type { RuleTemplate, RuleViolation } from '@ess-kit/shared';
import { EmulatorError } from '../state/errors.js';
import type { Template } from '../state/types.js';

/** Throws the first violation as the ESS error it documents (InvalidParameter when none). */
export function enforce(violations: readonly RuleViolation[]): void {
  const first = violations[0];
  if (first) throw new EmulatorError(first.essCode ?? 'InvalidParameter', first.message);
}

/** The emulator's template as the shared rules read it. */
export function ruleTemplate(template: Template): RuleTemplate {
  return {
    Recipients: template.recipients.map((r) => ({
      RecipientId: r.RecipientId,
      RecipientType: r.RecipientType,
      RoleName: r.RoleName,
      RoutingOrder: r.RoutingOrder,
      silent: r.silent,
    })),
    Promoter: { RecipientId: template.promoter.RecipientId },
    Components: template.components,
    SignComponents: template.signComponents,
    Unordered: template.unordered,
    TemplateType: template.recipients.some((r) => r.silent) ? 1 : 3,
  };
}
