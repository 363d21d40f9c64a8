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

const CANDIDATES = [
  process.env.ESS_EMULATOR_CJK_FONT,
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
].filter((p): p is string => Boolean(p));

let loaded: { bytes: Uint8Array; font: OutlineFont } | null | undefined;

/** A CJK-capable TrueType font from the system (or ESS_EMULATOR_CJK_FONT), or null when none is installed. */
export function cjkFont(): { bytes: Uint8Array; font: OutlineFont } | null {
  if (loaded === undefined) {
    loaded = null;
    for (const path of CANDIDATES) {
      if (!existsSync(path)) continue;
      try {
        const bytes = new Uint8Array(readFileSync(path));
        const font = fontkit.create(bytes) as unknown as OutlineFont & { fonts?: OutlineFont[] };
        loaded = { bytes, font: font.fonts?.[0] ?? font };
        break;
      } catch {
        // try the next candidate
      }
    }
  }
  return loaded;
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
