/**
 * The page area: one canvas per page (drawn by pdf.js in the element's `updated`) with the boxes
 * placed on it in CSS pixels (points × zoom), the rule a box breaks shown under it.
 */
import { keywordOf, type PageBox } from '@ess-kit/shared/rules';
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PickerMessageKey } from '../../localization/field-picker.js';
import type { BoxInteraction } from './interaction.js';
import type { PickerHost } from './picker-host.js';
import { place as placeAt } from './place.js';
import type { PickerBox } from './placements.js';

function boxLabel(picker: PickerHost, box: PickerBox, place: PageBox | undefined): string {
  const c = box.component;
  const type = picker.typeName(c.ComponentType);
  const signer = picker.signerName(box.approver);
  if (c.GenerateMode === 'KEYWORD')
    return picker.t('boxKeyword', { type, signer, keyword: keywordOf(c).text });
  if (c.GenerateMode === 'FIELD') return picker.t('boxField', { type, signer, field: c.ComponentName ?? '' });
  const p = place ?? { page: c.ComponentPage ?? 0, x: 0, y: 0, width: 0, height: 0 };
  return picker.t('box', { type, signer, page: p.page, x: p.x, y: p.y, width: p.width, height: p.height });
}

function renderBox(picker: PickerHost, input: BoxInteraction, box: PickerBox, place: PageBox, copy: number) {
  const problems = picker.problemsOf(box);
  const selected = box.id === picker.selected?.id;
  const z = picker.zoom;
  const style = placeAt({
    left: `${place.x * z}px`,
    top: `${place.y * z}px`,
    width: `${place.width * z}px`,
    height: `${place.height * z}px`,
  });
  if (copy > 0) return html`<div class="box copy" part="box copy" ${style} aria-hidden="true"></div>`;
  const errorId = `error-${box.id}`;
  const label = `${picker.typeName(box.component.ComponentType)} · ${picker.signerName(box.approver)}`;
  return html`<div
      class="box ${selected ? 'selected' : ''} ${problems.length ? 'invalid' : ''} kind-${box.kind}"
      part="box"
      data-id=${box.id}
      data-type=${box.component.ComponentType}
      ${style}
      role="button"
      tabindex="0"
      aria-pressed=${selected ? 'true' : 'false'}
      aria-label=${boxLabel(picker, box, place)}
      aria-describedby=${problems.length ? `${errorId} hint` : 'hint'}
      @pointerdown=${(e: PointerEvent) => input.down(e, box)}
      @pointermove=${(e: PointerEvent) => input.move(e, box)}
      @pointerup=${(e: PointerEvent) => input.up(e)}
      @pointercancel=${(e: PointerEvent) => input.up(e)}
      @keydown=${(e: KeyboardEvent) => input.key(e, box)}
      @focus=${() => picker.select(box.id)}
    >
      <span class="box-label">${label}</span>
      ${(box.component.GenerateMode ?? 'NORMAL') === 'FIELD' ? nothing : html`<span class="handle" part="handle" aria-hidden="true"></span>`}
    </div>
    ${
      problems.length
        ? html`<span id=${errorId} class="box-error" part="box-error" ${placeAt({ left: `${place.x * z}px`, top: `${(place.y + place.height) * z}px` })}
            >${picker.ruleMessage(problems[0])}</span
          >`
        : nothing
    }`;
}

/** The picker's own load failures (pdf-loader.ts) and their messages. */
const PDF_ERROR_KEYS: Record<string, PickerMessageKey> = {
  PDF_INVALID: 'errPdfInvalid',
  PDF_ENCRYPTED: 'errPdfEncrypted',
  PDF_LOAD_FAILED: 'errPdfLoadFailed',
  PDFJS_MISSING: 'errPdfjsMissing',
};

/** The pages (canvases) with their boxes, or the loading, empty or error state. */
export function renderPages(picker: PickerHost, input: BoxInteraction) {
  const doc = picker.doc;
  if (picker.loadError) {
    // The reason in the page's language, chosen by code (the picker's own PDF codes, else the
    // BFF's); the original message only as the title, as the other elements do.
    const error = picker.loadError;
    const own = PDF_ERROR_KEYS[error.code];
    const reason = own ? picker.t(own) : picker.errorText(error);
    return html`<p part="error" class="error" role="alert" title=${error.message}>${picker.t('error', { message: reason })}</p>`;
  }
  if (picker.loading) return html`<p part="status" class="status" role="status">${picker.t('loading')}</p>`;
  if (!doc) return html`<p part="status" class="status">${picker.t('empty')}</p>`;
  const places = picker.boxes.flatMap((box) =>
    picker.placesOf(box).map((place, copy) => ({ box, place, copy })),
  );
  return doc.pageSizes.map(
    (size, index) => html`<div
      class="page ${picker.picking ? 'picking' : ''}"
      part="page"
      data-page=${index + 1}
      role="group"
      aria-label=${picker.t('page', { page: index + 1 })}
      ${placeAt({ width: `${size.width * picker.zoom}px`, height: `${size.height * picker.zoom}px` })}
      @pointerdown=${(e: PointerEvent) => {
        if (picker.picking) void input.pick(e, index + 1);
      }}
    >
      <canvas data-page=${index + 1} aria-hidden="true"></canvas>
      ${repeat(
        places.filter((p) => p.place.page === index + 1),
        (p) => `${p.box.id}:${p.copy}`,
        (p) => renderBox(picker, input, p.box, p.place, p.copy),
      )}
    </div>`,
  );
}
