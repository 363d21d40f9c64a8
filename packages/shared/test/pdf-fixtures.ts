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
