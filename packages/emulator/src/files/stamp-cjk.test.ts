/**
 * A signer's Chinese name in the signed PDF (issue 13, bug 2): with a CJK font on the machine —
 * Noto CJK (`fonts-noto-cjk`, .ttc/.otf) counts — the name is drawn as the font's glyphs, never as
 * the "???" the Latin fallback prints. Read back with pdf.js: no "?" in the page's text where the
 * name goes, and the glyph outlines are in the content. Skipped, loudly, without a CJK font.
 */
import { spawnSync } from 'node:child_process';
import { loadPdfjs } from '@ess-kit/shared/pdf-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../index.js';
import { CJK_FONT_HINT, cjkFont } from './glyphs.js';

/**
 * A Chinese-capable font the machine has, asked of fontconfig (not of the emulator's own lookup,
 * which is what is under test); the emulator's choice when fontconfig is not installed.
 */
function systemCjkFont(): string | null {
  const listed = spawnSync('fc-list', [':lang=zh', 'file'], { encoding: 'utf8' });
  if (listed.status === 0) return listed.stdout.split('\n').find(Boolean)?.replace(/:\s*$/, '') ?? null;
  return cjkFont()?.path ?? null;
}
const font = systemCjkFont();
if (!font) console.warn(`\n⚠ stamp-cjk.test.ts skipped: no CJK font on this machine. ${CJK_FONT_HINT}\n`);

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

/** The text pdf.js extracts from every page, and the number of path-drawing operators. */
async function readBack(bytes: Uint8Array): Promise<{ text: string; paths: number }> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false }).promise;
  let text = '';
  let paths = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    text += (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    const ops = await page.getOperatorList();
    paths += ops.fnArray.filter((fn) => fn === pdfjs.OPS.constructPath).length;
  }
  await doc.destroy();
  return { text, paths };
}

describe.skipIf(!font)(`signed PDFs on a machine with a CJK font (${font ?? 'none'})`, () => {
  it('stamps a Chinese signer name as glyphs, not "???"', async () => {
    const state = emulator.handle.state;
    const org = state.mainOrganization();
    const name = '欧阳娜娜';
    const flow = state.createFileFlow({
      organizationId: org.OrganizationId,
      operatorUserId: org.operatorUserId,
      flowName: 'CJK stamp',
      fileId: state.seedFileId(),
      unordered: false,
      approvers: [
        {
          approverType: 1,
          name,
          mobile: '13800000031',
          signComponents: [
            {
              ComponentType: 'SIGN_SIGNATURE',
              FileIndex: 0,
              ComponentPage: 1,
              ComponentPosX: 330,
              ComponentPosY: 600,
              ComponentWidth: 160,
              ComponentHeight: 60,
            } as never,
          ],
        },
      ],
    });
    const unsigned = await readBack(
      new Uint8Array(await (await fetch(`${emulator.url}/sign/${flow.FlowId}/document.pdf`)).arrayBuffer()),
    );
    state.sign(flow.FlowId, flow.approvers[0]!.RecipientId);
    const signed = await readBack(
      new Uint8Array(await (await fetch(`${emulator.url}/sign/${flow.FlowId}/document.pdf`)).arrayBuffer()),
    );
    expect(signed.text).toContain('signed (ess-kit emulator)');
    expect(signed.text).not.toMatch(/\?{2,}/);
    // Four characters of outlines (one path each at least) were added by the stamp.
    expect(signed.paths - unsigned.paths).toBeGreaterThanOrEqual([...name].length);
  });
});
