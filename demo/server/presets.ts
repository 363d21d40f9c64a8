/**
 * The approver sets the demo offers for the by-file scenario, written with the API's own field names
 * (ApproverInfo of CreateFlowByFiles), as a partner backend would send them to `POST /v1/flows/by-file`.
 */

/** The presets of the demo's "start from a PDF" form. */
export const FILE_PRESETS = ['single-b', 'single-c', 'b2c', 'b2b', 'silent-b', 'silent-b2c'] as const;
export type FilePreset = (typeof FILE_PRESETS)[number];

/** Who the people in a preset are; the page pre-fills these and a person may change them. */
export interface Parties {
  /** The partner's own organization (the initiator), exactly as ESS knows it. */
  ownOrganizationName: string;
  /** The employee who seals for the own organization. */
  employee: { name: string; mobile: string };
  /** The individual (C side). */
  person: { name: string; mobile: string };
  /** The other company of a B2B contract and its signer. */
  otherCompany: { organizationName: string; name: string; mobile: string };
  /** Seal used by a silent (auto-sign) signer; required by the silent presets. */
  silentSealId?: string;
}

/** The sample PDF's signature boxes (top-left origin, PDF points, page 1): left and right. */
const SLOTS = [
  { ComponentPosX: 70, ComponentPosY: 600 },
  { ComponentPosX: 330, ComponentPosY: 600 },
] as const;

const sealAt = (slot: 0 | 1, sealId?: string) => ({
  ComponentType: 'SIGN_SEAL',
  FileIndex: 0,
  ComponentPage: 1,
  ...SLOTS[slot],
  ComponentWidth: 120,
  ComponentHeight: 120,
  ...(sealId ? { ComponentValue: sealId } : {}),
});
const signatureAt = (slot: 0 | 1) => ({
  ComponentType: 'SIGN_SIGNATURE',
  FileIndex: 0,
  ComponentPage: 1,
  ...SLOTS[slot],
  ComponentWidth: 120,
  ComponentHeight: 60,
});

/** What `<ess-field-picker>` placed for one approver (its `value` entry), ESS spelling. */
export interface Placement {
  SignComponents?: unknown[];
  Components?: unknown[];
}

/**
 * Builds the `Approvers` of `POST /v1/flows/by-file` for a preset. An approver with components in
 * `placements` (the picker's value, same order) gets those instead of the preset's default boxes.
 */
export function fileFlowApprovers(
  preset: FilePreset,
  parties: Parties,
  placements?: Placement[],
): Record<string, unknown>[] {
  return presetApprovers(preset, parties).map((approver, i) => {
    const placed = placements?.[i];
    if (!placed || !Array.isArray(placed.SignComponents) || placed.SignComponents.length === 0)
      return approver;
    return {
      ...approver,
      SignComponents: placed.SignComponents,
      ...(Array.isArray(placed.Components) && placed.Components.length
        ? { Components: placed.Components }
        : {}),
    };
  });
}

function presetApprovers(preset: FilePreset, parties: Parties): Record<string, unknown>[] {
  const ownCompany = (slot: 0 | 1) => ({
    ApproverType: 0,
    OrganizationName: parties.ownOrganizationName,
    ApproverName: parties.employee.name,
    ApproverMobile: parties.employee.mobile,
    NotifyType: 'NONE',
    SignComponents: [sealAt(slot)],
  });
  const person = (slot: 0 | 1) => ({
    ApproverType: 1,
    ApproverName: parties.person.name,
    ApproverMobile: parties.person.mobile,
    NotifyType: 'NONE',
    SignComponents: [signatureAt(slot)],
  });
  const otherCompany = (slot: 0 | 1) => ({
    ApproverType: 0,
    OrganizationName: parties.otherCompany.organizationName,
    ApproverName: parties.otherCompany.name,
    ApproverMobile: parties.otherCompany.mobile,
    NotifyType: 'NONE',
    SignComponents: [sealAt(slot)],
  });
  // A silent signer is the own organization sealing automatically: seal only, no person, no fill.
  const silent = (slot: 0 | 1) => ({ ApproverType: 3, SignComponents: [sealAt(slot, parties.silentSealId)] });

  switch (preset) {
    case 'single-b':
      return [ownCompany(0)];
    case 'single-c':
      return [person(1)];
    case 'b2c':
      return [ownCompany(0), person(1)];
    case 'b2b':
      return [ownCompany(0), otherCompany(1)];
    case 'silent-b':
      return [silent(0)];
    case 'silent-b2c':
      return [silent(0), person(1)];
  }
}
