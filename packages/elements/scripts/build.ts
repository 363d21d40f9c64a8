// `npm run build`: the npm ESM build (vite.config.ts), the self-contained bundle
// dist/ess-elements.js (everything inlined, minified), TypeScript declarations, and
// custom-elements.json. Run from packages/elements.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

import config from '../vite.config.js';
import { minifyLitTemplates } from './minify-templates.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await build({ ...config, configFile: false, root, logLevel: 'warn' });

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  resolve: config.resolve,
  plugins: [minifyLitTemplates()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    minify: true,
    lib: {
      formats: ['es'],
      entry: fileURLToPath(new URL('../src/index.ts', import.meta.url)),
      fileName: () => 'ess-elements.js',
    },
    rollupOptions: { output: { codeSplitting: false, minify: true } },
  },
});

// Declarations: tsc also sees @ess-kit/shared's sources (deep imports), so it writes under
// packages/; keep only ours, in dist/types.
rmSync(`${root}/dist/types-tmp`, { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
cpSync(`${root}/dist/types-tmp/elements/src`, `${root}/dist/types`, { recursive: true });
rmSync(`${root}/dist/types-tmp`, { recursive: true, force: true });
run('npx', [
  'cem',
  'analyze',
  '--litelement',
  '--globs',
  'src/**/*.ts',
  '--exclude',
  'src/**/*.test.ts',
  '--exclude',
  'src/**/*.stories.ts',
  '--exclude',
  'src/test/**',
]);
console.log('built dist/ (ESM per component, ess-elements.js, types) and custom-elements.json');
