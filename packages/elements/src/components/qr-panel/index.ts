import { defineElement } from '../shared/define.js';
import { EssQrPanel } from './qr-panel.js';

export { EssQrPanel, type QrCreatedDetail, type QrStateChangeDetail } from './qr-panel.js';

defineElement('ess-qr-panel', EssQrPanel);

declare global {
  interface HTMLElementTagNameMap {
    'ess-qr-panel': EssQrPanel;
  }
}
