import '../index.js';
import { EssKit } from '../index.js';
import { afterEachCleanup } from '../test/hooks.js';
import { assert, equal, includes, mount, shadowText, signedFixtureStore, waitFor } from '../test/support.js';

afterEachCleanup();

const FLOW = 'yDfixtureFlow000000000000000001';

describe('configuration layers', () => {
  it('EssKit.configure() applies to elements already on the page', async () => {
    EssKit.configure({ store: signedFixtureStore(), locale: 'en' });
    const badge = mount(`<ess-status-badge flow-id="${FLOW}"></ess-status-badge>`);
    await waitFor(() => shadowText(badge).includes('Signed'), 'English from configure()');
    EssKit.configure({ locale: 'zh-CN', theme: 'light' });
    await waitFor(() => shadowText(badge).includes('已签署'), 'switched by a later configure()');
    equal(getComputedStyle(badge).colorScheme, 'light');
    const global = globalThis as unknown as { EssKit?: { version: string } };
    includes(String(global.EssKit?.version), '0.1.0', 'EssKit is exposed for script-tag users');
  });

  it('two copies of ess-kit on one page give two getToken functions two stores', async () => {
    const first = await import('./config.js');
    // The same module under another URL: a second copy with its own module state, as two bundles are.
    const second: typeof first = await import(`./config.ts?copy=${Date.now()}`);
    assert(first.storeFor !== second.storeFor, 'two module instances');
    const bffUrl = 'http://127.0.0.1:9';
    const a = first.storeFor({ bffUrl, getToken: () => 'token-a' });
    const b = second.storeFor({ bffUrl, getToken: () => 'token-b' });
    assert(a !== b, 'different getToken functions share no store');
    equal(second.storeFor({ bffUrl, getToken: () => 'token-c' }) === a, false);
    const same = () => 'token-d';
    equal(first.storeFor({ bffUrl, getToken: same }), second.storeFor({ bffUrl, getToken: same }));
  });
});
