import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { FlowSnapshot } from '../../client/types.js';
import { flowLabel, flowTone, isFinished, signerLabel } from '../../localization/status.js';
import { EssElement } from '../shared/ess-element.js';
import { themeStyles } from '../shared/theme.styles.js';
import { TickController } from '../shared/ticker.js';
import { WatchController } from '../shared/watch.js';
import { statusBadgeStyles } from './status-badge.styles.js';

/** Detail of `ess-status-change`. */
export interface StatusChangeDetail {
  flowId: string;
  status: number;
  previousStatus: number | null;
  flow: FlowSnapshot;
}

/**
 * Shows a contract's (flow's) status as a coloured, labelled badge, kept live through the BFF's
 * event stream: signer progress ("2/3 signed", each signer's state on hover/focus), the deadline
 * and time left, announcements for screen readers, and loading and error states.
 *
 * @summary Live status badge of a Tencent E-Sign contract.
 * @tag ess-status-badge
 *
 * @csspart badge - The coloured pill (label, progress).
 * @csspart label - The status label.
 * @csspart progress - The "2/3 signed" text.
 * @csspart signers - The list of signers shown on hover/focus.
 * @csspart deadline - The deadline and time left.
 * @csspart error - The error message.
 *
 * @cssprop --ess-status-pending-bg - Background of waiting statuses.
 * @cssprop --ess-status-pending-fg - Text colour of waiting statuses.
 * @cssprop --ess-status-progress-bg - Background of partially signed/filled.
 * @cssprop --ess-status-progress-fg - Text colour of partially signed/filled.
 * @cssprop --ess-status-success-bg - Background of signed.
 * @cssprop --ess-status-success-fg - Text colour of signed.
 * @cssprop --ess-status-danger-bg - Background of refused/invalid.
 * @cssprop --ess-status-danger-fg - Text colour of refused/invalid.
 * @cssprop --ess-status-muted-bg - Background of expired/cancelled/released and loading.
 * @cssprop --ess-status-muted-fg - Text colour of expired/cancelled/released and loading.
 * @cssprop --ess-badge-radius - Corner radius of the pill.
 * @cssprop --ess-badge-padding - Padding of the pill.
 * @cssprop --ess-font-family - Font family.
 * @cssprop --ess-color-text-muted - Colour of the deadline text.
 *
 * @fires ess-status-change - The flow status changed (also on first load). Detail: `{ flowId, status, previousStatus, flow }`.
 * @fires ess-error - Loading failed. Detail: `{ action, code, message, status, requestId }`.
 */
export class EssStatusBadge extends EssElement {
  static override styles = [themeStyles, statusBadgeStyles];

  static override properties: PropertyDeclarations = {
    flowId: { attribute: 'flow-id' },
    hideProgress: { attribute: 'hide-progress', type: Boolean },
    status: { type: Number, reflect: true },
    announced: { state: true, attribute: false },
  };

  /** The FlowId of the contract. */
  declare flowId?: string;

  /** Show signer progress ("2/3 signed"). Set `hide-progress` to hide it. */
  hideProgress = false;

  /** The numeric flow status (FlowStatus), reflected; absent while loading. */
  declare status?: number;

  /** The status last announced to screen readers; the text is rendered in the current locale. */
  private announced?: number;

  private readonly flow = new WatchController<FlowSnapshot>(
    this,
    (store, id, listener) => store.watchFlow(id, listener),
    (watched, previous) => this.onFlow(watched.snapshot, previous, watched.error),
  );

  constructor() {
    super();
    new TickController(this, 30_000);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.flow.sync(this.flowId ? this.store : null, this.flowId);
    if (!this.flowId || !this.flow.snapshot) this.status = undefined;
  }

  private onFlow(flow: FlowSnapshot | null, previous: FlowSnapshot | null, error: unknown): void {
    if (error && !flow) {
      this.fail(error, 'load-flow');
      return;
    }
    if (!flow || flow.flowStatus === previous?.flowStatus) return;
    this.status = flow.flowStatus;
    if (previous) {
      this.announced = flow.flowStatus;
    }
    this.emit<StatusChangeDetail>('ess-status-change', {
      flowId: flow.flowId,
      status: flow.flowStatus,
      previousStatus: previous?.flowStatus ?? null,
      flow,
    });
  }

  private label(status: number): string {
    return flowLabel(status, this.i18n.locale);
  }

  protected override render() {
    const flow = this.flow.snapshot;
    if (!flow) {
      if (this.flow.error) {
        const { error } = this.flow;
        return html`<span part="badge error" class="badge tone-danger error" role="status" title=${error.message}
          >${this.i18n.error(error)}</span
        >`;
      }
      return html`<span part="badge" class="badge loading" role="status" aria-busy="true"
        >${this.i18n.t('loading')}</span
      >`;
    }
    const total = flow.approvers.length;
    const signed = flow.approvers.filter((approver) => approver.approveStatus === 3).length;
    const tone = flowTone(flow.flowStatus);
    return html`
      <span
        part="badge"
        class="badge tone-${tone}"
        tabindex=${total ? '0' : nothing}
        aria-describedby=${total ? 'signers' : nothing}
      >
        <span class="dot" aria-hidden="true"></span>
        <span part="label">${this.label(flow.flowStatus)}</span>
        ${
          total && !this.hideProgress
            ? html`<span part="progress" class="progress">${this.i18n.t('signedProgress', { signed, total })}</span>`
            : nothing
        }
      </span>
      ${total ? this.renderSigners(flow) : nothing} ${this.renderDeadline(flow)}
      <span class="visually-hidden" aria-live="polite"
        >${this.announced === undefined ? '' : this.i18n.t('statusAnnounce', { label: this.label(this.announced) })}</span
      >
    `;
  }

  private renderSigners(flow: FlowSnapshot) {
    return html`<div part="signers" id="signers" class="signers" role="tooltip"><ul aria-label=${this.i18n.t('signersHeading')}>
      ${flow.approvers.map(
        (approver, index) => html`<li>
          <span
            >${approver.approverName ?? approver.organizationName ?? this.i18n.t('signerUnnamed', { index: index + 1 })}</span
          >
          <span>${signerLabel(approver.approveStatus, this.i18n.locale)}</span>
        </li>`,
      )}
    </ul></div>`;
  }

  private renderDeadline(flow: FlowSnapshot) {
    if (!flow.deadline || isFinished(flow.flowStatus)) return nothing;
    const left = flow.deadline * 1000 - Date.now();
    const when = this.i18n.t('deadline', { date: this.i18n.dateTime(flow.deadline) });
    const remaining =
      left > 0 ? this.i18n.t('timeLeft', { left: this.i18n.duration(left) }) : this.i18n.t('deadlinePassed');
    return html`<span part="deadline" class="deadline">${when} · ${remaining}</span>`;
  }
}
