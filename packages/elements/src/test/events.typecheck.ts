/**
 * Type-level test, checked by `npm run typecheck` (never run or bundled): every `ess-*` event is in
 * `GlobalEventHandlersEventMap`, so `addEventListener` hands listeners a typed `detail`.
 */
import '../index.js';
import '../components/field-picker/index.js';
import type { QrState } from '../client/types.js';

const badge = document.createElement('ess-status-badge');
badge.addEventListener('ess-status-change', (event) => {
  const status: number = event.detail.status;
  const previous: number | null = event.detail.previousStatus;
  const flowId: string = event.detail.flow.flowId;
  // @ts-expect-error the detail has no such field
  void event.detail.nothing;
  void [status, previous, flowId];
});

document.addEventListener('ess-error', (event) => {
  const fields: [string, string, string, number, string | null] = [
    event.detail.action,
    event.detail.code,
    event.detail.message,
    event.detail.status,
    event.detail.requestId,
  ];
  void fields;
});

document.createElement('ess-sign-button').addEventListener('ess-sign-open', (event) => {
  const mode: 'mobile' | 'desktop' = event.detail.mode;
  event.preventDefault();
  void mode;
});

document.createElement('ess-download-button').addEventListener('ess-download', (event) => {
  const urls: string[] = event.detail.urls;
  void urls;
});

const panel = document.createElement('ess-qr-panel');
panel.addEventListener('ess-qr-created', (event) => {
  const id: string = event.detail.qrCodeId;
  void id;
});
panel.addEventListener('ess-qr-state-change', (event) => {
  const state: QrState = event.detail.state;
  void state;
});
panel.addEventListener('ess-qr-cancelled', (event) => {
  const id: string = event.detail.qrCode.qrCodeId;
  void id;
});

document.createElement('ess-field-picker').addEventListener('ess-fields-change', (event) => {
  const valid: boolean = event.detail.valid;
  void valid;
});

// An unknown ess- name stays a plain Event.
document.addEventListener('ess-unknown', (event) => {
  // @ts-expect-error a plain Event has no detail
  void event.detail;
});
