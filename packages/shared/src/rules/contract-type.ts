import { type ContractType, objectsIn, type RuleRecipient } from './types.js';

type Side = 'B' | 'C';

/**
 * The guide's classification by number and kind of signers: one enterprise → single B, one person →
 * single C, enterprise + person → B2C, two enterprises → B2B, anything else (three or more parties,
 * or two persons) → multi-party. Null when there is no signer at all.
 */
function classify(sides: Side[]): ContractType | null {
  const b = sides.filter((s) => s === 'B').length;
  const c = sides.length - b;
  if (sides.length === 0) return null;
  if (sides.length === 1) return b === 1 ? 'single-b' : 'single-c';
  if (sides.length === 2 && b === 1 && c === 1) return 'b2c';
  if (sides.length === 2 && b === 2) return 'b2b';
  return 'multi-party';
}

/** Which side an approver is on: ApproverType 0 and 3 are enterprises, 1 and 7 persons. */
export function approverSide(approverType: unknown): Side | null {
  if (approverType === 0 || approverType === 3) return 'B';
  if (approverType === 1 || approverType === 7) return 'C';
  return null;
}

/**
 * Which side a template role is on. INDIVIDUAL is a person; ENTERPRISE and PROMOTER (the initiator's
 * own company signing) are enterprises. The spec allows an empty RecipientType without saying what
 * it means; since every kind of role but INDIVIDUAL is signed by an organisation, it counts as B.
 */
export function recipientSide(recipientType: unknown): Side {
  return recipientType === 'INDIVIDUAL' ? 'C' : 'B';
}

/**
 * Contract type from the approvers of CreateFlowByFiles/CreateFlow (guide: 快速发起). Approvers with
 * an unknown ApproverType are left out (approver validation reports them). Null for no approvers.
 */
export function contractTypeFromApprovers(
  approvers: readonly { ApproverType?: unknown }[],
): ContractType | null {
  return classify(
    objectsIn(approvers)
      .map((a) => approverSide(a.ApproverType))
      .filter((s): s is Side => s !== null),
  );
}

/**
 * Contract type from a template's Recipients (guide: 通过模板发起, 步骤3). Roles that do not sign
 * (`RequireSign: false`) are left out. Null for a template with no signing role.
 */
export function contractTypeFromRecipients(recipients: readonly RuleRecipient[]): ContractType | null {
  return classify(
    objectsIn(recipients)
      .filter((r) => r.RequireSign !== false)
      .map((r) => recipientSide(r.RecipientType)),
  );
}
