// Test PDFs built on the fly: Latin text with a standard font, an AcroForm, and a CJK text layer.
import {
  beginText,
  endText,
  moveText,
  PDFDocument,
  PDFHexString,
  type PDFName,
  PDFString,
  StandardFonts,
  setFontAndSize,
  showText,
} from 'pdf-lib';

export const A4: [number, number] = [595.28, 841.89];
export const SMALL: [number, number] = [400, 300];

/** What was drawn where, so tests can compare the search against the truth. */
export interface DrawnText {
  text: string;
  page: number;
  x: number;
  baseline: number;
  size: number;
  width: number;
}

/**
 * Page 1 (A4): several lines of Helvetica with "Party A" three times, a two-column line, a keyword broken
 * across two lines, a keyword drawn as its own run. Page 2 (400×300): "Party A" once and the AcroForm
 * field `seal`; page 1 also has a text field `signer.name`.
 */
export async function latinFixture(): Promise<{ bytes: Uint8Array; drawn: DrawnText[] }> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const drawn: DrawnText[] = [];
  const pages = [doc.addPage(A4), doc.addPage(SMALL)];
  const draw = (page: number, text: string, x: number, baseline: number, size = 12) => {
    pages[page - 1].drawText(text, { x, y: baseline, size, font });
    drawn.push({ text, page, x, baseline, size, width: font.widthOfTextAtSize(text, size) });
  };
  draw(1, 'Party A: Acme Ltd. (hereinafter Party A)', 72, 760);
  draw(1, 'Party B: Bob', 72, 700);
  draw(1, 'Signature', 320, 700);
  draw(1, 'This contract binds the Party', 72, 640);
  draw(1, 'A and its successors.', 72, 625);
  draw(1, 'SIGN_HERE', 100, 500, 14);
  draw(1, 'Party A seal:', 72, 400);
  draw(2, 'Party A', 30, 250, 10);

  const form = doc.getForm();
  const seal = form.createTextField('seal');
  seal.addToPage(pages[1], { x: 50, y: 40, width: 120, height: 60, borderWidth: 0 });
  const signer = form.createTextField('signer.name');
  signer.addToPage(pages[0], { x: 300, y: 380, width: 150, height: 24, borderWidth: 0 });
  return { bytes: await doc.save(), drawn };
}

/**
 * A CJK text layer without any font file: a Type0 font with Identity-H encoding, 1000-unit glyph widths
 * and a ToUnicode CMap mapping each code to its character. Text extraction only needs the CMap, so
 * this runs on any machine (no CJK font has to be installed or shipped).
 */
export async function cjkFixture(lines: { text: string; x: number; baseline: number; size: number }[]) {
  const doc = await PDFDocument.create();
  const page = doc.addPage(A4);
  const chars = [...new Set(lines.flatMap((line) => Array.from(line.text)))];
  const codeOf = (char: string) => (chars.indexOf(char) + 1).toString(16).padStart(4, '0').toUpperCase();
  // UTF-16BE hex of one character (surrogate pairs included), as bfchar destinations are written.
  const unicodeHex = (char: string) =>
    Array.from({ length: char.length }, (_, i) => char.charCodeAt(i).toString(16).padStart(4, '0'))
      .join('')
      .toUpperCase();
  const cmap = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    `${chars.length} beginbfchar`,
    ...chars.map((char) => `<${codeOf(char)}> <${unicodeHex(char)}>`),
    'endbfchar',
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');

  const context = doc.context;
  const toUnicode = context.register(context.stream(cmap));
  const descriptor = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: 'EssKitTestCJK',
      Flags: 4,
      FontBBox: [0, -200, 1000, 800],
      ItalicAngle: 0,
      Ascent: 800,
      Descent: -200,
      CapHeight: 700,
      StemV: 80,
    }),
  );
  const descendant = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: 'EssKitTestCJK',
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      DW: 1000,
      CIDToGIDMap: 'Identity',
    }),
  );
  const font = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'EssKitTestCJK',
      Encoding: 'Identity-H',
      DescendantFonts: [descendant],
      ToUnicode: toUnicode,
    }),
  );
  const fontName: PDFName = page.node.newFontDictionary('CJK', font);
  for (const line of lines) {
    page.pushOperators(
      beginText(),
      setFontAndSize(fontName, line.size),
      moveText(line.x, line.baseline),
      showText(PDFHexString.of(Array.from(line.text).map(codeOf).join(''))),
      endText(),
    );
  }
  return doc.save();
}

/**
 * One page of {@link geometryFixture}: how it is built, where its form field `box<page>` sits in PDF
 * user space, and — worked out by hand from the page's boxes, not by ess-kit's code — the ESS
 * coordinates of that field on the page as displayed (ess-kit's convention, docs/emulator.md "Fidelity").
 */
export interface GeometryPage {
  label: string;
  mediaBox: [number, number, number, number];
  cropBox?: [number, number, number, number];
  rotate: number;
  /** The field's rectangle in user space: bottom-left corner, width, height. */
  field: { x: number; y: number; width: number; height: number };
  /** Size of the page as displayed. */
  displayed: { width: number; height: number };
  /** The field as ESS coordinates: top-left corner of the displayed page, y down. */
  expected: { ComponentPosX: number; ComponentPosY: number; ComponentWidth: number; ComponentHeight: number };
}

export const GEOMETRY_PAGES: GeometryPage[] = [
  {
    label: 'A4 portrait',
    mediaBox: [0, 0, 595.28, 841.89],
    rotate: 0,
    field: { x: 100, y: 200, width: 120, height: 60 },
    displayed: { width: 595.28, height: 841.89 },
    // PosY = page height − top = 841.89 − (200 + 60)
    expected: { ComponentPosX: 100, ComponentPosY: 581.89, ComponentWidth: 120, ComponentHeight: 60 },
  },
  {
    label: 'US Letter portrait',
    mediaBox: [0, 0, 612, 792],
    rotate: 0,
    field: { x: 72, y: 72, width: 150, height: 50 },
    displayed: { width: 612, height: 792 },
    expected: { ComponentPosX: 72, ComponentPosY: 670, ComponentWidth: 150, ComponentHeight: 50 },
  },
  {
    label: 'A4 landscape',
    mediaBox: [0, 0, 841.89, 595.28],
    rotate: 0,
    field: { x: 600, y: 400, width: 120, height: 120 },
    displayed: { width: 841.89, height: 595.28 },
    expected: { ComponentPosX: 600, ComponentPosY: 75.28, ComponentWidth: 120, ComponentHeight: 120 },
  },
  {
    label: 'A4 with /Rotate 90 (shown landscape)',
    mediaBox: [0, 0, 595.28, 841.89],
    rotate: 90,
    field: { x: 100, y: 300, width: 120, height: 60 },
    displayed: { width: 841.89, height: 595.28 },
    // Turned clockwise, the left edge is on top and the bottom edge on the left: x → down, y → right.
    expected: { ComponentPosX: 300, ComponentPosY: 100, ComponentWidth: 60, ComponentHeight: 120 },
  },
  {
    label: 'CropBox offset (visible area A4 at 50,80 of a 700×1000 MediaBox)',
    mediaBox: [0, 0, 700, 1000],
    cropBox: [50, 80, 595.28, 841.89],
    rotate: 0,
    field: { x: 150, y: 300, width: 100, height: 50 },
    displayed: { width: 595.28, height: 841.89 },
    // x from the CropBox's left edge (150 − 50); y from its top (80 + 841.89 = 921.89) down to 350.
    expected: { ComponentPosX: 100, ComponentPosY: 571.89, ComponentWidth: 100, ComponentHeight: 50 },
  },
  {
    label: 'MediaBox not at 0,0 (Letter at 100,200)',
    mediaBox: [100, 200, 612, 792],
    rotate: 0,
    field: { x: 172, y: 272, width: 150, height: 50 },
    displayed: { width: 612, height: 792 },
    expected: { ComponentPosX: 72, ComponentPosY: 670, ComponentWidth: 150, ComponentHeight: 50 },
  },
];

/**
 * A PDF with one page per {@link GEOMETRY_PAGES} entry (MediaBox/CropBox given as x, y, width, height),
 * each with a text field `box<page>` at the entry's field rectangle, a label, and "Party A" on page 1.
 */
export async function geometryFixture(): Promise<Uint8Array> {
  const { degrees } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const form = doc.getForm();
  GEOMETRY_PAGES.forEach((spec, index) => {
    const [mx, my, mw, mh] = spec.mediaBox;
    const page = doc.addPage([mw, mh]);
    page.setMediaBox(mx, my, mw, mh);
    if (spec.cropBox) page.setCropBox(...spec.cropBox);
    if (spec.rotate) page.setRotation(degrees(spec.rotate));
    const [vx, vy] = spec.cropBox ?? spec.mediaBox;
    page.drawText(`${index + 1}. ${spec.label}`, { x: vx + 20, y: vy + 20, size: 10, font });
    if (index === 0) page.drawText('Party A signature:', { x: 72, y: 760, size: 12, font });
    const field = form.createTextField(`box${index + 1}`);
    field.addToPage(page, { ...spec.field, borderWidth: 0 });
  });
  return doc.save();
}
