import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import { resolve as elementsResolve } from '../packages/elements/vite.config.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');

/**
 * Storybook for the ess-kit web components.
 *
 * Stories import `@ess-kit/elements` from its TypeScript sources (the `source` export condition,
 * as everywhere in the repository), so Storybook needs no prior build of the elements. Stories
 * never talk to a BFF: they feed fixtures to the elements' shared client store, which is why
 * `npm run build-storybook` produces a static site that works from any file server.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['./stories/**/*.mdx', './stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The field picker's pdf.js (laid out as pdfjs-dist, as the elements' dist/pdfjs/ is) and the demo's
  // sample contract, for the picker stories.
  staticDirs: [
    { from: '../node_modules/pdfjs-dist/build', to: '/pdfjs/build' },
    { from: '../node_modules/pdfjs-dist/cmaps', to: '/pdfjs/cmaps' },
    { from: '../node_modules/pdfjs-dist/standard_fonts', to: '/pdfjs/standard_fonts' },
    { from: '../node_modules/pdfjs-dist/wasm', to: '/pdfjs/wasm' },
    { from: '../demo/public', to: '/demo' },
  ],
  async viteFinal(viteConfig) {
    // Resolve exactly as the elements' own build does (source condition, deep @ess-kit/shared aliases).
    viteConfig.resolve = {
      ...viteConfig.resolve,
      conditions: elementsResolve?.conditions,
      alias: {
        ...(viteConfig.resolve?.alias as Record<string, string> | undefined),
        ...(elementsResolve?.alias as Record<string, string>),
      },
    };
    // The elements' component modules register their tags as a side effect, but the package's
    // `sideEffects` list names only its entry files; keep every elements source module so the
    // production build does not drop the `customElements.define` calls.
    viteConfig.build = {
      ...viteConfig.build,
      rollupOptions: {
        ...viteConfig.build?.rollupOptions,
        treeshake: {
          moduleSideEffects: (id: string) => (id.includes('/packages/elements/src/') ? true : undefined),
        },
      },
    };
    viteConfig.server ??= {};
    viteConfig.server.fs = { ...viteConfig.server.fs, allow: [repoRoot] };
    return viteConfig;
  },
};

export default config;
