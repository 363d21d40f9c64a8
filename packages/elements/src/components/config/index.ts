import { EssConfigElement } from '../../client/ess-config.js';
import { defineElement } from '../shared/define.js';

export { EssConfigElement } from '../../client/ess-config.js';

defineElement('ess-config', EssConfigElement);

declare global {
  interface HTMLElementTagNameMap {
    'ess-config': EssConfigElement;
  }
}
