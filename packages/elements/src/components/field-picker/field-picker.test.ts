// <ess-field-picker> in Chromium with real input: mouse and keyboard go through the browser
// (web-test-runner's sendMouse / sendKeys drive Chromium's own input pipeline), the PDF is rendered
// by pdf.js from pdfjs-dist, and placements are checked with @ess-kit/shared's rules.
import './index.js';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { afterEachCleanup } from '../../test/hooks.js';
import { assert, equal, expectAccessible, includes, mount, nextEvent, waitFor } from '../../test/support.js';
import type { EssFieldPicker, FieldsChangeDetail, PickerEntry } from './index.js';

afterEachCleanup();

const GEOMETRY = '/__ess/fixtures/geometry.pdf';
const APPROVERS = [
  { ApproverType: 0, OrganizationName: '示例科技有限公司', ApproverName: '张经办' },
  { ApproverType: 1, ApproverName: '李小明' },
];

async function picker(src = GEOMETRY, locale = 'en'): Promise<EssFieldPicker> {
  const element = mount<EssFieldPicker>(
    `<ess-field-picker locale="${locale}" theme="light" src="${src}"></ess-field-picker>`,
  );
  element.approvers = structuredClone(APPROVERS) as EssFieldPicker['approvers'];
  await waitFor(() => element.doc, 'the PDF opened', 15_000);
  await element.updateComplete;
  return element;
}

const $ = <T extends Element = HTMLElement>(element: EssFieldPicker, selector: string) =>
  element.shadowRoot?.querySelector<T & Element>(selector) as T;

/** The centre of an element in viewport pixels, scrolled into view first. */
function centre(node: Element): [number, number] {
  node.scrollIntoView({ block: 'center', inline: 'center' });
  const r = node.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}

async function click(node: Element): Promise<void> {
  await sendMouse({ type: 'click', position: centre(node) });
}

/** Presses the mouse on `node` at its centre (plus an offset), moves by dx, dy in steps, releases. */
async function drag(node: Element, dx: number, dy: number, offset: [number, number] = [0, 0]) {
  const [x, y] = centre(node);
  const start: [number, number] = [x + offset[0], y + offset[1]];
  await sendMouse({ type: 'move', position: start });
  await sendMouse({ type: 'down' });
  for (const f of [0.25, 0.5, 0.75, 1])
    await sendMouse({
      type: 'move',
      position: [Math.round(start[0] + dx * f), Math.round(start[1] + dy * f)],
    });
  await sendMouse({ type: 'up' });
}

const signOf = (element: EssFieldPicker, approver = 0) => element.value[approver].SignComponents ?? [];

describe('<ess-field-picker>', () => {
  it('renders every page at its displayed size, rotated and cropped pages included', async () => {
    const element = await picker();
    const pages = [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="page"]')];
    equal(pages.length, 6);
    const sizes = pages.map((p) => [p.style.width, p.style.height].join('×'));
    equal(sizes[0], '595.28px×841.89px', 'A4');
    equal(sizes[1], '612px×792px', 'Letter');
    equal(sizes[2], '841.89px×595.28px', 'landscape');
    equal(sizes[3], '841.89px×595.28px', '/Rotate 90 shows landscape');
    equal(sizes[4], '595.28px×841.89px', 'CropBox');
    await waitFor(() => $<HTMLCanvasElement>(element, 'canvas[data-page="1"]').width > 0, 'page 1 drawn');
  });

  it('adds from the palette, drags, resizes and moves with the keyboard (1 pt, Shift 10 pt)', async () => {
    const element = await picker();
    await click($(element, '[part="palette"] button[data-type="SIGN_SEAL"]'));
    await waitFor(() => signOf(element).length === 1, 'a seal added');
    const seal = () => signOf(element)[0];
    equal(
      JSON.stringify(seal()),
      JSON.stringify({
        ComponentType: 'SIGN_SEAL',
        FileIndex: 0,
        ComponentPage: 1,
        ComponentPosX: 40,
        ComponentPosY: 40,
        ComponentWidth: 120,
        ComponentHeight: 120,
      }),
    );
    const box = () => $(element, '[part~="box"]');
    equal(element.shadowRoot?.activeElement, box(), 'the new box has focus');

    const changed = nextEvent<FieldsChangeDetail>(element, 'ess-fields-change');
    await drag(box(), 100, 50);
    const detail = (await changed).detail;
    equal(detail.value[0].SignComponents?.[0].ComponentPosX, 140);
    equal(detail.value[0].SignComponents?.[0].ComponentPosY, 90);

    const handle = $(element, '[part="handle"]');
    await drag(handle, 30, 20);
    equal(seal().ComponentWidth, 150);
    equal(seal().ComponentHeight, 140);

    box().focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ up: 'Shift' });
    await element.updateComplete;
    equal(seal().ComponentPosX, 141, 'ArrowRight moves 1 pt');
    equal(seal().ComponentPosY, 100, 'Shift+ArrowDown moves 10 pt');
    await sendKeys({ down: 'Alt' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ up: 'Alt' });
    equal(seal().ComponentWidth, 149, 'Alt+ArrowLeft narrows by 1 pt');
    includes(
      box().getAttribute('aria-label') ?? '',
      'Seal · 示例科技有限公司 · 张经办 (Company), page 1, at 141, 100 pt',
    );

    // Dragged against the page edge, it stays on the page and snaps to it.
    await drag(box(), -400, -400);
    equal(seal().ComponentPosX, 0);
    equal(seal().ComponentPosY, 0);
    await sendKeys({ press: 'Delete' });
    equal(signOf(element).length, 0, 'Delete removes it');
  });

  it('assigns a box to a signer and shows the rule it then breaks on the box', async () => {
    const element = await picker();
    await click($(element, '[part="palette"] button[data-type="SIGN_SEAL"]'));
    await waitFor(() => element.selected, 'selected');
    const signer = $<HTMLSelectElement>(element, '[data-control="signer"]');
    signer.focus();
    const changed = nextEvent<FieldsChangeDetail>(element, 'ess-fields-change');
    await sendKeys({ press: 'ArrowDown' });
    const detail = (await changed).detail;
    equal(detail.value[1].SignComponents?.[0].ComponentType, 'SIGN_SEAL', 'moved to the person');
    equal(detail.value[0].SignComponents?.length, 0);
    equal(detail.valid, false);
    assert(
      detail.violations.some((v) => v.rule === 'individual-seal'),
      'individual-seal reported',
    );
    await element.updateComplete;
    const error = $(element, '[part="box-error"]');
    includes(error.textContent ?? '', 'a person has no company seal');
    assert($(element, '[part~="box"]').classList.contains('invalid'), 'the box is marked invalid');
    // The person's palette offers no seal.
    $<HTMLSelectElement>(element, '.toolbar select').value = '1';
    $<HTMLSelectElement>(element, '.toolbar select').dispatchEvent(new Event('change'));
    await element.updateComplete;
    equal($(element, '[part="palette"] button[data-type="SIGN_SEAL"]'), null);
    assert($(element, '[part="palette"] button[data-type="SIGN_SIGNATURE"]'), 'signature offered');
    element.locale = 'zh-CN';
    await element.updateComplete;
    includes($(element, '[part="box-error"]').textContent ?? '', '个人没有企业印章');
  });

  it('shows off-page, overlapping and unknown-field placements with the rule’s message', async () => {
    const element = await picker();
    const seal = {
      ComponentType: 'SIGN_SEAL',
      FileIndex: 0,
      ComponentPage: 1,
      ComponentWidth: 120,
      ComponentHeight: 120,
    };
    element.value = [
      {
        SignComponents: [
          { ...seal, ComponentPosX: 500, ComponentPosY: 100 },
          { ...seal, ComponentPosX: 100, ComponentPosY: 300 },
          { ...seal, ComponentPosX: 150, ComponentPosY: 350 },
          { ComponentType: 'SIGN_SEAL', FileIndex: 0, GenerateMode: 'FIELD', ComponentName: 'nope' },
        ],
      },
    ] as PickerEntry[];
    await waitFor(() => element.violations.some((v) => v.rule === 'field-not-found'), 'field checked');
    await element.updateComplete;
    const errors = [...element.shadowRoot!.querySelectorAll('[part="box-error"]')].map(
      (e) => e.textContent ?? '',
    );
    assert(
      errors.some((e) => e.includes('does not fit on page 1')),
      `off-page: ${errors}`,
    );
    assert(
      errors.some((e) => e.includes('overlaps Approvers[0].SignComponents[1]')),
      `overlap: ${errors}`,
    );
    const unplaced = $(element, '.unplaced');
    includes(unplaced.textContent ?? '', 'which the PDF does not have');
  });

  it('picks a KEYWORD by clicking a word on the page', async () => {
    const element = await picker();
    await click($(element, '[part="palette"] button[data-type="SIGN_SIGNATURE"]'));
    await waitFor(() => element.selected, 'selected');
    const mode = $<HTMLSelectElement>(element, '[data-control="mode"]');
    mode.value = 'KEYWORD';
    mode.dispatchEvent(new Event('change'));
    await element.updateComplete;
    await click($(element, '[data-control="pick"]'));
    await element.updateComplete;
    // "Party A signature:" sits at x 72, baseline 760 of the A4 page (top-left: baseline at 81.89).
    const page = $(element, '[part="page"][data-page="1"]');
    page.scrollIntoView({ block: 'start' });
    const r = page.getBoundingClientRect();
    const changed = nextEvent<FieldsChangeDetail>(element, 'ess-fields-change');
    await sendMouse({ type: 'click', position: [Math.round(r.left + 80), Math.round(r.top + 77)] });
    const component = (await changed).detail.value[0].SignComponents?.[0];
    equal(component?.GenerateMode, 'KEYWORD');
    equal(component?.ComponentId, 'Party');
    equal(JSON.stringify(component?.KeywordIndexes), '[0]');
    equal(component?.ComponentPage, undefined, 'no absolute page in KEYWORD mode');
    // The box is drawn centred on the keyword (RelativeLocation Middle).
    await waitFor(() => element.placesOf(element.selected!).length === 1, 'placed at the keyword');
    const place = element.placesOf(element.selected!)[0];
    equal(place.page, 1);
    assert(
      Math.abs(place.x + place.width / 2 - (72 + 14)) < 6,
      `centred on "Party": ${JSON.stringify(place)}`,
    );
  });

  it('picks a FIELD by name and draws it on its form field, on a rotated page too', async () => {
    const element = await picker();
    await click($(element, '[part="palette"] button[data-type="SIGN_SEAL"]'));
    await waitFor(() => element.selected && element.formFields.length === 6, 'fields read');
    const mode = $<HTMLSelectElement>(element, '[data-control="mode"]');
    mode.value = 'FIELD';
    mode.dispatchEvent(new Event('change'));
    await element.updateComplete;
    const field = $<HTMLSelectElement>(element, '[data-control="field"]');
    field.focus();
    const changed = nextEvent<FieldsChangeDetail>(element, 'ess-fields-change');
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => signOf(element)[0]?.ComponentName === 'box4', 'box4 chosen');
    await changed;
    equal(
      JSON.stringify(signOf(element)[0]),
      JSON.stringify({
        ComponentType: 'SIGN_SEAL',
        FileIndex: 0,
        GenerateMode: 'FIELD',
        ComponentName: 'box4',
      }),
    );
    // box4 is on the /Rotate 90 page at user (100, 300) 120×60: displayed at 300, 100, 60×120.
    await waitFor(() => element.placesOf(element.selected!).length === 1, 'placed on the field');
    const place = element.placesOf(element.selected!)[0];
    equal(
      JSON.stringify(
        [place.page, place.x, place.y, place.width, place.height].map((n) => Math.round(n * 100) / 100),
      ),
      '[4,300,100,60,120]',
    );
    const box = $(element, '[part~="box"]');
    equal(box.style.left, '300px');
    equal(box.style.top, '100px');
  });

  it('gives back exactly the value it was given, before the PDF loads and after', async () => {
    const value = [
      {
        SignComponents: [
          {
            ComponentType: 'SIGN_SEAL',
            FileIndex: 0,
            ComponentPage: 4,
            ComponentPosX: 300.5,
            ComponentPosY: 100,
            ComponentWidth: 60,
            ComponentHeight: 120,
            ComponentValue: 'yDseal',
          },
          {
            ComponentType: 'SIGN_DATE',
            FileIndex: 0,
            GenerateMode: 'KEYWORD',
            ComponentId: 'Party',
            KeywordIndexes: [0],
            OffsetX: 10,
            ComponentWidth: 80,
            ComponentHeight: 20,
          },
        ],
        Components: [
          {
            ComponentType: 'TEXT',
            FileIndex: 0,
            GenerateMode: 'FIELD',
            ComponentName: 'box5',
            ComponentRequired: true,
          },
        ],
        Extra: 'kept',
      },
      {
        SignComponents: [
          {
            ComponentType: 'SIGN_SIGNATURE',
            FileIndex: 0,
            ComponentPage: -1,
            ComponentPosX: 72,
            ComponentPosY: 670,
            ComponentWidth: 150,
            ComponentHeight: 50,
          },
        ],
      },
      {
        SignComponents: [
          {
            ComponentType: 'SIGN_SIGNATURE',
            FileIndex: 0,
            ComponentPage: 2,
            ComponentPosX: 1,
            ComponentPosY: 1,
            ComponentWidth: 9,
            ComponentHeight: 9,
          },
        ],
      },
    ];
    const element = mount<EssFieldPicker>('<ess-field-picker locale="en"></ess-field-picker>');
    element.approvers = structuredClone(APPROVERS) as EssFieldPicker['approvers'];
    element.value = structuredClone(value) as PickerEntry[];
    await element.updateComplete;
    equal(JSON.stringify(element.value), JSON.stringify(value), 'before any PDF');
    element.src = GEOMETRY;
    await waitFor(() => element.doc, 'loaded', 15_000);
    await waitFor(() => element.placesOf(element.boxes[2]).length === 1, 'FIELD placed');
    await element.updateComplete;
    equal(JSON.stringify(element.value), JSON.stringify(value), 'after the PDF loaded and placed everything');
    // Page −1 is the last page: the signature shows on page 6.
    equal(element.placesOf(element.boxes[3])[0].page, 6);
  });

  it('reports a PDF it cannot open, with ess-error', async () => {
    const element = mount<EssFieldPicker>('<ess-field-picker locale="en"></ess-field-picker>');
    const failed = nextEvent<{ code: string; action: string }>(element, 'ess-error');
    element.file = new Blob(['not a pdf'], { type: 'application/pdf' });
    const detail = (await failed).detail;
    equal(detail.code, 'PDF_INVALID');
    equal(detail.action, 'load-pdf');
    await element.updateComplete;
    includes(
      $(element, '[part="error"]').textContent ?? '',
      'Could not open the PDF: The file is not a readable PDF.',
    );
    await expectAccessible(element);
  });

  for (const [theme, locale] of [
    ['light', 'en'],
    ['dark', 'zh-CN'],
  ] as const) {
    it(`has no axe violations with boxes and the inspector open (${theme}, ${locale})`, async () => {
      document.body.style.background = theme === 'dark' ? '#0d1117' : '#ffffff';
      const element = await picker(GEOMETRY, locale);
      element.theme = theme;
      await click($(element, '[part="palette"] button[data-type="SIGN_SEAL"]'));
      await waitFor(() => element.selected, 'selected');
      await element.updateComplete;
      await expectAccessible(element);
      document.body.style.background = '';
    });
  }
});
