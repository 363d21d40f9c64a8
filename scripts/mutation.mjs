// `npm run mutation` / `npm run mutation:full`: runs StrykerJS (stryker.config.mjs) once per module
// of test/mutation/modules.mjs, then prints the mutation score per module and overall from the
// reports (reports/mutation/<module>.json), lists the survivors, and merges the score into
// bench/results/latest.json (keeping the other figures).
//   MUTATION_ONLY=bff/live,bff/store   only these modules
//   --report-only                      no run: print the table from the reports there are
//   --force                            re-test every mutant (incremental mode keeps a survivor's result
//                                      until its code or covering tests change, so new tests for
//                                      survivors need this once)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_MODULES, moduleSlug, PROMISE_MODULES } from '../test/mutation/modules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const full = process.argv.includes('--full');
const reportOnly = process.argv.includes('--report-only');
const force = process.argv.includes('--force');
const only = (process.env.MUTATION_ONLY ?? '').split(',').filter(Boolean);
const modules = (full ? FULL_MODULES : PROMISE_MODULES).filter((m) => !only.length || only.includes(m.name));
if (modules.length === 0) throw new Error(`MUTATION_ONLY names no module: ${only.join(',')}`);

const minutes = new Map();
if (!reportOnly) {
  for (const module of modules) {
    console.log(`\n▶ mutation: ${module.name}`);
    const started = Date.now();
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'),
        'run',
        'stryker.config.mjs',
        ...(force ? ['--force'] : []),
      ],
      {
        cwd: root,
        stdio: 'inherit',
        // Stryker's vitest runner uses worker threads, where vitest.config.ts's `env.TZ` cannot change
        // the process's zone: the run gets it here (the signing tests check they run outside UTC).
        env: { ...process.env, TZ: 'Asia/Shanghai', MUTATION_MODULE: module.name },
      },
    );
    if (run.status !== 0) {
      console.error(`\n✖ stryker failed on ${module.name} (exit ${run.status ?? run.signal})`);
      process.exit(run.status ?? 1);
    }
    minutes.set(module.name, (Date.now() - started) / 60_000);
  }
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const pct = (detected, undetected) =>
  detected + undetected === 0 ? 100 : Math.round((1000 * detected) / (detected + undetected)) / 10;

const rows = [];
const survivors = [];
for (const module of modules) {
  const file = path.join(root, 'reports/mutation', `${moduleSlug(module.name)}.json`);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const row = { name: module.name, detected: 0, undetected: 0, ignored: 0 };
  for (const [name, { mutants }] of Object.entries(report.files)) {
    const relative = path.isAbsolute(name) ? path.relative(root, name) : name;
    for (const mutant of mutants) {
      if (DETECTED.has(mutant.status)) row.detected++;
      else if (UNDETECTED.has(mutant.status)) {
        row.undetected++;
        survivors.push({ file: relative, mutant });
      } else if (mutant.status === 'Ignored') row.ignored++;
    }
  }
  rows.push(row);
}
if (rows.length === 0) {
  console.error('no mutation reports under reports/mutation/: run `npm run mutation` first');
  process.exit(1);
}

console.log('\nmutation score per module (killed + timeout) / (killed + timeout + survived + no coverage)');
let detected = 0;
let undetected = 0;
for (const row of rows) {
  detected += row.detected;
  undetected += row.undetected;
  const took = minutes.has(row.name) ? `, ${minutes.get(row.name).toFixed(1)} min` : '';
  console.log(
    `  ${row.name.padEnd(18)} ${String(pct(row.detected, row.undetected)).padStart(5)} %  ` +
      `(${row.detected} detected, ${row.undetected} undetected, ${row.ignored} static ignored${took})`,
  );
}
const score = pct(detected, undetected);
console.log(
  `  ${'overall'.padEnd(18)} ${String(score).padStart(5)} %  (${detected}/${detected + undetected})`,
);
const missing = modules.filter((m) => !rows.some((r) => r.name === m.name)).map((m) => m.name);
if (missing.length) console.log(`  not measured yet: ${missing.join(', ')}`);
if (minutes.size)
  console.log(`  took ${[...minutes.values()].reduce((a, b) => a + b, 0).toFixed(1)} min in all`);

if (survivors.length > 0) {
  console.log(`\nsurvivors (${survivors.length}); docs/testing.md says why the remaining ones stay:`);
  for (const { file, mutant } of survivors) {
    const at = `${file}:${mutant.location.start.line}:${mutant.location.start.column}`;
    const replacement = (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60);
    console.log(`  ${mutant.status.padEnd(10)} ${at}  ${mutant.mutatorName}  → ${replacement}`);
  }
}

// Merge the score into the benchmark figures, keeping whatever else is there.
const key = full ? 'mutation.fullScore' : 'mutation.score';
const latest = path.join(root, 'bench/results/latest.json');
mkdirSync(path.dirname(latest), { recursive: true });
const figures = existsSync(latest) ? JSON.parse(readFileSync(latest, 'utf8')) : {};
figures[key] = { value: score, unit: '%' };
writeFileSync(latest, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`\nmerged ${key} = ${score} % into ${path.relative(root, latest)}`);
