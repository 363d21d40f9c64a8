/**
 * Turning FIELD and KEYWORD components into absolute ones, given where the PDF has its form fields
 * and keyword hits (found by `@ess-kit/shared/pdf-text`). Boxes are in ESS coordinates: PDF points,
 * origin at the page's top-left corner, y growing downwards (ComponentPosY = page height − top).
 * The pdf-text results (`KeywordMatch`, `FormField`) can be passed as they are: their `component`
 * rectangle is used.
 */
import type { Component } from '../api/components.js';
import type { ComponentRect } from '../pdf/coordinates.js';
import { keywordOf } from './components.js';
import { asObject, isObject, objectsIn, pathOf, type RuleViolation, violation } from './types.js';

/** A rectangle on a page, in ESS coordinates (see the module comment). */
export interface PageBox {
  /** 1-based page number. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A box as given to the placement functions: a {@link PageBox}, or anything carrying an ESS `component` rectangle. */
export type BoxLike = PageBox | { component: ComponentRect };

/** The {@link PageBox} of a {@link BoxLike}. */
export function toPageBox(box: BoxLike): PageBox {
  if ('component' in box && isObject(box.component)) {
    const c = box.component as ComponentRect;
    return {
      page: c.ComponentPage,
      x: c.ComponentPosX,
      y: c.ComponentPosY,
      width: c.ComponentWidth,
      height: c.ComponentHeight,
    };
  }
  const b = box as PageBox;
  return { page: b.page, x: b.x, y: b.y, width: b.width, height: b.height };
}

/** A component with its final page and rectangle. */
export type PlacedComponent = Component &
  Required<
    Pick<
      Component,
      'ComponentPage' | 'ComponentPosX' | 'ComponentPosY' | 'ComponentWidth' | 'ComponentHeight'
    >
  >;

/** The outcome of placing one component: zero or more placed copies, or the reason there are none. */
export interface Placement {
  components: PlacedComponent[];
  violations: RuleViolation[];
}

function place(component: Component, box: PageBox): PlacedComponent {
  return {
    ...component,
    GenerateMode: 'NORMAL',
    ComponentPage: box.page,
    ComponentPosX: box.x,
    ComponentPosY: box.y,
    ComponentWidth: box.width,
    ComponentHeight: box.height,
  };
}

/** Whether ComponentExtra asks ESS to skip a keyword that is not found (`IgnoreKeywordError: 1`). */
function ignoresKeywordError(component: Component): boolean {
  if (!component.ComponentExtra) return false;
  try {
    const extra = JSON.parse(component.ComponentExtra) as { IgnoreKeywordError?: unknown };
    return extra?.IgnoreKeywordError === 1;
  } catch {
    return false;
  }
}

/** Reading order of keyword hits and fields (KeywordIndexes count in it): page, then top to bottom, then left to right. */
export function readingOrder(a: PageBox, b: PageBox): number {
  return a.page - b.page || a.y - b.y || a.x - b.x;
}

/**
 * The component's box next to one keyword hit. Without a size it is the keyword's own box. With a
 * size it is centred on the keyword (RelativeLocation `Middle`, the default) or put below, right of,
 * lower-right or upper-right of it. OffsetX/OffsetY then move it (negative = left/up).
 */
function besideKeyword(component: Component, hit: PageBox): PageBox {
  const width = component.ComponentWidth ?? hit.width;
  const height = component.ComponentHeight ?? hit.height;
  let x: number;
  let y: number;
  switch (component.RelativeLocation) {
    case 'Below':
      x = hit.x + (hit.width - width) / 2;
      y = hit.y + hit.height;
      break;
    case 'Right':
      x = hit.x + hit.width;
      y = hit.y + (hit.height - height) / 2;
      break;
    case 'LowerRight':
      x = hit.x + hit.width;
      y = hit.y + hit.height;
      break;
    case 'UpperRight':
      x = hit.x + hit.width;
      y = hit.y - height;
      break;
    default:
      x = hit.x + (hit.width - width) / 2;
      y = hit.y + (hit.height - height) / 2;
  }
  return { page: hit.page, x: x + (component.OffsetX ?? 0), y: y + (component.OffsetY ?? 0), width, height };
}

/**
 * Places a KEYWORD component at every hit of its keyword (guide: 使用关键字进行定位时会进行全文匹配),
 * narrowed by the API's optional KeywordPage, KeywordOrder and KeywordIndexes. `hits` are the boxes
 * where the keyword occurs (a keyword never spans lines, so each hit is one box). No hit is an error
 * unless ComponentExtra says `IgnoreKeywordError: 1`.
 */
export function placeKeywordComponent(
  input: Component,
  hits: readonly BoxLike[],
  path = 'Component',
): Placement {
  const component = asObject(input) as Component;
  const { text } = keywordOf(component);
  let candidates = objectsIn(hits).map(toPageBox).sort(readingOrder);
  if (component.KeywordPage !== undefined)
    candidates = candidates.filter((h) => h.page === component.KeywordPage);
  if (component.KeywordOrder === 'Reverse') candidates.reverse();
  if (Array.isArray(component.KeywordIndexes) && component.KeywordIndexes.length > 0) {
    const picked: PageBox[] = [];
    for (const index of component.KeywordIndexes) {
      const hit = candidates[index];
      if (!hit) {
        return {
          components: [],
          violations: [
            violation(
              'keyword-index-out-of-range',
              `${pathOf(path, 'KeywordIndexes')} asks for hit ${index} of ${JSON.stringify(text)}, but it occurs ${candidates.length} time${candidates.length === 1 ? '' : 's'}.`,
              pathOf(path, 'KeywordIndexes'),
              'InvalidParameter.Keyword',
            ),
          ],
        };
      }
      picked.push(hit);
    }
    candidates = picked;
  }
  if (candidates.length === 0) {
    if (ignoresKeywordError(component)) return { components: [], violations: [] };
    const where = component.KeywordPage !== undefined ? ` on page ${component.KeywordPage}` : '';
    return {
      components: [],
      violations: [
        violation(
          'keyword-not-found',
          `The keyword ${JSON.stringify(text)} of ${pathOf(path, 'ComponentId')} does not occur in the PDF${where}; check the spelling, or that it is real text on one line rather than an image.`,
          pathOf(path, 'ComponentId'),
          'InvalidParameter.Keyword',
        ),
      ],
    };
  }
  return {
    components: candidates.map((hit) => place(component, besideKeyword(component, hit))),
    violations: [],
  };
}

/** A PDF form field: its name and where its widget sits (pdf-text's `FormField` fits). */
export type FormFieldBox = { name: string } & BoxLike;

/**
 * Places a FIELD component on the PDF form field named by ComponentName (guide: 控件的大小即为表单域的
 * 大小 — the field's rectangle gives the size). A name may repeat; each widget gets a copy.
 */
export function placeFieldComponent(
  input: Component,
  fieldList: readonly FormFieldBox[],
  path = 'Component',
): Placement {
  const component = asObject(input) as Component;
  const fields = objectsIn(fieldList);
  const name = component.ComponentName ?? '';
  const matches = fields
    .filter((f) => f.name === name)
    .map(toPageBox)
    .sort(readingOrder);
  if (matches.length === 0) {
    const known = [...new Set(fields.map((f) => f.name))];
    const list =
      known.length > 0
        ? ` The PDF has: ${known.map((n) => JSON.stringify(n)).join(', ')}.`
        : ' The PDF has no form fields.';
    return {
      components: [],
      violations: [
        violation(
          'field-not-found',
          `${pathOf(path, 'ComponentName')} names the form field ${JSON.stringify(name)}, which the PDF does not have.${list}`,
          pathOf(path, 'ComponentName'),
          'MissingParameter.Field',
        ),
      ],
    };
  }
  return { components: matches.map((f) => place(component, f)), violations: [] };
}
