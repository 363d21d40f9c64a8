/**
 * Keyword hits and AcroForm fields of an already opened pdf.js document, as ESS component coordinates
 * on the page as displayed (rotation and CropBox applied: see {@link PageGeometry}). No pdf.js import
 * here (types only), so Node (through `./text.ts`, which loads pdf.js) and the browser (the field
 * picker, with its own pdf.js) run the same search.
 */
import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  type ComponentRect,
  componentToPdfRect,
  displaySize,
  type PageGeometry,
  type PdfRect,
  pdfBoxToRect,
  userRectToComponent,
} from './coordinates.js';

/** One occurrence of a keyword. */
export interface KeywordMatch {
  keyword: string;
  /** 1-based page number. */
  page: number;
  /** 1-based index of this occurrence among all occurrences of the keyword, in page and reading order. */
  occurrence: number;
  /** The keyword's box in points on the page as displayed, origin at its bottom-left corner. */
  rect: PdfRect;
  /** The same box as ESS component coordinates (top-left corner). */
  component: ComponentRect;
  /** Size of the page as displayed. */
  pageWidth: number;
  pageHeight: number;
}

/** One widget of an AcroForm field. */
export interface FormField {
  /** Fully qualified field name (`parent.child`). */
  name: string;
  /** PDF field type: `Tx` text, `Btn` button/checkbox, `Ch` choice, `Sig` signature. */
  type: string;
  /** 1-based page number. */
  page: number;
  /** The widget's box in points on the page as displayed, origin at its bottom-left corner. */
  rect: PdfRect;
  width: number;
  height: number;
  component: ComponentRect;
  pageWidth: number;
  pageHeight: number;
}

/** The parts of a pdf.js document this module reads. */
export type PdfDocument = Pick<
  Awaited<ReturnType<typeof Pdfjs.getDocument>['promise']>,
  'numPages' | 'getPage'
>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

/** A pdf.js page's geometry: its `view` (CropBox ∩ MediaBox) and `/Rotate`. */
export function geometryOf(page: Pick<PdfPage, 'view' | 'rotate'>): PageGeometry {
  return { view: page.view, rotate: page.rotate };
}

/** A user-space rectangle as a hit on the displayed page: display-frame rect, ESS box and page size. */
function onDisplay(rect: PdfRect, geometry: PageGeometry) {
  const component = userRectToComponent(rect, geometry);
  const size = displaySize(geometry);
  return {
    rect: componentToPdfRect(component, size.height),
    component,
    pageWidth: size.width,
    pageHeight: size.height,
  };
}

/**
 * Relative advance of a character. pdf.js reports the width of a whole text run, not of each glyph, so the
 * run's width is shared out by these weights: exact for CJK (full-width) text and for a keyword that is a
 * run of its own, within a few points for proportional Latin fonts.
 */
function charWeight(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) || // emoji are drawn full-width
    code >= 0x20000
  ) {
    return 1;
  }
  if (" ijlI.,:;!|'`".includes(char)) return 0.25;
  if ('ftr()[]-/"'.includes(char)) return 0.33;
  if ('mwMW@%'.includes(char)) return 0.85;
  if (char >= 'A' && char <= 'Z') return 0.68;
  if (char >= '0' && char <= '9') return 0.556;
  return 0.52;
}

/** A character of a text line, with where it starts and ends on the page (PDF points). */
interface PlacedChar {
  char: string;
  x0: number;
  x1: number;
  baseline: number;
  ascent: number;
  descent: number;
}

interface TextRun {
  str: string;
  x: number;
  width: number;
  baseline: number;
  size: number;
  ascent: number;
  descent: number;
}

/** Splits a page's text into lines; a keyword is only ever matched inside one line. */
async function pageLines(page: PdfPage): Promise<PlacedChar[][]> {
  const content = await page.getTextContent();
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    const [a, b, c, d, e, f] = item.transform as number[];
    // Only upright horizontal text: rotated or vertical runs have no meaningful left-to-right box here.
    if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d <= 0) continue;
    const style = content.styles[item.fontName];
    const ascent = style?.ascent && style.ascent > 0 ? style.ascent : 0.8;
    const descent = style?.descent && style.descent < 0 ? style.descent : -0.2;
    runs.push({
      str: item.str,
      x: e,
      width: item.width,
      baseline: f,
      size: d,
      ascent,
      descent,
    });
  }

  const lines: TextRun[][] = [];
  for (const run of runs) {
    const line = lines.find((candidate) => Math.abs(candidate[0].baseline - run.baseline) < 0.3 * run.size);
    if (line) line.push(run);
    else lines.push([run]);
  }

  const placedLines: PlacedChar[][] = [];
  for (const line of lines) {
    line.sort((left, right) => left.x - right.x);
    const chars: PlacedChar[] = [];
    let previousEnd = Number.NEGATIVE_INFINITY;
    for (const run of line) {
      // A wide gap on the same baseline is another column: keep keywords from matching across it.
      // pdf.js may fill such a gap with a single whitespace run as wide as the gap.
      const wideBlank = run.str.trim() === '' && run.width > 2 * run.size;
      if (chars.length > 0 && (wideBlank || run.x - previousEnd > 2 * run.size))
        placedLines.push(chars.splice(0));
      if (wideBlank) {
        previousEnd = run.x + run.width;
        continue;
      }
      const glyphs = Array.from(run.str);
      const total = glyphs.reduce((sum, glyph) => sum + charWeight(glyph), 0) || 1;
      let x = run.x;
      for (const glyph of glyphs) {
        const advance = (run.width * charWeight(glyph)) / total;
        chars.push({
          char: glyph,
          x0: x,
          x1: x + advance,
          baseline: run.baseline,
          ascent: run.ascent * run.size,
          descent: run.descent * run.size,
        });
        x += advance;
      }
      previousEnd = run.x + run.width;
    }
    if (chars.length > 0) placedLines.push(chars);
  }
  return placedLines;
}

/**
 * Every occurrence of each keyword (non-overlapping, never across lines), with its box as PDF points and
 * as ESS component coordinates. The box spans the keyword's glyphs horizontally and the font's ascent to
 * descent vertically.
 */
export async function keywordsInDocument(
  pdf: PdfDocument,
  keywords: readonly string[],
): Promise<KeywordMatch[]> {
  const wanted = [...new Set(keywords)];
  {
    const matches: KeywordMatch[] = [];
    const counts = new Map<string, number>();
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const geometry = geometryOf(page);
      for (const line of await pageLines(page)) {
        const text = line.map((c) => c.char).join('');
        for (const keyword of wanted) {
          const length = Array.from(keyword).length;
          let from = 0;
          for (;;) {
            const at = text.indexOf(keyword, from);
            if (at === -1) break;
            from = at + keyword.length;
            // indexOf counts UTF-16 units; the line array holds code points.
            const start = Array.from(text.slice(0, at)).length;
            const chars = line.slice(start, start + length);
            const bottom = Math.min(...chars.map((c) => c.baseline + c.descent));
            const top = Math.max(...chars.map((c) => c.baseline + c.ascent));
            const rect: PdfRect = {
              page: pageNumber,
              x: chars[0].x0,
              y: bottom,
              width: chars[chars.length - 1].x1 - chars[0].x0,
              height: top - bottom,
            };
            const occurrence = (counts.get(keyword) ?? 0) + 1;
            counts.set(keyword, occurrence);
            matches.push({ keyword, page: pageNumber, occurrence, ...onDisplay(rect, geometry) });
          }
        }
      }
      page.cleanup();
    }
    return matches;
  }
}

/**
 * Every AcroForm field widget (name, type, page, box as PDF points and as ESS component coordinates),
 * in page order. A field with several widgets (radio buttons) appears once per widget.
 */
export async function formFieldsInDocument(pdf: PdfDocument): Promise<FormField[]> {
  {
    const fields: FormField[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const geometry = geometryOf(page);
      const annotations = (await page.getAnnotations({ intent: 'any' })) as {
        subtype?: string;
        fieldName?: string;
        fieldType?: string;
        rect?: number[];
      }[];
      for (const annotation of annotations) {
        if (annotation.subtype !== 'Widget' || !annotation.fieldName || !annotation.rect) continue;
        const placed = onDisplay(pdfBoxToRect(annotation.rect, pageNumber), geometry);
        fields.push({
          name: annotation.fieldName,
          type: annotation.fieldType ?? '',
          page: pageNumber,
          width: placed.rect.width,
          height: placed.rect.height,
          ...placed,
        });
      }
      page.cleanup();
    }
    return fields;
  }
}
