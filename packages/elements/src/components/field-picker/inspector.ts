/**
 * The picker's side panel: edits the selected box (signer, required, label, positioning mode, keyword
 * and occurrence, form field) and lists what the rules found that belongs to no box.
 */
import { keywordOf } from '@ess-kit/shared/rules';
import { html, nothing } from 'lit';
import type { PickerHost } from './picker-host.js';
import { type PickerBox, type PositionMode, setMode } from './placements.js';

const value = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;

function modeControls(picker: PickerHost, box: PickerBox) {
  const c = box.component;
  const mode = c.GenerateMode ?? 'NORMAL';
  if (mode === 'FIELD') {
    return html`<label
      >${picker.t('field')}
      <select
        data-control="field"
        @change=${(e: Event) => {
          c.ComponentName = value(e);
          picker.commit();
        }}
      >
        <option value="" ?selected=${!c.ComponentName}>${picker.t('fieldChoose')}</option>
        ${[...new Set(picker.formFields.map((f) => f.name))].map(
          (name) => html`<option value=${name} ?selected=${name === c.ComponentName}>${name}</option>`,
        )}
      </select></label
    >
    ${picker.formFields.length ? nothing : html`<p class="note">${picker.t('fieldNone')}</p>`}`;
  }
  if (mode !== 'KEYWORD') return nothing;
  const keyword = keywordOf(c).text;
  const hits = picker.keywordHits.get(keyword) ?? [];
  const chosen = Array.isArray(c.KeywordIndexes) && c.KeywordIndexes.length === 1 ? c.KeywordIndexes[0] : -1;
  const number = (key: 'OffsetX' | 'OffsetY') => html`<label
    >${picker.t(key === 'OffsetX' ? 'offsetX' : 'offsetY')}
    <input
      type="number"
      step="1"
      data-control=${key}
      .value=${String(c[key] ?? 0)}
      @change=${(e: Event) => {
        const n = Number(value(e));
        if (Number.isFinite(n)) c[key] = n;
        picker.commit();
      }}
  /></label>`;
  return html`<label
      >${picker.t('keyword')}
      <input
        data-control="keyword"
        .value=${keyword}
        @change=${(e: Event) => picker.setKeyword(box, value(e).trim())}
    /></label>
    <button type="button" class="secondary" data-control="pick" aria-pressed=${picker.picking ? 'true' : 'false'} @click=${() => picker.startPicking()}>
      ${picker.picking ? picker.t('keywordPicking') : picker.t('keywordPick')}
    </button>
    ${keyword ? html`<p class="note">${picker.t('keywordHits', { count: hits.length })}</p>` : nothing}
    <label
      >${picker.t('occurrence')}
      <select data-control="occurrence" @change=${(e: Event) => {
        const n = Number(value(e));
        picker.setKeyword(box, keyword, n >= 0 ? [n] : undefined);
      }}>
        <option value="-1" ?selected=${chosen < 0}>${picker.t('occurrenceAll')}</option>
        ${hits.map(
          (hit, i) =>
            html`<option value=${i} ?selected=${chosen === i}>${picker.t('occurrenceN', { n: i + 1, page: hit.page })}</option>`,
        )}
      </select></label
    >
    ${number('OffsetX')} ${number('OffsetY')}`;
}

function selectedPanel(picker: PickerHost, box: PickerBox) {
  const c = box.component;
  const mode = (c.GenerateMode ?? 'NORMAL') as PositionMode;
  const problems = picker.problemsOf(box);
  return html`<h3>${picker.t('selected')}: ${picker.typeName(c.ComponentType)}</h3>
    <label
      >${picker.t('signer')}
      <select data-control="signer" @change=${(e: Event) => {
        box.approver = Number(value(e));
        picker.commit();
      }}>
        ${(picker.approvers.length ? picker.approvers : [{ ApproverType: 0 }]).map(
          (_, i) => html`<option value=${i} ?selected=${i === box.approver}>${picker.signerName(i)}</option>`,
        )}
      </select></label
    >
    <label class="check"
      ><input
        type="checkbox"
        data-control="required"
        .checked=${c.ComponentRequired === true}
        @change=${(e: Event) => {
          c.ComponentRequired = (e.target as HTMLInputElement).checked;
          picker.commit();
        }}
      />
      ${picker.t('required')}</label
    >
    ${
      mode === 'FIELD'
        ? nothing
        : html`<label
            >${picker.t('label')}
            <input
              data-control="label"
              maxlength="20"
              .value=${c.ComponentName ?? ''}
              @change=${(e: Event) => {
                const text = value(e).trim();
                if (text) c.ComponentName = text;
                else delete c.ComponentName;
                picker.commit();
              }}
          /></label>`
    }
    <label
      >${picker.t('mode')}
      <select data-control="mode" @change=${(e: Event) => {
        setMode(c, value(e) as PositionMode, picker.placesOf(box)[0]);
        picker.commit();
      }}>
        <option value="NORMAL" ?selected=${mode === 'NORMAL'}>${picker.t('modeNormal')}</option>
        <option value="KEYWORD" ?selected=${mode === 'KEYWORD'}>${picker.t('modeKeyword')}</option>
        <option value="FIELD" ?selected=${mode === 'FIELD'}>${picker.t('modeField')}</option>
      </select></label
    >
    ${modeControls(picker, box)}
    ${problems.length ? html`<ul class="problems error">${problems.map((v) => html`<li>${picker.ruleMessage(v)}</li>`)}</ul>` : nothing}
    <button type="button" class="secondary" data-control="remove" @click=${() => picker.removeBox(box.id)}>${picker.t('remove')}</button>`;
}

/** The side panel. */
export function renderInspector(picker: PickerHost) {
  const box = picker.selected;
  const unplaced = picker.boxes.filter((b) => picker.placesOf(b).length === 0);
  const general = picker.generalProblems;
  return html`<aside part="inspector" class="inspector">
    ${box ? selectedPanel(picker, box) : nothing}
    ${
      unplaced.length && picker.doc
        ? html`<h3>${picker.t('unplaced')}</h3>
            <ul class="unplaced">
              ${unplaced.map(
                (b) => html`<li>
                  <button type="button" class="secondary" @click=${() => picker.select(b.id)}>
                    ${picker.typeName(b.component.ComponentType)} · ${picker.signerName(b.approver)}
                  </button>
                  ${picker.problemsOf(b).length ? html`<span class="error">${picker.ruleMessage(picker.problemsOf(b)[0])}</span>` : nothing}
                </li>`,
              )}
            </ul>`
        : nothing
    }
    ${
      general.length
        ? html`<div part="problems" class="problems" role="status">
            <h3>${picker.t('problems')}</h3>
            <ul class="error">${general.map((v) => html`<li>${picker.ruleMessage(v)}</li>`)}</ul>
          </div>`
        : nothing
    }
  </aside>`;
}
