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
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { EssKitError } from '../../client/errors.js';
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
import { loadPdfjs, openPdf, pdfBytes, pdfjsBase } from './pdf-loader.js';
import { PickerDocument } from './picker-document.js';
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
  resizeTo,
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
export class EssFieldPicker extends EssElement {
  static override styles = [themeStyles, buttonStyles, fieldPickerStyles];

  static override properties: PropertyDeclarations = {
    src: {},
    file: { attribute: false },
    flowId: { attribute: 'flow-id' },
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
  /** The PDF itself: a `File`, `Blob`, `ArrayBuffer` or `Uint8Array` (property only). */
  declare file?: Blob | ArrayBuffer | ArrayBufferView | null;
  /** A flow whose PDF to show, fetched through the BFF (`GET /v1/flows/:id/files`, a token naming it). */
  declare flowId?: string;
  /** The signers, in `Approvers` order: `{ ApproverType, ApproverName?, OrganizationName?, ApproverRoleName? }`. */
  approvers: PickerApprover[] = [];
  /** Zoom factor (CSS pixels per point): 0.5 to 2; default 1. */
  zoom = 1;
  /** Where pdf.js lives (a directory laid out like pdfjs-dist); default: `pdfjs/` beside this script. */
  declare pdfjsBase?: string;

  /** The open PDF (null until loaded). */
  doc: PickerDocument | null = null;
  private loadError: EssKitError | null = null;
  private loading = false;
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
  #drag: { id: number; pointer: number; x: number; y: number; from: number[]; resize: boolean } | null = null;

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
    if (changed.has('src') || changed.has('file') || changed.has('flowId') || changed.has('pdfjsBase'))
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

  /** (Re)loads the PDF from `file`, `src` or `flow-id`. */
  async load(): Promise<void> {
    const version = ++this.#loadVersion;
    const previous = this.doc;
    this.doc = null;
    this.loadError = null;
    this.resolved = new Map();
    this.formFields = [];
    this.keywordHits = new Map();
    void previous?.destroy();
    const source = this.file ?? this.src ?? null;
    if (!source && !this.flowId) {
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const base = pdfjsBase(this.pdfjsBase);
      const [pdfjs, bytes] = await Promise.all([loadPdfjs(base), this.#bytes(source)]);
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

  async #bytes(source: Blob | ArrayBuffer | ArrayBufferView | string | null): Promise<Uint8Array> {
    if (source) return pdfBytes(source);
    const files = await this.store.fileUrls(this.flowId as string, { fileType: 'PDF' });
    if (!files.urls[0]) throw new EssKitError('PDF_LOAD_FAILED', 'The BFF returned no link to the PDF.');
    return pdfBytes(files.urls[0]);
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

  #onBoxKey(event: KeyboardEvent, box: PickerBox): void {
    const step = event.shiftKey ? 10 : 1;
    const delta = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[
      event.key
    ];
    const c = box.component;
    const size = this.doc?.pageSizes[(c.ComponentPage ?? 1) - 1];
    if (delta) {
      event.preventDefault();
      if (event.altKey)
        resizeTo(c, (c.ComponentWidth ?? 0) + delta[0], (c.ComponentHeight ?? 0) + delta[1], size);
      else if ((c.GenerateMode ?? 'NORMAL') === 'KEYWORD')
        moveTo(c, (c.OffsetX ?? 0) + delta[0], (c.OffsetY ?? 0) + delta[1]);
      else {
        // Keyboard moves are exact: no snapping to the edges, only kept on the page.
        const x = Math.min(
          Math.max(0, (c.ComponentPosX ?? 0) + delta[0]),
          (size?.width ?? Infinity) - (c.ComponentWidth ?? 0),
        );
        const y = Math.min(
          Math.max(0, (c.ComponentPosY ?? 0) + delta[1]),
          (size?.height ?? Infinity) - (c.ComponentHeight ?? 0),
        );
        c.ComponentPosX = Math.round(x * 100) / 100;
        c.ComponentPosY = Math.round(y * 100) / 100;
      }
      this.commit();
    } else if (
      (event.key === 'PageDown' || event.key === 'PageUp') &&
      (c.GenerateMode ?? 'NORMAL') === 'NORMAL'
    ) {
      event.preventDefault();
      const count = this.doc?.pageSizes.length ?? 1;
      c.ComponentPage = Math.min(
        count,
        Math.max(1, (c.ComponentPage ?? 1) + (event.key === 'PageDown' ? 1 : -1)),
      );
      moveTo(c, c.ComponentPosX ?? 0, c.ComponentPosY ?? 0, this.doc?.pageSizes[c.ComponentPage - 1]);
      this.commit();
      void this.updateComplete.then(() => this.focusBox(box.id));
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      this.removeBox(box.id);
    }
  }

  #onPointerDown(event: PointerEvent, box: PickerBox): void {
    if (event.button !== 0) return;
    this.selectedId = box.id;
    const target = event.currentTarget as HTMLElement;
    target.focus();
    const resize = (event.target as HTMLElement).getAttribute('part') === 'handle';
    const c = box.component;
    const keyword = (c.GenerateMode ?? 'NORMAL') === 'KEYWORD';
    const from = resize
      ? [c.ComponentWidth ?? 0, c.ComponentHeight ?? 0]
      : keyword
        ? [c.OffsetX ?? 0, c.OffsetY ?? 0]
        : [c.ComponentPosX ?? 0, c.ComponentPosY ?? 0];
    this.#drag = { id: box.id, pointer: event.pointerId, x: event.clientX, y: event.clientY, from, resize };
    target.setPointerCapture(event.pointerId);
    event.preventDefault();
  }

  #onPointerMove(event: PointerEvent, box: PickerBox): void {
    const drag = this.#drag;
    if (!drag || drag.id !== box.id || drag.pointer !== event.pointerId) return;
    const dx = (event.clientX - drag.x) / this.zoom;
    const dy = (event.clientY - drag.y) / this.zoom;
    const c = box.component;
    const size = this.doc?.pageSizes[(c.ComponentPage ?? 1) - 1];
    if (drag.resize) resizeTo(c, drag.from[0] + dx, drag.from[1] + dy, size);
    else
      moveTo(
        c,
        drag.from[0] + dx,
        drag.from[1] + dy,
        (c.GenerateMode ?? 'NORMAL') === 'NORMAL' ? size : undefined,
      );
    this.requestUpdate();
  }

  #onPointerUp(event: PointerEvent): void {
    if (!this.#drag || this.#drag.pointer !== event.pointerId) return;
    this.#drag = null;
    this.commit();
  }

  /** In KEYWORD pick mode: takes the word under the pointer as the selected box's keyword. */
  async #onPageClick(event: PointerEvent, page: number): Promise<void> {
    const box = this.selected;
    if (!this.picking || !box || !this.doc) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const x = (event.clientX - rect.left) / this.zoom;
    const y = (event.clientY - rect.top) / this.zoom;
    const word = await this.doc.wordAt(page, x, y);
    if (!word) return;
    const hits = (await this.doc.keywordHits(word.text)).map((h) => ({ page: h.page, box: toPageBox(h) }));
    const ordered = hits.map((h) => h.box).sort(readingOrder);
    const index = ordered.findIndex(
      (h) =>
        h.page === page && x >= h.x - 1 && x <= h.x + h.width + 1 && y >= h.y - 2 && y <= h.y + h.height + 2,
    );
    this.picking = false;
    this.setKeyword(box, word.text, index >= 0 ? [index] : undefined);
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

  #boxLabel(box: PickerBox, place: PageBox | undefined): string {
    const c = box.component;
    const type = this.typeName(c.ComponentType);
    const signer = this.signerName(box.approver);
    if (c.GenerateMode === 'KEYWORD')
      return this.t('boxKeyword', { type, signer, keyword: keywordOf(c).text });
    if (c.GenerateMode === 'FIELD') return this.t('boxField', { type, signer, field: c.ComponentName ?? '' });
    const p = place ?? { page: c.ComponentPage ?? 0, x: 0, y: 0, width: 0, height: 0 };
    return this.t('box', { type, signer, page: p.page, x: p.x, y: p.y, width: p.width, height: p.height });
  }

  #renderBox(box: PickerBox, place: PageBox, copy: number) {
    const problems = this.problemsOf(box);
    const selected = box.id === this.selectedId;
    const z = this.zoom;
    // styleMap sets properties through the CSSOM: allowed under a CSP without 'unsafe-inline'.
    const style = styleMap({
      left: `${place.x * z}px`,
      top: `${place.y * z}px`,
      width: `${place.width * z}px`,
      height: `${place.height * z}px`,
    });
    if (copy > 0) return html`<div class="box copy" part="box copy" style=${style} aria-hidden="true"></div>`;
    const errorId = `error-${box.id}`;
    const label = `${this.typeName(box.component.ComponentType)} · ${this.signerName(box.approver)}`;
    return html`<div
        class="box ${selected ? 'selected' : ''} ${problems.length ? 'invalid' : ''} kind-${box.kind}"
        part="box"
        data-id=${box.id}
        data-type=${box.component.ComponentType}
        style=${style}
        role="button"
        tabindex="0"
        aria-pressed=${selected ? 'true' : 'false'}
        aria-label=${this.#boxLabel(box, place)}
        aria-describedby=${problems.length ? `${errorId} hint` : 'hint'}
        @pointerdown=${(e: PointerEvent) => this.#onPointerDown(e, box)}
        @pointermove=${(e: PointerEvent) => this.#onPointerMove(e, box)}
        @pointerup=${(e: PointerEvent) => this.#onPointerUp(e)}
        @pointercancel=${(e: PointerEvent) => this.#onPointerUp(e)}
        @keydown=${(e: KeyboardEvent) => this.#onBoxKey(e, box)}
        @focus=${() => this.select(box.id)}
      >
        <span class="box-label">${label}</span>
        ${(box.component.GenerateMode ?? 'NORMAL') === 'FIELD' ? nothing : html`<span class="handle" part="handle" aria-hidden="true"></span>`}
      </div>
      ${
        problems.length
          ? html`<span id=${errorId} class="box-error" part="box-error" style=${styleMap({ left: `${place.x * z}px`, top: `${(place.y + place.height) * z}px` })}
              >${this.ruleMessage(problems[0])}</span
            >`
          : nothing
      }`;
  }

  #renderPages() {
    const doc = this.doc;
    if (this.loadError)
      return html`<p part="error" class="error" role="alert">${this.t('error', { message: this.loadError.message })}</p>`;
    if (this.loading) return html`<p part="status" class="status" role="status">${this.t('loading')}</p>`;
    if (!doc) return html`<p part="status" class="status">${this.t('empty')}</p>`;
    const places = this.#boxes.flatMap((box) =>
      this.placesOf(box).map((place, copy) => ({ box, place, copy })),
    );
    return doc.pageSizes.map(
      (size, index) => html`<div
        class="page ${this.picking ? 'picking' : ''}"
        part="page"
        data-page=${index + 1}
        role="group"
        aria-label=${this.t('page', { page: index + 1 })}
        style=${styleMap({ width: `${size.width * this.zoom}px`, height: `${size.height * this.zoom}px` })}
        @pointerdown=${(e: PointerEvent) => {
          if (this.picking) void this.#onPageClick(e, index + 1);
        }}
      >
        <canvas data-page=${index + 1} aria-hidden="true"></canvas>
        ${repeat(
          places.filter((p) => p.place.page === index + 1),
          (p) => `${p.box.id}:${p.copy}`,
          (p) => this.#renderBox(p.box, p.place, p.copy),
        )}
      </div>`,
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
        <div part="pages" class="pages" @pointerup=${(e: PointerEvent) => this.#onPointerUp(e)}>${this.#renderPages()}</div>
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
