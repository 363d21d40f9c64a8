/**
 * PDF user space ⇄ ESS component coordinates.
 *
 * PDF rectangles are in points with the origin at the page's bottom-left corner and y growing upwards.
 * ESS places a component by its top-left corner with y growing downwards: `ComponentPosX` = left,
 * `ComponentPosY` = page height − top, and `ComponentPage` is 1-based.
 */

/** A rectangle in PDF points: `x`/`y` are the bottom-left corner; `page` is 1-based. */
export interface PdfRect {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where an ESS component sits (the `Component` fields, ESS spelling). */
export interface ComponentRect {
  ComponentPage: number;
  ComponentPosX: number;
  ComponentPosY: number;
  ComponentWidth: number;
  ComponentHeight: number;
}

function assertFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number of PDF points, got ${String(value)}.`);
  }
}

function assertPage(name: string, page: number): void {
  if (!Number.isInteger(page) || page < 1) {
    throw new RangeError(`${name} is 1-based: it must be an integer ≥ 1, got ${String(page)}.`);
  }
}

function assertSize(width: number, height: number, pageHeight: number): void {
  assertFinite('width', width);
  assertFinite('height', height);
  assertFinite('pageHeight', pageHeight);
  if (width < 0 || height < 0) throw new RangeError('width and height must not be negative.');
  if (pageHeight <= 0) throw new RangeError(`pageHeight must be positive, got ${pageHeight}.`);
}

/**
 * Converts a PDF rectangle (origin bottom-left) to ESS component coordinates (top-left corner).
 * @throws RangeError for a page below 1, a negative size, a non-positive page height or a non-finite number.
 */
export function pdfRectToComponent(rect: PdfRect, pageHeight: number): ComponentRect {
  assertPage('page', rect.page);
  assertFinite('x', rect.x);
  assertFinite('y', rect.y);
  assertSize(rect.width, rect.height, pageHeight);
  return {
    ComponentPage: rect.page,
    ComponentPosX: rect.x,
    ComponentPosY: pageHeight - (rect.y + rect.height),
    ComponentWidth: rect.width,
    ComponentHeight: rect.height,
  };
}

/**
 * The inverse of {@link pdfRectToComponent}: an ESS component's box as a PDF rectangle (origin bottom-left).
 * @throws RangeError like {@link pdfRectToComponent}.
 */
export function componentToPdfRect(component: ComponentRect, pageHeight: number): PdfRect {
  assertPage('ComponentPage', component.ComponentPage);
  assertFinite('ComponentPosX', component.ComponentPosX);
  assertFinite('ComponentPosY', component.ComponentPosY);
  assertSize(component.ComponentWidth, component.ComponentHeight, pageHeight);
  return {
    page: component.ComponentPage,
    x: component.ComponentPosX,
    y: pageHeight - component.ComponentPosY - component.ComponentHeight,
    width: component.ComponentWidth,
    height: component.ComponentHeight,
  };
}

/** Normalises a PDF `[x1, y1, x2, y2]` array (corners in any order) to a {@link PdfRect}. */
export function pdfBoxToRect(box: readonly number[], page: number): PdfRect {
  if (!Array.isArray(box) || box.length !== 4)
    throw new RangeError('A PDF rectangle has exactly four numbers.');
  box.forEach((value, index) => {
    assertFinite(`rectangle[${index}]`, value);
  });
  const [x1, y1, x2, y2] = box;
  return {
    page,
    x: Math.min(x1, x2),
    y: Math.min(y1, y2),
    width: Math.abs(x2 - x1),
    height: Math.abs(y2 - y1),
  };
}

/**
 * A page as a viewer shows it: its visible box in PDF user space (the CropBox, clipped to the
 * MediaBox — pdf.js's `page.view`, pdf-lib's `getCropBox()`) and its `/Rotate` (clockwise degrees).
 *
 * ess-kit's convention for ESS coordinates on such pages (an assumption: neither the guide nor the
 * API says; see docs/emulator.md, "Fidelity"): coordinates are measured on the page **as displayed**
 * — rotated by `/Rotate` and cut to the CropBox — from its top-left corner, x to the right, y down,
 * in points. A page without rotation and with its box at 0,0 gives the guide's conversion
 * (`ComponentPosY = page height − top`).
 */
export interface PageGeometry {
  /** The visible box `[x1, y1, x2, y2]` in PDF user space (corners in any order). */
  view: readonly number[];
  /** `/Rotate` in degrees (a multiple of 90, any sign); default 0. */
  rotate?: number;
}

/** A 2-D affine matrix `[a, b, c, d, e, f]` as PDF writes it (`x' = a·x + c·y + e`, `y' = b·x + d·y + f`). */
export type Matrix = [number, number, number, number, number, number];

/** `/Rotate` reduced to 0, 90, 180 or 270. @throws RangeError for a value that is not a multiple of 90. */
export function normalizeRotation(rotate = 0): 0 | 90 | 180 | 270 {
  if (!Number.isFinite(rotate) || rotate % 90 !== 0) {
    throw new RangeError(`/Rotate must be a multiple of 90 degrees, got ${String(rotate)}.`);
  }
  return (((rotate % 360) + 360) % 360) as 0 | 90 | 180 | 270;
}

function viewBox(geometry: PageGeometry) {
  const { x, y, width, height } = pdfBoxToRect(geometry.view, 1);
  if (width <= 0 || height <= 0) throw new RangeError('A page box must have a positive width and height.');
  return { x0: x, y0: y, x1: x + width, y1: y + height };
}

/** The page's size as displayed (width and height swap on a page rotated by 90° or 270°). */
export function displaySize(geometry: PageGeometry): { width: number; height: number } {
  const { x0, y0, x1, y1 } = viewBox(geometry);
  const quarter = normalizeRotation(geometry.rotate) % 180 === 90;
  return quarter ? { width: y1 - y0, height: x1 - x0 } : { width: x1 - x0, height: y1 - y0 };
}

/**
 * The matrix from the *display frame* — origin at the displayed page's bottom-left corner, y up,
 * points — to PDF user space. Drawing in this frame (`cm` with this matrix) puts marks upright where a
 * person sees them, whatever the page's rotation and CropBox.
 */
export function displayToUserMatrix(geometry: PageGeometry): Matrix {
  const { x0, y0, x1, y1 } = viewBox(geometry);
  switch (normalizeRotation(geometry.rotate)) {
    case 0:
      return [1, 0, 0, 1, x0, y0];
    case 90:
      return [0, 1, -1, 0, x1, y0];
    case 180:
      return [-1, 0, 0, -1, x1, y1];
    case 270:
      return [0, -1, 1, 0, x0, y1];
  }
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  return [
    m[3] / det,
    -m[1] / det,
    -m[2] / det,
    m[0] / det,
    (m[2] * m[5] - m[3] * m[4]) / det,
    (m[1] * m[4] - m[0] * m[5]) / det,
  ];
}

/** Bounding rectangle of the four corners of `rect` under `m` (exact for the quarter turns used here). */
function mapRect(m: Matrix, rect: Omit<PdfRect, 'page'>): Omit<PdfRect, 'page'> {
  const corners = [apply(m, rect.x, rect.y), apply(m, rect.x + rect.width, rect.y + rect.height)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * An ESS component's box as a rectangle in PDF user space (bottom-left corner, unrotated, the page's
 * own coordinates — what a PDF library draws with), under the convention of {@link PageGeometry}.
 * @throws RangeError like {@link componentToPdfRect}, or for a bad rotation.
 */
export function componentToUserRect(component: ComponentRect, geometry: PageGeometry): PdfRect {
  const { height } = displaySize(geometry);
  const display = componentToPdfRect(component, height);
  return { page: display.page, ...mapRect(displayToUserMatrix(geometry), display) };
}

/**
 * The inverse of {@link componentToUserRect}: a rectangle in PDF user space (a form field's `/Rect`, a
 * keyword's glyph box) as ESS component coordinates on the page as displayed.
 * @throws RangeError like {@link pdfRectToComponent}, or for a bad rotation.
 */
export function userRectToComponent(rect: PdfRect, geometry: PageGeometry): ComponentRect {
  const display = mapRect(invert(displayToUserMatrix(geometry)), rect);
  return pdfRectToComponent({ page: rect.page, ...display }, displaySize(geometry).height);
}
