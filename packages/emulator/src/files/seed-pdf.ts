/**
 * Generates the seeded contract PDF (assets/contract.pdf): two A4 pages of Chinese contract
 * text containing the keywords 甲方 and 乙方 in a real text layer, and an AcroForm text field
 * named `seal` — what KEYWORD and FIELD positioning resolve against.
 *
 * The CJK glyphs come from a system font (Droid Sans Fallback on Debian, or ESS_EMULATOR_CJK_FONT):
 * visible text is drawn as glyph outlines, and an invisible run in a subset of the same font gives
 * the text layer (pdf-lib's subsets have correct ToUnicode maps but garbled outlines; see glyphs.ts).
 * The output is committed, so neither CI nor users need the font: run this only to change the
 * document (`npx tsx packages/emulator/src/files/seed-pdf.ts`).
 */
import { writeFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setTextRenderingMode,
  TextRenderingMode,
} from 'pdf-lib';
import { cjkFont, drawOutlines } from './glyphs.js';

/** Where the `seal` AcroForm field sits on page 1 (PDF points, origin bottom left). */
export const SEED_SEAL_FIELD = { page: 1, x: 330, y: 120, width: 150, height: 90 } as const;

const LINES = [
  '示例合同（离线模拟器生成）',
  '',
  '甲方：示例科技有限公司',
  '乙方：（签署人）',
  '',
  '第一条 甲方委托乙方完成本合同约定的服务，乙方按约定提供服务。',
  '第二条 本合同金额以发起方填写的合同金额为准。',
  '第三条 本合同自甲方、乙方签署之日起生效。',
  '',
  '甲方（盖章）：',
  '',
  '乙方（签字）：',
];

/** Visible outlines plus an invisible, extractable text run at the same place. */
function drawCjk(page: PDFPage, textFont: PDFFont, text: string, x: number, y: number, size: number): void {
  const outline = cjkFont();
  if (!outline)
    throw new Error('No CJK font found: set ESS_EMULATOR_CJK_FONT to a TrueType font with Chinese glyphs.');
  drawOutlines(page, outline.font, text, x, y, size, rgb(0.1, 0.1, 0.1));
  // Text rendering mode 3 (invisible): extractable, never painted.
  page.pushOperators(pushGraphicsState(), setTextRenderingMode(TextRenderingMode.Invisible));
  page.drawText(text, { x, y, size, font: textFont });
  page.pushOperators(popGraphicsState());
}

export async function buildSeedPdf(fontBytes: Uint8Array): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle('示例合同');
  pdf.setProducer('ess-kit emulator');
  // Fixed dates keep the committed file byte-for-byte reproducible.
  pdf.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const font = await pdf.embedFont(fontBytes, { subset: true });
  const page = pdf.addPage([595.28, 841.89]);
  let y = 770;
  for (const line of LINES) {
    if (line) drawCjk(page, font, line, 72, y, line.startsWith('示例合同') ? 18 : 12);
    y -= 28;
  }
  const form = pdf.getForm();
  const seal = form.createTextField('seal');
  seal.addToPage(page, { ...SEED_SEAL_FIELD, borderColor: rgb(0.8, 0.2, 0.2), borderWidth: 1 });
  const second = pdf.addPage([595.28, 841.89]);
  drawCjk(second, font, '附件：签署页', 72, 770, 14);
  drawCjk(second, font, '甲方：', 72, 700, 12);
  drawCjk(second, font, '乙方：', 320, 700, 12);
  return pdf.save({ useObjectStreams: false });
}

async function main(): Promise<void> {
  const font = cjkFont();
  if (!font)
    throw new Error('No CJK font found: set ESS_EMULATOR_CJK_FONT to a TrueType font with Chinese glyphs.');
  const out = new URL('../../assets/contract.pdf', import.meta.url);
  const bytes = await buildSeedPdf(font.bytes);
  writeFileSync(out, bytes);
  console.log(`wrote ${out.pathname} (${bytes.length} bytes)`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) await main();
