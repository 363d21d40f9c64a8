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
