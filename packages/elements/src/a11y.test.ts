// Accessibility across the four components together: axe-core in light and dark, and the keyboard
// path through them (Tab reaches every interactive part, focus is visible).
import './index.js';
import { sendKeys } from '@web/test-runner-commands';
import { configure } from './client/config.js';
import { EssStore } from './client/store.js';
import { afterEachCleanup } from './test/hooks.js';
import { equal, expectAccessible, flowFixture, mount, qrFixture } from './test/support.js';

afterEachCleanup();
afterEach(() => {
  document.body.style.background = '';
});

const SIGNED = 'yDfixtureSigned0000000000000001';
const OPEN = 'yDfixtureFlow000000000000000001';

function page(theme: string, locale: string): HTMLElement {
  const store = new EssStore({ eventSource: null });
  store.seed(flowFixture({ flowStatus: 2, deadline: Math.floor(Date.now() / 1000) + 86_400 }));
  store.seed(flowFixture({ flowId: SIGNED, flowStatus: 4 }));
  store.seedQr(qrFixture());
  configure({ store, theme: theme as 'light' | 'dark', locale });
  // A dark theme is for a dark page: text outside the components' own surfaces sits on the page.
  document.body.style.background = theme === 'dark' ? '#0d1117' : '#ffffff';
  return mount(`<main>
    <ess-status-badge flow-id="${OPEN}"></ess-status-badge>
    <ess-sign-button flow-id="${OPEN}" recipient-id="yDfixtureRecipient0000000000002"></ess-sign-button>
    <ess-qr-panel qr-code-id="yDfixtureQr00000000000000000001"></ess-qr-panel>
    <ess-download-button flow-id="${SIGNED}"></ess-download-button>
  </main>`);
}

async function settled(root: HTMLElement): Promise<void> {
  for (const element of root.querySelectorAll('*'))
    await (element as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
}

/** The element that has focus, looking inside shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('accessibility of the four components', () => {
  for (const theme of ['light', 'dark']) {
    for (const locale of ['zh-CN', 'en']) {
      it(`axe finds nothing (${theme}, ${locale})`, async () => {
        const root = page(theme, locale);
        await settled(root);
        await expectAccessible(root);
      });
    }
  }

  it('Tab goes badge → sign button → cancel QR → download, with a visible focus ring', async () => {
    const root = page('light', 'en');
    await settled(root);
    const stops: string[] = [];
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: 'Tab' });
      const active = deepActive() as HTMLElement;
      const host = (active.getRootNode() as ShadowRoot).host as HTMLElement;
      stops.push(`${host.localName}:${active.getAttribute('part')}`);
      const outline = getComputedStyle(active);
      equal(outline.outlineStyle, 'solid', `focus ring on ${stops.at(-1)}`);
    }
    equal(
      stops.join(' '),
      'ess-status-badge:badge ess-sign-button:button ess-qr-panel:cancel-button ess-download-button:button',
    );
  });
});
