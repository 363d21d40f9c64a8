// Size budget: the self-contained bundle (all four components, Lit, the QR encoder) must stay
// within 25 KB minified + gzipped. Prints the figure; exits 1 above the budget.
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
if (gzipped > BUDGET_BYTES) process.exit(1);
