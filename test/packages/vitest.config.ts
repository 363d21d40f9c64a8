import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `npm run test:packages`: packs the four packages, installs the tarballs into an empty project and
// uses them there (run by .ci/run after `npm test`). Kept out of the root config, which runs
// `test/**/*.test.ts`, because it builds every package and installs from the registry. The test
// itself reads workspace packages from their sources, as every suite does: their dist/ is rebuilt
// (emptied first) by the packing it does.
const conditions = ['source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/packages/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
