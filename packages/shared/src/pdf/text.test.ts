import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { A4, cjkFixture, type DrawnText, latinFixture, SMALL } from '../../test/pdf-fixtures.js';
import { findFormFields, findKeywordPositions, PdfTextError } from './text.js';

let latin: { bytes: Uint8Array; drawn: DrawnText[] };
let cjk: Uint8Array;
const CJK_LINES = [
  { text: '甲方：腾讯科技有限公司', x: 72, baseline: 760, size: 14 },
  { text: '乙方：张三', x: 72, baseline: 730, size: 14 },
  { text: '本合同由甲', x: 72, baseline: 700, size: 12 },
  { text: '方与乙方签订。甲方盖章：', x: 72, baseline: 685, size: 12 },
  { text: '😀表情后的甲方', x: 300, baseline: 500, size: 10 },
];

beforeAll(async () => {
  latin = await latinFixture();
  cjk = await cjkFixture(CJK_LINES);
});

async function pdfErrorCode(action: () => Promise<unknown>): Promise<string> {
  const error = await action().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PdfTextError);
  return (error as PdfTextError).code;
}

describe('findKeywordPositions (Latin text, Helvetica)', () => {
  it('finds every occurrence on every page, never across lines or columns', async () => {
    const matches = await findKeywordPositions(latin.bytes, ['Party A', 'Bob Signature', 'Party AA']);
    // Page 1: twice on the first line, once in "Party A seal:"; "the Party / A and" is split over two lines.
    // Page 2: once. "Bob" and "Signature" sit in two columns on one baseline: not one phrase.
    expect(matches.map((m) => [m.keyword, m.page, m.occurrence])).toEqual([
      ['Party A', 1, 1],
      ['Party A', 1, 2],
      ['Party A', 1, 3],
      ['Party A', 2, 4],
    ]);
  });

  it('gives a keyword drawn as its own run its exact box', async () => {
    const [match] = await findKeywordPositions(latin.bytes, ['SIGN_HERE']);
    const drawn = latin.drawn.find((d) => d.text === 'SIGN_HERE')!;
    expect(match.page).toBe(1);
    expect(match.rect.x).toBeCloseTo(drawn.x, 2);
    expect(match.rect.width).toBeCloseTo(drawn.width, 2);
    // Vertically from the font's descent to its ascent around the baseline.
    expect(match.rect.y).toBeLessThan(drawn.baseline);
    expect(match.rect.y + match.rect.height).toBeGreaterThan(drawn.baseline + drawn.size * 0.6);
    expect(match.rect.height).toBeGreaterThan(drawn.size * 0.8);
    expect(match.rect.height).toBeLessThan(drawn.size * 1.3);
    expect(match.pageHeight).toBeCloseTo(A4[1], 2);
    expect(match.component).toEqual({
      ComponentPage: 1,
      ComponentPosX: match.rect.x,
      ComponentPosY: expect.closeTo(A4[1] - (match.rect.y + match.rect.height), 6),
      ComponentWidth: match.rect.width,
      ComponentHeight: match.rect.height,
    });
  });

  it('places a keyword inside a longer run within a few points of the truth', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const matches = await findKeywordPositions(latin.bytes, ['Party A']);
    const line = latin.drawn[0];
    const expectedSecondX = line.x + font.widthOfTextAtSize('Party A: Acme Ltd. (hereinafter ', 12);
    const expectedWidth = font.widthOfTextAtSize('Party A', 12);
    expect(matches[0].rect.x).toBeCloseTo(line.x, 1);
    expect(Math.abs(matches[1].rect.x - expectedSecondX)).toBeLessThan(4);
    expect(Math.abs(matches[1].rect.width - expectedWidth)).toBeLessThan(4);
    expect(matches[1].rect.x).toBeGreaterThan(matches[0].rect.x + matches[0].rect.width);
  });

  it('uses each page’s own height for ESS coordinates', async () => {
    const [, , , onSmallPage] = await findKeywordPositions(latin.bytes, ['Party A']);
    expect(onSmallPage.page).toBe(2);
    expect(onSmallPage.pageHeight).toBe(SMALL[1]);
    expect(onSmallPage.component.ComponentPage).toBe(2);
    expect(onSmallPage.component.ComponentPosX).toBeCloseTo(30, 1);
    // Baseline at 250 on a 300pt page: the top of the box is a little less than 50pt from the top.
    expect(onSmallPage.component.ComponentPosY).toBeGreaterThan(50 - 10);
    expect(onSmallPage.component.ComponentPosY).toBeLessThan(50);
  });

  it('returns nothing for a keyword that is not there', async () => {
    expect(await findKeywordPositions(latin.bytes, ['Party C'])).toEqual([]);
  });

  it('leaves the caller’s bytes usable (pdf.js may detach what it is given)', async () => {
    await findKeywordPositions(latin.bytes, ['Bob']);
    expect(latin.bytes.byteLength).toBeGreaterThan(0);
    expect(await findKeywordPositions(latin.bytes, ['Bob'])).toHaveLength(1);
  });
});

describe('findKeywordPositions (CJK text layer)', () => {
  it('finds 甲方 and 乙方 everywhere on a line, not across the line break', async () => {
    const matches = await findKeywordPositions(cjk, ['甲方', '乙方']);
    const summary = matches.map((m) => `${m.keyword}@${Math.round(m.rect.x)},${Math.round(m.rect.y)}`);
    // 甲方: line 1, line 4 ("甲方盖章"), the emoji line; NOT "甲 / 方" across lines 3–4.  乙方: lines 2 and 4.
    expect(matches.filter((m) => m.keyword === '甲方')).toHaveLength(3);
    expect(matches.filter((m) => m.keyword === '乙方')).toHaveLength(2);
    expect(summary).toHaveLength(5);
  });

  it('gives full-width characters exact boxes', async () => {
    const matches = await findKeywordPositions(cjk, ['甲方', '乙方', '盖章']);
    const first = matches.find((m) => m.keyword === '甲方' && m.occurrence === 1)!;
    expect(first.rect.x).toBeCloseTo(72, 3);
    expect(first.rect.width).toBeCloseTo(28, 3); // two 14pt full-width glyphs
    expect(first.rect.y).toBeCloseTo(760 - 0.2 * 14, 1);
    expect(first.rect.height).toBeCloseTo(14, 1);
    expect(first.component).toMatchObject({
      ComponentPage: 1,
      ComponentPosX: expect.closeTo(72, 3),
      ComponentPosY: expect.closeTo(A4[1] - (760 + 0.8 * 14), 1),
      ComponentWidth: expect.closeTo(28, 3),
    });
    // "方与乙方签订。甲方盖章：" at 12pt: 乙方 starts after 2 glyphs, 盖章 after 9.
    const partyB = matches.find((m) => m.keyword === '乙方' && m.occurrence === 2)!;
    expect(partyB.rect.x).toBeCloseTo(72 + 2 * 12, 3);
    const seal = matches.find((m) => m.keyword === '盖章')!;
    expect(seal.rect.x).toBeCloseTo(72 + 9 * 12, 3);
    expect(seal.rect.width).toBeCloseTo(24, 3);
  });

  it('counts characters outside the BMP as one position', async () => {
    const matches = await findKeywordPositions(cjk, ['甲方']);
    const afterEmoji = matches.find((m) => m.rect.x > 250)!;
    expect(afterEmoji.rect.x).toBeCloseTo(300 + 5 * 10, 3);
  });
});

describe('findFormFields', () => {
  it('lists AcroForm widgets with their boxes in PDF points and ESS coordinates', async () => {
    const fields = await findFormFields(latin.bytes);
    expect(fields.map((f) => [f.name, f.type, f.page])).toEqual([
      ['signer.name', 'Tx', 1],
      ['seal', 'Tx', 2],
    ]);
    const seal = fields[1];
    expect(seal.rect).toEqual({ page: 2, x: 50, y: 40, width: 120, height: 60 });
    expect([seal.width, seal.height]).toEqual([120, 60]);
    expect(seal.component).toEqual({
      ComponentPage: 2,
      ComponentPosX: 50,
      ComponentPosY: SMALL[1] - 100,
      ComponentWidth: 120,
      ComponentHeight: 60,
    });
    expect(fields[0].component.ComponentPosY).toBeCloseTo(A4[1] - 404, 6);
  });

  it('returns an empty list for a PDF without a form', async () => {
    expect(await findFormFields(cjk)).toEqual([]);
  });
});

describe('bad input', () => {
  it.each([
    ['an empty byte array', 'PDF_BAD_INPUT', () => findKeywordPositions(new Uint8Array(), ['a'])],
    ['a string instead of bytes', 'PDF_BAD_INPUT', () => findFormFields('%PDF-1.7' as unknown as Uint8Array)],
    ['no keywords', 'PDF_BAD_INPUT', () => findKeywordPositions(new Uint8Array([1]), [])],
    ['an empty keyword', 'PDF_BAD_INPUT', () => findKeywordPositions(new Uint8Array([1]), ['  '])],
    [
      'a keyword spanning lines',
      'PDF_BAD_INPUT',
      () => findKeywordPositions(new Uint8Array([1]), ['甲\n方']),
    ],
    [
      'bytes that are not a PDF',
      'PDF_INVALID',
      () => findKeywordPositions(new TextEncoder().encode('hello, world'), ['a']),
    ],
    ['a PDF cut in half', 'PDF_INVALID', () => findFormFields(latin.bytes.slice(0, 400))],
  ] as [string, string, () => Promise<unknown>][])('%s → %s', async (_label, code, action) => {
    expect(await pdfErrorCode(action)).toBe(code);
  });
});
