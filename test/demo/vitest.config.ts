import { defineConfig } from 'vitest/config';

// `npm run test:demo`: the demo driven in Chromium. Kept out of the root config (which runs
// `test/**/*.test.ts`) so `npm run test:node` stays browser-free.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/demo/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
