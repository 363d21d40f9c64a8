// `npm run build`: the npm ESM build (vite.config.ts), the self-contained bundle
// dist/ess-elements.js (everything inlined, minified), the picker's own self-contained
// dist/ess-field-picker.js with pdf.js beside it in dist/pdfjs/, TypeScript declarations, and
// custom-elements.json. Run from packages/elements.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

/** A self-contained, minified ES module: `entry` with Lit and everything else inlined. */
function selfContained(entry: string, fileName: string, pdfjsDir?: string) {
  return build({
    configFile: false,
    root,
    logLevel: 'warn',
    resolve: config.resolve,
    plugins: [minifyLitTemplates()],
    define: pdfjsDir ? { __ESS_PDFJS_DIR__: JSON.stringify(pdfjsDir) } : {},
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      minify: true,
      lib: {
        formats: ['es'],
        entry: fileURLToPath(new URL(entry, import.meta.url)),
        fileName: () => fileName,
      },
      // A final bundle: nothing tree-shakes it again, so its `@__PURE__` annotations are dead bytes
      // (about 40 of the core bundle's budget). No comments, as before (licences: see LICENSE).
      rollupOptions: {
        output: {
          codeSplitting: false,
          minify: true,
          comments: false,
        },
      },
    },
  });
}

await selfContained('../src/index.ts', 'ess-elements.js');
// The elements' error text for a page's own controls (the demo's), outside the core bundle's budget.
await selfContained('../src/localization/error-text.ts', 'ess-error-text.js');
// The picker is not in the core bundle: its own file, loading pdf.js from dist/pdfjs/ beside it.
await selfContained('../src/components/field-picker/index.ts', 'ess-field-picker.js', './pdfjs/');

// pdf.js for the picker, laid out like pdfjs-dist (what pdf-loader.ts expects), with its licence.
const pdfjsDist = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
for (const part of [
  'build/pdf.min.mjs',
  'build/pdf.worker.min.mjs',
  'cmaps',
  'standard_fonts',
  'wasm',
  'LICENSE',
])
  cpSync(join(pdfjsDist, part), join(root, 'dist', 'pdfjs', part), { recursive: true });

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
