import '../../index.js';
import { configure } from '../../client/config.js';
import { EssStore } from '../../client/store.js';
import { afterEachCleanup } from '../../test/hooks.js';
import {
  assert,
  createFlow,
  decodeCanvas,
  emulator,
  equal,
  expectAccessible,
  includes,
  mount,
  nextEvent,
  qrFixture,
  shadowText,
  signAs,
  templateId,
  useBackend,
  waitFor,
} from '../../test/support.js';
import type { EssQrPanel, QrCreatedDetail } from './index.js';

afterEachCleanup();

const QR = 'yDfixtureQr00000000000000000001';

async function panel(markup: string): Promise<EssQrPanel> {
  const element = mount<EssQrPanel>(markup);
  await element.updateComplete;
  return element;
}

function seedQr(overrides: Parameters<typeof qrFixture>[0] = {}): EssStore {
  const store = new EssStore({ eventSource: null });
  store.seedQr(qrFixture(overrides));
  configure({ store });
  return store;
}

describe('<ess-qr-panel> with fixtures', () => {
  it('active: QR code of the URL, countdown, x/max, cancel; accessible', async () => {
    seedQr();
    const element = await panel(`<ess-qr-panel qr-code-id="${QR}" locale="en"></ess-qr-panel>`);
    equal(element.getAttribute('state'), 'active');
    equal(element.value, qrFixture().qrCodeUrl);
    const text = shadowText(element);
    assert(/Expires in [23] days/.test(text), `countdown in days: ${text}`);
    includes(text, '2/5 contracts created');
    includes(text, 'Cancel QR code');
    const canvas = element.shadowRoot?.querySelector('canvas') as HTMLCanvasElement;
    equal(canvas.getAttribute('role'), 'img');
    equal(canvas.getAttribute('aria-label'), 'QR code for signing: 入职合同');
    assert(canvas.getBoundingClientRect().width >= 160, 'at least 160 CSS px');
    equal(await decodeCanvas(canvas), qrFixture().qrCodeUrl);
    await expectAccessible(element);
  });

  it('keeps a 4-module quiet zone and draws at the device pixel ratio', async () => {
    seedQr();
    const element = await panel(`<ess-qr-panel qr-code-id="${QR}"></ess-qr-panel>`);
    const canvas = element.shadowRoot?.querySelector('canvas') as HTMLCanvasElement;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    // Find the first dark pixel on the diagonal: the finder pattern starts after the quiet zone.
    let offset = 0;
    while (offset < canvas.width && pixels[(offset * canvas.width + offset) * 4] > 128) offset++;
    const modules = canvas.width / offset; // offset = 4 modules
    assert(Number.isInteger(Math.round(modules)) && offset > 0, 'dark modules found');
    const modulePx = offset / 4;
    assert(Number.isInteger(modulePx), `whole device pixels per module (${modulePx})`);
    equal(canvas.width, Math.round(canvas.getBoundingClientRect().width * devicePixelRatio));
  });

  const ended: [Parameters<typeof qrFixture>[0], string, string, string][] = [
    [{ flowCount: 5 }, 'exhausted', 'reached its limit of 5 contracts', '已达到 5 份合同的上限'],
    [{ state: 'exhausted', flowCount: 5 }, 'exhausted', 'reached its limit', '上限'],
    [{ expiredTime: Math.floor(Date.now() / 1000) - 10 }, 'expired', 'has expired', '已过期'],
    [{ state: 'expired' }, 'expired', 'has expired', '已过期'],
    [{ state: 'cancelled' }, 'cancelled', 'was cancelled', '已取消'],
  ];
  for (const [overrides, state, en, zh] of ended) {
    it(`${state} (${JSON.stringify(overrides)}): no code, a message, no cancel`, async () => {
      seedQr(overrides);
      const element = await panel(`<ess-qr-panel qr-code-id="${QR}" locale="en"></ess-qr-panel>`);
      equal(element.getAttribute('state'), state);
      equal(element.shadowRoot?.querySelector('canvas'), null);
      equal(element.shadowRoot?.querySelector('[part="cancel-button"]'), null);
      includes(shadowText(element), en);
      element.locale = 'zh-CN';
      await element.updateComplete;
      includes(shadowText(element), zh);
      await expectAccessible(element);
    });
  }

  it('shows a quota failure from a scan', async () => {
    seedQr({
      failure: { code: 'OperationDenied.NoQuota', message: '企业合同额度不足', at: new Date().toISOString() },
    });
    const element = await panel(`<ess-qr-panel qr-code-id="${QR}" locale="en"></ess-qr-panel>`);
    includes(shadowText(element), 'A scan could not create a contract: 企业合同额度不足');
    await expectAccessible(element);
  });

  it('template mode refuses attributes that break the guide’s rules, before calling the BFF', async () => {
    const calls: string[] = [];
    const store = new EssStore({
      eventSource: null,
      bffUrl: 'https://bff.example',
      token: 't',
      fetch: async (url) => {
        calls.push(url);
        return new Response('{}', { status: 500 });
      },
    });
    configure({ store });
    for (const attributes of ['max-flows="abc"', 'flow-effective-days="31"', 'qr-effective-days="91"', '']) {
      const errors: CustomEvent<{ code: string; message: string }>[] = [];
      const listener = (event: Event) => errors.push(event as CustomEvent);
      document.addEventListener('ess-error', listener);
      const flowName = attributes ? 'flow-name="入职合同"' : '';
      const element = await panel(
        `<ess-qr-panel template-id="yDtemplate000000000000000000001" ${flowName} ${attributes} locale="en"></ess-qr-panel>`,
      );
      await waitFor(() => errors.length > 0, `ess-error for ${attributes || 'missing flow-name'}`);
      document.removeEventListener('ess-error', listener);
      equal(errors[0].detail.code, 'INVALID_QR_REQUEST');
      includes(shadowText(element), 'Cannot create the QR code');
      element.remove();
    }
    equal(calls.length, 0, 'nothing sent to the BFF');
  });
});

describe('<ess-qr-panel> live against the emulator and BFF', () => {
  it('template mode: creates a code, decodes to its URL, counts scans live until exhausted', async () => {
    const template = await templateId('single-c');
    await useBackend({ templateIds: [template] });
    const element = mount<EssQrPanel>(
      `<ess-qr-panel template-id="${template}" flow-name="入职合同" max-flows="2" locale="en"></ess-qr-panel>`,
    );
    const created = (await nextEvent<QrCreatedDetail>(element, 'ess-qr-created', 10_000)).detail;
    await waitFor(() => element.state === 'active', 'active');
    equal(element.qrCodeId, created.qrCodeId);
    equal(element.value, created.qrCodeUrl);
    const canvas = await waitFor(
      () => element.shadowRoot?.querySelector('canvas') as HTMLCanvasElement | null,
      'canvas',
    );
    equal(await decodeCanvas(canvas), created.qrCodeUrl, 'QR decodes to the code URL');
    includes(shadowText(element), '0/2 contracts created');
    await emulator('POST', `/qr-codes/${created.qrCodeId}/scan`, { name: '王芳', mobile: '13900001111' });
    await waitFor(
      () => shadowText(element).includes('1/2 contracts created'),
      'count 1/2 pushed live',
      10_000,
    );
    await emulator('POST', `/qr-codes/${created.qrCodeId}/scan`, { name: '李娜', mobile: '13900002222' });
    await waitFor(() => element.state === 'exhausted', 'exhausted after the second scan', 10_000);
  });

  it('cancel: the cancel button cancels the code through the BFF', async () => {
    const template = await templateId('single-c');
    await useBackend({ templateIds: [template] });
    const element = mount<EssQrPanel>(
      `<ess-qr-panel template-id="${template}" flow-name="报名表"></ess-qr-panel>`,
    );
    await nextEvent(element, 'ess-qr-created', 10_000);
    const cancel = await waitFor(
      () => element.shadowRoot?.querySelector('[part="cancel-button"]') as HTMLButtonElement | null,
      'cancel button',
    );
    const cancelled = nextEvent(element, 'ess-qr-cancelled', 10_000);
    cancel.click();
    await cancelled;
    await waitFor(() => element.getAttribute('state') === 'cancelled', 'state cancelled');
    includes(shadowText(element), '二维码已取消');
  });

  it('flow mode: QR code of the signer’s link; exhausted once signed', async () => {
    const flow = await createFlow('single-c');
    await useBackend({ flowIds: [flow.flowId] });
    const element = mount<EssQrPanel>(
      `<ess-qr-panel flow-id="${flow.flowId}" recipient-id="${flow.approvers[0].recipientId}"></ess-qr-panel>`,
    );
    const canvas = await waitFor(
      () => element.shadowRoot?.querySelector('canvas') as HTMLCanvasElement | null,
      'canvas',
      10_000,
    );
    assert(element.value && /^https?:\/\//.test(element.value), 'value is the signing link');
    equal(await decodeCanvas(canvas), element.value);
    await signAs(flow.flowId, flow.approvers[0].recipientId);
    await waitFor(() => element.state === 'exhausted', 'exhausted after signing', 10_000);
    equal(element.shadowRoot?.querySelector('canvas'), null);
  });
});
