/**
 * Builds the PDFs the emulator serves: the flow's document (source PDF + values filled by the
 * initiator and the signers) and, once signed, the same with visible seal and signature marks
 * at the components' positions and a footer naming the flow — real PDFs made with pdf-lib.
 *
 * Marks go where ESS coordinates put them under ess-kit's convention (shared's `PageGeometry`, stated in
 * docs/emulator.md, "Fidelity"): on the page as displayed — rotated by `/Rotate`, cut to the CropBox —
 * from its top-left corner. Each mark is drawn in that display frame (a `cm` from display to user
 * space), so it sits upright where a person sees the box.
 *
 * CJK text (names, filled values) is drawn as glyph outlines from a system CJK font (see
 * glyphs.ts); without one, non-Latin characters are drawn as "?" (marks and ids stay readable).
 */
import { displaySize, displayToUserMatrix, type PageGeometry } from '@ess-kit/shared';
import {
  type Color,
  concatTransformationMatrix,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  StandardFonts,
} from 'pdf-lib';
import type { Component, Flow, FlowApprover } from '../state/types.js';
import { cjkFont, drawOutlines } from './glyphs.js';

interface Fonts {
  latin: PDFFont;
  cjk: ReturnType<typeof cjkFont>;
}

/** Draws text: Helvetica for ASCII, glyph outlines for anything else (or "?" without a CJK font). */
function drawText(
  page: PDFPage,
  fonts: Fonts,
  text: string,
  x: number,
  y: number,
  size: number,
  color: Color = rgb(0.1, 0.1, 0.1),
) {
  if (/^[\x20-\x7e]*$/.test(text)) page.drawText(text, { x, y, size, font: fonts.latin, color });
  else if (fonts.cjk) drawOutlines(page, fonts.cjk.font, text, x, y, size, color);
  else page.drawText(text.replace(/[^\x20-\x7e]/g, '?'), { x, y, size, font: fonts.latin, color });
}

/** The page as displayed: its visible box (CropBox, else MediaBox) and `/Rotate`. */
function geometryOf(page: PDFPage): PageGeometry {
  const crop = page.getCropBox();
  return {
    view: [crop.x, crop.y, crop.x + crop.width, crop.y + crop.height],
    rotate: page.getRotation().angle,
  };
}

/** Runs `draw` with the display frame (origin at the displayed page's bottom-left corner, y up) in effect. */
function inDisplayFrame(page: PDFPage, draw: () => void): void {
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(...displayToUserMatrix(geometryOf(page))),
  );
  draw();
  page.pushOperators(popGraphicsState());
}

/** Converts a top-left ESS box to the display frame's bottom-left coordinates. */
function box(page: PDFPage, c: Component) {
  const { height } = displaySize(geometryOf(page));
  return {
    x: c.ComponentPosX,
    y: height - c.ComponentPosY - c.ComponentHeight,
    w: c.ComponentWidth,
    h: c.ComponentHeight,
  };
}

function pageOf(pages: PDFPage[], c: Component): PDFPage | undefined {
  const index = c.ComponentPage < 0 ? pages.length + c.ComponentPage : c.ComponentPage - 1;
  return pages[index];
}

function drawValue(pages: PDFPage[], fonts: Fonts, c: Component) {
  const page = pageOf(pages, c);
  if (!page || !c.ComponentValue) return;
  const b = box(page, c);
  const size = Math.max(6, Math.min(12, b.h * 0.7));
  const text = c.ComponentType === 'CHECK_BOX' ? (c.ComponentValue === 'true' ? 'X' : '') : c.ComponentValue;
  inDisplayFrame(page, () =>
    drawText(page, fonts, text, b.x + 2, b.y + (b.h - size) / 2, size, rgb(0.05, 0.05, 0.4)),
  );
}

function sealMark(
  page: PDFPage,
  fonts: Fonts,
  b: { x: number; y: number; w: number; h: number },
  approver: FlowApprover,
) {
  const red = rgb(0.82, 0.1, 0.1);
  const radius = Math.min(b.w, b.h) / 2 - 2;
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  page.drawEllipse({
    x: cx,
    y: cy,
    xScale: radius,
    yScale: radius,
    borderColor: red,
    borderWidth: 2.5,
    opacity: 0.9,
    borderOpacity: 0.9,
  });
  page.drawText('*', {
    x: cx - radius * 0.18,
    y: cy - radius * 0.3,
    size: radius * 0.9,
    font: fonts.latin,
    color: red,
  });
  const name = approver.organizationName || 'SEAL';
  const size = Math.max(5, Math.min(9, (radius * 1.6) / Math.max(4, [...name].length)));
  drawText(page, fonts, name, cx - ([...name].length * size) / 2.2, cy + radius * 0.45, size, red);
  drawText(
    page,
    fonts,
    `SEAL ${approver.sealId.slice(0, 8)}`,
    cx - radius * 0.75,
    cy - radius * 0.6,
    Math.max(5, radius * 0.16),
    red,
  );
}

function signatureMark(
  page: PDFPage,
  fonts: Fonts,
  b: { x: number; y: number; w: number; h: number },
  approver: FlowApprover,
) {
  const blue = rgb(0.05, 0.15, 0.6);
  const size = Math.max(8, Math.min(20, b.h * 0.5));
  drawText(page, fonts, approver.name || approver.RecipientId, b.x + 4, b.y + b.h * 0.35, size, blue);
  page.drawLine({
    start: { x: b.x, y: b.y + b.h * 0.25 },
    end: { x: b.x + b.w, y: b.y + b.h * 0.25 },
    thickness: 0.8,
    color: blue,
  });
  drawText(page, fonts, 'signed (ess-kit emulator)', b.x + 2, b.y + 2, 5, blue);
}

function dateText(unix: number): string {
  const d = new Date(unix * 1000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

function drawSignature(pages: PDFPage[], fonts: Fonts, approver: FlowApprover, c: Component) {
  const page = pageOf(pages, c);
  if (!page) return;
  const b = box(page, c);
  inDisplayFrame(page, () => {
    if (/SEAL/.test(c.ComponentType)) sealMark(page, fonts, b, approver);
    else if (c.ComponentType === 'SIGN_SIGNATURE' || c.ComponentType === 'SIGN_PAGING_SIGNATURE')
      signatureMark(page, fonts, b, approver);
    else if (c.ComponentType === 'SIGN_DATE')
      drawText(page, fonts, dateText(approver.approveTime), b.x + 2, b.y + b.h / 3, Math.min(12, b.h * 0.6));
    else drawText(page, fonts, c.ComponentValue || 'OK', b.x + 2, b.y + b.h / 3, Math.min(12, b.h * 0.6));
  });
}

/**
 * Renders a flow's PDF from its source bytes: filled values always, signature marks for
 * approvers who signed (also after release), and a footer once the flow is complete.
 */
export async function renderFlowPdf(source: Uint8Array, flow: Flow): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(source, { updateMetadata: false });
  const fonts: Fonts = { latin: await pdf.embedFont(StandardFonts.Helvetica), cjk: cjkFont() };
  // Form widgets are painted above page content: flatten them so marks in a FIELD position show.
  try {
    pdf.getForm().flatten();
  } catch {
    // a form pdf-lib cannot flatten keeps its widgets; the marks are still in the content
  }
  const pages = pdf.getPages();
  for (const c of flow.initiatorComponents) drawValue(pages, fonts, c);
  for (const approver of flow.approvers) {
    for (const c of approver.fillComponents) drawValue(pages, fonts, c);
    if (approver.status === 3 || approver.status === 15)
      for (const c of approver.signComponents) drawSignature(pages, fonts, approver, c);
  }
  if (flow.status === 4 || flow.status === 21) {
    for (const page of pages) {
      inDisplayFrame(page, () =>
        drawText(
          page,
          fonts,
          `Signed copy from the ess-kit ESS emulator - FlowId ${flow.FlowId} - status ${flow.status} - not a legally binding contract`,
          24,
          12,
          6,
          rgb(0.45, 0.45, 0.45),
        ),
      );
    }
  }
  pdf.setModificationDate(new Date(flow.updatedOn * 1000));
  return pdf.save();
}

/** A seal image (SVG): red ring with the seal's name, served for BusinessType SEAL. */
export function sealSvg(name: string): string {
  const escaped = name.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="168" height="168" viewBox="0 0 168 168"><circle cx="84" cy="84" r="78" fill="none" stroke="#d11a1a" stroke-width="6"/><text x="84" y="100" font-size="44" text-anchor="middle" fill="#d11a1a">★</text><text x="84" y="58" font-size="13" text-anchor="middle" fill="#d11a1a">${escaped}</text></svg>`;
}
