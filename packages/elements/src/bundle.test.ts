// The self-contained bundle (dist/ess-elements.js, built by `npm run build` before the browser
// tests): it defines every element, exposes EssKit, and is harmless when loaded twice.
import { assert, equal, flowFixture, includes, shadowText, waitFor } from './test/support.js';

const BUNDLE = '/packages/elements/dist/ess-elements.js';

interface BundleKit {
  configure(config: object): void;
  fixtureStore(): { seed(flow: object): void };
}

describe('dist/ess-elements.js', () => {
  it('defines the four components and <ess-config>, and survives being loaded twice', async () => {
    await import(/* @vite-ignore */ BUNDLE);
    await import(/* @vite-ignore */ `${BUNDLE}?second-copy`);
    for (const tag of [
      'ess-status-badge',
      'ess-sign-button',
      'ess-qr-panel',
      'ess-download-button',
      'ess-config',
    ]) {
      assert(customElements.get(tag), `${tag} defined`);
    }
    const kit = (globalThis as unknown as { EssKit: BundleKit }).EssKit;
    assert(kit, 'EssKit global');
    const store = kit.fixtureStore();
    store.seed(flowFixture({ flowStatus: 4 }));
    kit.configure({ store });
    const badge = document.createElement('ess-status-badge');
    badge.setAttribute('flow-id', 'yDfixtureFlow000000000000000001');
    badge.setAttribute('locale', 'en');
    document.body.appendChild(badge);
    await waitFor(() => badge.getAttribute('status') === '4', 'bundle badge rendered from the fixture');
    includes(shadowText(badge), 'Signed');
    equal(document.head.querySelectorAll('style').length, 0, 'no global styles injected');
    badge.remove();
  });
});
