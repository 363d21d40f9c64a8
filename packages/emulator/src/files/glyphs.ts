/**
 * CJK text drawn as vector outlines. pdf-lib's font subsetting garbles the glyphs of large CJK
 * fonts such as Droid Sans Fallback (viewers show boxes), and embedding the whole font costs
 * megabytes per PDF. So visible CJK text is drawn as the glyphs' paths (read with fontkit), and
 * where a text layer matters (the seed contract's keywords) an invisible text run with the
 * subset font supplies it — its ToUnicode map is correct, only its outlines are not used.
 */
import { existsSync, readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { Color, PDFPage } from 'pdf-lib';

/** The subset of fontkit's font API used here. */
interface OutlineFont {
  unitsPerEm: number;
  layout(text: string): {
    glyphs: Array<{ path: { scale(x: number, y: number): { toSVG(): string } }; advanceWidth: number }>;
  };
}

/** Where Linux distributions put CJK fonts (Noto CJK is the usual one: Debian/Ubuntu `fonts-noto-cjk`). */
const SYSTEM_CANDIDATES = [
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf',
  '/usr/share/fonts/OTF/NotoSansCJKsc-Regular.otf',
  '/usr/share/fonts/noto-cjk/NotoSansCJKsc-Regular.otf',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
];

/** What to tell a person whose machine has no CJK font. */
export const CJK_FONT_HINT =
  'Chinese names print as "?" in signed PDFs: install a CJK font (Debian/Ubuntu: apt-get install fonts-noto-cjk) or set ESS_EMULATOR_CJK_FONT to a .ttf/.ttc/.otf with Chinese glyphs';

let loaded: { bytes: Uint8Array; font: OutlineFont; path: string } | null | undefined;

type FontOrCollection = OutlineFont & { fonts?: (OutlineFont & { postscriptName?: string })[] };

/** A CJK-capable TrueType font from the system (or ESS_EMULATOR_CJK_FONT), or null when none is installed. */
export function cjkFont(): { bytes: Uint8Array; font: OutlineFont; path: string } | null {
  if (loaded === undefined) {
    loaded = null;
    const candidates = [process.env.ESS_EMULATOR_CJK_FONT, ...SYSTEM_CANDIDATES].filter((p): p is string =>
      Boolean(p),
    );
    for (const path of candidates) {
      if (!existsSync(path)) continue;
      try {
        const bytes = new Uint8Array(readFileSync(path));
        const font = fontkit.create(bytes) as unknown as FontOrCollection;
        // A collection (.ttc) holds several faces; Noto CJK's Simplified Chinese one draws 中文 as in China.
        const face =
          font.fonts?.find((f) => /SC\b|sc-/i.test(f.postscriptName ?? '')) ?? font.fonts?.[0] ?? font;
        loaded = { bytes, font: face, path };
        break;
      } catch {
        // try the next candidate
      }
    }
  }
  return loaded;
}

/** One line for start-up output: which CJK font signed PDFs use, or what to do when there is none. */
export function describeCjkFont(): string {
  const font = cjkFont();
  return font ? `CJK font ${font.path}` : `no CJK font found — ${CJK_FONT_HINT}`;
}

/** Width of `text` at `size` in points. */
export function outlineWidth(font: OutlineFont, text: string, size: number): number {
  const scale = size / font.unitsPerEm;
  return font.layout(text).glyphs.reduce((w, g) => w + g.advanceWidth * scale, 0);
}

/** Draws `text` as filled glyph outlines with its baseline at (x, y). Returns the advance width. */
export function drawOutlines(
  page: PDFPage,
  font: OutlineFont,
  text: string,
  x: number,
  y: number,
  size: number,
  color: Color,
): number {
  const scale = size / font.unitsPerEm;
  let cursor = x;
  for (const glyph of font.layout(text).glyphs) {
    // Font units are y-up; drawSvgPath expects SVG's y-down and flips it back.
    const path = glyph.path.scale(scale, -scale).toSVG();
    if (path) page.drawSvgPath(path, { x: cursor, y, color, borderWidth: 0 });
    cursor += glyph.advanceWidth * scale;
  }
  return cursor - x;
}
