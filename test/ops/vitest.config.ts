import { defineConfig } from 'vitest/config';

// `npm run test:ops`: deployment checks that install system packages (nginx), kept out of `npm test`.
const conditions = ['source', 'module', 'node', 'import', 'default'];
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/ops/**/*.ops.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
