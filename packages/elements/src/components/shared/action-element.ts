import type { PropertyDeclarations } from 'lit';
import { EssElement } from './ess-element.js';

/**
 * Base of the buttons (sign, download). `disabled` is the author's input, never overwritten by the
 * element; `unavailable` is the element's own verdict (the contract cannot be signed or downloaded
 * now, or a request is running), reflected as its own attribute. `disabled` reads true — and its
 * attribute is present — while either holds, so `[disabled]` selectors and checks keep working.
 */
export class EssActionElement extends EssElement {
  static override properties: PropertyDeclarations = {
    disabled: { type: Boolean, reflect: true, noAccessor: true },
    unavailable: { type: Boolean, reflect: true },
  };

  /** Reflected: the element cannot be used now (the reason is shown). Set by the element itself. */
  declare unavailable: boolean;
  // Left undefined (falsy) rather than initialised: a constructor here would cost bundle bytes.
  #disabled?: boolean;

  /** Reflected: true while the page disabled the element or it is unavailable; setting it sets the page's part. */
  get disabled(): boolean {
    return Boolean(this.#disabled || this.unavailable);
  }
  set disabled(value: boolean) {
    const was = this.disabled;
    this.#disabled = value;
    this.requestUpdate('disabled', was);
  }

  /** Sets `unavailable` (from the element's `willUpdate`) and reflects `disabled` again. */
  protected setUnavailable(value: boolean): void {
    const was = this.disabled;
    this.unavailable = value;
    this.requestUpdate('disabled', was);
  }
}
