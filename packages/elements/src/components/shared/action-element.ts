import type { PropertyDeclarations, PropertyValues } from 'lit';
import type { FlowSnapshot } from '../../client/types.js';
import { EssElement } from './ess-element.js';
import { WatchController } from './watch.js';

/**
 * Base of the buttons (sign, download): watches the flow named by `flow-id` live and sets
 * `unavailable` from it on every update. As on native form controls, `disabled` is the page's input
 * only: the element never sets it or its attribute. The element's own verdict (the contract cannot
 * be signed or downloaded now, or a request is running) is `unavailable`, reflected as its own
 * attribute. The inner button is disabled while either holds.
 */
export abstract class EssActionElement extends EssElement {
  static override properties: PropertyDeclarations = {
    flowId: { attribute: 'flow-id' },
    disabled: { type: Boolean, reflect: true },
    unavailable: { type: Boolean, reflect: true },
  };

  /** The FlowId of the contract. */
  declare flowId?: string;
  /** The page's switch (reflected): the element stays unusable while it is set. Never set by the element. */
  declare disabled: boolean;
  /** Reflected, read-only for the page: the element cannot be used now (the reason is shown). Set by the element itself. */
  declare unavailable: boolean;

  /** The contract, live; a failure to load it fires `ess-error` (`load-flow`). */
  protected readonly flow = new WatchController<FlowSnapshot>(
    this,
    (store, id, listener) => store.watchFlow(id, listener),
    (watched) => {
      if (watched.error && !watched.snapshot) this.fail(watched.error, 'load-flow');
    },
  );

  /** The element's own verdict for `unavailable`, from {@link flow} and its state. */
  protected abstract isUnavailable(): boolean;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.flow.sync(this.flowId ? this.store : null, this.flowId);
    this.unavailable = this.isUnavailable();
  }
}
