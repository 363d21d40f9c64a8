/**
 * How a person moves boxes: pointer drags (mouse, pen, touch — one pointer per box, captured), the
 * keyboard on a focused box, and the click that picks a keyword on a page. Positions go through
 * `placements.ts` (kept on the page, snapped to its edges while dragging).
 */
import { readingOrder, toPageBox } from '@ess-kit/shared/rules';
import type { PickerHost } from './picker-host.js';
import { moveTo, type PickerBox, resizeTo } from './placements.js';

interface Drag {
  id: number;
  pointer: number;
  x: number;
  y: number;
  from: number[];
  resize: boolean;
}

export class BoxInteraction {
  private drag: Drag | null = null;

  constructor(private readonly picker: PickerHost) {}

  /** Arrow keys move (1 pt, Shift 10 pt), Alt + arrows resize, Page Up/Down change page, Delete removes. */
  key(event: KeyboardEvent, box: PickerBox): void {
    const step = event.shiftKey ? 10 : 1;
    const delta = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[
      event.key
    ];
    const c = box.component;
    const size = this.picker.doc?.pageSizes[(c.ComponentPage ?? 1) - 1];
    if (delta) {
      event.preventDefault();
      if (event.altKey)
        resizeTo(c, (c.ComponentWidth ?? 0) + delta[0], (c.ComponentHeight ?? 0) + delta[1], size);
      else if ((c.GenerateMode ?? 'NORMAL') === 'KEYWORD')
        moveTo(c, (c.OffsetX ?? 0) + delta[0], (c.OffsetY ?? 0) + delta[1]);
      // Keyboard moves are exact: kept on the page, never snapped to its edges.
      else moveTo(c, (c.ComponentPosX ?? 0) + delta[0], (c.ComponentPosY ?? 0) + delta[1], size, false);
      this.picker.commit();
    } else if (
      (event.key === 'PageDown' || event.key === 'PageUp') &&
      (c.GenerateMode ?? 'NORMAL') === 'NORMAL'
    ) {
      event.preventDefault();
      const count = this.picker.doc?.pageSizes.length ?? 1;
      c.ComponentPage = Math.min(
        count,
        Math.max(1, (c.ComponentPage ?? 1) + (event.key === 'PageDown' ? 1 : -1)),
      );
      moveTo(c, c.ComponentPosX ?? 0, c.ComponentPosY ?? 0, this.picker.doc?.pageSizes[c.ComponentPage - 1]);
      this.picker.commit();
      void this.picker.updateComplete.then(() => this.picker.focusBox(box.id));
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      this.picker.removeBox(box.id);
    }
  }

  /** Starts dragging the box, or resizing it from its handle. */
  down(event: PointerEvent, box: PickerBox): void {
    if (event.button !== 0) return;
    this.picker.select(box.id);
    const target = event.currentTarget as HTMLElement;
    target.focus();
    const resize = (event.target as HTMLElement).getAttribute('part') === 'handle';
    const c = box.component;
    const keyword = (c.GenerateMode ?? 'NORMAL') === 'KEYWORD';
    const from = resize
      ? [c.ComponentWidth ?? 0, c.ComponentHeight ?? 0]
      : keyword
        ? [c.OffsetX ?? 0, c.OffsetY ?? 0]
        : [c.ComponentPosX ?? 0, c.ComponentPosY ?? 0];
    this.drag = { id: box.id, pointer: event.pointerId, x: event.clientX, y: event.clientY, from, resize };
    target.setPointerCapture(event.pointerId);
    event.preventDefault();
  }

  move(event: PointerEvent, box: PickerBox): void {
    const drag = this.drag;
    if (!drag || drag.id !== box.id || drag.pointer !== event.pointerId) return;
    const dx = (event.clientX - drag.x) / this.picker.zoom;
    const dy = (event.clientY - drag.y) / this.picker.zoom;
    const c = box.component;
    const size = this.picker.doc?.pageSizes[(c.ComponentPage ?? 1) - 1];
    if (drag.resize) resizeTo(c, drag.from[0] + dx, drag.from[1] + dy, size);
    else
      moveTo(
        c,
        drag.from[0] + dx,
        drag.from[1] + dy,
        (c.GenerateMode ?? 'NORMAL') === 'NORMAL' ? size : undefined,
      );
    this.picker.requestUpdate();
  }

  /** Ends a drag (pointer released or cancelled) and reports the change. */
  up(event: PointerEvent): void {
    if (!this.drag || this.drag.pointer !== event.pointerId) return;
    this.drag = null;
    this.picker.commit();
  }

  /** In KEYWORD pick mode: takes the word under the pointer as the selected box's keyword. */
  async pick(event: PointerEvent, page: number): Promise<void> {
    const box = this.picker.selected;
    if (!this.picker.picking || !box || !this.picker.doc) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const x = (event.clientX - rect.left) / this.picker.zoom;
    const y = (event.clientY - rect.top) / this.picker.zoom;
    const word = await this.picker.doc.wordAt(page, x, y);
    if (!word) return;
    const hits = (await this.picker.doc.keywordHits(word.text)).map((h) => ({
      page: h.page,
      box: toPageBox(h),
    }));
    const ordered = hits.map((h) => h.box).sort(readingOrder);
    const index = ordered.findIndex(
      (h) =>
        h.page === page && x >= h.x - 1 && x <= h.x + h.width + 1 && y >= h.y - 2 && y <= h.y + h.height + 2,
    );
    this.picker.picking = false;
    this.picker.setKeyword(box, word.text, index >= 0 ? [index] : undefined);
  }
}
