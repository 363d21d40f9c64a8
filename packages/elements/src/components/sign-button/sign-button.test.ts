import '../../index.js';
import { sendKeys } from '@web/test-runner-commands';
import { configure } from '../../client/config.js';
import { EssStore } from '../../client/store.js';
import { afterEachCleanup } from '../../test/hooks.js';
import {
  assert,
  createFlow,
  decodeCanvas,
  equal,
  expectAccessible,
  flowFixture,
  includes,
  mount,
  nextEvent,
  shadowText,
  signAs,
  useBackend,
  waitFor,
} from '../../test/support.js';
import type { EssSignButton, SignOpenDetail } from './index.js';

afterEachCleanup();

const FLOW = 'yDfixtureFlow000000000000000001';
const FIRST = 'yDfixtureRecipient0000000000001';
const SECOND = 'yDfixtureRecipient0000000000002';

async function button(markup: string): Promise<EssSignButton> {
  const element = mount<EssSignButton>(markup);
  await element.updateComplete;
  return element;
}

function seed(overrides: Parameters<typeof flowFixture>[0]): void {
  const store = new EssStore({ eventSource: null });
  store.seed(flowFixture(overrides));
  configure({ store });
}

describe('<ess-sign-button> with fixtures', () => {
  it('keeps the page’s disabled (an input it never overwrites) and reflects its own state as unavailable', async () => {
    seed({ flowStatus: 1 });
    const element = await button(
      `<ess-sign-button flow-id="${FLOW}" disabled locale="en"></ess-sign-button>`,
    );
    const inner = () => element.shadowRoot?.querySelector('button') as HTMLButtonElement;
    assert(!element.hasAttribute('unavailable'), 'the flow can be signed: not unavailable');
    assert(element.disabled && element.hasAttribute('disabled'), 'still disabled, as the page said');
    assert(inner().disabled, 'inner button disabled');
    element.locale = 'zh-CN';
    await element.updateComplete;
    assert(element.disabled && inner().disabled, 'a later update keeps it disabled');
    element.disabled = false;
    await element.updateComplete;
    assert(!element.hasAttribute('disabled') && !inner().disabled, 'enabled once the page allows it');
    element.disabled = true;
    await element.updateComplete;
    assert(element.hasAttribute('disabled') && inner().disabled, 'disabled again by the page');
  });

  it('reflects unavailable (never disabled) while it cannot sign, without taking the page’s input', async () => {
    seed({ flowStatus: 4 });
    const element = await button(`<ess-sign-button flow-id="${FLOW}" locale="en"></ess-sign-button>`);
    const inner = () => element.shadowRoot?.querySelector('button') as HTMLButtonElement;
    assert(element.hasAttribute('unavailable') && element.unavailable, 'unavailable reflected');
    assert(!element.disabled && !element.hasAttribute('disabled'), 'disabled stays the page’s (unset)');
    assert(inner().disabled, 'inner button disabled while unavailable');
    element.disabled = false;
    await element.updateComplete;
    assert(element.unavailable && inner().disabled, 'unavailable still wins over an enabled page input');
    assert(!element.hasAttribute('disabled'), 'false as the page set it');
  });

  it('never sets or removes the disabled attribute itself, whatever its own state', async () => {
    const store = new EssStore({ eventSource: null });
    store.seed(flowFixture({ flowStatus: 1 }));
    configure({ store });
    const unset = mount<EssSignButton>(`<ess-sign-button flow-id="${FLOW}"></ess-sign-button>`);
    const pageSet = mount<EssSignButton>(`<ess-sign-button flow-id="${FLOW}" disabled></ess-sign-button>`);
    // Observed from before the first update: any write of the attribute by the element is recorded.
    const written: string[] = [];
    const record = (records: MutationRecord[]) => {
      for (const mutation of records) written.push((mutation.target as Element).outerHTML);
    };
    const observer = new MutationObserver(record);
    for (const target of [unset, pageSet])
      observer.observe(target, { attributes: true, attributeFilter: ['disabled'] });
    try {
      await Promise.all([unset.updateComplete, pageSet.updateComplete]);
      assert(!unset.unavailable, 'available while waiting for signatures');
      store.seed(flowFixture({ flowStatus: 4, updatedAt: new Date(Date.now() + 1000).toISOString() }));
      await waitFor(() => unset.unavailable && pageSet.unavailable, 'both unavailable once signed');
      await Promise.all([unset.updateComplete, pageSet.updateComplete]);
      record(observer.takeRecords());
      equal(written.length, 0, `disabled written by the element: ${written.join(' ')}`);
      assert(!unset.hasAttribute('disabled') && !unset.disabled, 'unset stays unset');
      assert(pageSet.hasAttribute('disabled') && pageSet.disabled, 'the page’s disabled stays');
    } finally {
      observer.disconnect();
    }
  });

  const closed: [number, string, string][] = [
    [4, 'This contract is already complete.', '合同已签署完成。'],
    [3, 'This contract was refused.', '合同已被拒签。'],
    [5, 'This contract has expired.', '合同已过期。'],
    [6, 'This contract was cancelled.', '合同已撤销。'],
  ];
  for (const [status, en, zh] of closed) {
    it(`is unavailable with the reason when the flow status is ${status}`, async () => {
      seed({ flowStatus: status });
      const element = await button(`<ess-sign-button flow-id="${FLOW}" locale="en"></ess-sign-button>`);
      assert(element.hasAttribute('unavailable'), 'unavailable reflected');
      assert(element.shadowRoot?.querySelector('button')?.disabled, 'inner button disabled');
      includes(shadowText(element), en);
      element.locale = 'zh-CN';
      await element.updateComplete;
      includes(shadowText(element), zh);
      await expectAccessible(element);
    });
  }

  it('is unavailable when it is not this signer’s turn in an ordered flow, enabled when it is', async () => {
    const flow = flowFixture({ flowStatus: 1, unordered: false });
    flow.approvers[0].approveStatus = 2;
    flow.approvers[1].approveStatus = 1;
    const store = new EssStore({ eventSource: null });
    store.seed(flow);
    configure({ store });
    const second = await button(
      `<ess-sign-button flow-id="${FLOW}" recipient-id="${SECOND}" locale="en"></ess-sign-button>`,
    );
    assert(second.unavailable, 'second signer waits');
    includes(shadowText(second), 'Not your turn yet');
    const first = await button(
      `<ess-sign-button flow-id="${FLOW}" recipient-id="${FIRST}" locale="en"></ess-sign-button>`,
    );
    assert(!first.unavailable, 'first signer may sign');
    // The first signer signs: the second one's button enables itself.
    store.seed({
      ...flow,
      flowStatus: 2,
      updatedAt: new Date(Date.now() + 1000).toISOString(),
      approvers: [
        { ...flow.approvers[0], approveStatus: 3 },
        { ...flow.approvers[1], approveStatus: 2 },
      ],
    });
    await waitFor(() => !second.unavailable, 'second signer enabled after the first signed');
    await waitFor(
      () => first.unavailable && shadowText(first).includes('You have already signed'),
      'first signer done',
    );
  });

  it('shows an error (and fires ess-error) when the BFF refuses', async () => {
    const flow = flowFixture({ flowStatus: 1 });
    const store = new EssStore({
      eventSource: null,
      bffUrl: 'https://bff.example',
      token: 'expired',
      fetch: async () =>
        new Response(
          JSON.stringify({
            error: { code: 'TOKEN_EXPIRED', message: 'The token has expired.', requestId: 'r1' },
          }),
          {
            status: 401,
            headers: { 'content-type': 'application/json' },
          },
        ),
    });
    store.seed(flow);
    configure({ store });
    const element = await button(`<ess-sign-button flow-id="${FLOW}" mode="desktop"></ess-sign-button>`);
    const failed = nextEvent<{ code: string }>(element, 'ess-error');
    element.shadowRoot?.querySelector('button')?.click();
    equal((await failed).detail.code, 'TOKEN_EXPIRED');
    await waitFor(() => shadowText(element).includes('会话已过期'), 'error shown, localized');
    equal(
      element.shadowRoot?.querySelector('[part="error"]')?.getAttribute('title'),
      'The token has expired.',
    );
    assert(!shadowText(element).includes('expired"'), 'no token in the message');
  });
});

describe('<ess-sign-button> live against the emulator and BFF', () => {
  it('desktop: fetches the link only on click and shows it as a QR code that decodes to the link', async () => {
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
        `<ess-sign-button flow-id="${flow.flowId}" recipient-id="${flow.approvers[0].recipientId}" mode="desktop" locale="en"></ess-sign-button>`,
      );
      await waitFor(() => !element.unavailable, 'enabled once the flow is loaded');
      equal(requests.filter((url) => url.includes('/sign-url')).length, 0, 'no link before the click');
      const opened = nextEvent<SignOpenDetail>(element, 'ess-sign-open', 10_000);
      element.shadowRoot?.querySelector('button')?.click();
      const detail = (await opened).detail;
      equal(detail.mode, 'desktop');
      equal(requests.filter((url) => url.includes('/sign-url')).length, 1, 'one link fetched on click');
      const canvas = await waitFor(
        () => element.shadowRoot?.querySelector('dialog[open] canvas') as HTMLCanvasElement | null,
        'QR dialog open',
      );
      equal(canvas.getAttribute('role'), 'img');
      includes(canvas.getAttribute('aria-label') ?? '', 'QR code for signing');
      assert(canvas.getBoundingClientRect().width >= 160, 'at least 160 CSS px');
      equal(await decodeCanvas(canvas), detail.url, 'the QR code decodes back to the signing URL');
      includes(shadowText(element), 'mini-program', 'a short link opens in the mini-program: say so');
      await expectAccessible(element);
      // Escape closes the dialog (native <dialog>).
      await sendKeys({ press: 'Escape' });
      await waitFor(() => !element.shadowRoot?.querySelector('dialog[open]'), 'dialog closed by Escape');
    } finally {
      window.fetch = originalFetch;
    }
  });

  it('mobile: opens the link (the page can take over through the cancelable ess-sign-open), keyboard operable', async () => {
    const flow = await createFlow('single-c');
    await useBackend({ flowIds: [flow.flowId] });
    const element = await button(
      `<ess-sign-button flow-id="${flow.flowId}" mode="mobile"></ess-sign-button>`,
    );
    await waitFor(() => !element.unavailable, 'enabled');
    element.addEventListener('ess-sign-open', (event) => event.preventDefault(), { once: true });
    const opened = nextEvent<SignOpenDetail>(element, 'ess-sign-open', 10_000);
    element.shadowRoot?.querySelector('button')?.focus();
    await sendKeys({ press: 'Enter' });
    const detail = (await opened).detail;
    equal(detail.mode, 'mobile');
    assert(/^https?:\/\//.test(detail.url), `a web link: ${detail.url}`);
    equal(element.shadowRoot?.querySelector('dialog[open]'), null, 'no QR dialog on mobile');
  });

  it('an HTTP (browser) link does not claim to open only in the mini-program', async () => {
    const flow = await createFlow('single-c');
    await useBackend({ flowIds: [flow.flowId] });
    const element = await button(
      `<ess-sign-button flow-id="${flow.flowId}" end-point="HTTP" path-type="0" mode="desktop" locale="en"></ess-sign-button>`,
    );
    await waitFor(() => !element.unavailable, 'enabled');
    element.shadowRoot?.querySelector('button')?.click();
    await waitFor(() => element.shadowRoot?.querySelector('dialog[open] canvas'), 'QR dialog open');
    assert(!shadowText(element).includes('mini-program'), 'no mini-program hint for a browser link');
  });

  it('becomes unavailable live once the signer has signed in the emulator', async () => {
    const flow = await createFlow('single-c');
    await useBackend({ flowIds: [flow.flowId] });
    const element = await button(
      `<ess-sign-button flow-id="${flow.flowId}" recipient-id="${flow.approvers[0].recipientId}" locale="en"></ess-sign-button>`,
    );
    await waitFor(() => !element.unavailable, 'enabled');
    await signAs(flow.flowId, flow.approvers[0].recipientId);
    await waitFor(() => element.unavailable, 'unavailable after signing', 10_000);
    includes(shadowText(element), 'This contract is already complete.');
  });
});
