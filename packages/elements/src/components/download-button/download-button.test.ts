import '../../index.js';
import { configure } from '../../client/config.js';
import { EssStore } from '../../client/store.js';
import { afterEachCleanup } from '../../test/hooks.js';
import {
  assert,
  createFlow,
  equal,
  expectAccessible,
  flowFixture,
  includes,
  mount,
  nextEvent,
  partner,
  shadowText,
  signAs,
  useBackend,
  waitFor,
} from '../../test/support.js';
import type { DownloadDetail, EssDownloadButton } from './index.js';

afterEachCleanup();

async function button(markup: string): Promise<EssDownloadButton> {
  const element = mount<EssDownloadButton>(markup);
  await element.updateComplete;
  return element;
}

describe('<ess-download-button> with fixtures', () => {
  it('is unavailable with a note until the flow is signed, enabled once signed; accessible in both', async () => {
    const store = new EssStore({ eventSource: null });
    store.seed(flowFixture({ flowStatus: 2 }));
    configure({ store });
    const element = await button(
      `<ess-download-button flow-id="yDfixtureFlow000000000000000001" locale="en"></ess-download-button>`,
    );
    assert(element.hasAttribute('unavailable'), 'unavailable reflected');
    assert(!element.hasAttribute('disabled'), 'disabled is the page’s, never set by the element');
    includes(shadowText(element), 'Available once everyone has signed.');
    await expectAccessible(element);
    store.seed(flowFixture({ flowStatus: 4, updatedAt: new Date(Date.now() + 1000).toISOString() }));
    await waitFor(() => !element.hasAttribute('unavailable'), 'available when signed');
    includes(shadowText(element), 'Download');
    element.locale = 'zh-CN';
    await element.updateComplete;
    includes(shadowText(element), '下载');
    await expectAccessible(element);
  });

  it('shows an error when the BFF fails, and fires ess-error', async () => {
    const store = new EssStore({
      eventSource: null,
      bffUrl: 'https://bff.example',
      token: 't',
      fetch: async () =>
        new Response(
          JSON.stringify({
            error: {
              code: 'ESS_UNAVAILABLE',
              message: 'E-Sign is not answering, try again later.',
              requestId: 'r',
            },
          }),
          {
            status: 502,
          },
        ),
    });
    store.seed(flowFixture({ flowStatus: 4 }));
    configure({ store });
    const element = await button(
      `<ess-download-button flow-id="yDfixtureFlow000000000000000001"></ess-download-button>`,
    );
    const failed = nextEvent<{ code: string }>(element, 'ess-error');
    element.shadowRoot?.querySelector('button')?.click();
    equal((await failed).detail.code, 'ESS_UNAVAILABLE');
    await waitFor(() => shadowText(element).includes('暂时不可用'), 'error shown, localized');
    const note = element.shadowRoot?.querySelector('[part="error"]');
    includes(note?.getAttribute('title') ?? '', 'E-Sign is not answering');
    await expectAccessible(element);
  });
});

describe('<ess-download-button> nits', () => {
  for (const [status, why] of [
    [3, 'This contract was refused.'],
    [6, 'This contract was cancelled.'],
    [5, 'This contract has expired.'],
  ] as const) {
    it(`says why a contract in status ${status} will never be downloadable`, async () => {
      const store = new EssStore({ eventSource: null });
      store.seed(flowFixture({ flowStatus: status }));
      configure({ store });
      const element = await button(
        `<ess-download-button flow-id="yDfixtureFlow000000000000000001" locale="en"></ess-download-button>`,
      );
      includes(shadowText(element), why);
      assert(!shadowText(element).includes('once everyone has signed'), 'never "once signed"');
    });
  }

  it('announces nothing when the page called preventDefault() on ess-download', async () => {
    const store = new EssStore({
      eventSource: null,
      bffUrl: 'https://bff.example',
      token: 't',
      fetch: async () =>
        new Response(JSON.stringify({ urls: ['https://files.example/a.pdf'], expiresAt: null }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    });
    store.seed(flowFixture({ flowStatus: 4 }));
    configure({ store });
    const element = await button(
      `<ess-download-button flow-id="yDfixtureFlow000000000000000001" locale="en"></ess-download-button>`,
    );
    element.addEventListener('ess-download', (event) => event.preventDefault());
    const handled = nextEvent(element, 'ess-download');
    element.shadowRoot?.querySelector('button')?.click();
    await handled;
    await waitFor(() => !element.shadowRoot?.querySelector('[part="note"]'), 'busy note gone');
    assert(!shadowText(element).includes('Download started'), 'no "Download started"');
  });
});

describe('<ess-download-button> live against the emulator and BFF', () => {
  it('enables itself when the emulator signs, and fetches the link only at click time', async () => {
    const flow = await createFlow('single-c');
    await useBackend({ flowIds: [flow.flowId] });
    const requests: string[] = [];
    const originalFetch = window.fetch;
    window.fetch = (input, init) => {
      requests.push(String(input));
      return originalFetch(input, init);
    };
    try {
      const element = await button(
        `<ess-download-button flow-id="${flow.flowId}" file-type="PDF"></ess-download-button>`,
      );
      await waitFor(
        () => element.shadowRoot?.textContent?.includes('全部签署完成后可下载'),
        'not signed yet',
      );
      assert(element.unavailable, 'unavailable before signing');
      await signAs(flow.flowId, flow.approvers[0].recipientId);
      await waitFor(() => !element.unavailable, 'available live after signing', 10_000);
      equal(
        requests.filter((url) => url.includes('/files')).length,
        0,
        'no file link fetched before the click',
      );
      element.addEventListener('ess-download', (event) => event.preventDefault(), { once: true });
      const downloaded = nextEvent<DownloadDetail>(element, 'ess-download', 10_000);
      element.shadowRoot?.querySelector('button')?.click();
      const detail = (await downloaded).detail;
      equal(requests.filter((url) => url.includes('/files')).length, 1, 'one link fetched at click time');
      assert(detail.urls.length > 0, 'urls returned');
      // The link really serves the signed PDF.
      const link = new URL(detail.urls[0]);
      const pdf = await fetch(`/__ess/raw${link.pathname}${link.search}`);
      equal(pdf.status, 200);
      equal(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5)), '%PDF-');
    } finally {
      window.fetch = originalFetch;
    }
  });

  it('the BFF refuses file links before signing (409), so nothing could be fetched early', async () => {
    const flow = await createFlow('single-c');
    const error = await partner('GET', `/v1/flows/${flow.flowId}/files?fileType=PDF`).catch(
      (failure: Error) => failure,
    );
    assert(error instanceof Error && error.message.includes('409'), `409 before signing: ${String(error)}`);
  });
});
