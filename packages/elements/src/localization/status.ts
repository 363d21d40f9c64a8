// Status labels and terminality come from the shared status model, so the components say exactly
// what the BFF and the docs say. Deep import: the package root would pull zod into the bundle.
import { flowStatusLabel, isTerminalFlowStatus, signerStatusLabel } from '@ess-kit/shared/status';
import type { MessageKey, SupportedLocale } from './messages.js';

/** The flow status label, e.g. 待签署 / Waiting for signatures (unknown values: "Unknown status (n)"). */
export function flowLabel(status: number, locale: SupportedLocale): string {
  return flowStatusLabel(status, locale);
}

/** The signer status label. */
export function signerLabel(status: number, locale: SupportedLocale): string {
  return signerStatusLabel(status, locale);
}

/** True when the flow can no longer change (signed, refused, expired, cancelled, ...). */
export function isFinished(status: number): boolean {
  return isTerminalFlowStatus(status);
}

/** Visual tone of a flow status (drives the badge colour). */
export type StatusTone = 'pending' | 'progress' | 'success' | 'danger' | 'muted';

/** The tone for a flow status. */
export function flowTone(status: number): StatusTone {
  switch (status) {
    case 4:
      return 'success';
    case 2:
    case 9:
      return 'progress';
    case 3:
    case 10:
    case 16:
      return 'danger';
    case 5:
    case 6:
    case 21:
      return 'muted';
    default:
      return 'pending';
  }
}

/**
 * Why nothing more can happen to a finished contract (signing it, downloading its signed PDF):
 * `null` while it is still open. One rule for the sign button, the QR panel and the download button.
 */
export function closedReason(status: number): MessageKey | null {
  switch (status) {
    case 4:
      return 'signReasonFinished';
    case 3:
    case 10:
      return 'signReasonRefused';
    case 5:
      return 'signReasonExpired';
    case 6:
      return 'signReasonCancelled';
  }
  return isFinished(status) ? 'signReasonClosed' : null;
}
