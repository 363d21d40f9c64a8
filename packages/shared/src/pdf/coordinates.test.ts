import { describe, expect, it } from 'vitest';
import { componentToPdfRect, pdfBoxToRect, pdfRectToComponent } from './coordinates.js';

const A4_HEIGHT = 841.89;

describe('pdfRectToComponent', () => {
  it('puts the component at its top-left corner, measured from the top of the page', () => {
    // A 120×60 box whose bottom-left corner is 100pt from the left and 100pt from the bottom.
    expect(pdfRectToComponent({ page: 2, x: 100, y: 100, width: 120, height: 60 }, A4_HEIGHT)).toEqual({
      ComponentPage: 2,
      ComponentPosX: 100,
      ComponentPosY: A4_HEIGHT - 160,
      ComponentWidth: 120,
      ComponentHeight: 60,
    });
  });

  it.each([
    ['bottom-left corner of the page', { x: 0, y: 0, width: 10, height: 10 }, { x: 0, y: 832 }],
    ['top-left corner of the page', { x: 0, y: 832, width: 10, height: 10 }, { x: 0, y: 0 }],
    ['full page', { x: 0, y: 0, width: 612, height: 842 }, { x: 0, y: 0 }],
    ['zero-size box (a point)', { x: 5, y: 5, width: 0, height: 0 }, { x: 5, y: 837 }],
  ])('%s', (_label, rect, expected) => {
    const component = pdfRectToComponent({ page: 1, ...rect }, 842);
    expect([component.ComponentPosX, component.ComponentPosY]).toEqual([expected.x, expected.y]);
  });

  it('round-trips through componentToPdfRect', () => {
    const rect = { page: 3, x: 72.5, y: 400.25, width: 150, height: 40.75 };
    expect(componentToPdfRect(pdfRectToComponent(rect, A4_HEIGHT), A4_HEIGHT)).toEqual({
      ...rect,
      y: expect.closeTo(rect.y, 9),
    });
  });

  it.each([
    ['page 0 (pages are 1-based)', { page: 0 }, /1-based/],
    ['fractional page', { page: 1.5 }, /1-based/],
    ['negative width', { width: -1 }, /negative/],
    ['NaN x', { x: Number.NaN }, /finite/],
    ['Infinity height', { height: Number.POSITIVE_INFINITY }, /finite/],
  ])('rejects %s', (_label, patch, message) => {
    expect(() => pdfRectToComponent({ page: 1, x: 0, y: 0, width: 1, height: 1, ...patch }, 842)).toThrow(
      message,
    );
  });

  it('rejects a non-positive page height', () => {
    expect(() => pdfRectToComponent({ page: 1, x: 0, y: 0, width: 1, height: 1 }, 0)).toThrow(RangeError);
  });
});

describe('pdfBoxToRect', () => {
  it('normalises corners given in any order', () => {
    expect(pdfBoxToRect([220.5, 160.5, 99.5, 99.5], 1)).toEqual({
      page: 1,
      x: 99.5,
      y: 99.5,
      width: 121,
      height: 61,
    });
  });

  it('rejects anything but four finite numbers', () => {
    expect(() => pdfBoxToRect([1, 2, 3], 1)).toThrow(RangeError);
    expect(() => pdfBoxToRect([1, 2, 3, Number.NaN], 1)).toThrow(/finite/);
  });
});
