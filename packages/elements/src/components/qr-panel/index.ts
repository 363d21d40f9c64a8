import { defineElement } from '../shared/define.js';
import {
  EssQrPanel,
  type QrCancelledDetail,
  type QrCreatedDetail,
  type QrStateChangeDetail,
} from './qr-panel.js';

export {
  EssQrPanel,
  type QrCancelledDetail,
  type QrCreatedDetail,
  type QrStateChangeDetail,
} from './qr-panel.js';

defineElement('ess-qr-panel', EssQrPanel);

declare global {
  interface HTMLElementTagNameMap {
    'ess-qr-panel': EssQrPanel;
  }
  interface GlobalEventHandlersEventMap {
    'ess-qr-created': CustomEvent<QrCreatedDetail>;
    'ess-qr-state-change': CustomEvent<QrStateChangeDetail>;
    'ess-qr-cancelled': CustomEvent<QrCancelledDetail>;
  }
}
