/**
 * `${place({ left: '10px', … })}` on an element: sets its inline style properties through the CSSOM
 * on every render. Lit's `styleMap` writes a `style` attribute on the first render, which a Content
 * Security Policy without `'unsafe-inline'` (style-src-attr) blocks; property writes are allowed.
 */
import { noChange } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';

class PlaceDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('place() goes on an element, not in an attribute.');
  }

  render(_styles: Record<string, string>) {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [Record<string, string>]) {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(styles)) style.setProperty(name, value);
    return noChange;
  }
}

export const place = directive(PlaceDirective);
