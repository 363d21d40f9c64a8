// The coordinate convention on awkward pages (rotated, CropBox and MediaBox offsets, landscape,
// Letter), checked against truth worked out by hand (GEOMETRY_PAGES) and against pdf.js's own viewport,
// which is how every viewer (and the field picker) draws the page.
import { beforeAll, describe, expect, it } from 'vitest';
import { GEOMETRY_PAGES, geometryFixture } from '../../test/pdf-fixtures.js';
import {
  componentToUserRect,
  displaySize,
  displayToUserMatrix,
  normalizeRotation,
  userRectToComponent,
} from './coordinates.js';
import { geometryOf } from './layout.js';
import { loadPdfjs } from './pdfjs.js';
import { findFormFields } from './text.js';

let bytes: Uint8Array;
beforeAll(async () => {
  bytes = await geometryFixture();
});

describe.each(GEOMETRY_PAGES.map((spec, index) => [spec.label, spec, index + 1] as const))(
  '%s',
  (_label, spec, page) => {
    it('pdf-text reports the form field at the hand-computed ESS coordinates', async () => {
      const field = (await findFormFields(bytes)).find((f) => f.name === `box${page}`)!;
      expect(field.page).toBe(page);
      expect(field.pageWidth).toBeCloseTo(spec.displayed.width, 2);
      expect(field.pageHeight).toBeCloseTo(spec.displayed.height, 2);
      for (const [key, value] of Object.entries(spec.expected))
        expect(field.component[key as keyof typeof field.component], key).toBeCloseTo(value, 2);
    });

    it("agrees with pdf.js's viewport and maps back to the field's user-space rectangle", async () => {
      const pdfjs = await loadPdfjs();
      const task = pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 });
      try {
        const pdfPage = await (await task.promise).getPage(page);
        const geometry = geometryOf(pdfPage);
        const viewport = pdfPage.getViewport({ scale: 1 });
        expect(displaySize(geometry).width).toBeCloseTo(viewport.width, 2);
        expect(displaySize(geometry).height).toBeCloseTo(viewport.height, 2);
        const { x, y, width, height } = spec.field;
        // pdf.js puts the field's corners here on the displayed page (top-left origin).
        const corners = [
          viewport.convertToViewportPoint(x, y),
          viewport.convertToViewportPoint(x + width, y + height),
        ];
        const left = Math.min(corners[0][0], corners[1][0]);
        const top = Math.min(corners[0][1], corners[1][1]);
        expect(spec.expected.ComponentPosX).toBeCloseTo(left, 2);
        expect(spec.expected.ComponentPosY).toBeCloseTo(top, 2);

        const component = userRectToComponent({ page, ...spec.field }, geometry);
        for (const [key, value] of Object.entries(spec.expected))
          expect(component[key as keyof typeof component], key).toBeCloseTo(value, 6);
        const back = componentToUserRect({ ComponentPage: page, ...spec.expected }, geometry);
        for (const key of ['x', 'y', 'width', 'height'] as const)
          expect(back[key], key).toBeCloseTo(spec.field[key], 6);
      } finally {
        await task.destroy();
      }
    });
  },
);

describe('displayToUserMatrix', () => {
  it('maps the displayed top-left corner to the user-space corner a viewer shows there', () => {
    const view = [10, 20, 110, 220]; // 100 wide, 200 tall
    const topLeft = (rotate: number) => {
      const [a, b, c, d, e, f] = displayToUserMatrix({ view, rotate });
      const { height } = displaySize({ view, rotate });
      return [a * 0 + c * height + e, b * 0 + d * height + f];
    };
    expect(topLeft(0)).toEqual([10, 220]);
    expect(topLeft(90)).toEqual([10, 20]);
    expect(topLeft(180)).toEqual([110, 20]);
    expect(topLeft(270)).toEqual([110, 220]);
    expect(topLeft(-90)).toEqual(topLeft(270));
  });

  it('refuses a rotation that is not a quarter turn and an empty page box', () => {
    expect(() => normalizeRotation(45)).toThrow(RangeError);
    expect(() => displaySize({ view: [0, 0, 0, 100] })).toThrow(/positive width/);
  });
});
