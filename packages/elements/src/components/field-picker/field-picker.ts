import type { FormField } from '@ess-kit/shared/pdf-layout';
import {
  componentTypesFor,
  keywordOf,
  type PageBox,
  placeFieldComponent,
  placeKeywordComponent,
  type RuleViolation,
  readingOrder,
  toPageBox,
} from '@ess-kit/shared/rules';
import { html, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { EssKitError } from '../../client/errors.js';
import { format } from '../../localization/controller.js';
import {
  componentTypeNames,
  type PickerMessageKey,
  pickerCatalogues,
  ruleMessagesZhCN,
} from '../../localization/field-picker.js';
import { EssElement } from '../shared/ess-element.js';
import { buttonStyles, themeStyles } from '../shared/theme.styles.js';
import { fieldPickerStyles } from './field-picker.styles.js';
import { renderInspector } from './inspector.js';
import { BoxInteraction } from './interaction.js';
import { renderPages } from './pages.js';
import { bffPdfBytes, loadPdfjs, openPdf, pdfBytes, pdfjsBase } from './pdf-loader.js';
import { PickerDocument } from './picker-document.js';
import type { PickerHost } from './picker-host.js';
import {
  checkPlacement,
  defaultSize,
  type EssComponent,
  fromValue,
  moveTo,
  newBox,
  type PickerApprover,
  type PickerBox,
  type PickerEntry,
  type PlacementCheck,
  toValue,
} from './placements.js';

export type { EssComponent, PickerApprover, PickerEntry } from './placements.js';

/** Detail of `ess-fields-change`. */
export interface FieldsChangeDetail {
  /** The new value: one `{ SignComponents, Components }` per signer, ESS spelling, points. */
  value: PickerEntry[];
  /** True when shared's rules found nothing to fix. */
  valid: boolean;
  /** What the rules found, with paths in `Approvers[i].SignComponents[j]` form. */
  violations: RuleViolation[];
}

/** Where a KEYWORD/FIELD box landed on the PDF, for the component as it was (`key`). */
interface Resolved {
  key: string;
  boxes: PageBox[];
  violations: RuleViolation[];
}

/**
 * The EssElement properties that select the store (the inputs of its `config` getter): a change
 * reloads a PDF that comes from the BFF. Kept here, not in EssElement, because only the picker
 * needs it and the core bundle is on a byte budget.
 */
const STORE_INPUTS = ['bffUrl', 'token', 'tokenUrl', 'getToken', 'inherited', 'globalVersion'];

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2];

/**
 * Places signature, seal, date and fill-in fields on a PDF by dragging, and gives them back as ESS
 * components for `CreateFlowByFiles` / `POST /v1/flows/by-file` — no hand-measured coordinates.
 * Renders the PDF with pdf.js (loaded lazily from `pdfjs/` beside the picker's own script), offers the
 * component types each signer may have (shared's rules), supports absolute, KEYWORD and FIELD
 * positioning, and shows every rule broken on the box concerned.
 *
 * @summary Drag signing and fill-in fields onto a PDF and get Tencent E-Sign components back.
 * @tag ess-field-picker
 *
 * @csspart base - The whole picker.
 * @csspart toolbar - Signer choice, palette and zoom.
 * @csspart palette - The buttons that add a component.
 * @csspart pages - The scrolling area with the pages.
 * @csspart page - One page (canvas plus its boxes).
 * @csspart box - A placed component.
 * @csspart box-error - The rule a box breaks, shown on it.
 * @csspart handle - A box's resize handle.
 * @csspart inspector - The side panel for the selected box.
 * @csspart problems - The list of signer-level problems.
 * @csspart error - The error message when the PDF cannot be opened.
 * @csspart status - Loading and empty-state text.
 *
 * @cssprop --ess-color-primary - Selected box outline and buttons.
 * @cssprop --ess-color-error - Invalid box outline and messages.
 * @cssprop --ess-color-surface - Panel background.
 * @cssprop --ess-color-border - Panel and page borders.
 * @cssprop --ess-picker-height - Height of the scrolling page area (default 70vh).
 * @cssprop --ess-picker-box-bg - Fill of a placed box.
 * @cssprop --ess-radius - Corner radius.
 * @cssprop --ess-focus-ring-color - Focus outline colour.
 *
 * @fires ess-fields-change - A person changed the placement. Detail: `{ value, valid, violations }`; `value` as the `value` property.
 * @fires ess-error - The PDF could not be loaded or opened. Detail: `{ action, code, message, status, requestId }`.
 */
export class EssFieldPicker extends EssElement implements PickerHost {
  static override styles = [themeStyles, buttonStyles, fieldPickerStyles];

  static override properties: PropertyDeclarations = {
    src: {},
    templateId: { attribute: 'template-id' },
    flowId: { attribute: 'flow-id' },
    file: { attribute: false },
    approvers: { type: Array },
    zoom: { type: Number, reflect: true },
    pdfjsBase: { attribute: 'pdfjs-base' },
    doc: { state: true, attribute: false },
    loadError: { state: true, attribute: false },
    loading: { state: true, attribute: false },
    selectedId: { state: true, attribute: false },
    activeApprover: { state: true, attribute: false },
    picking: { state: true, attribute: false },
    resolved: { state: true, attribute: false },
    formFields: { state: true, attribute: false },
    keywordHits: { state: true, attribute: false },
  };

  /** URL of the PDF (fetched with the page's credentials for same-origin URLs). */
  declare src?: string;
  /**
   * A template whose PDF to show, fetched through the BFF (`GET /v1/templates/:id/pdf`) with the
   * element's token, which must name the template. Used when neither `file` nor `src` is set.
   */
  declare templateId?: string;
  /**
   * A flow whose PDF to show, through the BFF (`GET /v1/flows/:id/pdf`): available once the flow has its
   * document, before anyone signs. The token must name the flow. Used when `file`, `src` and
   * `template-id` are not set.
   */
  declare flowId?: string;
  /** The PDF itself: a `File`, `Blob`, `ArrayBuffer` or `Uint8Array` (property only). */
  declare file?: Blob | ArrayBuffer | ArrayBufferView | null;
  /** The signers, in `Approvers` order: `{ ApproverType, ApproverName?, OrganizationName?, ApproverRoleName? }`. */
  approvers: PickerApprover[] = [];
  /** Zoom factor (CSS pixels per point): 0.5 to 2; default 1. */
  zoom = 1;
  /** Where pdf.js lives (a directory laid out like pdfjs-dist); default: `pdfjs/` beside this script. */
  declare pdfjsBase?: string;

  /** The open PDF (null until loaded). */
  doc: PickerDocument | null = null;
  /** Why the PDF could not be opened (shown in place of the pages). */
  loadError: EssKitError | null = null;
  /** True while the PDF loads. */
  loading = false;
  private selectedId: number | null = null;
  private activeApprover = 0;
  /** True while the next click on a page picks a keyword. */
  picking = false;
  /** KEYWORD/FIELD boxes placed on the PDF: box id → copies (ESS boxes), and placement problems. */
  private resolved = new Map<number, Resolved>();
  /** AcroForm fields of the loaded PDF, for FIELD positioning. */
  formFields: FormField[] = [];
  /** Occurrences of each keyword in use, in reading order (KeywordIndexes count in it). */
  keywordHits = new Map<string, PageBox[]>();

  #entries: PickerEntry[] = [];
  #boxes: PickerBox[] = [];
  #check: PlacementCheck = { byBox: new Map(), general: [] };
  #loadVersion = 0;
  readonly #input = new BoxInteraction(this);

  /**
   * The placement: one `{ SignComponents, Components }` per entry of `approvers`, same order (entries
   * beyond `approvers` are kept), ESS spelling and units: `ComponentPage` 1-based, `ComponentPosX`/`Y`
   * the top-left corner from the displayed page's top-left, in points. Setting it draws the components;
   * reading it back gives the same JSON.
   */
  get value(): PickerEntry[] {
    return toValue(this.#entries, this.#boxes, this.approvers.length);
  }

  set value(value: PickerEntry[] | null | undefined) {
    const old = this.value;
    const { entries, boxes } = fromValue(value);
    this.#entries = entries;
    this.#boxes = boxes;
    this.selectedId = null;
    this.resolved = new Map();
    this.requestUpdate('value', old);
  }

  /** The rule violations of the current placement (also in `ess-fields-change`). */
  get violations(): RuleViolation[] {
    return [...this.#check.general, ...[...this.#check.byBox.values()].flat()];
  }

  /** A BFF error in the page's language, chosen by its code (the elements' shared table). */
  errorText(error: Pick<EssKitError, 'code' | 'status' | 'message'>): string {
    return this.i18n.error(error);
  }

  /** A translated picker message. */
  t(key: PickerMessageKey, params?: Record<string, string | number>): string {
    return format(pickerCatalogues[this.i18n.locale][key], params);
  }

  /** The localized name of a component type. */
  typeName(type: string): string {
    return componentTypeNames[this.i18n.locale][type] ?? type;
  }

  /** A rule's message in the page's language. */
  ruleMessage(violation: RuleViolation): string {
    return this.i18n.locale === 'zh-CN'
      ? (ruleMessagesZhCN[violation.rule] ?? violation.message)
      : violation.message;
  }

  /** How a signer is shown: name or organization, else role, else its type. */
  signerName(index: number): string {
    const a = this.approvers[index];
    if (!a) return this.t('signerUnknown', { index: index + 1 });
    const kind =
      a.ApproverType === 3
        ? this.t('signerSilent')
        : a.ApproverType === 1 || a.ApproverType === 7
          ? this.t('signerPerson')
          : this.t('signerCompany');
    const who = [a.OrganizationName, a.ApproverName].filter(Boolean).join(' · ') || a.ApproverRoleName;
    return who ? `${who} (${kind})` : `${kind} ${index + 1}`;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const fromBff = !this.file && !this.src && Boolean(this.templateId || this.flowId);
    if (
      ['src', 'file', 'pdfjsBase', 'templateId', 'flowId'].some((key) => changed.has(key)) ||
      (fromBff && STORE_INPUTS.some((key) => changed.has(key)))
    )
      void this.load();
    if (this.activeApprover >= Math.max(1, this.approvers.length)) this.activeApprover = 0;
    this.#resolvePlacements();
    this.#check = checkPlacement(
      this.approvers,
      this.value,
      this.#boxes,
      this.doc?.pageSizes,
      new Map([...this.resolved].map(([id, r]) => [id, r.violations])),
    );
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.doc) return;
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-page]')) {
      const key = `${this.zoom}`;
      if (canvas.dataset.scale === key) continue;
      canvas.dataset.scale = key;
      void this.doc.render(canvas, Number(canvas.dataset.page), this.zoom);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.doc?.destroy();
    this.doc = null;
  }

  /** Where the PDF comes from: `file`, `src`, then the BFF for `template-id` or `flow-id`; null = none. */
  #pdfSource(): (() => Promise<Uint8Array>) | null {
    const given = this.file ?? this.src ?? null;
    if (given) return () => pdfBytes(given);
    const [kind, id] = this.templateId ? ['templates', this.templateId] : ['flows', this.flowId];
    if (!id) return null;
    const store = this.store;
    return () => bffPdfBytes(store.http, `/v1/${kind}/${encodeURIComponent(id)}/pdf`);
  }

  /** (Re)loads the PDF from `file`, `src`, `template-id` or `flow-id`. */
  async load(): Promise<void> {
    const version = ++this.#loadVersion;
    const previous = this.doc;
    this.doc = null;
    this.loadError = null;
    this.resolved = new Map();
    this.formFields = [];
    this.keywordHits = new Map();
    void previous?.destroy();
    const source = this.#pdfSource();
    if (!source) {
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const base = pdfjsBase(this.pdfjsBase);
      const [pdfjs, bytes] = await Promise.all([loadPdfjs(base), source()]);
      const doc = await PickerDocument.open(pdfjs, await openPdf(bytes, base));
      if (version !== this.#loadVersion) return void doc.destroy();
      this.doc = doc;
      void doc.fields().then((fields) => {
        if (this.doc === doc) this.formFields = fields;
      });
    } catch (error) {
      if (version !== this.#loadVersion) return;
      this.loadError = this.fail(error, 'load-pdf');
    } finally {
      if (version === this.#loadVersion) this.loading = false;
    }
  }

  /** Places KEYWORD and FIELD boxes on the loaded PDF (asynchronously; re-renders when done). */
  #resolvePlacements(): void {
    const doc = this.doc;
    if (!doc) return;
    for (const box of this.#boxes) {
      const mode = box.component.GenerateMode ?? 'NORMAL';
      if (mode === 'NORMAL') continue;
      const key = JSON.stringify(box.component);
      if (this.resolved.get(box.id)?.key === key) continue;
      const path = `Approvers[${box.approver}].${box.kind === 'sign' ? 'SignComponents' : 'Components'}`;
      const keyword = keywordOf(box.component).text;
      const placing =
        mode === 'FIELD'
          ? doc.fields().then((fields) => placeFieldComponent(box.component, fields, path))
          : keyword.trim()
            ? doc.keywordHits(keyword).then((hits) => {
                this.keywordHits = new Map(this.keywordHits).set(
                  keyword,
                  hits.map(toPageBox).sort(readingOrder),
                );
                return placeKeywordComponent(box.component, hits, path);
              })
            : Promise.resolve({ components: [], violations: [] });
      this.resolved.set(box.id, { key, boxes: [], violations: [] });
      void placing.then((placement) => {
        if (this.doc !== doc || this.resolved.get(box.id)?.key !== key) return;
        const boxes = placement.components.map((component) => toPageBox({ component }));
        this.resolved = new Map(this.resolved).set(box.id, { key, boxes, violations: placement.violations });
      });
    }
  }

  /** Where a box shows: its own rectangle, or the KEYWORD/FIELD copies found on the PDF. */
  placesOf(box: PickerBox): PageBox[] {
    const c = box.component;
    if ((c.GenerateMode ?? 'NORMAL') !== 'NORMAL') return this.resolved.get(box.id)?.boxes ?? [];
    if (typeof c.ComponentPage !== 'number') return [];
    const count = this.doc?.pageSizes.length ?? 0;
    const page = c.ComponentPage < 0 ? count + 1 + c.ComponentPage : c.ComponentPage;
    return [
      {
        page,
        x: c.ComponentPosX ?? 0,
        y: c.ComponentPosY ?? 0,
        width: c.ComponentWidth ?? 0,
        height: c.ComponentHeight ?? 0,
      },
    ];
  }

  get boxes(): readonly PickerBox[] {
    return this.#boxes;
  }

  get selected(): PickerBox | null {
    return this.#boxes.find((b) => b.id === this.selectedId) ?? null;
  }

  problemsOf(box: PickerBox): RuleViolation[] {
    return this.#check.byBox.get(box.id) ?? [];
  }

  /** Applies a person's change, re-checks, and fires `ess-fields-change`. */
  commit(): void {
    this.requestUpdate();
    const value = this.value;
    this.#check = checkPlacement(this.approvers, value, this.#boxes, this.doc?.pageSizes);
    void this.updateComplete.then(() => {
      const violations = this.violations;
      this.emit<FieldsChangeDetail>('ess-fields-change', {
        value,
        valid: violations.length === 0,
        violations,
      });
    });
  }

  /** Adds a component of `type` for the active signer on the page in view; selects and focuses it. */
  async add(type: string, kind: 'sign' | 'fill'): Promise<void> {
    if (!this.doc) return;
    const page = this.#pageInView();
    const size = defaultSize(type);
    const component: EssComponent = {
      ComponentType: type as EssComponent['ComponentType'],
      FileIndex: 0,
      ComponentPage: page,
      ComponentPosX: 0,
      ComponentPosY: 0,
      ComponentWidth: size.width,
      ComponentHeight: size.height,
    };
    const pageSize = this.doc.pageSizes[page - 1];
    const taken = this.#boxes
      .filter((b) => b.approver === this.activeApprover)
      .flatMap((b) => this.placesOf(b));
    let offset = 40;
    while (taken.some((p) => p.page === page && Math.abs(p.x - offset) < 10 && Math.abs(p.y - offset) < 10))
      offset += 24;
    moveTo(component, offset, offset, pageSize);
    const box = newBox(this.activeApprover, kind, component);
    this.#boxes = [...this.#boxes, box];
    this.selectedId = box.id;
    this.commit();
    await this.updateComplete;
    this.focusBox(box.id);
  }

  removeBox(id: number): void {
    this.#boxes = this.#boxes.filter((b) => b.id !== id);
    if (this.selectedId === id) this.selectedId = null;
    this.commit();
  }

  focusBox(id: number): void {
    this.renderRoot.querySelector<HTMLElement>(`[part~="box"][data-id="${id}"]`)?.focus();
  }

  select(id: number | null): void {
    this.selectedId = id;
  }

  #pageInView(): number {
    const scroller = this.renderRoot.querySelector<HTMLElement>('.pages');
    const pages = [...this.renderRoot.querySelectorAll<HTMLElement>('.page')];
    if (!scroller) return 1;
    const top = scroller.getBoundingClientRect().top;
    const visible = pages.find((p) => p.getBoundingClientRect().bottom > top + 40);
    return Number(visible?.dataset.page ?? 1);
  }

  /** Sets a KEYWORD box's keyword and which of its occurrences to use (all when `indexes` is absent). */
  setKeyword(box: PickerBox, keyword: string, indexes?: number[]): void {
    const c = box.component;
    c.ComponentId = keyword;
    if (indexes) c.KeywordIndexes = indexes;
    else delete c.KeywordIndexes;
    this.commit();
  }

  startPicking(): void {
    this.picking = true;
  }

  setActiveApprover(index: number): void {
    this.activeApprover = index;
  }

  setZoom(zoom: number): void {
    this.zoom = Math.min(ZOOMS[ZOOMS.length - 1], Math.max(ZOOMS[0], zoom));
  }

  #zoomBy(direction: 1 | -1): void {
    const index = ZOOMS.findIndex((z) => z >= this.zoom);
    this.setZoom(
      ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, (index < 0 ? ZOOMS.length - 1 : index) + direction))],
    );
  }

  #renderPalette() {
    const approver = this.approvers[this.activeApprover] ?? { ApproverType: 0 };
    const types = componentTypesFor(approver);
    const button = (type: string, kind: 'sign' | 'fill') =>
      html`<button type="button" class="secondary" data-type=${type} ?disabled=${!this.doc} @click=${() => this.add(type, kind)}>${this.typeName(type)}</button>`;
    return html`<div part="palette" class="palette" role="group" aria-label=${this.t('palette')}>
      ${types.sign.map((type) => button(type, 'sign'))} ${types.fill.map((type) => button(type, 'fill'))}
    </div>`;
  }

  protected override render() {
    return html`<div part="base" class="picker" role="region" aria-label=${this.t('region')}>
      <div part="toolbar" class="toolbar">
        <label class="signer"
          >${this.t('signer')}
          <select @change=${(e: Event) => this.setActiveApprover(Number((e.target as HTMLSelectElement).value))}>
            ${(this.approvers.length ? this.approvers : [{ ApproverType: 0 }]).map(
              (_, i) =>
                html`<option value=${i} ?selected=${i === this.activeApprover}>${this.signerName(i)}</option>`,
            )}
          </select></label
        >
        ${this.#renderPalette()}
        <span class="zoom">
          <button type="button" class="secondary" aria-label=${this.t('zoomOut')} @click=${() => this.#zoomBy(-1)}>−</button>
          <output aria-live="polite">${this.t('zoom', { percent: Math.round(this.zoom * 100) })}</output>
          <button type="button" class="secondary" aria-label=${this.t('zoomIn')} @click=${() => this.#zoomBy(1)}>+</button>
        </span>
      </div>
      <div class="body">
        <div part="pages" class="pages" @pointerup=${(e: PointerEvent) => this.#input.up(e)}>${renderPages(this, this.#input)}</div>
        ${renderInspector(this)}
      </div>
      <p id="hint" class="visually-hidden">${this.t('boxHint')}</p>
    </div>`;
  }

  /** Signer-level problems (no box to show them on). */
  get generalProblems(): RuleViolation[] {
    return this.#check.general;
  }
}
