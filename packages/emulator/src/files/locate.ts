/**
 * Reads a PDF's page sizes (as displayed) with pdfjs-dist, cached per byte array: for NORMAL
 * components and DescribeFileUrls' Option, and a validity check on upload. Keyword and field positioning use @ess-kit/shared/pdf-text (see api/positions.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { displaySize } from '@ess-kit/shared';
import { loadPdfjs } from '@ess-kit/shared/pdf-text';

export interface PdfLayout {
  /** Page sizes as displayed (rotation and CropBox applied: shared's PageGeometry), index 0 = page 1. */
  pages: Array<{ width: number; height: number }>;
}

const require_ = createRequire(import.meta.url);
const standardFontDataUrl = `${pathToFileURL(join(dirname(require_.resolve('pdfjs-dist/package.json')), 'standard_fonts')).href}/`;

const cache = new WeakMap<Uint8Array, Promise<PdfLayout>>();

/** Reads the page sizes (cached per byte array). */
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
  const layout: PdfLayout = { pages: [] };
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      layout.pages.push(displaySize({ view: page.view, rotate: page.rotate }));
      page.cleanup();
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
