// Size budget: the self-contained bundle (all four components, Lit, the QR encoder) must stay
// within 25 KB minified + gzipped. Prints the figure (and the picker's, outside the budget); exits 1
// above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 25 * 1024;
const file = new URL('../dist/ess-elements.js', import.meta.url);
const minified = readFileSync(file);
const gzipped = gzipSync(minified, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = gzipped <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `elements: dist/ess-elements.js ${kb(minified.length)} min, ${kb(gzipped)} min+gzip — ${verdict} the ${kb(BUDGET_BYTES)} budget`,
);
// The field picker is not in the core bundle: its own file, and pdf.js (beside it in pdfjs/) loads
// only when a picker opens a PDF. Shown for information; the budget is the core bundle's.
for (const [name, path] of [
  ['dist/ess-field-picker.js', '../dist/ess-field-picker.js'],
  ['dist/pdfjs/build/pdf.min.mjs (on first PDF)', '../dist/pdfjs/build/pdf.min.mjs'],
  ['dist/pdfjs/build/pdf.worker.min.mjs (on first PDF)', '../dist/pdfjs/build/pdf.worker.min.mjs'],
]) {
  const bytes = readFileSync(new URL(path, import.meta.url));
  console.log(
    `elements: ${name} ${kb(bytes.length)} min, ${kb(gzipSync(bytes, { level: 9 }).length)} min+gzip`,
  );
}
if (gzipped > BUDGET_BYTES) process.exit(1);
