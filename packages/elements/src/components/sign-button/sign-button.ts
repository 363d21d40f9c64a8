import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { FlowSnapshot } from '../../client/types.js';
import type { MessageKey } from '../../localization/messages.js';
import { closedReason } from '../../localization/status.js';
import { EssActionElement } from '../shared/action-element.js';
import { isWebUrl, resolveSignMode, type SignMode } from '../shared/device.js';
import { drawQrCode } from '../shared/qr-code.js';
import { buttonStyles, themeStyles } from '../shared/theme.styles.js';
import { signButtonStyles } from './sign-button.styles.js';

/** Detail of `ess-sign-open`. */
export interface SignOpenDetail {
  flowId: string;
  recipientId: string | null;
  url: string;
  /** `mobile`: the page is about to navigate to `url`; `desktop`: a QR code of `url` is shown. */
  mode: 'mobile' | 'desktop';
  expiresAt: string | null;
}

/** Why a signer cannot sign now, or null. */
export function signBlockReason(flow: FlowSnapshot | null, recipientId?: string | null): MessageKey | null {
  if (!flow) return 'signReasonLoading';
  const closed = closedReason(flow.flowStatus);
  if (closed) return closed;
  if (!recipientId) return null;
  const me = flow.approvers.find((approver) => approver.recipientId === recipientId);
  if (!me) return null;
  if (me.approveStatus === 3) return 'signReasonSigned';
  if (me.approveStatus === 4) return 'signReasonRefused';
  if (me.approveStatus === 5) return 'signReasonExpired';
  if (me.approveStatus === 6) return 'signReasonCancelled';
  if (flow.unordered) return null;
  const waitingForEarlier = flow.approvers.some(
    (other) => other.signOrder < me.signOrder && [0, 1, 2, 7, 8].includes(other.approveStatus),
  );
  return me.approveStatus === 1 || waitingForEarlier ? 'signReasonNotYourTurn' : null;
}

/**
 * Gets a signing link through the BFF (CreateSchemeUrl) when clicked — never before, links expire —
 * and opens it on a phone; on a PC, where the WeChat mini-program cannot open, shows the link as
 * a QR code to scan with a phone. Reflects `unavailable`, with the reason shown, when the contract is
 * finished, refused, expired or cancelled, or when it is not this signer's turn in an ordered flow;
 * `disabled` is the page's own switch and is never set by the element.
 *
 * @summary Button that opens Tencent E-Sign's signing page (or its QR code on desktop).
 * @tag ess-sign-button
 *
 * @slot - The button label (default: 签署 / Sign).
 *
 * @csspart button - The button.
 * @csspart reason - Why the element is unavailable.
 * @csspart error - The error message.
 * @csspart dialog - The desktop dialog with the QR code.
 * @csspart qr - The QR code canvas.
 * @csspart link - The "open on this device" link in the dialog.
 *
 * @cssprop --ess-color-primary - Button background.
 * @cssprop --ess-color-on-primary - Button text colour.
 * @cssprop --ess-radius - Corner radius.
 * @cssprop --ess-button-padding - Button padding.
 * @cssprop --ess-focus-ring-color - Focus outline colour.
 * @cssprop --ess-color-surface - Dialog background.
 *
 * @fires ess-sign-open - A signing link was obtained (cancelable: `preventDefault()` stops the navigation or the QR dialog). Detail: `{ flowId, recipientId, url, mode, expiresAt }`.
 * @fires ess-error - Getting the link failed. Detail: `{ action, code, message, status, requestId }`.
 */
export class EssSignButton extends EssActionElement {
  static override styles = [themeStyles, buttonStyles, signButtonStyles];

  static override properties: PropertyDeclarations = {
    recipientId: { attribute: 'recipient-id' },
    endPoint: { attribute: 'end-point' },
    pathType: { attribute: 'path-type' },
    mode: {},
    link: { state: true, attribute: false },
  };

  /** The signer's RecipientId (enables the "your turn" check and is passed to the BFF). */
  declare recipientId?: string;
  /** CreateSchemeUrl `EndPoint`: `HTTP_SHORT_URL`, `HTTP` or `APP` (passed through; BFF default otherwise). */
  declare endPoint?: string;
  /** CreateSchemeUrl `PathType`: `0`, `1` or `2` (passed through). */
  declare pathType?: string;
  /** `auto` (default: detect phone vs PC), `mobile` (open the link) or `desktop` (show a QR code). */
  mode: SignMode = 'auto';

  private link: string | null = null;
  /** The link opens in any browser (EndPoint HTTP), not only in the mini-program on a phone. */
  private browserLink = false;
  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  protected override isUnavailable(): boolean {
    return this.reason() !== null || Boolean(this.flow.error && !this.flow.snapshot);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const canvas = this.renderRoot.querySelector('canvas');
    if (changed.has('link') && this.link && canvas) {
      drawQrCode(canvas, this.link);
      if (!this.dialog?.open) this.dialog?.showModal();
    }
  }

  private reason(): MessageKey | null {
    if (this.flow.error && !this.flow.snapshot) return null; // shown as an error instead
    return signBlockReason(this.flow.snapshot, this.recipientId);
  }

  /** Gets a fresh signing link and opens it (phone) or shows it as a QR code (PC). */
  async open(): Promise<void> {
    const flowId = this.flowId;
    if (this.disabled || this.unavailable || this.action.busy || !flowId) return;
    await this.action.run('sign-url', async () => {
      const signUrl = await this.store.signUrl(flowId, {
        recipientId: this.recipientId,
        endPoint: this.endPoint,
        pathType: this.pathType,
      });
      const mode = resolveSignMode(this.mode);
      const detail: SignOpenDetail = {
        flowId,
        recipientId: this.recipientId ?? null,
        url: signUrl.url,
        mode,
        expiresAt: signUrl.expiresAt,
      };
      if (!this.emit('ess-sign-open', detail, true)) return;
      // Mini-program paths (EndPoint APP) are for the host app to handle; only web links open here.
      if (!isWebUrl(signUrl.url)) return;
      if (mode === 'mobile') globalThis.location.assign(signUrl.url);
      else {
        this.browserLink = signUrl.endPoint === 'HTTP';
        this.link = signUrl.url;
      }
    });
  }

  private close(): void {
    this.dialog?.close();
  }

  private onDialogClose(): void {
    this.link = null;
  }

  protected override render() {
    const reason = this.reason();
    const flowError = !this.flow.snapshot ? this.flow.error : null;
    const error = this.action.error ?? flowError;
    return html`
      <button
        part="button"
        type="button"
        ?disabled=${this.disabled || this.unavailable || this.action.busy}
        aria-busy=${this.action.busy ? 'true' : 'false'}
        aria-describedby=${reason || error ? 'note' : nothing}
        @click=${this.open}
      >
        ${this.action.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
        <slot>${this.i18n.t('sign')}</slot>
      </button>
      ${
        error
          ? html`<span id="note" part="error" class="error" role="alert" title=${error.message}>${this.i18n.error(error)}</span>`
          : reason
            ? html`<span id="note" part="reason" class="reason">${this.i18n.t(reason)}</span>`
            : nothing
      }
      ${this.action.busy ? html`<span class="visually-hidden" role="status">${this.i18n.t('signing')}</span>` : nothing}
      <dialog part="dialog" aria-labelledby="scan-title" @close=${this.onDialogClose}>
        ${
          this.link
            ? html`<h2 id="scan-title">${this.i18n.t('signScanTitle')}</h2>
                <div class="qr">
                  <canvas part="qr" role="img" aria-label=${this.i18n.t('qrLabel', { name: this.flow.snapshot?.flowName ?? '' })}></canvas>
                </div>
                ${this.browserLink ? nothing : html`<p class="hint">${this.i18n.t('signScanHint')}</p>`}
                <div class="actions">
                  <a part="link" href=${this.link} target="_blank" rel="noopener noreferrer">${this.i18n.t('openLink')}</a>
                  <button type="button" class="secondary" @click=${this.close}>${this.i18n.t('close')}</button>
                </div>`
            : nothing
        }
      </dialog>
    `;
  }
}
