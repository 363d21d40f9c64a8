/**
 * Component rules (guide: 签署方信息说明 / Component 三种定位方式; ess-api.md §8 Component): one file
 * per flow (FileIndex 0), 1-based pages, and what each positioning mode needs.
 */
import type { Component } from '../api/components.js';
import { isObject, objectsOf, pathOf, type RuleViolation, violation } from './types.js';

/** Fill component types (ess-api.md §8). Kept here as plain data so rules never load zod. */
export const FILL_TYPE_SET: ReadonlySet<string> = new Set([
  'TEXT',
  'MULTI_LINE_TEXT',
  'CHECK_BOX',
  'FILL_IMAGE',
  'DYNAMIC_TABLE',
  'ATTACHMENT',
  'SELECTOR',
  'DATE',
  'WATERMARK',
  'DISTRICT',
  'VIRTUAL_COMBINATION',
]);
/** Sign component types (ess-api.md §8). */
export const SIGN_TYPE_SET: ReadonlySet<string> = new Set([
  'SIGN_SEAL',
  'SIGN_DATE',
  'SIGN_SIGNATURE',
  'SIGN_PAGING_SIGNATURE',
  'SIGN_PAGING_SEAL',
  'SIGN_OPINION',
  'SIGN_VIRTUAL_COMBINATION',
  'SIGN_MULTI_LINE_TEXT',
  'SIGN_SELECTOR',
  'SIGN_LEGAL_PERSON_SEAL',
]);
/** Seal components, which only an organisation can sign. */
export const SEAL_TYPE_SET: ReadonlySet<string> = new Set([
  'SIGN_SEAL',
  'SIGN_PAGING_SEAL',
  'SIGN_LEGAL_PERSON_SEAL',
]);
/** Handwritten-signature components, which a silent (automatic) signer cannot produce. */
export const SIGNATURE_TYPE_SET: ReadonlySet<string> = new Set(['SIGN_SIGNATURE', 'SIGN_PAGING_SIGNATURE']);
const PAGING_TYPES: ReadonlySet<string> = new Set(['SIGN_PAGING_SEAL', 'SIGN_PAGING_SIGNATURE']);

/** A page size in PDF points. */
export interface PageSize {
  width: number;
  height: number;
}

/** What the component rules need to know about the document. */
export interface ComponentContext {
  /** Whether the list holds sign components (SignComponents) or fill components (Components). */
  kind: 'sign' | 'fill';
  /** Page count of the PDF when known: pages beyond it are refused. */
  pageCount?: number;
  /** Size of each page (index 0 = page 1) when known: absolute components must fit on their page. */
  pageSizes?: readonly PageSize[];
  /**
   * File flows accept negative pages counted from the end (-1 = last page, ess-api.md §8);
   * template components are always 1-based.
   */
  allowNegativePages?: boolean;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * The keyword a KEYWORD component searches for, and whether it must match a whole word
 * (`^甲方^` in ComponentId, ess-api.md §8).
 */
export function keywordOf(component: Pick<Component, 'ComponentId'>): { text: string; wholeWord: boolean } {
  const id = typeof component?.ComponentId === 'string' ? component.ComponentId : '';
  if (id.length >= 2 && id.startsWith('^') && id.endsWith('^'))
    return { text: id.slice(1, -1), wholeWord: true };
  return { text: id, wholeWord: false };
}

/** Validates one component's type, file index and positioning. `path` locates it in the request. */
export function validateComponent(
  component: Component,
  path: string,
  ctx: ComponentContext,
): RuleViolation[] {
  if (!isObject(component))
    return [violation('list-item-type', `${path} must be a component object.`, path, 'InvalidParameter')];
  const out: RuleViolation[] = [];
  const at = (field: string) => pathOf(path, field);
  const type = component.ComponentType;

  if (ctx.kind === 'sign' && !SIGN_TYPE_SET.has(type)) {
    const hint = FILL_TYPE_SET.has(type) ? ' It is a fill type: put it in Components instead.' : '';
    out.push(
      violation(
        'sign-component-type',
        `${at('ComponentType')} is ${JSON.stringify(type)}, not a sign component type (SIGN_SEAL, SIGN_SIGNATURE, SIGN_DATE…).${hint}`,
        at('ComponentType'),
        'InvalidParameter.SignComponentType',
      ),
    );
  }
  if (ctx.kind === 'fill' && !FILL_TYPE_SET.has(type)) {
    const hint = SIGN_TYPE_SET.has(type) ? ' It is a sign type: put it in SignComponents instead.' : '';
    out.push(
      violation(
        'fill-component-type',
        `${at('ComponentType')} is ${JSON.stringify(type)}, not a fill component type (TEXT, MULTI_LINE_TEXT, CHECK_BOX, DATE…).${hint}`,
        at('ComponentType'),
        'InvalidParameter.ComponentType',
      ),
    );
  }

  // One file per flow: every component sits on file 0.
  if (component.FileIndex !== 0) {
    out.push(
      violation(
        'component-file-index',
        `${at('FileIndex')} must be 0: a flow has exactly one file.`,
        at('FileIndex'),
        'InvalidParameter.ComponentFileIndex',
      ),
    );
  }

  const mode = component.GenerateMode ?? 'NORMAL';
  if (mode === 'FIELD') {
    if (isBlank(component.ComponentName)) {
      out.push(
        violation(
          'component-field-name',
          `${at('ComponentName')} is required with GenerateMode FIELD: give the name of the PDF form field to place the component on.`,
          at('ComponentName'),
          'MissingParameter.Field',
        ),
      );
    }
  } else if (mode === 'KEYWORD') {
    out.push(...validateKeyword(component, path));
  } else if (mode === 'NORMAL') {
    out.push(...validateAbsolute(component, path, ctx));
  } else {
    out.push(
      violation(
        'component-generate-mode',
        `${at('GenerateMode')} is ${JSON.stringify(mode)}; use NORMAL (coordinates), FIELD (form field) or KEYWORD (text search).`,
        at('GenerateMode'),
        'InvalidParameter.ComponentInvalid',
      ),
    );
  }
  if (mode !== 'NORMAL' && isNumber(component.ComponentPage)) {
    // The page of a FIELD/KEYWORD component comes from the PDF; a page given anyway must still be valid.
    out.push(...validatePage(component.ComponentPage, path, ctx));
  }
  return out;
}

/** Validates a list of components (SignComponents or Components) found at `path`. */
export function validateComponents(
  components: readonly Component[] | null | undefined,
  path: string,
  ctx: ComponentContext,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const [component, i] of objectsOf(components, path, out))
    out.push(...validateComponent(component, pathOf(path, i), ctx));
  return out;
}

function validatePage(page: number, path: string, ctx: ComponentContext): RuleViolation[] {
  const at = pathOf(path, 'ComponentPage');
  const negativeOk = ctx.allowNegativePages === true && page < 0;
  if (!Number.isInteger(page) || page === 0 || (page < 0 && !negativeOk)) {
    return [
      violation(
        'component-page',
        `${at} is ${page}; pages are counted from 1 (the first page is 1${ctx.allowNegativePages ? ', -1 is the last' : ''}).`,
        at,
        'InvalidParameter.ComponentPage',
      ),
    ];
  }
  if (ctx.pageCount !== undefined && Math.abs(page) > ctx.pageCount) {
    return [
      violation(
        'component-page',
        `${at} is ${page} but the document has ${ctx.pageCount} page${ctx.pageCount === 1 ? '' : 's'}.`,
        at,
        'InvalidParameter.ComponentPage',
      ),
    ];
  }
  return [];
}

function validateAbsolute(component: Component, path: string, ctx: ComponentContext): RuleViolation[] {
  const out: RuleViolation[] = [];
  // Paging seals run along the page edge: only their vertical position and size matter (§8).
  const paging = PAGING_TYPES.has(component.ComponentType);
  const fields = paging
    ? (['ComponentPosY', 'ComponentWidth', 'ComponentHeight'] as const)
    : (['ComponentPage', 'ComponentPosX', 'ComponentPosY', 'ComponentWidth', 'ComponentHeight'] as const);
  const missing = fields.filter((f) => !isNumber(component[f]));
  for (const field of missing) {
    out.push(
      violation(
        'component-position-required',
        `${pathOf(path, field)} is required for an absolutely positioned component (GenerateMode NORMAL): give page, x, y, width and height in PDF points, or use FIELD/KEYWORD positioning.`,
        pathOf(path, field),
        'InvalidParameter.ComponentPosition',
      ),
    );
  }
  if (isNumber(component.ComponentPage)) out.push(...validatePage(component.ComponentPage, path, ctx));
  for (const field of ['ComponentWidth', 'ComponentHeight'] as const) {
    const value = component[field];
    if (isNumber(value) && value <= 0) {
      out.push(
        violation(
          'component-size',
          `${pathOf(path, field)} is ${value}; a component needs a positive width and height.`,
          pathOf(path, field),
          'InvalidParameter.ComponentPosition',
        ),
      );
    }
  }
  for (const field of ['ComponentPosX', 'ComponentPosY'] as const) {
    const value = component[field];
    if (isNumber(value) && value < 0) {
      out.push(
        violation(
          'component-position',
          `${pathOf(path, field)} is ${value}; coordinates start at 0 at the page's top-left corner.`,
          pathOf(path, field),
          'InvalidParameter.ComponentPosition',
        ),
      );
    }
  }
  const page = component.ComponentPage;
  const size =
    isNumber(page) && ctx.pageSizes
      ? ctx.pageSizes[page > 0 ? page - 1 : ctx.pageSizes.length + page]
      : undefined;
  const { ComponentPosX: x, ComponentPosY: y, ComponentWidth: w, ComponentHeight: h } = component;
  if (size && isNumber(x) && isNumber(y) && isNumber(w) && isNumber(h) && missing.length === 0) {
    if (x + w > size.width || y + h > size.height) {
      out.push(
        violation(
          'component-off-page',
          `${path} (x ${x}, y ${y}, ${w}×${h}) does not fit on page ${page}, which is ${size.width}×${size.height} points.`,
          path,
          'InvalidParameter.ComponentPosition',
        ),
      );
    }
  }
  return out;
}

function validateKeyword(component: Component, path: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const { text } = keywordOf(component);
  const idPath = pathOf(path, 'ComponentId');
  if (text.trim() === '') {
    out.push(
      violation(
        'component-keyword',
        `${idPath} is required with GenerateMode KEYWORD: give the text to search for in the PDF (e.g. "甲方").`,
        idPath,
        'MissingParameter.KeyWord',
      ),
    );
  } else if (/[\r\n]/.test(text)) {
    out.push(
      violation(
        'component-keyword-multiline',
        `${idPath} contains a line break; a keyword is matched within one line of text only, so use a part that sits on one line.`,
        idPath,
        'InvalidParameter.Keyword',
      ),
    );
  }
  // Without a size the component takes the keyword's box; a size must therefore be complete or absent.
  const w = component.ComponentWidth;
  const h = component.ComponentHeight;
  if (isNumber(w) !== isNumber(h)) {
    const missing = isNumber(w) ? 'ComponentHeight' : 'ComponentWidth';
    out.push(
      violation(
        'component-keyword-size',
        `${pathOf(path, missing)} is missing: give both ComponentWidth and ComponentHeight, or neither to use the keyword's own size.`,
        pathOf(path, missing),
        'InvalidParameter.ComponentPosition',
      ),
    );
  }
  for (const field of ['ComponentWidth', 'ComponentHeight'] as const) {
    const value = component[field];
    if (isNumber(value) && value <= 0) {
      out.push(
        violation(
          'component-size',
          `${pathOf(path, field)} is ${value}; a component needs a positive width and height.`,
          pathOf(path, field),
          'InvalidParameter.ComponentPosition',
        ),
      );
    }
  }
  for (const field of ['OffsetX', 'OffsetY'] as const) {
    const value = component[field];
    if (value !== undefined && !isNumber(value)) {
      out.push(
        violation(
          'component-keyword-offset',
          `${pathOf(path, field)} must be a number of points (negative moves left/up).`,
          pathOf(path, field),
          'InvalidParameter.ComponentPosition',
        ),
      );
    }
  }
  if (
    component.KeywordPage !== undefined &&
    !(Number.isInteger(component.KeywordPage) && component.KeywordPage >= 1)
  ) {
    out.push(
      violation(
        'component-keyword-page',
        `${pathOf(path, 'KeywordPage')} is ${component.KeywordPage}; pages are counted from 1.`,
        pathOf(path, 'KeywordPage'),
        'InvalidParameter.ComponentPage',
      ),
    );
  }
  const indexes: unknown = component.KeywordIndexes;
  if (indexes !== undefined && !Array.isArray(indexes)) {
    out.push(
      violation(
        'component-keyword-index',
        `${pathOf(path, 'KeywordIndexes')} must be a list of hit numbers, e.g. [0, 2].`,
        pathOf(path, 'KeywordIndexes'),
        'InvalidParameter.Keyword',
      ),
    );
  }
  for (const [i, index] of (Array.isArray(indexes) ? indexes : []).entries()) {
    if (!Number.isInteger(index) || index < 0) {
      out.push(
        violation(
          'component-keyword-index',
          `${pathOf(path, 'KeywordIndexes', i)} is ${index}; keyword hits are numbered from 0.`,
          pathOf(path, 'KeywordIndexes', i),
          'InvalidParameter.Keyword',
        ),
      );
    }
  }
  return out;
}

/** Two boxes of one signer on one page that overlap (by more than a rounding error), as violations on the later one. */
export function validateOverlaps(
  components: ReadonlyArray<{ component: Component; path: string }>,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  const placed = components.filter(
    ({ component: c }) =>
      (
        ['ComponentPage', 'ComponentPosX', 'ComponentPosY', 'ComponentWidth', 'ComponentHeight'] as const
      ).every((field) => isNumber(c[field])) && (c.GenerateMode ?? 'NORMAL') === 'NORMAL',
  );
  const EPSILON = 0.5;
  placed.forEach(({ component: b, path }, j) => {
    for (const { component: a, path: other } of placed.slice(0, j)) {
      if (a.ComponentPage !== b.ComponentPage) continue;
      const [ax, ay, aw, ah] = [
        a.ComponentPosX,
        a.ComponentPosY,
        a.ComponentWidth,
        a.ComponentHeight,
      ] as number[];
      const [bx, by, bw, bh] = [
        b.ComponentPosX,
        b.ComponentPosY,
        b.ComponentWidth,
        b.ComponentHeight,
      ] as number[];
      const overlapX = Math.min(ax + aw, bx + bw) - Math.max(ax, bx);
      const overlapY = Math.min(ay + ah, by + bh) - Math.max(ay, by);
      if (overlapX > EPSILON && overlapY > EPSILON) {
        out.push(
          violation(
            'component-overlap',
            `${path} overlaps ${other} on page ${b.ComponentPage}: one signer's boxes must not cover each other, or one mark hides the other. Move one of them.`,
            path,
          ),
        );
        break;
      }
    }
  });
  return out;
}
