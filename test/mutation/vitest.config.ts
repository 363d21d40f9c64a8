// The suites Stryker runs against each mutant: the in-process tests of shared and the BFF.
// End-to-end suites (child processes, browsers) stay in `npm test`; a mutant switched on in the
// test worker is invisible to a child process, so they could not kill it.
import { defineConfig } from 'vitest/config';
import root from '../../vitest.config.js';
import FastestFirst from './fastest-first.js';

export default defineConfig({
  ...root,
  test: {
    ...root.test,
    // One module graph for all test files of a run: each mutant re-runs a few tests, and re-importing
    // the BFF per file would cost more than the tests themselves.
    isolate: false,
    // Fastest test file first: a mutant killed by a unit test never waits for the slow suites.
    sequence: { sequencer: FastestFirst },
    include: ['packages/{shared,bff}/src/**/*.test.ts', 'packages/shared/test/**/*.test.ts'],
  },
});
