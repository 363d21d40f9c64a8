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
  staticDirs: [],
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
