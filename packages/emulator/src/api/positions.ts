/**
 * Turns request components into absolute ones (points, top-left origin, 1-based page):
 * NORMAL as given (checked against the page sizes), KEYWORD and FIELD through
 * @ess-kit/shared's pdf-text (keyword hits, AcroForm fields) and placement rules
 * (RelativeLocation, offsets, KeywordPage/KeywordIndexes/KeywordOrder, with or without a size).
 * Failures name the component and what was missing.
 */
import {
  keywordOf,
  type PlacedComponent,
  placeFieldComponent,
  placeKeywordComponent,
  type Component as SharedComponent,
} from '@ess-kit/shared';
import { findFormFields, findKeywordPositions, PdfTextError } from '@ess-kit/shared/pdf-text';
import { type PdfLayout, readLayout } from '../files/locate.js';
import { EmulatorError } from '../state/errors.js';
import type { Component } from '../state/types.js';
import { enforce } from './rules.js';

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

/** Runs a pdf-text lookup; an unreadable PDF becomes InternalError.Pdf instead of a crash. */
async function readPdf<T>(lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof PdfTextError)
      throw new EmulatorError(
        'InternalError.Pdf',
        `The PDF could not be searched for components (${error.code}); upload an intact, unencrypted PDF.`,
      );
    throw error;
  }
}

/** A component placed by the shared rules, in the emulator's model. */
function fromPlaced(c: RequestComponent, placed: PlacedComponent): Component {
  return absolute(
    c,
    placed.ComponentPage,
    placed.ComponentPosX,
    placed.ComponentPosY,
    placed.ComponentWidth,
    placed.ComponentHeight,
  );
}

async function keyword(c: RequestComponent, pdf: Uint8Array, where: string): Promise<Component[]> {
  const word = c.ComponentId?.trim();
  if (!word)
    throw new EmulatorError(
      'MissingParameter.KeyWord',
      `${where}: a KEYWORD component needs the keyword in ComponentId.`,
    );
  const { text } = keywordOf({ ComponentId: word });
  // pdfjs detaches the buffer it reads: hand it a copy.
  const hits = await readPdf(() => findKeywordPositions(pdf.slice(), [text]));
  const placement = placeKeywordComponent(c as SharedComponent, hits, where);
  enforce(placement.violations);
  return placement.components.map((placed) => fromPlaced(c, placed));
}

async function field(c: RequestComponent, pdf: Uint8Array, where: string): Promise<Component[]> {
  if (!c.ComponentName?.trim())
    throw new EmulatorError(
      'MissingParameter.Field',
      `${where}: a FIELD component needs the form field's name in ComponentName.`,
    );
  const placement = placeFieldComponent(
    c as SharedComponent,
    await readPdf(() => findFormFields(pdf.slice())),
    where,
  );
  enforce(placement.violations);
  return placement.components.map((placed) => fromPlaced(c, placed));
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
  for (const [i, c] of components.entries()) {
    const label = `${where}[${i}]`;
    if ((c.FileIndex ?? 0) !== 0)
      throw new EmulatorError(
        'InvalidParameter.ComponentFileIndex',
        `${label}: FileIndex must be 0 (one file per flow).`,
      );
    const mode = c.GenerateMode ?? 'NORMAL';
    if (mode === 'KEYWORD') out.push(...(await keyword(c, pdf, label)));
    else if (mode === 'FIELD') out.push(...(await field(c, pdf, label)));
    else out.push(normal(c, layout, label));
  }
  return out;
}
