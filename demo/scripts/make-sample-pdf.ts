/**
 * Writes demo/public/sample-contract.pdf: the one-page contract the demo's by-file scenario uploads.
 * Its two boxes sit exactly where demo/server/presets.ts places the signature components (top-left
 * origin), so signed copies show the marks inside them; each box is also an AcroForm text field
 * (`partyA`, `partyB`) for FIELD positioning in the field picker. Run: npx tsx demo/scripts/make-sample-pdf.ts
 */
import { writeFile } from 'node:fs/promises';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

const doc = await PDFDocument.create();
doc.setTitle('ess-kit sample service agreement');
doc.setCreator('ess-kit demo');
// A fixed date keeps the file byte-for-byte reproducible.
doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
const page = doc.addPage([595, 842]);
const font = await doc.embedFont(StandardFonts.Helvetica);
const bold = await doc.embedFont(StandardFonts.HelveticaBold);
const top = (y: number) => 842 - y;

page.drawText('Sample Service Agreement', { x: 70, y: top(90), size: 22, font: bold });
const lines = [
  'This sample contract is uploaded by the ess-kit demo to show the by-file scenario:',
  'UploadFiles, then CreateFlowByFiles, then signing in the emulator, then DescribeFileUrls.',
  '',
  '1. Party A provides the services described in the order form.',
  '2. Party B pays the agreed fees within 30 days of each invoice.',
  '3. Either party may end this agreement with 30 days written notice.',
  '4. This agreement is signed electronically through Tencent E-Sign.',
];
lines.forEach((line, index) => {
  page.drawText(line, { x: 70, y: top(140 + index * 20), size: 11, font });
});

const form = doc.getForm();
for (const [label, x, field] of [
  ['Party A (seal)', 70, 'partyA'],
  ['Party B (seal or signature)', 330, 'partyB'],
] as const) {
  page.drawText(label, { x, y: top(585), size: 10, font: bold });
  page.drawRectangle({
    x,
    y: top(720),
    width: 120,
    height: 120,
    borderColor: rgb(0.6, 0.6, 0.6),
    borderWidth: 0.8,
  });
  // No background or border of its own: the drawn box stays visible (pdf-lib adds white unless told).
  form.createTextField(field).addToPage(page, {
    x,
    y: top(720),
    width: 120,
    height: 120,
    borderWidth: 0,
    backgroundColor: undefined,
    borderColor: undefined,
  });
}

await writeFile(
  new URL('../public/sample-contract.pdf', import.meta.url),
  await doc.save({ useObjectStreams: false }),
);
console.log('wrote demo/public/sample-contract.pdf');
