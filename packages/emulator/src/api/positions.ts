/**
 * Turns request components into absolute ones (points, top-left origin, 1-based page):
 * NORMAL as given, KEYWORD by searching the PDF's text (RelativeLocation, offsets,
 * KeywordPage/KeywordIndexes/KeywordOrder, with or without a size), FIELD from the AcroForm
 * field named by ComponentName. Failures name the component and what was missing.
 */
import { findKeyword, type PdfLayout, type PdfRect, readLayout } from '../files/locate.js';
import { EmulatorError } from '../state/errors.js';
import type { Component } from '../state/types.js';

/** A component as requests carry it (ESS spelling; optional coordinates outside NORMAL mode). */
export interface RequestComponent {
  ComponentType: string;
  FileIndex?: number;
  GenerateMode?: string;
  ComponentId?: string;
  ComponentName?: string;
  ComponentPage?: number;
  ComponentPosX?: number;
  ComponentPosY?: number;
  ComponentWidth?: number;
  ComponentHeight?: number;
  ComponentRequired?: boolean;
  ComponentValue?: string;
  ComponentExtra?: string;
  OffsetX?: number;
  OffsetY?: number;
  KeywordOrder?: string;
  KeywordPage?: number;
  KeywordIndexes?: number[];
  RelativeLocation?: string;
}

function absolute(
  c: RequestComponent,
  page: number,
  x: number,
  y: number,
  width: number,
  height: number,
): Component {
  return {
    ComponentType: c.ComponentType,
    ComponentId: c.ComponentId ?? '',
    ComponentName: c.ComponentName ?? '',
    ComponentPage: page,
    ComponentPosX: round(x),
    ComponentPosY: round(y),
    ComponentWidth: round(width),
    ComponentHeight: round(height),
    FileIndex: 0,
    ComponentRequired: c.ComponentRequired ?? false,
    ComponentValue: c.ComponentValue ?? '',
    ComponentRecipientId: '',
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function ignoreKeywordError(c: RequestComponent): boolean {
  if (!c.ComponentExtra) return false;
  try {
    const extra = JSON.parse(c.ComponentExtra) as { IgnoreKeywordError?: unknown };
    return Number(extra.IgnoreKeywordError) === 1;
  } catch {
    return false;
  }
}

function normal(c: RequestComponent, layout: PdfLayout, where: string): Component {
  const missing = (
    ['ComponentPage', 'ComponentPosX', 'ComponentPosY', 'ComponentWidth', 'ComponentHeight'] as const
  ).filter((k) => typeof c[k] !== 'number');
  if (missing.length > 0) {
    throw new EmulatorError(
      'InvalidParameter.ComponentPosition',
      `${where}: a NORMAL (absolute) component needs ${missing.join(', ')}.`,
    );
  }
  const pages = layout.pages.length;
  let pageNo = c.ComponentPage as number;
  if (pageNo < 0) pageNo = pages + 1 + pageNo;
  if (!Number.isInteger(pageNo) || pageNo < 1 || pageNo > pages) {
    throw new EmulatorError(
      'InvalidParameter.ComponentPage',
      `${where}: ComponentPage ${c.ComponentPage} is outside the PDF's ${pages} page(s).`,
    );
  }
  const size = layout.pages[pageNo - 1];
  const [x, y, w, h] = [c.ComponentPosX, c.ComponentPosY, c.ComponentWidth, c.ComponentHeight] as number[];
  if (w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > size.width + 1 || y + h > size.height + 1) {
    throw new EmulatorError(
      'InvalidParameter.ComponentPosition',
      `${where}: the box (${x}, ${y}, ${w}×${h}) does not fit page ${pageNo} (${round(size.width)}×${round(size.height)} pt, origin top left).`,
    );
  }
  return absolute(c, pageNo, x, y, w, h);
}

function place(hit: PdfRect, pageHeight: number, c: RequestComponent): Component {
  const width = c.ComponentWidth && c.ComponentWidth > 0 ? c.ComponentWidth : hit.width;
  const height = c.ComponentHeight && c.ComponentHeight > 0 ? c.ComponentHeight : hit.height;
  const left = hit.x;
  const top = pageHeight - (hit.y + hit.height);
  let x: number;
  let y: number;
  switch (c.RelativeLocation ?? 'Middle') {
    case 'Right':
      x = left + hit.width;
      y = top + hit.height / 2 - height / 2;
      break;
    case 'Below':
      x = left;
      y = top + hit.height;
      break;
    case 'LowerRight':
      x = left + hit.width;
      y = top + hit.height;
      break;
    case 'UpperRight':
      x = left + hit.width;
      y = top - height;
      break;
    default:
      x = left + hit.width / 2 - width / 2;
      y = top + hit.height / 2 - height / 2;
  }
  return absolute(
    c,
    hit.page,
    Math.max(0, x + (c.OffsetX ?? 0)),
    Math.max(0, y + (c.OffsetY ?? 0)),
    width,
    height,
  );
}

function keyword(c: RequestComponent, layout: PdfLayout, where: string): Component[] {
  const word = c.ComponentId?.trim();
  if (!word)
    throw new EmulatorError(
      'MissingParameter.KeyWord',
      `${where}: a KEYWORD component needs the keyword in ComponentId.`,
    );
  let hits = findKeyword(layout, word);
  if (c.KeywordPage !== undefined) hits = hits.filter((h) => h.page === c.KeywordPage);
  if (c.KeywordOrder === 'Reverse') hits = hits.reverse();
  if (hits.length === 0) {
    if (ignoreKeywordError(c)) return [];
    const scope = c.KeywordPage !== undefined ? ` on page ${c.KeywordPage}` : '';
    throw new EmulatorError(
      'InvalidParameter.Keyword',
      `关键字不存在: ${where}: the keyword ${JSON.stringify(word)} does not occur in the PDF's text${scope}.`,
    );
  }
  if (c.KeywordIndexes && c.KeywordIndexes.length > 0) {
    const bad = c.KeywordIndexes.filter((i) => !Number.isInteger(i) || i < 0 || i >= hits.length);
    if (bad.length > 0) {
      throw new EmulatorError(
        'InvalidParameter.Keyword',
        `${where}: KeywordIndexes ${bad.join(', ')} out of range; ${JSON.stringify(word)} occurs ${hits.length} time(s).`,
      );
    }
    hits = c.KeywordIndexes.map((i) => hits[i]);
  }
  return hits.map((hit) => place(hit, layout.pages[hit.page - 1].height, c));
}

function field(c: RequestComponent, layout: PdfLayout, where: string): Component {
  const name = c.ComponentName?.trim();
  if (!name)
    throw new EmulatorError(
      'MissingParameter.Field',
      `${where}: a FIELD component needs the form field's name in ComponentName.`,
    );
  const found = layout.fields.find((f) => f.name === name);
  if (!found) {
    const known = layout.fields.map((f) => f.name).join(', ') || 'none';
    throw new EmulatorError(
      'MissingParameter.Field',
      `表单域不存在: ${where}: the PDF has no form field ${JSON.stringify(name)} (fields: ${known}).`,
    );
  }
  const pageHeight = layout.pages[found.page - 1].height;
  const width = c.ComponentWidth && c.ComponentWidth > 0 ? c.ComponentWidth : found.width;
  const height = c.ComponentHeight && c.ComponentHeight > 0 ? c.ComponentHeight : found.height;
  return absolute(c, found.page, found.x, pageHeight - found.y - found.height, width, height);
}

/** Resolves every component against the PDF; `where` prefixes error messages (e.g. `Approvers[0].SignComponents`). */
export async function resolveComponents(
  components: RequestComponent[] | undefined,
  pdf: Uint8Array,
  where: string,
): Promise<Component[]> {
  if (!components || components.length === 0) return [];
  let layout: PdfLayout;
  try {
    layout = await readLayout(pdf);
  } catch {
    throw new EmulatorError(
      'InternalError.Pdf',
      'The PDF could not be read to place components; upload a valid PDF.',
    );
  }
  const out: Component[] = [];
  components.forEach((c, i) => {
    const label = `${where}[${i}]`;
    if ((c.FileIndex ?? 0) !== 0)
      throw new EmulatorError(
        'InvalidParameter.ComponentFileIndex',
        `${label}: FileIndex must be 0 (one file per flow).`,
      );
    const mode = c.GenerateMode ?? 'NORMAL';
    if (mode === 'KEYWORD') out.push(...keyword(c, layout, label));
    else if (mode === 'FIELD') out.push(field(c, layout, label));
    else out.push(normal(c, layout, label));
  });
  return out;
}
