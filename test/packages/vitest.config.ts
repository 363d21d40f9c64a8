import { defineConfig } from 'vitest/config';

// `npm run test:packages`: packs the four packages, installs the tarballs into an empty project and
// uses them there (run by .ci/run after `npm test`). Kept out of the root config, which runs
// `test/**/*.test.ts`, because it builds every package and installs from the registry.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/packages/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
