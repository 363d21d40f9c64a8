import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { EssKitError } from '../../client/errors.js';
import type { FlowSnapshot, QrSnapshot, QrState } from '../../client/types.js';
import type { MessageKey } from '../../localization/messages.js';
import { EssElement } from '../shared/ess-element.js';
import { drawQrCode } from '../shared/qr-code.js';
import { buttonStyles, themeStyles } from '../shared/theme.styles.js';
import { TickController } from '../shared/ticker.js';
import { WatchController } from '../shared/watch.js';
import { signBlockReason } from '../sign-button/sign-button.js';
import { qrPanelStyles } from './qr-panel.styles.js';
import { buildQrRequest } from './qr-request.js';

/** Detail of `ess-qr-created`. */
export interface QrCreatedDetail {
  qrCodeId: string;
  qrCodeUrl: string;
  expiredTime: number;
  qrCode: QrSnapshot;
}

/** Detail of `ess-qr-cancelled`. */
export interface QrCancelledDetail {
  qrCodeId: string;
  qrCode: QrSnapshot;
}

/** Detail of `ess-qr-state-change`. */
export interface QrStateChangeDetail {
  state: QrState;
  previousState: QrState | null;
  value: string | null;
}

const FLOW_STATE: Partial<Record<MessageKey, QrState>> = {
  signReasonFinished: 'exhausted',
  signReasonSigned: 'exhausted',
  signReasonExpired: 'expired',
  signReasonRefused: 'cancelled',
  signReasonCancelled: 'cancelled',
  signReasonClosed: 'cancelled',
};

/**
 * Shows a signing QR code, rendered in the browser from the URL (canvas at the device pixel
 * ratio, at least 160 CSS px, 4-module quiet zone). Three sources:
 * - `flow-id` (+ `recipient-id`): the signing link of a signer (CreateSchemeUrl through the BFF);
 * - `template-id` + `flow-name` (+ `max-flows`, `flow-effective-days`, `qr-effective-days`):
 *   creates a one-code-multi-sign QR code (CreateMultiFlowSignQRCode), validated against the
 *   integration guide's rules first;
 * - `qr-code-id`: an existing one-code-multi-sign QR code.
 * For QR codes it shows the expiry countdown, contracts created out of the maximum (live), a cancel
 * action, and the exhausted, expired, cancelled and quota-failure states.
 *
 * @summary Signing QR code: per signer, or one code for many signers.
 * @tag ess-qr-panel
 *
 * @csspart panel - The outer box.
 * @csspart frame - The box holding the QR code or the state message.
 * @csspart qr - The QR code canvas (`role="img"`).
 * @csspart message - The state message shown instead of the code.
 * @csspart countdown - The expiry countdown.
 * @csspart count - "x/max contracts created".
 * @csspart failure - The last scan failure (e.g. quota).
 * @csspart cancel-button - The cancel button.
 * @csspart error - The error message.
 *
 * @cssprop --ess-qr-size - Minimum size of the code box (default 160px).
 * @cssprop --ess-qr-panel-padding - Padding of the panel.
 * @cssprop --ess-color-surface - Panel background.
 * @cssprop --ess-color-border - Panel border colour.
 * @cssprop --ess-color-primary - Cancel button colour.
 * @cssprop --ess-radius - Corner radius.
 *
 * @fires ess-qr-created - A QR code was created (template mode). Detail: `{ qrCodeId, qrCodeUrl, expiredTime, qrCode }`.
 * @fires ess-qr-state-change - The `state` changed. Detail: `{ state, previousState, value }`.
 * @fires ess-qr-cancelled - The QR code was cancelled by this panel. Detail: `{ qrCodeId, qrCode }`.
 * @fires ess-error - Creating, loading or cancelling failed, or the attributes break the guide's rules (`code: "INVALID_QR_REQUEST"`). Detail: `{ action, code, message, status, requestId }`.
 */
export class EssQrPanel extends EssElement {
  static override styles = [themeStyles, buttonStyles, qrPanelStyles];

  static override properties: PropertyDeclarations = {
    flowId: { attribute: 'flow-id' },
    recipientId: { attribute: 'recipient-id' },
    endPoint: { attribute: 'end-point' },
    pathType: { attribute: 'path-type' },
    templateId: { attribute: 'template-id' },
    flowName: { attribute: 'flow-name' },
    maxFlows: { attribute: 'max-flows' },
    flowEffectiveDays: { attribute: 'flow-effective-days' },
    qrEffectiveDays: { attribute: 'qr-effective-days' },
    qrCodeId: { attribute: 'qr-code-id', reflect: true },
    hideCancel: { attribute: 'hide-cancel', type: Boolean },
    state: { reflect: true },
    value: { state: true, attribute: false },
    linkExpiresAt: { state: true, attribute: false },
  };

  /** Flow mode: the FlowId. */
  declare flowId?: string;
  /** Flow mode: the signer's RecipientId. */
  declare recipientId?: string;
  /** Flow mode: CreateSchemeUrl `EndPoint` (passed through). */
  declare endPoint?: string;
  /** Flow mode: CreateSchemeUrl `PathType` (passed through). */
  declare pathType?: string;
  /** Template mode: the TemplateId to create a one-code-multi-sign QR code from. */
  declare templateId?: string;
  /** Template mode: FlowName of the contracts created by scans (required, ≤ 200 characters). */
  declare flowName?: string;
  /** Template mode: MaxFlowNum (default 5). */
  declare maxFlows?: string;
  /** Template mode: FlowEffectiveDay (default 7, at most 30). */
  declare flowEffectiveDays?: string;
  /** Template mode: QrEffectiveDay (default 7, at most 90). */
  declare qrEffectiveDays?: string;
  /** QR mode: an existing QrCodeId (set automatically after template mode created one). */
  declare qrCodeId?: string;
  /** Hide the cancel button. */
  hideCancel = false;
  /** Reflected: `active`, `exhausted`, `expired` or `cancelled`; absent while loading. */
  declare state?: QrState;
  /** The URL encoded in the QR code (read-only), or null. */
  value: string | null = null;

  private linkExpiresAt = 0;
  private drawn: { canvas: HTMLCanvasElement; value: string } | null = null;

  private readonly flow = new WatchController<FlowSnapshot>(this, (store, id, listener) =>
    store.watchFlow(id, listener),
  );
  private readonly qr = new WatchController<QrSnapshot>(this, (store, id, listener) =>
    store.watchQr(id, listener),
  );

  constructor() {
    super();
    new TickController(this, 1000);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const flowMode = Boolean(this.flowId) && !this.qrCodeId && !this.templateId;
    this.flow.sync(flowMode ? this.store : null, this.flowId);
    this.qr.sync(this.qrCodeId ? this.store : null, this.qrCodeId);
    if (changed.has('flowId') || changed.has('recipientId') || changed.has('qrCodeId')) {
      this.value = null;
      this.linkExpiresAt = 0;
      this.action.error = null;
    }
    if (this.qrCodeId) this.value = this.qr.snapshot?.qrCodeUrl ?? null;
    const next = this.computeState();
    if (next !== this.state) {
      const previous = this.state ?? null;
      this.state = next;
      if (next)
        this.emit<QrStateChangeDetail>('ess-qr-state-change', {
          state: next,
          previousState: previous,
          value: this.value,
        });
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.isConnected) return;
    if (this.templateId && !this.qrCodeId && !this.action.busy && !this.action.error) void this.create();
    if (this.flowId && !this.qrCodeId && !this.templateId) this.maybeFetchLink();
    const canvas = this.renderRoot.querySelector('canvas');
    if (canvas && this.value && (this.drawn?.canvas !== canvas || this.drawn.value !== this.value)) {
      drawQrCode(canvas, this.value);
      this.drawn = { canvas, value: this.value };
    }
  }

  private computeState(): QrState | undefined {
    if (this.qrCodeId) {
      const qr = this.qr.snapshot;
      if (!qr) return undefined;
      if (qr.state !== 'active') return qr.state;
      if (qr.flowCount >= qr.maxFlowNum) return 'exhausted';
      if (qr.expiredTime * 1000 <= Date.now()) return 'expired';
      return 'active';
    }
    if (this.flowId && !this.templateId) {
      const flow = this.flow.snapshot;
      if (!flow) return undefined;
      const reason = signBlockReason(flow, this.recipientId);
      return (reason && FLOW_STATE[reason]) || 'active';
    }
    return undefined;
  }

  private maybeFetchLink(): void {
    if (this.action.busy || this.action.error || this.state !== 'active') return;
    if (this.value && (!this.linkExpiresAt || this.linkExpiresAt > Date.now())) return;
    void this.fetchLink();
  }

  private fetchLink(): Promise<void> {
    const flowId = this.flowId as string;
    return this.action.run('sign-url', async () => {
      const link = await this.store.signUrl(flowId, {
        recipientId: this.recipientId,
        endPoint: this.endPoint,
        pathType: this.pathType,
      });
      if (flowId !== this.flowId) return;
      this.value = link.url;
      this.linkExpiresAt = link.expiresAt ? Date.parse(link.expiresAt) || 0 : 0;
    });
  }

  private create(): Promise<void> {
    return this.action.run('create-qr', async () => {
      const result = buildQrRequest({
        templateId: this.templateId as string,
        flowName: this.flowName,
        maxFlows: this.maxFlows,
        flowEffectiveDays: this.flowEffectiveDays,
        qrEffectiveDays: this.qrEffectiveDays,
      });
      if (!result.ok) throw new EssKitError('INVALID_QR_REQUEST', result.problems.join(' '));
      const qrCode = await this.store.createQr(result.request);
      this.qrCodeId = qrCode.qrCodeId;
      this.emit<QrCreatedDetail>('ess-qr-created', {
        qrCodeId: qrCode.qrCodeId,
        qrCodeUrl: qrCode.qrCodeUrl,
        expiredTime: qrCode.expiredTime,
        qrCode,
      });
    });
  }

  /** Cancels the QR code (CancelMultiFlowSignQRCode through the BFF). */
  async cancel(): Promise<void> {
    const qrCodeId = this.qrCodeId;
    if (!qrCodeId || this.action.busy) return;
    await this.action.run('cancel-qr', async () => {
      const qrCode = await this.store.cancelQr(qrCodeId);
      this.emit<QrCancelledDetail>('ess-qr-cancelled', { qrCodeId, qrCode });
    });
  }

  /** Clears an error and tries again. */
  retry(): void {
    this.action.error = null;
    this.linkExpiresAt = 0;
    this.value = this.qrCodeId ? this.value : null;
    this.requestUpdate();
  }

  protected override render() {
    const watchError = this.flow.error ?? this.qr.error;
    const error = this.action.error ?? (this.state ? null : watchError);
    return html`<div part="panel" class="panel">
      ${this.renderFrame(error)} ${this.renderMeta()}
      ${error ? html`<p part="error" class="error" role="alert" title=${error.message}>${this.i18n.error(error)}</p>` : nothing}
    </div>`;
  }

  private renderFrame(error: EssKitError | null) {
    const message = this.stateMessage();
    if (message) return html`<div part="frame message" class="frame message" role="status">${message}</div>`;
    if (this.value && this.state === 'active') {
      const name = this.qr.snapshot?.flowName ?? this.flow.snapshot?.flowName ?? '';
      const label = name ? this.i18n.t('qrLabel', { name }) : this.i18n.t('qrLabelGeneric');
      return html`<div part="frame" class="frame"><canvas part="qr" role="img" aria-label=${label}></canvas></div>`;
    }
    if (error) return nothing;
    if (!this.flowId && !this.templateId && !this.qrCodeId) {
      return html`<div part="frame message" class="frame message">${this.i18n.t('qrMissingId')}</div>`;
    }
    const text = this.templateId && !this.qrCodeId ? this.i18n.t('qrCreating') : this.i18n.t('loading');
    return html`<div part="frame message" class="frame message" role="status" aria-busy="true">${text}</div>`;
  }

  private stateMessage(): string | null {
    const qr = this.qr.snapshot;
    switch (this.state) {
      case 'expired':
        return this.qrCodeId ? this.i18n.t('qrExpired') : this.i18n.t('signReasonExpired');
      case 'exhausted':
        return qr ? this.i18n.t('qrExhausted', { max: qr.maxFlowNum }) : this.i18n.t('qrSigned');
      case 'cancelled':
        return qr ? this.i18n.t('qrCancelled') : this.i18n.t('signReasonClosed');
      default:
        return null;
    }
  }

  private renderMeta() {
    const qr = this.qrCodeId ? this.qr.snapshot : null;
    if (!qr) return nothing;
    const left = qr.expiredTime * 1000 - Date.now();
    return html`
      ${
        this.state === 'active' && left > 0
          ? html`<p part="countdown" class="meta">${this.i18n.t('qrExpiresIn', { left: this.i18n.duration(left) })}</p>`
          : nothing
      }
      <p part="count" class="meta" aria-live="polite">${this.i18n.t('qrFlows', { count: qr.flowCount, max: qr.maxFlowNum })}</p>
      ${qr.failure ? html`<p part="failure" class="error" role="alert">${this.i18n.t('qrFailure', { message: qr.failure.message })}</p>` : nothing}
      ${
        this.state === 'active' && !this.hideCancel
          ? html`<button part="cancel-button" type="button" class="secondary" ?disabled=${this.action.busy} @click=${this.cancel}>
              ${this.action.busy ? this.i18n.t('qrCancelling') : this.i18n.t('qrCancel')}
            </button>`
          : nothing
      }
    `;
  }
}
