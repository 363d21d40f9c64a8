import '../index.js';
import { EssKit } from '../index.js';
import { afterEachCleanup } from '../test/hooks.js';
import { equal, flowFixture, includes, mount, shadowText, waitFor } from '../test/support.js';
import { EssStore } from './store.js';

afterEachCleanup();

const FLOW = 'yDfixtureFlow000000000000000001';

function fixtures(): EssStore {
  const store = new EssStore({ eventSource: null });
  store.seed(flowFixture({ flowStatus: 4 }));
  return store;
}

describe('configuration layers', () => {
  it('<ess-config> passes locale, theme and store to its subtree; element attributes win', async () => {
    const config = mount(
      `<ess-config locale="en" theme="dark"><ess-status-badge flow-id="${FLOW}"></ess-status-badge><ess-status-badge flow-id="${FLOW}" locale="zh-CN"></ess-status-badge></ess-config>`,
    );
    (config as unknown as { store: EssStore }).store = fixtures();
    const [inherited, own] = [...config.querySelectorAll('ess-status-badge')];
    await waitFor(() => shadowText(inherited).includes('Signed'), 'English from <ess-config>');
    equal(inherited.getAttribute('data-ess-theme'), 'dark');
    equal(getComputedStyle(inherited).colorScheme, 'dark');
    await waitFor(() => shadowText(own).includes('已签署'), 'the element’s own locale wins');
    config.setAttribute('locale', 'zh-CN');
    await waitFor(() => shadowText(inherited).includes('已签署'), 'follows <ess-config> changes');
  });

  it('EssKit.configure() applies to elements already on the page', async () => {
    EssKit.configure({ store: fixtures(), locale: 'en' });
    const badge = mount(`<ess-status-badge flow-id="${FLOW}"></ess-status-badge>`);
    await waitFor(() => shadowText(badge).includes('Signed'), 'English from configure()');
    EssKit.configure({ locale: 'zh-CN', theme: 'light' });
    await waitFor(() => shadowText(badge).includes('已签署'), 'switched by a later configure()');
    equal(getComputedStyle(badge).colorScheme, 'light');
    const global = globalThis as unknown as { EssKit?: { version: string } };
    includes(String(global.EssKit?.version), '0.1.0', 'EssKit is exposed for script-tag users');
  });
});
