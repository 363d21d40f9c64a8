// The self-contained bundle (dist/ess-elements.js, built by `npm run build` before the browser
// tests): it defines every element, exposes EssKit, and is harmless when loaded twice.
import { assert, equal, flowFixture, includes, shadowText, waitFor } from './test/support.js';

const BUNDLE = '/packages/elements/dist/ess-elements.js';
const PICKER_BUNDLE = '/packages/elements/dist/ess-field-picker.js';

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

describe('dist/ess-field-picker.js', () => {
  it('is its own file: the core bundle leaves the picker out, and pdf.js loads from pdfjs/ beside it only when a PDF opens', async () => {
    await import(/* @vite-ignore */ BUNDLE);
    assert(!customElements.get('ess-field-picker'), 'the core bundle does not define the picker');
    const loaded = () =>
      performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name).pathname)
        .filter((path) => path.includes('/pdfjs/'));
    await import(/* @vite-ignore */ PICKER_BUNDLE);
    assert(customElements.get('ess-field-picker'), 'the picker bundle defines it');
    equal(loaded().length, 0, 'no pdf.js before a PDF is set');
    const picker = document.createElement('ess-field-picker') as HTMLElement & { doc: unknown };
    picker.setAttribute('locale', 'en');
    document.body.appendChild(picker);
    picker.setAttribute('src', '/__ess/fixtures/geometry.pdf');
    await waitFor(() => picker.doc, 'the PDF opened with the bundled pdf.js', 15_000);
    const paths = loaded();
    includes(paths.join(' '), '/packages/elements/dist/pdfjs/build/pdf.min.mjs');
    includes(paths.join(' '), '/packages/elements/dist/pdfjs/build/pdf.worker.min.mjs');
    picker.remove();
  });
});
