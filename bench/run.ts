/**
 * `npm run bench`: runs every benchmark module in bench/ and writes bench/results/latest.json as
 * `{ "<figure>": { "value": n, "unit": "..." } }`. Each module measures its subject beside a
 * baseline in the same run and reports ratios, so figures compare across machines.
 *
 * Usage: npm run bench [-- name ...]   (names: bff, sse, callbacks, relay; default all)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Figures = Record<string, { value: number; unit: string }>;
const here = dirname(fileURLToPath(import.meta.url));
const suites = ['bff', 'sse', 'callbacks', 'relay'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length > 0 ? suites.filter((s) => wanted.includes(s)) : suites;

const figures: Figures = {};
let failed = 0;
for (const name of selected) {
  const started = Date.now();
  console.log(`\n▶ bench/${name}`);
  try {
    const mod = (await import(`./${name}.ts`)) as { run?: () => Promise<Figures> };
    if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts exports no run()`);
    const result = await mod.run();
    Object.assign(figures, result);
    for (const [key, { value, unit }] of Object.entries(result)) {
      console.log(`  ${key.padEnd(36)} ${String(Number(value.toFixed(3))).padStart(12)} ${unit}`);
    }
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    console.error(`  ✖ bench/${name} failed: ${(error as Error).message}`);
  }
}

// A run of some suites keeps the other suites' figures from the last run (latest.json stays whole).
const out = join(here, 'results', 'latest.json');
const ran = (key: string) => selected.some((name) => key.startsWith(`${name}.`));
const previous = await readFile(out, 'utf8').then(
  (text) => JSON.parse(text) as Figures,
  () => ({}) as Figures,
);
const kept = Object.fromEntries(Object.entries(previous).filter(([key]) => !ran(key)));
const written = { ...kept, ...figures };

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(written, null, 2)}\n`);
// The machine goes beside the figures, not among them, so every key of latest.json stays a figure.
await writeFile(
  join(here, 'results', 'latest.machine.json'),
  `${JSON.stringify({ machine, at: new Date().toISOString() })}\n`,
);
console.log(
  `\nwrote ${out} (${Object.keys(figures).length} figures from this run, ${Object.keys(kept).length} kept from the last; machine: ${machine})`,
);
process.exit(failed > 0 ? 1 : 0);
