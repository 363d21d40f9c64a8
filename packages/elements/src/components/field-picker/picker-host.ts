/**
 * What the picker's views and input handling (inspector.ts, pages.ts, interaction.ts) use of the
 * element. They take this instead of the element class, so they do not import field-picker.ts back.
 */
import type { FormField } from '@ess-kit/shared/pdf-layout';
import type { PageBox, RuleViolation } from '@ess-kit/shared/rules';
import type { EssKitError } from '../../client/errors.js';
import type { PickerMessageKey } from '../../localization/field-picker.js';
import type { PickerDocument } from './picker-document.js';
import type { PickerApprover, PickerBox } from './placements.js';

export interface PickerHost {
  readonly approvers: PickerApprover[];
  readonly doc: PickerDocument | null;
  readonly loadError: EssKitError | null;
  readonly loading: boolean;
  picking: boolean;
  readonly formFields: FormField[];
  readonly keywordHits: Map<string, PageBox[]>;
  readonly zoom: number;
  readonly boxes: readonly PickerBox[];
  readonly selected: PickerBox | null;
  readonly generalProblems: RuleViolation[];
  readonly updateComplete: Promise<boolean>;
  requestUpdate(): void;
  errorText(error: Pick<EssKitError, 'code' | 'status' | 'message'>): string;
  t(key: PickerMessageKey, params?: Record<string, string | number>): string;
  typeName(type: string): string;
  ruleMessage(violation: RuleViolation): string;
  signerName(index: number): string;
  placesOf(box: PickerBox): PageBox[];
  problemsOf(box: PickerBox): RuleViolation[];
  commit(): void;
  removeBox(id: number): void;
  focusBox(id: number): void;
  select(id: number | null): void;
  setKeyword(box: PickerBox, keyword: string, indexes?: number[]): void;
  startPicking(): void;
}
