/**
 * `@ess-kit/shared/pdf-text`: find keywords and form fields in a PDF and express their boxes in ESS
 * component coordinates — for KEYWORD and FIELD positioning, and for checking them before a flow is created.
 *
 * A separate entry because it needs pdfjs-dist (loaded lazily by `./pdfjs.ts`, which see);
 * the main entry stays dependency-free.
 */
import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type FormField, formFieldsInDocument, type KeywordMatch, keywordsInDocument } from './layout.js';
import { loadPdfjs } from './pdfjs.js';

/** Why a PDF could not be searched. */
export type PdfTextErrorCode = 'PDF_BAD_INPUT' | 'PDF_INVALID' | 'PDF_ENCRYPTED';

/** Thrown for unusable input; `code` is stable, `message` says what to fix. */
export class PdfTextError extends Error {
  readonly code: PdfTextErrorCode;

  constructor(code: PdfTextErrorCode, message: string) {
    super(message);
    this.name = 'PdfTextError';
    this.code = code;
  }
}

type PdfDocument = Awaited<ReturnType<typeof Pdfjs.getDocument>['promise']>;

async function withPdf<T>(pdfBytes: Uint8Array, use: (pdf: PdfDocument) => Promise<T>): Promise<T> {
  if (!(pdfBytes instanceof Uint8Array) || pdfBytes.length === 0) {
    throw new PdfTextError('PDF_BAD_INPUT', 'Expected the PDF file as a non-empty Uint8Array.');
  }
  const pdfjs = await loadPdfjs();
  // pdf.js may transfer (detach) the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const task = pdfjs.getDocument({
    data: new Uint8Array(pdfBytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    let pdf: PdfDocument;
    try {
      pdf = await task.promise;
    } catch (error) {
      const name = (error as { name?: string })?.name;
      if (name === 'PasswordException') {
        throw new PdfTextError('PDF_ENCRYPTED', 'The PDF is password-protected; upload an unprotected file.');
      }
      throw new PdfTextError('PDF_INVALID', 'The file is not a readable PDF.');
    }
    try {
      return await use(pdf);
    } catch (error) {
      if (error instanceof PdfTextError) throw error;
      throw new PdfTextError(
        'PDF_INVALID',
        'The PDF opened but its pages could not be read (damaged content).',
      );
    }
  } finally {
    await task.destroy();
  }
}

function assertKeywords(keywords: string[]): string[] {
  if (!Array.isArray(keywords) || keywords.length === 0) {
    throw new PdfTextError('PDF_BAD_INPUT', 'Give at least one keyword to search for.');
  }
  for (const keyword of keywords) {
    if (typeof keyword !== 'string' || keyword.trim() === '') {
      throw new PdfTextError('PDF_BAD_INPUT', 'Keywords must be non-empty strings.');
    }
    if (/[\r\n]/.test(keyword)) {
      throw new PdfTextError(
        'PDF_BAD_INPUT',
        `Keyword "${keyword.trim()}" spans lines; keywords never match across lines.`,
      );
    }
  }
  return [...new Set(keywords)];
}

/**
 * Every occurrence of each keyword (non-overlapping, never across lines), with its box as PDF points and
 * as ESS component coordinates on the page as displayed. The box spans the keyword's glyphs horizontally
 * and the font's ascent to descent vertically.
 * @throws PdfTextError `PDF_BAD_INPUT`, `PDF_INVALID` or `PDF_ENCRYPTED`.
 */
export async function findKeywordPositions(
  pdfBytes: Uint8Array,
  keywords: string[],
): Promise<KeywordMatch[]> {
  const wanted = assertKeywords(keywords);
  return withPdf(pdfBytes, (pdf) => keywordsInDocument(pdf, wanted));
}

/**
 * Every AcroForm field widget (name, type, page, box as PDF points and as ESS component coordinates),
 * in page order. A field with several widgets (radio buttons) appears once per widget.
 * @throws PdfTextError `PDF_BAD_INPUT`, `PDF_INVALID` or `PDF_ENCRYPTED`.
 */
export function findFormFields(pdfBytes: Uint8Array): Promise<FormField[]> {
  return withPdf(pdfBytes, (pdf) => formFieldsInDocument(pdf));
}

export type { ComponentRect, PdfRect } from './coordinates.js';
export type { FormField, KeywordMatch } from './layout.js';
export { builtinsRestoredAfterPdfjs, loadPdfjs } from './pdfjs.js';
