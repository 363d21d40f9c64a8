// The suites Stryker runs against each mutant: the in-process tests of shared and the BFF.
// End-to-end suites (child processes, browsers) stay in `npm test`; a mutant switched on in the
// test worker is invisible to a child process, so they could not kill it.
import root from '../../vitest.config.js';

export default {
  ...root,
  test: {
    ...root.test,
    include: ['packages/{shared,bff}/src/**/*.test.ts', 'packages/shared/test/**/*.test.ts'],
  },
};
