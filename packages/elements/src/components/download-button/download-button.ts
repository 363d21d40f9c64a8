import { html, nothing, type PropertyDeclarations } from 'lit';
import { closedReason } from '../../localization/status.js';
import { EssActionElement } from '../shared/action-element.js';
import { isWebUrl } from '../shared/device.js';
import { buttonStyles, themeStyles } from '../shared/theme.styles.js';
import { downloadButtonStyles } from './download-button.styles.js';

/** Detail of `ess-download`. */
export interface DownloadDetail {
  flowId: string;
  fileType: string;
  urls: string[];
  expiresAt: string | null;
}

/** FlowStatus of a completed (signed) contract. */
const SIGNED = 4;

/**
 * Downloads the signed contract. Reflects `unavailable` until the flow is signed (live) and while
 * links are being fetched (`disabled` is the page's own switch, never set by the element); on click
 * it fetches a fresh link (DescribeFileUrls through the BFF — links expire, so never ahead of time)
 * and starts the download, showing progress and errors.
 *
 * @summary Download button for a signed Tencent E-Sign contract.
 * @tag ess-download-button
 *
 * @slot - The button label (default: 下载 / Download).
 *
 * @csspart button - The button.
 * @csspart note - Why the element is unavailable, or the progress text.
 * @csspart error - The error message.
 *
 * @cssprop --ess-color-primary - Button background.
 * @cssprop --ess-color-on-primary - Button text colour.
 * @cssprop --ess-radius - Corner radius.
 * @cssprop --ess-button-padding - Button padding.
 * @cssprop --ess-focus-ring-color - Focus outline colour.
 *
 * @fires ess-download - Links were obtained (cancelable: `preventDefault()` stops the download so the page can handle `urls` itself). Detail: `{ flowId, fileType, urls, expiresAt }`.
 * @fires ess-error - Getting the links failed. Detail: `{ action, code, message, status, requestId }`.
 */
export class EssDownloadButton extends EssActionElement {
  static override styles = [themeStyles, buttonStyles, downloadButtonStyles];

  static override properties: PropertyDeclarations = {
    fileType: { attribute: 'file-type' },
    fileName: { attribute: 'file-name' },
    done: { state: true, attribute: false },
  };

  /** `PDF` (default) or `ZIP`. */
  fileType: 'PDF' | 'ZIP' = 'PDF';
  /** Suggested file name (passed to the BFF). */
  declare fileName?: string;

  private done = false;

  protected override isUnavailable(): boolean {
    return this.flow.snapshot?.flowStatus !== SIGNED || this.action.busy;
  }

  /** Fetches fresh links and starts the download. */
  async download(): Promise<void> {
    const flowId = this.flowId;
    if (this.disabled || this.unavailable || !flowId) return;
    this.done = false;
    await this.action.run('files', async () => {
      const files = await this.store.fileUrls(flowId, {
        fileType: this.fileType,
        fileName: this.fileName,
      });
      const detail: DownloadDetail = {
        flowId,
        fileType: this.fileType,
        urls: files.urls,
        expiresAt: files.expiresAt,
      };
      // A page that called preventDefault() handles the files itself: nothing was started here.
      if (this.emit('ess-download', detail, true)) {
        for (const url of files.urls.filter(isWebUrl)) this.startDownload(url);
        this.done = true;
      }
    });
  }

  private startDownload(url: string): void {
    // A temporary link: `download` works for same-origin files; cross-origin ones (the ESS file
    // host) open in a new tab, where the browser downloads them (they are served as attachments).
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = this.fileName ?? '';
    anchor.target = '_blank';
    anchor.rel = 'noopener noreferrer';
    anchor.hidden = true;
    this.renderRoot.appendChild(anchor);
    anchor.click();
    anchor.remove();
  }

  protected override render() {
    const flow = this.flow.snapshot;
    const error = this.action.error ?? (flow ? null : this.flow.error);
    let note: string | null = null;
    if (this.action.busy) note = this.i18n.t('downloading');
    else if (!flow && !error) note = this.i18n.t('loading');
    // A refused, expired or cancelled contract never will be signed: say why, not "once signed".
    else if (flow && flow.flowStatus !== SIGNED)
      note = this.i18n.t(closedReason(flow.flowStatus) ?? 'downloadNotSigned');
    else if (this.done) note = this.i18n.t('downloadDone');
    return html`
      <button
        part="button"
        type="button"
        ?disabled=${this.disabled || this.unavailable}
        aria-busy=${this.action.busy ? 'true' : 'false'}
        aria-describedby=${note || error ? 'note' : nothing}
        @click=${this.download}
      >
        ${this.action.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
        <slot>${this.i18n.t('download')}</slot>
      </button>
      ${
        error
          ? html`<span id="note" part="error" class="error" role="alert" title=${error.message}>${this.i18n.error(error)}</span>`
          : note
            ? html`<span id="note" part="note" class="note" role="status">${note}</span>`
            : nothing
      }
    `;
  }
}
