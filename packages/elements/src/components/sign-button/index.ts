import { defineElement } from '../shared/define.js';
import { EssSignButton, type SignOpenDetail } from './sign-button.js';

export { EssSignButton, type SignOpenDetail, signBlockReason } from './sign-button.js';

defineElement('ess-sign-button', EssSignButton);

declare global {
  interface HTMLElementTagNameMap {
    'ess-sign-button': EssSignButton;
  }
  interface GlobalEventHandlersEventMap {
    'ess-sign-open': CustomEvent<SignOpenDetail>;
  }
}
