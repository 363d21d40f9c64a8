import { defineElement } from '../shared/define.js';
import { EssSignButton } from './sign-button.js';

export { EssSignButton, type SignOpenDetail, signBlockReason } from './sign-button.js';

defineElement('ess-sign-button', EssSignButton);

declare global {
  interface HTMLElementTagNameMap {
    'ess-sign-button': EssSignButton;
  }
}
