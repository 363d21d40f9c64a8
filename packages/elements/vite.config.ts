import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Shared by both builds: TypeScript sources of @ess-kit/shared, deep modules only (no zod). */
export const resolve: UserConfig['resolve'] = {
  conditions: ['source', 'browser', 'module', 'import', 'default'],
  alias: {
    '@ess-kit/shared/status': here('../shared/src/status.ts'),
    '@ess-kit/shared/rules': here('../shared/src/rules/index.ts'),
    '@ess-kit/shared/pdf-layout': here('../shared/src/pdf/layout.ts'),
  },
};

const components = ['status-badge', 'sign-button', 'qr-panel', 'download-button', 'config', 'field-picker'];

/**
 * The npm build: ESM per entry point (`dist/index.js`, `dist/react.js`,
 * `dist/components/<name>.js`) with Lit, uqr and React left as dependencies so apps dedupe them.
 * The self-contained `dist/ess-elements.js` is built by `scripts/build.mjs` (second pass).
 */
export default defineConfig({
  resolve,
  esbuild: { target: 'es2022' },
  // The picker loads pdf.js from dist/pdfjs/: one level up from dist/components/ and dist/chunks/.
  define: { __ESS_PDFJS_DIR__: JSON.stringify('../pdfjs/') },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      formats: ['es'],
      entry: {
        index: here('src/index.ts'),
        react: here('src/react.ts'),
        ...Object.fromEntries(
          components.map((name) => [`components/${name}`, here(`src/components/${name}/index.ts`)]),
        ),
      },
    },
    rollupOptions: {
      external: [/^lit($|\/)/, /^@lit\//, /^uqr$/, /^react($|\/)/],
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
