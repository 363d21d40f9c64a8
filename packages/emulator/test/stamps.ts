/**
 * Where marks landed in a PDF, read back with pdf.js (the legacy build, no canvas): the bounding box
 * of every path painted on a page, in the page's user space. The CTM is followed through `q`/`Q`, `cm`
 * and form XObjects, so a mark drawn under any transformation is reported where it actually is.
 */
import { loadPdfjs } from '@ess-kit/shared/pdf-text';

type Matrix = [number, number, number, number, number, number];
/** A box in PDF user space: min and max corners. */
export interface PathBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `m` applied first, then `ctm` (PDF's `cm` semantics: CTM' = m × CTM). */
function compose(m: Matrix, ctm: Matrix): Matrix {
  return [
    m[0] * ctm[0] + m[1] * ctm[2],
    m[0] * ctm[1] + m[1] * ctm[3],
    m[2] * ctm[0] + m[3] * ctm[2],
    m[2] * ctm[1] + m[3] * ctm[3],
    m[4] * ctm[0] + m[5] * ctm[2] + ctm[4],
    m[4] * ctm[1] + m[5] * ctm[3] + ctm[5],
  ];
}

function transformBox(ctm: Matrix, [x0, y0, x1, y1]: number[]): PathBox {
  const points = [
    [x0, y0],
    [x1, y0],
    [x0, y1],
    [x1, y1],
  ].map(([x, y]) => [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]]);
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/** The painted paths of every page (index 0 = page 1), as user-space bounding boxes. */
export async function pathBoxes(pdfBytes: Uint8Array): Promise<PathBox[][]> {
  const pdfjs = await loadPdfjs();
  const { OPS } = pdfjs;
  const task = pdfjs.getDocument({ data: pdfBytes.slice(), verbosity: 0, isEvalSupported: false });
  try {
    const pdf = await task.promise;
    const pages: PathBox[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const list = await page.getOperatorList();
      const boxes: PathBox[] = [];
      const stack: Matrix[] = [];
      let ctm = IDENTITY;
      list.fnArray.forEach((fn, i) => {
        const args = list.argsArray[i] as unknown[];
        if (fn === OPS.save) stack.push(ctm);
        else if (fn === OPS.restore) ctm = stack.pop() ?? IDENTITY;
        else if (fn === OPS.transform) ctm = compose(args as Matrix, ctm);
        else if (fn === OPS.paintFormXObjectBegin) {
          stack.push(ctm);
          if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0]))
            ctm = compose(Array.from(args[0] as ArrayLike<number>) as Matrix, ctm);
        } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? IDENTITY;
        else if (fn === OPS.constructPath) {
          const minMax = args[2] as ArrayLike<number> | null;
          if (minMax && Number.isFinite(minMax[0])) boxes.push(transformBox(ctm, Array.from(minMax)));
        }
      });
      pages.push(boxes);
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/** The box among `boxes` nearest to `want` (largest corner distance), with that distance in points. */
export function nearestBox(boxes: readonly PathBox[], want: PathBox): { box: PathBox; distance: number } {
  let best = { box: boxes[0], distance: Number.POSITIVE_INFINITY };
  for (const box of boxes) {
    const distance = Math.max(
      Math.abs(box.minX - want.minX),
      Math.abs(box.minY - want.minY),
      Math.abs(box.maxX - want.maxX),
      Math.abs(box.maxY - want.maxY),
    );
    if (distance < best.distance) best = { box, distance };
  }
  return best;
}
