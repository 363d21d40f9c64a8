import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages from their TypeScript sources, as in the root config (the picker test reads
// the signed PDF with @ess-kit/shared's pdf.js loader).
const conditions = ['source', ...defaultServerConditions];

// `npm run test:demo`: the demo driven in Chromium. Kept out of the root config (which runs
// `test/**/*.test.ts`) so `npm run test:node` stays browser-free.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/demo/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
