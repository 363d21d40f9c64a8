// `npm run mutation` / `npm run mutation:full`: runs StrykerJS (stryker.config.mjs), then prints the
// mutation score per module and overall from reports/mutation/mutation.json, lists the survivors,
// and merges `mutation.score` into bench/results/latest.json (keeping the other figures).
// `--report-only` skips the run and reads the last report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_MODULES, PROMISE_MODULES } from '../test/mutation/modules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const full = process.argv.includes('--full');
const reportOnly = process.argv.includes('--report-only');
// Stryker's vitest runner uses worker threads, where vitest.config.ts's `env.TZ` cannot change the
// process's zone: the whole run gets it here (the signing tests check they run outside UTC).
const env = { ...process.env, TZ: 'Asia/Shanghai', ...(full ? { MUTATION_SET: 'full' } : {}) };

const started = Date.now();
if (!reportOnly) {
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', 'stryker.config.mjs'],
    { cwd: root, stdio: 'inherit', env },
  );
  if (run.status !== 0) {
    console.error(`\n✖ stryker failed (exit ${run.status ?? run.signal})`);
    process.exit(run.status ?? 1);
  }
}
const minutes = (Date.now() - started) / 60_000;

const report = JSON.parse(readFileSync(path.join(root, 'reports/mutation/mutation.json'), 'utf8'));
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Minimal glob for the patterns in modules.mjs: `**` any depth, `*` within one segment. */
const toRegExp = (glob) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '@@DEEP@@')
      .replace(/\*/g, '[^/]*')
      .replace(/@@DEEP@@/g, '(?:.*/)?')}$`,
  );
const modules = (full ? FULL_MODULES : PROMISE_MODULES).map((m) => ({
  ...m,
  patterns: m.files.map(toRegExp),
  detected: 0,
  undetected: 0,
  ignored: 0,
}));
const moduleOf = (file) => modules.find((m) => m.patterns.some((p) => p.test(file)));

const survivors = [];
for (const [file, { mutants }] of Object.entries(report.files)) {
  const relative = path.isAbsolute(file) ? path.relative(root, file) : file;
  const module = moduleOf(relative);
  if (!module) continue;
  for (const mutant of mutants) {
    if (DETECTED.has(mutant.status)) module.detected++;
    else if (UNDETECTED.has(mutant.status)) {
      module.undetected++;
      survivors.push({ file: relative, mutant });
    } else if (mutant.status === 'Ignored') module.ignored++;
  }
}

const pct = (detected, undetected) =>
  detected + undetected === 0 ? 100 : Math.round((1000 * detected) / (detected + undetected)) / 10;
console.log('\nmutation score per module (killed + timeout) / (killed + timeout + survived + no coverage)');
let detected = 0;
let undetected = 0;
for (const m of modules) {
  if (m.detected + m.undetected + m.ignored === 0) continue;
  detected += m.detected;
  undetected += m.undetected;
  console.log(
    `  ${m.name.padEnd(18)} ${String(pct(m.detected, m.undetected)).padStart(5)} %  ` +
      `(${m.detected} detected, ${m.undetected} undetected, ${m.ignored} static ignored)`,
  );
}
const score = pct(detected, undetected);
console.log(
  `  ${'overall'.padEnd(18)} ${String(score).padStart(5)} %  (${detected}/${detected + undetected})`,
);
if (!reportOnly) console.log(`  took ${minutes.toFixed(1)} min`);

if (survivors.length > 0) {
  console.log(`\nsurvivors (${survivors.length}); see docs/testing.md for the ones kept on purpose:`);
  for (const { file, mutant } of survivors) {
    const at = `${file}:${mutant.location.start.line}:${mutant.location.start.column}`;
    const replacement = (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60);
    console.log(`  ${mutant.status.padEnd(10)} ${at}  ${mutant.mutatorName}  → ${replacement}`);
  }
}

// Merge the score into the benchmark figures, keeping whatever else is there.
const resultsDir = path.join(root, 'bench/results');
const latest = path.join(resultsDir, 'latest.json');
mkdirSync(resultsDir, { recursive: true });
const figures = existsSync(latest) ? JSON.parse(readFileSync(latest, 'utf8')) : {};
figures[full ? 'mutation.fullScore' : 'mutation.score'] = { value: score, unit: '%' };
writeFileSync(latest, `${JSON.stringify(figures, null, 2)}\n`);
console.log(
  `\nmerged ${full ? 'mutation.fullScore' : 'mutation.score'} = ${score} % into ${path.relative(root, latest)}`,
);
