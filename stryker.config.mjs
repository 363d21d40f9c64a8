// StrykerJS: mutation testing of the modules that carry ess-kit's promises (docs/testing.md).
// `npm run mutation` (scripts/mutation.mjs) runs Stryker once per module of test/mutation/modules.mjs,
// naming it in MUTATION_MODULE, so each module keeps its own committed incremental file and report.
// Without MUTATION_MODULE (a bare `npx stryker run`), every promise module is mutated in one run.
import { FULL_MODULES, moduleSlug, NOT_MUTATED, PROMISE_MODULES } from './test/mutation/modules.mjs';

const name = process.env.MUTATION_MODULE;
const module = name ? FULL_MODULES.find((m) => m.name === name) : null;
if (name && !module) throw new Error(`MUTATION_MODULE names no module of test/mutation/modules.mjs: ${name}`);
const slug = module ? moduleSlug(module.name) : 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // In-process suites only: mutants are switched on inside the test worker, so suites that run
  // the BFF in a child process could not kill them anyway and would only slow every run.
  // Per-test coverage picks the test files of each mutant, so no related-file scan is needed.
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [...(module ? module.files : PROMISE_MODULES.flatMap((m) => m.files)), ...NOT_MUTATED],
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
  incrementalFile: module
    ? `test/mutation/incremental/${slug}.json`
    : 'reports/mutation/incremental-all.json',
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 10_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${slug}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: 'reports/mutation/.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
