// <ess-field-picker template-id / flow-id> in Chromium against the real BFF and emulator started by
// the test runner (scripts/wtr-backend.ts): the PDF comes through the BFF's token-scoped PDF routes,
// which fetch the file ESS's DescribeFileUrls names; the browser never talks to the ESS file host.
import './index.js';
import { afterEachCleanup } from '../../test/hooks.js';
import {
  createFlow,
  equal,
  mount,
  nextEvent,
  partner,
  templateId,
  useBackend,
  waitFor,
} from '../../test/support.js';
import type { EssFieldPicker } from './index.js';

afterEachCleanup();

/** ESS's own word on the first page's size: DescribeFileUrls' Option (`["595.28,841.89","-1"]`). */
async function firstPageSize(kind: 'TEMPLATE' | 'FLOW', id: string): Promise<string> {
  const answer = await partner<{ Response: { FileUrls: { Option: string }[] } }>(
    'POST',
    '/v1/ess/DescribeFileUrls',
    { BusinessType: kind, BusinessIds: [id] },
  );
  const [width, height] = (JSON.parse(answer.Response.FileUrls[0].Option) as string[])[0].split(',');
  return `${width}px×${height}px`;
}

async function opened(markup: string): Promise<EssFieldPicker> {
  const element = mount<EssFieldPicker>(markup);
  await waitFor(() => element.doc, 'the PDF opened', 15_000);
  await element.updateComplete;
  return element;
}

const pagesOf = (element: EssFieldPicker) => [
  ...(element.shadowRoot?.querySelectorAll<HTMLElement>('[part="page"]') ?? []),
];

describe('<ess-field-picker> with a PDF from the BFF', () => {
  it('renders the pages of a template named by template-id', async () => {
    const id = await templateId('b2c');
    await useBackend({ templateIds: [id] });
    const element = await opened(`<ess-field-picker locale="en" template-id="${id}"></ess-field-picker>`);
    const pages = pagesOf(element);
    equal(pages.length, element.doc?.pageSizes.length);
    equal([pages[0].style.width, pages[0].style.height].join('×'), await firstPageSize('TEMPLATE', id));
    await waitFor(
      () => (element.shadowRoot?.querySelector<HTMLCanvasElement>('canvas[data-page="1"]')?.width ?? 0) > 0,
      'page 1 drawn',
    );
  });

  it('renders the PDF of a flow nobody has signed yet, named by flow-id', async () => {
    const flow = await createFlow('single-c');
    equal(flow.approvers[0].approveStatus !== 3, true, 'not signed');
    await useBackend({ flowIds: [flow.flowId] });
    const element = await opened(
      `<ess-field-picker locale="en" flow-id="${flow.flowId}"></ess-field-picker>`,
    );
    const first = pagesOf(element)[0];
    equal([first.style.width, first.style.height].join('×'), await firstPageSize('FLOW', flow.flowId));
  });

  it('shows OUT_OF_SCOPE, with ess-error, when the token names another template', async () => {
    const [wanted, other] = [await templateId('b2c'), await templateId('single-c')];
    await useBackend({ templateIds: [other] });
    const element = mount<EssFieldPicker>(`<ess-field-picker locale="en"></ess-field-picker>`);
    const failed = nextEvent<{ code: string; status: number }>(element, 'ess-error');
    element.templateId = wanted;
    const detail = (await failed).detail;
    equal(detail.code, 'OUT_OF_SCOPE');
    equal(detail.status, 403);
    await element.updateComplete;
    // Localized by code on the page; the BFF's own message (naming the template) as the title.
    const error = element.shadowRoot?.querySelector('[part="error"]')?.getAttribute('title') ?? '';
    equal(error.includes(wanted), true, `the message names the template: ${error}`);
  });
});
