import { defineElement } from '../shared/define.js';
import { type DownloadDetail, EssDownloadButton } from './download-button.js';

export { type DownloadDetail, EssDownloadButton } from './download-button.js';

defineElement('ess-download-button', EssDownloadButton);

declare global {
  interface HTMLElementTagNameMap {
    'ess-download-button': EssDownloadButton;
  }
  interface GlobalEventHandlersEventMap {
    'ess-download': CustomEvent<DownloadDetail>;
  }
}
