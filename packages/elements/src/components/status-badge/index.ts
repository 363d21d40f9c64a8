import { defineElement } from '../shared/define.js';
import { EssStatusBadge, type StatusChangeDetail } from './status-badge.js';

export { EssStatusBadge, type StatusChangeDetail } from './status-badge.js';

defineElement('ess-status-badge', EssStatusBadge);

declare global {
  interface HTMLElementTagNameMap {
    'ess-status-badge': EssStatusBadge;
  }
  interface GlobalEventHandlersEventMap {
    'ess-status-change': CustomEvent<StatusChangeDetail>;
  }
}
