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
  refuseAs,
  shadowText,
  signAs,
  useBackend,
  waitFor,
} from '../../test/support.js';
import type { EssStatusBadge, StatusChangeDetail } from './index.js';

afterEachCleanup();

function fixtureStore(...flows: ReturnType<typeof flowFixture>[]): EssStore {
  const store = new EssStore({ eventSource: null });
  for (const flow of flows) store.seed(flow);
  configure({ store });
  return store;
}

async function badge(markup: string): Promise<EssStatusBadge> {
  const element = mount<EssStatusBadge>(markup);
  await element.updateComplete;
  return element;
}

describe('<ess-status-badge> with fixtures', () => {
  const labels: [number, string, string][] = [
    [1, '待签署', 'Waiting for signatures'],
    [2, '部分签署', 'Partially signed'],
    [3, '已拒签', 'Refused'],
    [4, '已签署', 'Signed'],
    [5, '已过期', 'Expired'],
    [6, '已撤销', 'Cancelled'],
    [8, '等待填写', 'Waiting for fill-in'],
    [21, '已解除', 'Released'],
  ];
  for (const [status, zh, en] of labels) {
    it(`shows status ${status} as ${zh} / ${en} and reflects it`, async () => {
      fixtureStore(flowFixture({ flowStatus: status }));
      const zhBadge = await badge(
        `<ess-status-badge flow-id="yDfixtureFlow000000000000000001"></ess-status-badge>`,
      );
      equal(zhBadge.getAttribute('status'), String(status));
      includes(shadowText(zhBadge), zh);
      const enBadge = await badge(
        `<ess-status-badge flow-id="yDfixtureFlow000000000000000001" locale="en"></ess-status-badge>`,
      );
      includes(shadowText(enBadge), en);
    });
  }

  it('follows <html lang> when no locale is set', async () => {
    fixtureStore(flowFixture({ flowStatus: 4 }));
    document.documentElement.lang = 'en';
    const element = await badge(
      `<ess-status-badge flow-id="yDfixtureFlow000000000000000001"></ess-status-badge>`,
    );
    includes(shadowText(element), 'Signed');
    document.documentElement.lang = 'zh-CN';
    await waitFor(() => shadowText(element).includes('已签署'), 'switch to Chinese when <html lang> changes');
  });

  it('shows signer progress, each signer on focus, and the deadline', async () => {
    const deadline = Math.floor(Date.now() / 1000) + 2 * 86_400 + 3600;
    fixtureStore(flowFixture({ flowStatus: 2, deadline }));
    const element = await badge(
      `<ess-status-badge flow-id="yDfixtureFlow000000000000000001" locale="en"></ess-status-badge>`,
    );
    const text = shadowText(element);
    includes(text, '1/2 signed');
    includes(text, '2 days left');
    const pill = element.shadowRoot?.querySelector('[part~="badge"]') as HTMLElement;
    const signers = element.shadowRoot?.querySelector('[part="signers"]') as HTMLElement;
    equal(getComputedStyle(signers).display, 'none', 'signers hidden until hover/focus');
    pill.focus();
    equal(getComputedStyle(signers).display, 'block', 'signers shown on focus');
    includes(signers.textContent ?? '', '张三');
    includes(signers.textContent ?? '', 'Waiting to sign');
    await expectAccessible(element);
  });

  it('renders BFF strings as text, never as HTML', async () => {
    const flow = flowFixture();
    flow.approvers[1].approverName = '<img src=x onerror="window.__pwned=1">';
    fixtureStore(flow);
    const element = await badge(
      `<ess-status-badge flow-id="yDfixtureFlow000000000000000001"></ess-status-badge>`,
    );
    equal(element.shadowRoot?.querySelector('img'), null);
    includes(shadowText(element), '<img src=x');
  });

  it('shows a loading state, then an error state when the BFF cannot be reached', async () => {
    configure({ bffUrl: 'http://127.0.0.1:9', token: 'x' });
    const errors: CustomEvent[] = [];
    document.addEventListener('ess-error', (event) => errors.push(event as CustomEvent), { once: true });
    const element = await badge(
      `<ess-status-badge flow-id="yDnowhere0000000000000000000001" locale="en"></ess-status-badge>`,
    );
    includes(shadowText(element), 'Loading');
    assert(!element.hasAttribute('status'), 'no status while loading');
    await waitFor(() => shadowText(element).includes('Could not reach the server'), 'error state');
    equal(errors[0]?.detail.code, 'NETWORK');
    await expectAccessible(element);
  });

  it('is accessible in every tone, light and dark', async () => {
    fixtureStore(flowFixture({ flowStatus: 1 }));
    for (const theme of ['light', 'dark']) {
      for (const status of [1, 2, 3, 4, 5]) {
        const store = fixtureStore(flowFixture({ flowStatus: status }));
        void store;
        const element = await badge(
          `<ess-status-badge flow-id="yDfixtureFlow000000000000000001" theme="${theme}"></ess-status-badge>`,
        );
        await expectAccessible(element);
      }
    }
  });
});

describe('<ess-status-badge> live against the emulator and BFF', () => {
  it('updates when the signer signs in the emulator', async () => {
    const flow = await createFlow('single-c');
    await useBackend({ flowIds: [flow.flowId] });
    const element = await badge(`<ess-status-badge flow-id="${flow.flowId}" locale="en"></ess-status-badge>`);
    await waitFor(() => element.status === 1, 'initial status 1 from the BFF');
    includes(shadowText(element), 'Waiting for signatures');
    const change = nextEvent<StatusChangeDetail>(element, 'ess-status-change', 10_000);
    await signAs(flow.flowId, flow.approvers[0].recipientId);
    const event = await change;
    equal(event.detail.status, 4);
    equal(event.detail.previousStatus, 1);
    equal(element.getAttribute('status'), '4');
    await waitFor(() => shadowText(element).includes('Signed'), 'label Signed');
    includes(element.shadowRoot?.querySelector('[aria-live]')?.textContent ?? '', 'Contract status: Signed');
  });

  it('updates when the signer refuses in the emulator', async () => {
    const flow = await createFlow('single-c');
    await useBackend({ flowIds: [flow.flowId] });
    const element = await badge(`<ess-status-badge flow-id="${flow.flowId}"></ess-status-badge>`);
    await waitFor(() => element.status === 1, 'initial status 1');
    await refuseAs(flow.flowId, flow.approvers[0].recipientId);
    await waitFor(() => element.status === 3, 'status 3 (refused) pushed live', 10_000);
    includes(shadowText(element), '已拒签');
  });
});
