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
    // A zone whose date differs from UTC's between 16:00 and 24:00 UTC: code that takes a local date
    // where the protocol wants UTC (TC3's credential date) fails here instead of at midnight in Beijing.
    env: { TZ: 'Asia/Shanghai' },
  },
});
