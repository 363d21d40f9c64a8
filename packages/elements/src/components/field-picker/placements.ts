/**
 * The picker's data, without any DOM: its `value` (one `{ SignComponents, Components }` per signer, in
 * ESS spelling and units) as a flat list of boxes and back — exactly, so a value read back equals the
 * value set — plus moving and resizing in points and checking everything with @ess-kit/shared's rules.
 */
import {
  type PageBox,
  type PageSize,
  type RuleViolation,
  type validateComponent,
  validateFileFlowApprovers,
  validateOverlaps,
} from '@ess-kit/shared/rules';

/** An ESS `Component` (SignComponents / Components item), ESS spelling, points. */
export type EssComponent = Parameters<typeof validateComponent>[0];

/** A signer as the picker needs it (ApproverInfo spelling): its type and a name or role to show. */
export interface PickerApprover {
  /** 0 company, 1 person, 3 company signing automatically, 7 person signing automatically. */
  ApproverType: 0 | 1 | 3 | 7;
  ApproverName?: string;
  OrganizationName?: string;
  ApproverRoleName?: string;
}

/** One entry of `value`: the components of the signer at the same index of `approvers`. */
export interface PickerEntry {
  SignComponents?: EssComponent[];
  Components?: EssComponent[];
  [key: string]: unknown;
}

export type BoxKind = 'sign' | 'fill';

/** One placed component. `component` is the caller's object (cloned), changed only where the person edits. */
export interface PickerBox {
  id: number;
  approver: number;
  kind: BoxKind;
  component: EssComponent;
}

const LISTS = { sign: 'SignComponents', fill: 'Components' } as const;
let nextId = 1;

/** Splits a value into boxes; `entries` keeps every entry (with its other keys) for {@link toValue}. */
export function fromValue(value: readonly PickerEntry[] | null | undefined): {
  entries: PickerEntry[];
  boxes: PickerBox[];
} {
  const entries = Array.isArray(value) ? structuredClone(value as PickerEntry[]) : [];
  const boxes: PickerBox[] = [];
  entries.forEach((entry, approver) => {
    for (const kind of ['sign', 'fill'] as const) {
      const list = entry?.[LISTS[kind]];
      if (!Array.isArray(list)) continue;
      for (const component of list) boxes.push({ id: nextId++, approver, kind, component });
    }
  });
  return { entries, boxes };
}

/**
 * The value for `entries` and `boxes`: one entry per signer (at least `approverCount`), keys in their
 * original order, a list present when it was given or now holds a box.
 */
export function toValue(entries: readonly PickerEntry[], boxes: readonly PickerBox[], approverCount: number) {
  const count = Math.max(approverCount, entries.length, ...boxes.map((b) => b.approver + 1));
  const value: PickerEntry[] = [];
  for (let i = 0; i < count; i++) {
    const original = entries[i] ?? {};
    const lists = {
      SignComponents: boxes.filter((b) => b.approver === i && b.kind === 'sign').map((b) => b.component),
      Components: boxes.filter((b) => b.approver === i && b.kind === 'fill').map((b) => b.component),
    };
    const entry: PickerEntry = {};
    for (const key of Object.keys(original)) entry[key] = key in lists ? undefined : original[key];
    for (const key of ['SignComponents', 'Components'] as const) {
      if (key in original || lists[key].length > 0 || entries[i] === undefined) entry[key] = lists[key];
    }
    value.push(structuredClone(entry));
  }
  return value;
}

/** Rounds to 0.01 pt, the precision a person can place by hand (and what the emulator keeps). */
export const roundPt = (n: number) => Math.round(n * 100) / 100;

/** How close (pt) to a page edge a dragged box snaps onto it. */
export const SNAP_PT = 6;

/**
 * Moves a NORMAL box to `x`, `y` (top-left, pt), kept on the page and (when `snap`) snapped to its
 * edges; a KEYWORD box moves by its offsets instead; a FIELD box sits on its form field and does not move.
 */
export function moveTo(component: EssComponent, x: number, y: number, page?: PageSize, snap = true): void {
  const mode = component.GenerateMode ?? 'NORMAL';
  if (mode === 'FIELD') return;
  if (mode === 'KEYWORD') {
    component.OffsetX = roundPt(x);
    component.OffsetY = roundPt(y);
    return;
  }
  const w = component.ComponentWidth ?? 0;
  const h = component.ComponentHeight ?? 0;
  let nx = x;
  let ny = y;
  if (page) {
    nx = Math.min(Math.max(nx, 0), Math.max(0, page.width - w));
    ny = Math.min(Math.max(ny, 0), Math.max(0, page.height - h));
    if (snap) {
      if (nx < SNAP_PT) nx = 0;
      if (ny < SNAP_PT) ny = 0;
      if (page.width - (nx + w) < SNAP_PT) nx = Math.max(0, page.width - w);
      if (page.height - (ny + h) < SNAP_PT) ny = Math.max(0, page.height - h);
    }
  }
  component.ComponentPosX = roundPt(nx);
  component.ComponentPosY = roundPt(ny);
}

/** Smallest box a person can make, in pt. */
export const MIN_SIZE_PT = 8;

/** Resizes a box from its top-left corner, kept on the page. */
export function resizeTo(component: EssComponent, width: number, height: number, page?: PageSize): void {
  if ((component.GenerateMode ?? 'NORMAL') === 'FIELD') return;
  let w = Math.max(MIN_SIZE_PT, width);
  let h = Math.max(MIN_SIZE_PT, height);
  if (page && (component.GenerateMode ?? 'NORMAL') === 'NORMAL') {
    w = Math.min(w, page.width - (component.ComponentPosX ?? 0));
    h = Math.min(h, page.height - (component.ComponentPosY ?? 0));
  }
  component.ComponentWidth = roundPt(w);
  component.ComponentHeight = roundPt(h);
}

/** Default size of a new component, in pt (a seal is round, a signature wide, a check box small). */
export function defaultSize(type: string): { width: number; height: number } {
  if (type.includes('SEAL')) return { width: 120, height: 120 };
  if (type.includes('SIGNATURE')) return { width: 120, height: 60 };
  if (type === 'CHECK_BOX') return { width: 16, height: 16 };
  if (type === 'MULTI_LINE_TEXT' || type === 'SIGN_MULTI_LINE_TEXT') return { width: 200, height: 60 };
  if (type.includes('DATE')) return { width: 110, height: 24 };
  return { width: 150, height: 28 };
}

/** Where a rule's path points: `Approvers[i].SignComponents[j]…` → the box key `i:sign:j`. */
function boxKeyOf(path: string | undefined): string | null {
  const match = /^Approvers\[(\d+)\]\.(SignComponents|Components)\[(\d+)\]/.exec(path ?? '');
  if (!match) return null;
  return `${match[1]}:${match[2] === 'SignComponents' ? 'sign' : 'fill'}:${match[3]}`;
}

/** The rule violations of a placement: per box (by id) and those about a signer as a whole. */
export interface PlacementCheck {
  byBox: Map<number, RuleViolation[]>;
  general: RuleViolation[];
}

/**
 * Checks the value with shared's rules: each component (type, page, inside the page, KEYWORD/FIELD
 * needs), what each signer may have (no seal for a person…), and a signer's boxes overlapping each
 * other. Signer identity (names, mobiles) is not the picker's business and is left out. `extra` adds
 * violations found while placing KEYWORD/FIELD boxes on the PDF.
 */
export function checkPlacement(
  approvers: readonly PickerApprover[],
  value: readonly PickerEntry[],
  boxes: readonly PickerBox[],
  pageSizes: readonly PageSize[] | undefined,
  extra: ReadonlyMap<number, RuleViolation[]> = new Map(),
): PlacementCheck {
  const request = value.map((entry, i) => ({
    ...(approvers[i] ?? {}),
    SignComponents: entry.SignComponents ?? [],
    Components: entry.Components ?? [],
  }));
  const ctx = pageSizes ? { pageCount: pageSizes.length, pageSizes } : {};
  const violations = validateFileFlowApprovers(request as never, ctx).filter((v) =>
    /\.(SignComponents|Components)/.test(v.path ?? ''),
  );
  value.forEach((entry, i) => {
    const own = [
      ...(entry.SignComponents ?? []).map((component, j) => ({
        component,
        path: `Approvers[${i}].SignComponents[${j}]`,
      })),
      ...(entry.Components ?? []).map((component, j) => ({
        component,
        path: `Approvers[${i}].Components[${j}]`,
      })),
    ];
    violations.push(...validateOverlaps(own));
  });
  const ids = new Map<string, number>();
  const counters = new Map<string, number>();
  for (const box of boxes) {
    const list = `${box.approver}:${box.kind}`;
    const index = counters.get(list) ?? 0;
    counters.set(list, index + 1);
    ids.set(`${list}:${index}`, box.id);
  }
  const byBox = new Map<number, RuleViolation[]>();
  const general: RuleViolation[] = [];
  for (const v of violations) {
    const id = ids.get(boxKeyOf(v.path) ?? '');
    if (id === undefined) general.push(v);
    else byBox.set(id, [...(byBox.get(id) ?? []), v]);
  }
  for (const [id, list] of extra) byBox.set(id, [...(byBox.get(id) ?? []), ...list]);
  return { byBox, general };
}

/** A new box for `component`, owned by signer `approver`. */
export function newBox(approver: number, kind: BoxKind, component: EssComponent): PickerBox {
  return { id: nextId++, approver, kind, component };
}

export type PositionMode = 'NORMAL' | 'KEYWORD' | 'FIELD';

const KEYWORD_FIELDS = [
  'KeywordIndexes',
  'KeywordOrder',
  'KeywordPage',
  'OffsetX',
  'OffsetY',
  'RelativeLocation',
] as const;
const POSITION_FIELDS = ['ComponentPage', 'ComponentPosX', 'ComponentPosY'] as const;

/**
 * Switches a component's positioning mode, keeping only the fields ESS reads in that mode: NORMAL takes
 * `place` (where the box shows now) as its coordinates; KEYWORD keeps the size (the box is put beside the
 * keyword); FIELD takes its size and place from the form field named by ComponentName.
 */
export function setMode(component: EssComponent, mode: PositionMode, place?: PageBox): void {
  const current = component.GenerateMode ?? 'NORMAL';
  if (current === mode) return;
  if (mode === 'NORMAL') {
    delete component.GenerateMode;
    for (const key of KEYWORD_FIELDS) delete component[key];
    delete component.ComponentId;
    if (current === 'FIELD') delete component.ComponentName;
    const size = defaultSize(component.ComponentType);
    component.ComponentPage = place?.page ?? 1;
    component.ComponentPosX = roundPt(place?.x ?? 40);
    component.ComponentPosY = roundPt(place?.y ?? 40);
    component.ComponentWidth = roundPt(place?.width || component.ComponentWidth || size.width);
    component.ComponentHeight = roundPt(place?.height || component.ComponentHeight || size.height);
    return;
  }
  component.GenerateMode = mode;
  for (const key of POSITION_FIELDS) delete component[key];
  if (mode === 'FIELD') {
    for (const key of KEYWORD_FIELDS) delete component[key];
    delete component.ComponentWidth;
    delete component.ComponentHeight;
    if (current === 'KEYWORD') delete component.ComponentId;
    component.ComponentName = '';
  } else {
    if (current === 'FIELD') delete component.ComponentName;
    component.ComponentId = '';
    const size = defaultSize(component.ComponentType);
    component.ComponentWidth ??= size.width;
    component.ComponentHeight ??= size.height;
  }
}
