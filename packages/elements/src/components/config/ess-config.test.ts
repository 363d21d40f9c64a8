import '../../index.js';
import type { EssStore } from '../../client/store.js';
import { afterEachCleanup } from '../../test/hooks.js';
import { equal, mount, shadowText, signedFixtureStore, waitFor } from '../../test/support.js';

afterEachCleanup();

const FLOW = 'yDfixtureFlow000000000000000001';

describe('<ess-config>', () => {
  it('<ess-config> passes locale, theme and store to its subtree; element attributes win', async () => {
    const config = mount(
      `<ess-config locale="en" theme="dark"><ess-status-badge flow-id="${FLOW}"></ess-status-badge><ess-status-badge flow-id="${FLOW}" locale="zh-CN"></ess-status-badge></ess-config>`,
    );
    (config as unknown as { store: EssStore }).store = signedFixtureStore();
    const [inherited, own] = [...config.querySelectorAll('ess-status-badge')];
    await waitFor(() => shadowText(inherited).includes('Signed'), 'English from <ess-config>');
    equal(inherited.getAttribute('data-ess-theme'), 'dark');
    equal(getComputedStyle(inherited).colorScheme, 'dark');
    await waitFor(() => shadowText(own).includes('已签署'), 'the element’s own locale wins');
    config.setAttribute('locale', 'zh-CN');
    await waitFor(() => shadowText(inherited).includes('已签署'), 'follows <ess-config> changes');
  });
});
