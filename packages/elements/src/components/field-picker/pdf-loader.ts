/**
 * Loads pdf.js lazily, from files beside the picker's own module (no CDN): the directory `pdfjs/`
 * laid out like the pdfjs-dist package — `build/pdf.min.mjs`, `build/pdf.worker.min.mjs`, `cmaps/`,
 * `standard_fonts/`, `wasm/`. The build copies it next to `dist/ess-field-picker.js`; `pdfjs-base`
 * points elsewhere (e.g. `node_modules/pdfjs-dist/` or the partner's own copy).
 */
import type * as Pdfjs from 'pdfjs-dist';
import { EssKitError } from '../../client/errors.js';

export type PdfjsModule = typeof Pdfjs;
export type PdfDocument = Pdfjs.PDFDocumentProxy;
export type PdfPage = Pdfjs.PDFPageProxy;

// Set by the build: where pdfjs/ sits relative to the module this code ends up in
// (`./pdfjs/` beside dist/ess-field-picker.js, `../pdfjs/` from dist/components/ and dist/chunks/).
declare const __ESS_PDFJS_DIR__: string | undefined;
const PDFJS_DIR = typeof __ESS_PDFJS_DIR__ === 'string' ? __ESS_PDFJS_DIR__ : './pdfjs/';

/** The pdf.js directory: `override` (resolved against the page) or the one beside this module. */
export function pdfjsBase(override?: string | null): string {
  if (override) return new URL(override.endsWith('/') ? override : `${override}/`, document.baseURI).href;
  // A variable, not a literal: bundlers must not try to inline the directory as an asset.
  return new URL(PDFJS_DIR, import.meta.url).href;
}

const loaded = new Map<string, Promise<PdfjsModule>>();

/** pdf.js from `base`, imported once per directory, its worker configured. */
export function loadPdfjs(base: string): Promise<PdfjsModule> {
  let pending = loaded.get(base);
  if (!pending) {
    pending = import(/* @vite-ignore */ new URL('build/pdf.min.mjs', base).href).then(
      (pdfjs: PdfjsModule) => {
        pdfjs.GlobalWorkerOptions.workerSrc = new URL('build/pdf.worker.min.mjs', base).href;
        return pdfjs;
      },
    );
    pending.catch(() => loaded.delete(base));
    loaded.set(base, pending);
  }
  return pending;
}

/** A failure to open the PDF; `code` is stable: `PDF_LOAD_FAILED`, `PDF_INVALID`, `PDF_ENCRYPTED`, `PDFJS_MISSING`. */
const PdfOpenError = EssKitError;

/** Opens a PDF given as bytes with pdf.js from `base` (cmaps, fonts and wasm from the same place). */
export async function openPdf(bytes: Uint8Array, base: string): Promise<PdfDocument> {
  let pdfjs: PdfjsModule;
  try {
    pdfjs = await loadPdfjs(base);
  } catch {
    throw new PdfOpenError(
      'PDFJS_MISSING',
      `pdf.js could not be loaded from ${base}: serve the pdfjs/ directory that comes with ess-field-picker.js beside it, or set pdfjs-base.`,
    );
  }
  const task = pdfjs.getDocument({
    data: bytes,
    cMapUrl: new URL('cmaps/', base).href,
    cMapPacked: true,
    standardFontDataUrl: new URL('standard_fonts/', base).href,
    wasmUrl: new URL('wasm/', base).href,
    isEvalSupported: false,
  });
  try {
    return await task.promise;
  } catch (error) {
    if ((error as { name?: string })?.name === 'PasswordException')
      throw new PdfOpenError('PDF_ENCRYPTED', 'The PDF is password-protected; use an unprotected file.');
    throw new PdfOpenError('PDF_INVALID', 'The file is not a readable PDF.');
  }
}

/** The bytes of a PDF given as a File/Blob/ArrayBuffer/typed array, or fetched from a URL. */
export async function pdfBytes(source: Blob | ArrayBuffer | ArrayBufferView | string): Promise<Uint8Array> {
  if (typeof source === 'string') {
    let response: Response;
    try {
      response = await fetch(new URL(source, document.baseURI).href, { credentials: 'same-origin' });
    } catch {
      throw new PdfOpenError(
        'PDF_LOAD_FAILED',
        `The PDF at ${source} could not be fetched (network or CORS): serve it from this site or allow this origin.`,
      );
    }
    if (!response.ok)
      throw new PdfOpenError('PDF_LOAD_FAILED', `The PDF at ${source} answered HTTP ${response.status}.`);
    return new Uint8Array(await response.arrayBuffer());
  }
  if (source instanceof Blob) return new Uint8Array(await source.arrayBuffer());
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  // A copy: pdf.js transfers (detaches) the buffer it is given.
  return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
}
