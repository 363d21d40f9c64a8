// Errors are shown in the page's language, chosen by code; the server's own text is only a detail
// (the title and the `ess-error` event). A CORS refusal is told apart from a network failure.
import '../index.js';
import { configure } from '../client/config.js';
import { EssStore } from '../client/store.js';
import type { EssStatusBadge } from '../components/status-badge/index.js';
import { afterEachCleanup } from '../test/hooks.js';
import {
  assert,
  backend,
  createFlow,
  equal,
  flowFixture,
  includes,
  mintToken,
  mount,
  nextEvent,
  shadowText,
  waitFor,
} from '../test/support.js';
import { errorMessageKey } from './errors.js';
import { catalogues, en, type MessageKey, zhCN } from './messages.js';

afterEachCleanup();

const HAN = /\p{Script=Han}/u;
// Codes the client makes itself, then the BFF's (packages/bff/src/errors.ts) with their statuses.
const CODES: [string, number][] = [
  ['NETWORK', 0],
  ['CORS_REFUSED', 0],
  ['TIMEOUT', 0],
  ['TOKEN_FETCH_FAILED', 0],
  ['TOKEN_MISSING', 0],
  ['CONFIG_MISSING', 0],
  ['CLIENT_ERROR', 0],
  ['VALIDATION_FAILED', 400],
  ['TOKEN_EXPIRED', 401],
  ['TOKEN_INVALID', 401],
  ['OUT_OF_SCOPE', 403],
  ['NOT_FOUND', 404],
  ['ESS_NOT_FOUND', 404],
  ['FLOW_NOT_SIGNED', 409],
  ['ESS_OPERATION_DENIED', 409],
  ['RATE_LIMITED', 429],
  ['INTERNAL', 500],
  ['ESS_UNAVAILABLE', 502],
  ['ESS_TIMEOUT', 504],
];

async function badge(markup: string): Promise<EssStatusBadge> {
  const element = mount<EssStatusBadge>(markup);
  await element.updateComplete;
  return element;
}

describe('error messages by code', () => {
  it('has a message in every supported locale for every code, Chinese in zh-CN', () => {
    for (const [code, status] of CODES) {
      const key = errorMessageKey(code, status);
      for (const catalogue of Object.values(catalogues)) assert(catalogue[key], `${code}: ${key}`);
      assert(HAN.test(zhCN[key]), `${code}: the zh-CN message is Chinese (${zhCN[key]})`);
      assert(zhCN[key] !== en[key], `${code}: zh-CN differs from en`);
    }
    const families: [string, number, MessageKey][] = [
      ['NETWORK', 0, 'errNetwork'],
      ['TIMEOUT', 0, 'errTimeout'],
      ['NOT_FOUND', 404, 'errNotFound'],
      ['OUT_OF_SCOPE', 403, 'errScope'],
      ['TOKEN_EXPIRED', 401, 'errToken'],
      ['ESS_OPERATION_DENIED', 409, 'errRefused'],
      ['ESS_UNAVAILABLE', 502, 'errUnavailable'],
      ['CORS_REFUSED', 0, 'errCors'],
    ];
    for (const [code, status, key] of families) equal(errorMessageKey(code, status), key, code);
  });

  it('shows a missing flow in Chinese with the BFF’s English message only as the title', async () => {
    const { bffUrl } = await backend();
    const missing = 'yDmissingFlow00000000000000001';
    const { token } = await mintToken({ flowIds: [missing] });
    configure({ bffUrl, token });
    const zh = await badge(`<ess-status-badge flow-id="${missing}" locale="zh-CN"></ess-status-badge>`);
    const failed = nextEvent<{ code: string; message: string }>(zh, 'ess-error');
    const { detail } = await failed;
    equal(detail.code, 'NOT_FOUND');
    await waitFor(() => shadowText(zh).includes('未找到'), 'the localized message');
    const error = zh.shadowRoot?.querySelector('[part~="error"]');
    assert(
      !/[A-Za-z]{4,}/.test(error?.textContent ?? ''),
      `no English in the zh-CN text: ${error?.textContent}`,
    );
    equal(error?.getAttribute('title'), detail.message, 'the server message is the title');
    zh.locale = 'en';
    await waitFor(() => shadowText(zh).includes('Not found'), 'the same error in English');
  });

  it('names BFF_ALLOWED_ORIGINS when the BFF answers but refuses the page’s origin', async () => {
    const { refusingBffUrl } = await backend();
    configure({ bffUrl: refusingBffUrl, token: 'any' });
    const zh = await badge(`<ess-status-badge flow-id="yDrefused000000000000000000001"></ess-status-badge>`);
    const failed = await nextEvent<{ code: string; message: string }>(zh, 'ess-error');
    equal(failed.detail.code, 'CORS_REFUSED');
    await waitFor(() => shadowText(zh).includes('BFF_ALLOWED_ORIGINS'), 'the CORS hint');
    includes(shadowText(zh), location.origin);
    includes(shadowText(zh), '拒绝');
  });

  it('still says "network" when nothing answers at all', async () => {
    configure({ bffUrl: 'http://127.0.0.1:9', token: 'x' });
    const zh = await badge(`<ess-status-badge flow-id="yDnowhere0000000000000000000001"></ess-status-badge>`);
    equal((await nextEvent<{ code: string }>(zh, 'ess-error')).detail.code, 'NETWORK');
    await waitFor(() => shadowText(zh).includes('无法连接服务器'), 'the network message');
  });
});

describe('announcements follow the locale', () => {
  it('re-renders the hidden status announcement in the new locale', async () => {
    const store = new EssStore({ eventSource: null });
    const flow = flowFixture({ flowStatus: 1 });
    store.seed(flow);
    configure({ store });
    const element = await badge(
      `<ess-status-badge flow-id="${flow.flowId}" locale="zh-CN"></ess-status-badge>`,
    );
    store.seed({ ...flow, flowStatus: 4, updatedAt: new Date(Date.now() + 1000).toISOString() });
    const live = () => element.shadowRoot?.querySelector('[aria-live]')?.textContent ?? '';
    await waitFor(() => live().includes('合同状态'), 'announced in Chinese');
    element.locale = 'en';
    await waitFor(() => live().includes('Contract status'), 'announced again in English');
  });
});

describe('live errors against the real BFF', () => {
  it('a token for another flow shows the out-of-scope message in English', async () => {
    const mine = await createFlow('single-c');
    const other = await createFlow('single-c');
    const { bffUrl } = await backend();
    const { token } = await mintToken({ flowIds: [mine.flowId] });
    configure({ bffUrl, token });
    const element = await badge(
      `<ess-status-badge flow-id="${other.flowId}" locale="en"></ess-status-badge>`,
    );
    equal((await nextEvent<{ code: string }>(element, 'ess-error')).detail.code, 'OUT_OF_SCOPE');
    await waitFor(() => shadowText(element).includes('This page may not show it'), 'out of scope');
  });
});
