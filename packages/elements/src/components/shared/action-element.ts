import type { PropertyDeclarations } from 'lit';
import { EssElement } from './ess-element.js';

/**
 * Base of the buttons (sign, download). As on native form controls, `disabled` is the page's input
 * only: the element never sets it or its attribute. The element's own verdict (the contract cannot
 * be signed or downloaded now, or a request is running) is `unavailable`, reflected as its own
 * attribute. The inner button is disabled while either holds.
 */
export class EssActionElement extends EssElement {
  static override properties: PropertyDeclarations = {
    disabled: { type: Boolean, reflect: true },
    unavailable: { type: Boolean, reflect: true },
  };

  /** The page's switch (reflected): the element stays unusable while it is set. Never set by the element. */
  declare disabled: boolean;
  /** Reflected, read-only for the page: the element cannot be used now (the reason is shown). Set by the element itself. */
  declare unavailable: boolean;
}
