import { describe, expect, it } from 'vitest';
import type { Component } from '../api/components.js';
import { type ComponentContext, keywordOf, validateComponent, validateOverlaps } from './components.js';
import { type PageBox, placeFieldComponent, placeKeywordComponent } from './placement.js';

const absolute: Component = {
  ComponentType: 'SIGN_SIGNATURE',
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 160,
  ComponentPosY: 260,
  ComponentWidth: 100,
  ComponentHeight: 50,
};
const field: Component = {
  GenerateMode: 'FIELD',
  ComponentName: 'seal',
  FileIndex: 0,
  ComponentType: 'SIGN_SEAL',
};
const keyword: Component = {
  GenerateMode: 'KEYWORD',
  ComponentId: 'Test',
  FileIndex: 0,
  ComponentType: 'SIGN_SEAL',
  ComponentWidth: 100,
  ComponentHeight: 100,
  OffsetX: 100.5,
  OffsetY: 200.5,
};
const sign: ComponentContext = { kind: 'sign' };
const A4 = { width: 595, height: 842 };

describe('validateComponent — valid positioning', () => {
  const ok: [string, Component, ComponentContext?][] = [
    ['absolute (guide example)', absolute],
    ['absolute on the last page of 3', { ...absolute, ComponentPage: 3 }, { kind: 'sign', pageCount: 3 }],
    ['absolute fitting on an A4 page', absolute, { kind: 'sign', pageSizes: [A4] }],
    [
      '-1 = last page in a file flow',
      { ...absolute, ComponentPage: -1 },
      { kind: 'sign', pageCount: 2, allowNegativePages: true },
    ],
    ['FIELD by name (guide example)', field],
    ['KEYWORD with size and offsets (guide example)', keyword],
    [
      'KEYWORD without a size (takes the keyword’s box)',
      { ...keyword, ComponentWidth: undefined, ComponentHeight: undefined },
    ],
    [
      'KEYWORD whole-word ^甲方^ with the API’s KeywordPage/Indexes',
      { ...keyword, ComponentId: '^甲方^', KeywordPage: 1, KeywordIndexes: [0, 2] },
    ],
    [
      'KEYWORD with the official dummy zeros for page/x/y',
      { ...keyword, ComponentPage: 1, ComponentPosX: 0, ComponentPosY: 0 },
    ],
    [
      'paging seal with only PosY and size',
      {
        ComponentType: 'SIGN_PAGING_SEAL',
        FileIndex: 0,
        ComponentPosY: 300,
        ComponentWidth: 120,
        ComponentHeight: 120,
      },
    ],
    ['a fill component in a fill list', { ...absolute, ComponentType: 'TEXT' }, { kind: 'fill' }],
  ];
  it.each(ok)('%s', (_name, component, ctx = sign) => {
    expect(validateComponent(component, 'C', ctx)).toEqual([]);
  });
});

describe('validateComponent — each rule refuses', () => {
  const bad: [string, Component, string, ComponentContext?][] = [
    ['FileIndex 1 (one file per flow)', { ...absolute, FileIndex: 1 }, 'component-file-index@C.FileIndex'],
    ['page 0 (pages are 1-based)', { ...absolute, ComponentPage: 0 }, 'component-page@C.ComponentPage'],
    [
      'negative page in a template context',
      { ...absolute, ComponentPage: -1 },
      'component-page@C.ComponentPage',
    ],
    ['fractional page', { ...absolute, ComponentPage: 1.5 }, 'component-page@C.ComponentPage'],
    [
      'page beyond the document',
      { ...absolute, ComponentPage: 3 },
      'component-page@C.ComponentPage',
      { kind: 'sign', pageCount: 2 },
    ],
    [
      'absolute without x',
      { ...absolute, ComponentPosX: undefined },
      'component-position-required@C.ComponentPosX',
    ],
    [
      'absolute without a page',
      { ...absolute, ComponentPage: undefined },
      'component-position-required@C.ComponentPage',
    ],
    [
      'absolute without a height',
      { ...absolute, ComponentHeight: undefined },
      'component-position-required@C.ComponentHeight',
    ],
    ['zero width', { ...absolute, ComponentWidth: 0 }, 'component-size@C.ComponentWidth'],
    ['negative y', { ...absolute, ComponentPosY: -5 }, 'component-position@C.ComponentPosY'],
    [
      'off the page',
      { ...absolute, ComponentPosX: 550 },
      'component-off-page@C',
      { kind: 'sign', pageSizes: [A4] },
    ],
    ['FIELD without a name', { ...field, ComponentName: undefined }, 'component-field-name@C.ComponentName'],
    ['KEYWORD without a keyword', { ...keyword, ComponentId: undefined }, 'component-keyword@C.ComponentId'],
    ['KEYWORD ^^ (empty whole word)', { ...keyword, ComponentId: '^^' }, 'component-keyword@C.ComponentId'],
    [
      'KEYWORD across lines',
      { ...keyword, ComponentId: '甲方\n签章' },
      'component-keyword-multiline@C.ComponentId',
    ],
    [
      'KEYWORD with only a width',
      { ...keyword, ComponentHeight: undefined },
      'component-keyword-size@C.ComponentHeight',
    ],
    [
      'KEYWORD with a negative height',
      { ...keyword, ComponentHeight: -1 },
      'component-size@C.ComponentHeight',
    ],
    [
      'KEYWORD offset not a number',
      { ...keyword, OffsetX: '10' as never },
      'component-keyword-offset@C.OffsetX',
    ],
    ['KeywordPage 0', { ...keyword, KeywordPage: 0 }, 'component-keyword-page@C.KeywordPage'],
    [
      'KeywordIndexes with -1',
      { ...keyword, KeywordIndexes: [0, -1] },
      'component-keyword-index@C.KeywordIndexes[1]',
    ],
    [
      'unknown GenerateMode',
      { ...absolute, GenerateMode: 'GRID' as never },
      'component-generate-mode@C.GenerateMode',
    ],
    [
      'fill type in a sign list',
      { ...absolute, ComponentType: 'TEXT' },
      'sign-component-type@C.ComponentType',
    ],
    ['sign type in a fill list', absolute, 'fill-component-type@C.ComponentType', { kind: 'fill' }],
  ];
  it.each(bad)('%s', (_name, component, expected, ctx = sign) => {
    const found = validateComponent(component, 'C', ctx);
    expect(found.map((v) => `${v.rule}@${v.path}`)).toContain(expected);
    for (const v of found) expect(v.message).toMatch(/\w{3,}.*\w{3,}/);
  });
});

describe('keywordOf', () => {
  it('reads ^…^ as a whole-word match', () => {
    expect(keywordOf({ ComponentId: '^甲方^' })).toEqual({ text: '甲方', wholeWord: true });
    expect(keywordOf({ ComponentId: '甲方' })).toEqual({ text: '甲方', wholeWord: false });
  });
});

describe('placeKeywordComponent', () => {
  const hits: PageBox[] = [
    { page: 2, x: 100, y: 100, width: 24, height: 12 },
    { page: 1, x: 300, y: 500, width: 24, height: 12 },
    { page: 1, x: 100, y: 500, width: 24, height: 12 },
  ];
  const bare: Component = {
    GenerateMode: 'KEYWORD',
    ComponentId: '甲方',
    FileIndex: 0,
    ComponentType: 'SIGN_DATE',
  };

  it('without a size, takes the keyword’s box at every occurrence, in reading order', () => {
    const { components, violations } = placeKeywordComponent(bare, hits);
    expect(violations).toEqual([]);
    expect(
      components.map((c) => [
        c.ComponentPage,
        c.ComponentPosX,
        c.ComponentPosY,
        c.ComponentWidth,
        c.ComponentHeight,
      ]),
    ).toEqual([
      [1, 100, 500, 24, 12],
      [1, 300, 500, 24, 12],
      [2, 100, 100, 24, 12],
    ]);
    expect(components.every((c) => c.GenerateMode === 'NORMAL')).toBe(true);
  });

  it('with a size, centres on the keyword and then applies OffsetX/OffsetY', () => {
    const { components } = placeKeywordComponent(
      { ...bare, ComponentWidth: 44, ComponentHeight: 32, OffsetX: 5, OffsetY: -10 },
      [hits[2]],
    );
    expect(components[0]).toMatchObject({
      ComponentPosX: 100 - 10 + 5,
      ComponentPosY: 500 - 10 - 10,
      ComponentWidth: 44,
      ComponentHeight: 32,
    });
  });

  it('honours RelativeLocation', () => {
    const hit = [{ page: 1, x: 100, y: 500, width: 20, height: 10 }];
    const sized = { ...bare, ComponentWidth: 40, ComponentHeight: 30 };
    const at = (loc: Component['RelativeLocation']) => {
      const c = placeKeywordComponent({ ...sized, RelativeLocation: loc }, hit).components[0];
      return [c.ComponentPosX, c.ComponentPosY];
    };
    expect(at('Below')).toEqual([90, 510]);
    expect(at('Right')).toEqual([120, 490]);
    expect(at('LowerRight')).toEqual([120, 510]);
    expect(at('UpperRight')).toEqual([120, 470]);
    expect(at('Middle')).toEqual([90, 490]);
  });

  it('narrows by KeywordPage, KeywordOrder and KeywordIndexes', () => {
    expect(placeKeywordComponent({ ...bare, KeywordPage: 2 }, hits).components).toHaveLength(1);
    const reversed = placeKeywordComponent(
      { ...bare, KeywordOrder: 'Reverse', KeywordIndexes: [0] },
      hits,
    ).components;
    expect(reversed.map((c) => c.ComponentPage)).toEqual([2]);
    const picked = placeKeywordComponent({ ...bare, KeywordIndexes: [0, 2] }, hits).components;
    expect(picked.map((c) => [c.ComponentPage, c.ComponentPosX])).toEqual([
      [1, 100],
      [2, 100],
    ]);
  });

  it('refuses a keyword that does not occur, unless IgnoreKeywordError is set', () => {
    const missing = placeKeywordComponent(bare, [], 'Approvers[0].SignComponents[0]');
    expect(missing.violations.map((v) => [v.rule, v.path, v.essCode])).toEqual([
      ['keyword-not-found', 'Approvers[0].SignComponents[0].ComponentId', 'InvalidParameter.Keyword'],
    ]);
    expect(missing.violations[0].message).toContain('"甲方"');
    expect(placeKeywordComponent({ ...bare, ComponentExtra: '{"IgnoreKeywordError":1}' }, [])).toEqual({
      components: [],
      violations: [],
    });
    expect(placeKeywordComponent({ ...bare, KeywordPage: 3 }, hits).violations[0].rule).toBe(
      'keyword-not-found',
    );
  });

  it('refuses a KeywordIndexes entry beyond the hits', () => {
    expect(placeKeywordComponent({ ...bare, KeywordIndexes: [5] }, hits).violations[0].rule).toBe(
      'keyword-index-out-of-range',
    );
  });
});

describe('placeFieldComponent', () => {
  const fields = [
    { name: 'seal', page: 1, x: 140.7288, y: 225.1637, width: 150.001, height: 21.9997 },
    { name: 'other', page: 1, x: 10, y: 10, width: 10, height: 10 },
  ];
  it('takes the form field’s page and rectangle (the field gives the size)', () => {
    const { components, violations } = placeFieldComponent({ ...field, ComponentWidth: 999 }, fields);
    expect(violations).toEqual([]);
    expect(components).toEqual([
      expect.objectContaining({
        ComponentPage: 1,
        ComponentPosX: 140.7288,
        ComponentPosY: 225.1637,
        ComponentWidth: 150.001,
        ComponentHeight: 21.9997,
      }),
    ]);
  });
  it('refuses a field the PDF does not have and lists the ones it has', () => {
    const { violations } = placeFieldComponent({ ...field, ComponentName: 'sig' }, fields, 'X');
    expect(violations[0]).toMatchObject({
      rule: 'field-not-found',
      path: 'X.ComponentName',
      essCode: 'MissingParameter.Field',
    });
    expect(violations[0].message).toContain('"seal", "other"');
  });
});

describe('placement takes pdf-text results as they are', () => {
  const rect = {
    ComponentPage: 2,
    ComponentPosX: 50,
    ComponentPosY: 60,
    ComponentWidth: 30,
    ComponentHeight: 12,
  };
  it('uses the component rectangle of a KeywordMatch and of a FormField', () => {
    const match = {
      keyword: '甲方',
      page: 2,
      occurrence: 1,
      rect: { page: 2, x: 50, y: 770, width: 30, height: 12 },
      component: rect,
      pageWidth: 595,
      pageHeight: 842,
    };
    const placed = placeKeywordComponent(
      { GenerateMode: 'KEYWORD', ComponentId: '甲方', FileIndex: 0, ComponentType: 'SIGN_DATE' },
      [match],
    );
    expect(placed.components[0]).toMatchObject(rect);
    const formField = {
      name: 'seal',
      type: 'Sig',
      page: 2,
      rect: match.rect,
      width: 30,
      height: 12,
      component: rect,
      pageWidth: 595,
      pageHeight: 842,
    };
    expect(placeFieldComponent(field, [formField]).components[0]).toMatchObject(rect);
  });
});

describe('validateOverlaps', () => {
  const box = (x: number, y: number, page = 1): Component => ({
    ComponentType: 'SIGN_SEAL',
    FileIndex: 0,
    ComponentPage: page,
    ComponentPosX: x,
    ComponentPosY: y,
    ComponentWidth: 100,
    ComponentHeight: 100,
  });
  it('reports the later of two overlapping boxes on one page, not touching or other-page boxes', () => {
    const violations = validateOverlaps([
      { component: box(0, 0), path: 'A[0]' },
      { component: box(100, 0), path: 'A[1]' },
      { component: box(50, 50, 2), path: 'A[2]' },
      { component: box(50, 50), path: 'A[3]' },
    ]);
    expect(violations).toEqual([
      expect.objectContaining({
        rule: 'component-overlap',
        path: 'A[3]',
        message: expect.stringContaining('A[0]'),
      }),
    ]);
  });
});
