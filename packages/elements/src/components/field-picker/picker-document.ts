/**
 * The PDF side of the picker: page sizes as displayed, rendering a page into a canvas, the word under
 * a point (for KEYWORD picking), keyword hits and AcroForm fields — the last two with the same search
 * the emulator and the BFF run (`@ess-kit/shared/pdf-layout`), so a keyword the picker offers is one
 * ESS-side placement finds.
 */
import {
  type FormField,
  formFieldsInDocument,
  type KeywordMatch,
  keywordsInDocument,
  type PdfDocument as LayoutDocument,
} from '@ess-kit/shared/pdf-layout';
import type { PageSize } from '@ess-kit/shared/rules';
import type { PdfDocument, PdfjsModule, PdfPage } from './pdf-loader.js';

interface TextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A word on a page, with its box in ESS coordinates (top-left origin, pt). */
export interface PickedWord {
  text: string;
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export class PickerDocument {
  /** Page sizes as displayed (rotation and CropBox applied, as pdf.js's viewport shows them). */
  readonly pageSizes: PageSize[];
  readonly #pages: PdfPage[];
  readonly #text = new Map<number, Promise<TextRun[]>>();
  readonly #hits = new Map<string, Promise<KeywordMatch[]>>();
  #fields: Promise<FormField[]> | null = null;
  readonly #rendering = new WeakMap<HTMLCanvasElement, { cancel(): void }>();

  private constructor(
    private readonly pdfjs: PdfjsModule,
    private readonly pdf: PdfDocument,
    pages: PdfPage[],
  ) {
    this.#pages = pages;
    this.pageSizes = pages.map((page) => {
      const { width, height } = page.getViewport({ scale: 1 });
      return { width, height };
    });
  }

  static async open(pdfjs: PdfjsModule, pdf: PdfDocument): Promise<PickerDocument> {
    const pages = await Promise.all(Array.from({ length: pdf.numPages }, (_, i) => pdf.getPage(i + 1)));
    return new PickerDocument(pdfjs, pdf, pages);
  }

  /** Draws page `number` (1-based) at `scale` CSS pixels per point, sharp on high-density screens. */
  async render(canvas: HTMLCanvasElement, number: number, scale: number): Promise<void> {
    this.#rendering.get(canvas)?.cancel();
    const page = this.#pages[number - 1];
    const ratio = globalThis.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    const task = page.render({ canvas, viewport });
    this.#rendering.set(canvas, task);
    try {
      await task.promise;
    } catch (error) {
      if ((error as { name?: string })?.name !== 'RenderingCancelledException') throw error;
    }
  }

  /** The word at `x`, `y` (ESS coordinates, pt) on `page`, or null where there is no text. */
  async wordAt(page: number, x: number, y: number): Promise<PickedWord | null> {
    const runs = await this.#runs(page);
    const run = runs.find((r) => x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height);
    if (!run) return null;
    // pdf.js gives a run's width, not each glyph's: share it out evenly and take the word under x.
    const chars = Array.from(run.str);
    const per = run.width / Math.max(1, chars.length);
    const at = Math.min(chars.length - 1, Math.max(0, Math.floor((x - run.x) / per)));
    const isBreak = (ch: string) => /[\s:：,，;；.。()（）]/.test(ch);
    if (isBreak(chars[at])) return null;
    let start = at;
    let end = at + 1;
    while (start > 0 && !isBreak(chars[start - 1])) start--;
    while (end < chars.length && !isBreak(chars[end])) end++;
    return {
      text: chars.slice(start, end).join(''),
      page,
      x: run.x + start * per,
      y: run.y,
      width: (end - start) * per,
      height: run.height,
    };
  }

  /** Every occurrence of `keyword`, as the ESS-side placement finds them. */
  keywordHits(keyword: string): Promise<KeywordMatch[]> {
    let pending = this.#hits.get(keyword);
    if (!pending) {
      pending = keywordsInDocument(this.pdf as unknown as LayoutDocument, [keyword]);
      this.#hits.set(keyword, pending);
    }
    return pending;
  }

  /** The AcroForm field widgets. */
  fields(): Promise<FormField[]> {
    this.#fields ??= formFieldsInDocument(this.pdf as unknown as LayoutDocument);
    return this.#fields;
  }

  async destroy(): Promise<void> {
    await this.pdf.destroy();
  }

  #runs(page: number): Promise<TextRun[]> {
    let pending = this.#text.get(page);
    if (!pending) {
      const pdfPage = this.#pages[page - 1];
      const viewport = pdfPage.getViewport({ scale: 1 });
      pending = pdfPage.getTextContent().then((content) =>
        content.items.flatMap((item) => {
          if (!('str' in item) || !item.str.trim()) return [];
          const [, , c, d, e, f] = this.pdfjs.Util.transform(viewport.transform, item.transform);
          const height = Math.hypot(c, d);
          // Upright text only: its box on the displayed page runs from the baseline up by the font size.
          return [{ str: item.str, x: e, y: f - height, width: item.width, height: height * 1.2 }];
        }),
      );
      this.#text.set(page, pending);
    }
    return pending;
  }
}
