import { defineElement } from '../shared/define.js';
import { EssConfigElement } from './ess-config.js';

export { EssConfigElement } from './ess-config.js';

defineElement('ess-config', EssConfigElement);

declare global {
  interface HTMLElementTagNameMap {
    'ess-config': EssConfigElement;
  }
}
