/**
 * The scan page (`/qr/:qrCodeId`): what a person sees after scanning a multi-sign QR code. It
 * asks for a name and mobile and creates a flow from the template; exhausted, expired and
 * cancelled codes say so instead.
 */
import type { QrCode, Template } from '../state/types.js';
import { html, page } from './html.js';

const STATE_TEXT: Record<QrCode['state'], string> = {
  active: '',
  exhausted: '二维码已达到最大发起份数 — this QR code has reached its maximum number of contracts.',
  expired: '二维码已过期 — this QR code has expired.',
  cancelled: '二维码已撤销 — this QR code has been cancelled.',
};

/** Renders the scan page; `values` refills the form after a refusal. */
export function renderQrPage(
  qr: QrCode,
  template: Template | undefined,
  options: { error?: string; values?: { name?: string; mobile?: string } } = {},
): string {
  const active = qr.state === 'active';
  const body = html`
<h1 id="qr-name">${qr.qrCodeName || qr.FlowName}</h1>
<p class="muted">QrCodeId <code id="qr-id">${qr.QrCodeId}</code>${template ? html` · 模板 ${template.TemplateName}` : ''}</p>
<p>状态 State: <span class="status${active ? '' : ' terminal'}" id="qr-state" data-qr-state="${qr.state}">${qr.state}</span>
 · ${qr.flowIds.length}/${qr.maxFlowNum} 份 contracts
 · 有效期至 valid until ${new Date(qr.expiredTime * 1000).toISOString().replace('T', ' ').slice(0, 19)}</p>
${options.error ? html`<div class="error" role="alert" id="error">${options.error}</div>` : ''}
${
  active
    ? html`<div class="card">
<form method="post" action="/qr/${encodeURIComponent(qr.QrCodeId)}" data-form="scan">
  <label for="scan-name">姓名 Name</label>
  <input type="text" id="scan-name" name="name" maxlength="50" required value="${options.values?.name ?? ''}">
  <label for="scan-mobile">手机号 Mobile</label>
  <input type="tel" id="scan-mobile" name="mobile" pattern="1[0-9]{10}" maxlength="11" required value="${options.values?.mobile ?? ''}">
  <div class="actions"><button type="submit" data-action="scan" data-testid="scan">发起签署 Start signing</button></div>
</form>
</div>`
    : html`<p class="error" id="qr-unavailable">${STATE_TEXT[qr.state]}</p>`
}`;
  return page(`${qr.FlowName} · 扫码签署`, body);
}

/** A page for an unknown flow or QR code. */
export function renderNotFound(what: string, id: string): string {
  return page(
    '不存在 Not found',
    html`<h1>不存在 Not found</h1><p class="error" id="error">${what} <code>${id}</code> does not exist in this emulator (it may have been reset).</p>`,
  );
}
