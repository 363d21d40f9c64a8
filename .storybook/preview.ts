import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from '../packages/elements/custom-elements.json';

// Controls and the docs tables come from the elements' Custom Elements Manifest (CEM analyzer),
// so they stay in step with the components' real attributes, events, parts and CSS properties.
setCustomElementsManifest(manifest);

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

const preview: Preview = {
  decorators: [withPageSettings],
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
