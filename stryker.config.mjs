// StrykerJS: mutation testing of the modules that carry ess-kit's promises (docs/testing.md).
// `npm run mutation` (promise modules) or `npm run mutation:full` (wider set) run it through
// scripts/mutation.mjs, which also prints the score per module. MUTATION_ONLY=bff/store,bff/live
// limits a run to some modules (names from test/mutation/modules.mjs).
import { FULL_MODULES, NOT_MUTATED, PROMISE_MODULES } from './test/mutation/modules.mjs';

const full = process.env.MUTATION_SET === 'full';
const only = (process.env.MUTATION_ONLY ?? '').split(',').filter(Boolean);
const modules = (full ? FULL_MODULES : PROMISE_MODULES).filter((m) => !only.length || only.includes(m.name));
if (modules.length === 0) throw new Error(`MUTATION_ONLY names no module: ${only.join(',')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // In-process suites only: mutants are switched on inside the test worker, so suites that run
  // the BFF in a child process could not kill them anyway and would only slow every run.
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [...modules.flatMap((m) => m.files), ...NOT_MUTATED],
  // Per-test coverage: each mutant runs only the tests that reach it.
  coverageAnalysis: 'perTest',
  // Mutants in module-level code (constants, tables) would need every test file re-run per mutant;
  // they are left out of the score (Stryker reports them as ignored).
  ignoreStatic: true,
  // The workspace packages import each other through node_modules symlinks that point at the real
  // checkout, so a sandbox copy would test the mutated package against the others' originals.
  // Mutating in place keeps every import on the instrumented files; Stryker restores them after.
  inPlace: true,
  // Vitest does not type-check, so no file needs Stryker's `// @ts-nocheck` (in place, it would be
  // written into every source file of the repository).
  disableTypeChecks: false,
  incremental: true,
  incrementalFile: full
    ? 'test/mutation/stryker-incremental-full.json'
    : only.length
      ? `reports/mutation/incremental-${only.join('+').replaceAll('/', '-')}.json`
      : 'test/mutation/stryker-incremental.json',
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 10_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: 'reports/mutation/.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
