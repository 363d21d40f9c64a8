import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// One vitest run covers every Node-side suite. Workspace packages resolve to their
// TypeScript sources through the "source" export condition, so no build is needed.
const conditions = ['source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    include: ['packages/{shared,emulator,bff}/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/browser/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
