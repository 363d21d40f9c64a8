import '@ess-kit/elements';
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { type FixtureOptions, fixtureStore } from './stories/fixtures.js';

// Controls and the docs tables come from the elements' Custom Elements Manifest (CEM analyzer),
// so they stay in step with the components' real attributes, events, parts and CSS properties.
// `npm run build-storybook` builds the manifest first; the glob keeps `storybook dev` usable while
// the elements are being worked on and the manifest is momentarily missing.
const manifests = import.meta.glob<{ default: unknown }>('../packages/elements/custom-elements.json', {
  eager: true,
});
const manifest = Object.values(manifests)[0]?.default;
if (manifest) setCustomElementsManifest(manifest);

/**
 * Applies the toolbar's locale, theme and direction to the document, the way a host page would:
 * the components follow `<html lang>`, the colour scheme and `dir` of the page they are put in.
 */
const withPageSettings: Decorator = (story, context) => {
  const { locale, theme, direction } = context.globals as {
    locale?: string;
    theme?: string;
    direction?: string;
  };
  const root = document.documentElement;
  root.lang = locale ?? 'zh-CN';
  root.dir = direction ?? 'ltr';
  root.dataset.theme = theme ?? 'light';
  root.style.colorScheme = theme === 'dark' ? 'dark' : 'light';
  document.body.style.background = theme === 'dark' ? '#16181d' : '#ffffff';
  document.body.style.color = theme === 'dark' ? '#e8eaed' : '#1f2328';
  return story();
};

/**
 * Wraps every story in `<ess-config>` with a store fed only by the story's `parameters.fixtures`, and
 * the toolbar's locale and theme — deterministic data, no BFF, no network.
 */
const withFixtureStore: Decorator = (story, context) => {
  const { locale, theme } = context.globals as { locale?: string; theme?: 'light' | 'dark' };
  const store = fixtureStore((context.parameters.fixtures as FixtureOptions | undefined) ?? {});
  return html`<ess-config .store=${store} locale=${locale ?? 'zh-CN'} theme=${theme ?? 'light'}>${story()}</ess-config>`;
};

const preview: Preview = {
  decorators: [withFixtureStore, withPageSettings],
  globalTypes: {
    locale: {
      description: 'Language of the components',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'zh-CN', title: '中文 (zh-CN)' },
          { value: 'en', title: 'English (en)' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Light or dark page',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
    direction: {
      description: 'Text direction, to check the layout stays right-to-left safe',
      toolbar: {
        title: 'Direction',
        icon: 'transfer',
        items: [
          { value: 'ltr', title: 'Left to right' },
          { value: 'rtl', title: 'Right to left' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'zh-CN', theme: 'light', direction: 'ltr' },
  parameters: {
    controls: { expanded: true },
    a11y: { test: 'error' },
  },
};

export default preview;
