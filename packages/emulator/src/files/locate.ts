/**
 * Reads a PDF's layout (page sizes, text runs, AcroForm fields) with pdfjs-dist, cached per byte
 * array: page sizes for NORMAL components and DescribeFileUrls' Option, and a validity check on
 * upload. Keyword and field positioning use @ess-kit/shared/pdf-text (see api/positions.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPdfjs } from '@ess-kit/shared/pdf-text';

/** A rectangle in PDF points with the origin at the page's bottom left. */
export interface PdfRect {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfLayout {
  /** Page sizes, index 0 = page 1. */
  pages: Array<{ width: number; height: number }>;
  /** Text runs with their box. */
  texts: Array<PdfRect & { text: string }>;
  /** AcroForm widgets by field name. */
  fields: Array<PdfRect & { name: string }>;
}

const require_ = createRequire(import.meta.url);
const standardFontDataUrl = `${pathToFileURL(join(dirname(require_.resolve('pdfjs-dist/package.json')), 'standard_fonts')).href}/`;

const cache = new WeakMap<Uint8Array, Promise<PdfLayout>>();

/** Reads page sizes, text runs and form fields (cached per byte array). */
export function readLayout(bytes: Uint8Array): Promise<PdfLayout> {
  let pending = cache.get(bytes);
  if (!pending) {
    pending = extract(bytes);
    cache.set(bytes, pending);
  }
  return pending;
}

async function extract(bytes: Uint8Array): Promise<PdfLayout> {
  const pdfjs = await loadPdfjs();
  // pdfjs transfers (detaches) the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    standardFontDataUrl,
    verbosity: 0,
  });
  const doc = await task.promise;
  const layout: PdfLayout = { pages: [], texts: [], fields: [] };
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view;
      layout.pages.push({ width: x1 - x0, height: y1 - y0 });
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (!('str' in item) || !item.str) continue;
        const size = Math.hypot(item.transform[2], item.transform[3]) || item.height || 12;
        layout.texts.push({
          page: n,
          text: item.str,
          x: item.transform[4],
          y: item.transform[5],
          width: item.width,
          height: item.height || size,
        });
      }
      for (const annotation of await page.getAnnotations()) {
        if (!annotation.fieldName || !annotation.rect) continue;
        const [ax0, ay0, ax1, ay1] = annotation.rect as number[];
        layout.fields.push({
          page: n,
          name: annotation.fieldName,
          x: ax0,
          y: ay0,
          width: ax1 - ax0,
          height: ay1 - ay0,
        });
      }
    }
  } finally {
    await task.destroy();
  }
  return layout;
}

/** Page count without a full parse when the layout is already known. */
export async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await readLayout(bytes)).pages.length;
}
