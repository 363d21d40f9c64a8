// `npm run mutation` / `npm run mutation:full`: runs StrykerJS (stryker.config.mjs) once per module
// of test/mutation/modules.mjs, then prints the mutation score per module and overall from the
// reports (reports/mutation/<module>.json, else the committed test/mutation/incremental/<module>.json),
// lists the survivors, and merges the overall score into bench/results/latest.json (keeping the
// other figures).
//   MUTATION_ONLY=bff/live,bff/store   run only these modules (the table still shows every module)
//   --report-only                      no run: print the table from the last results
//   --force                            re-test every mutant (incremental mode keeps a survivor's result
//                                      until its code or covering tests change, so new tests for
//                                      survivors need this once)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_MODULES, PROMISE_MODULES } from '../test/mutation/modules.mjs';
import { percent, readResults } from '../test/mutation/results.mjs';
import { explain, loadSurvivorReasons } from '../test/mutation/survivor-reasons.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const full = process.argv.includes('--full');
const reportOnly = process.argv.includes('--report-only');
const force = process.argv.includes('--force');
const only = (process.env.MUTATION_ONLY ?? '').split(',').filter(Boolean);
const set = full ? FULL_MODULES : PROMISE_MODULES;
const modules = set.filter((m) => !only.length || only.includes(m.name));
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

// The table and the score cover every module of the set (not only those run now), so a
// MUTATION_ONLY run updates its modules' rows without turning one module's score into the overall.
const { rows, survivors } = readResults(root, set);
if (rows.length === 0) {
  console.error(
    'no mutation results (reports/mutation/, test/mutation/incremental/): run `npm run mutation` first',
  );
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
    `  ${row.name.padEnd(18)} ${String(percent(row.detected, row.undetected)).padStart(5)} %  ` +
      `(${row.detected} detected, ${row.undetected} undetected, ${row.ignored} static ignored${took})`,
  );
}
const score = percent(detected, undetected);
console.log(
  `  ${'overall'.padEnd(18)} ${String(score).padStart(5)} %  (${detected}/${detected + undetected})`,
);
const missing = set.filter((m) => !rows.some((r) => r.name === m.name)).map((m) => m.name);
if (missing.length) console.log(`  not measured yet: ${missing.join(', ')}`);
if (minutes.size)
  console.log(`  took ${[...minutes.values()].reduce((a, b) => a + b, 0).toFixed(1)} min in all`);

// Each survivor of a promise module with the reason docs/testing.md gives for keeping it. The wider
// set of mutation:full is measured, not triaged: its survivors are counted per module (the HTML
// report under reports/mutation/<module>/ lists them).
const promise = new Set(PROMISE_MODULES.map((m) => m.name));
const triaged = explain(
  survivors.filter((s) => promise.has(s.module)),
  loadSurvivorReasons(root),
);
if (triaged.length > 0) {
  console.log(
    `\nsurvivors of the promise modules (${triaged.length}), each with its reason (docs/testing.md):`,
  );
  let lastReason = null;
  for (const s of triaged) {
    const at = `${s.file}:${s.line}:${s.column}`;
    console.log(`  ${s.status.padEnd(10)} ${at}  ${s.mutatorName}  → ${s.replacement.slice(0, 60)}`);
    if (s.reason && s.reason !== lastReason) console.log(`      why: ${s.reason.reason}`);
    else if (!s.reason) console.log('      why: NOT EXPLAINED in docs/testing.md');
    lastReason = s.reason;
  }
  const unexplained = triaged.filter((s) => !s.reason).length;
  console.log(
    unexplained > 0
      ? `\n${unexplained} survivor(s) of the promise modules have no reason in docs/testing.md yet`
      : '\nevery survivor of the promise modules has its reason in docs/testing.md',
  );
}
const wider = rows.filter((r) => !promise.has(r.name) && r.undetected > 0);
if (wider.length > 0)
  console.log(
    `\nthe wider set (not triaged): ${wider.map((r) => `${r.name} ${r.undetected}`).join(', ')} undetected; ` +
      'see reports/mutation/<module>/index.html',
  );

// Merge the score into the benchmark figures, keeping whatever else is there.
const key = full ? 'mutation.fullScore' : 'mutation.score';
const latest = path.join(root, 'bench/results/latest.json');
mkdirSync(path.dirname(latest), { recursive: true });
const figures = existsSync(latest) ? JSON.parse(readFileSync(latest, 'utf8')) : {};
figures[key] = { value: score, unit: '%' };
writeFileSync(latest, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`\nmerged ${key} = ${score} % into ${path.relative(root, latest)}`);
