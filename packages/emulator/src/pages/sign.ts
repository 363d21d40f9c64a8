/**
 * The signing simulator page (`/sign/:flowId?recipient=...`): the contract, its approvers and
 * their states, and — for each approver who may act now — forms to fill, sign and refuse.
 * Ordered flows only offer actions to the current approver (the state decides who that is).
 */
import { flowStatusLabel, isTerminalFlowStatus, signerStatusLabel } from '@ess-kit/shared';
import type { Flow, FlowApprover } from '../state/types.js';
import { html, page, type SafeHtml } from './html.js';

/** Approver statuses in which the approver can act (2 waiting to sign, 8 waiting to fill, 10 filled). */
const ACTIONABLE = new Set([2, 8, 10]);

const APPROVER_TYPE: Record<number, string> = { 0: '企业', 1: '个人', 3: '企业静默签', 7: '个人自动签' };

/** True when this approver may act on the flow right now. */
export function canAct(flow: Flow, approver: FlowApprover): boolean {
  return (
    flow.started &&
    !isTerminalFlowStatus(flow.status) &&
    flow.status !== 10 &&
    ACTIONABLE.has(approver.status)
  );
}

function formatTime(seconds: number): string {
  if (!seconds) return '';
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

function actionPath(flow: Flow, approver: FlowApprover, action: string): string {
  return `/sign/${encodeURIComponent(flow.FlowId)}/approvers/${encodeURIComponent(approver.RecipientId)}/${action}`;
}

function approverActions(flow: Flow, approver: FlowApprover): SafeHtml {
  if (!canAct(flow, approver)) return html``;
  const rid = approver.RecipientId;
  const who = approver.name || approver.organizationName || rid;
  const fill =
    approver.status === 8
      ? html`<form method="post" action="${actionPath(flow, approver, 'fill')}" data-form="fill" data-recipient="${rid}">
  ${approver.fillComponents.map(
    (
      component,
    ) => html`<label for="f-${rid}-${component.ComponentId}">${component.ComponentName || component.ComponentId}${component.ComponentRequired ? ' *' : ''}</label>
  <input type="text" id="f-${rid}-${component.ComponentId}" name="field:${component.ComponentId}" value="${component.ComponentValue}" ${component.ComponentRequired ? 'required' : ''}>`,
  )}
  <div class="actions"><button type="submit" data-action="fill" data-recipient="${rid}" data-testid="fill-${rid}">填写 Fill as ${who}</button></div>
</form>`
      : html``;
  const sign =
    approver.status === 8
      ? html``
      : html`<form class="inline" method="post" action="${actionPath(flow, approver, 'sign')}" data-form="sign" data-recipient="${rid}">
  <button type="submit" data-action="sign" data-recipient="${rid}" data-testid="sign-${rid}">签署 Sign as ${who}</button>
</form>`;
  const reject = html`<form method="post" action="${actionPath(flow, approver, 'reject')}" data-form="reject" data-recipient="${rid}">
  <label for="reason-${rid}">拒签原因 Reason for refusing</label>
  <textarea id="reason-${rid}" name="reason" rows="2" maxlength="500" required></textarea>
  <div class="actions"><button type="submit" class="danger" data-action="reject" data-recipient="${rid}" data-testid="reject-${rid}">拒签 Refuse as ${who}</button></div>
</form>`;
  return html`<div class="card" id="act-${rid}" data-approver-actions="${rid}">
  <strong>${who}</strong> <span class="muted">(${APPROVER_TYPE[approver.approverType] ?? approver.approverType})</span>
  ${fill}${sign}${reject}
</div>`;
}

/** Renders the signing page for a flow. */
export function renderSignPage(
  flow: Flow,
  options: { recipientId?: string; documentUrl: string; notice?: string; error?: string },
): string {
  const terminal = isTerminalFlowStatus(flow.status);
  const me = options.recipientId;
  const ordered = [...flow.approvers].sort(
    (a, b) => Number(b.RecipientId === me) - Number(a.RecipientId === me),
  );
  const actors = ordered.filter((a) => canAct(flow, a));
  const body = html`
<h1 id="flow-name">${flow.FlowName}</h1>
<p class="muted">FlowId <code id="flow-id">${flow.FlowId}</code></p>
<p>状态 Status: <span class="status${terminal ? ' terminal' : ''}" id="flow-status" data-flow-status="${flow.status}">${flowStatusLabel(flow.status, 'zh-CN')} · ${flowStatusLabel(flow.status, 'en')} (${flow.status})</span>
 ${flow.unordered ? '无序签署 unordered' : '顺序签署 ordered'}
 ${flow.deadline ? html` · 截止 deadline ${formatTime(flow.deadline)}` : ''}</p>
${flow.message ? html`<p class="muted" id="flow-message">${flow.message}</p>` : ''}
<p><a id="document-link" href="${options.documentUrl}">合同文件 Contract PDF</a></p>
${options.notice ? html`<div class="notice" role="status" id="notice">${options.notice}</div>` : ''}
${options.error ? html`<div class="error" role="alert" id="error">${options.error}</div>` : ''}
<div class="card">
<table id="approvers">
<thead><tr><th>#</th><th>签署方 Approver</th><th>类型 Type</th><th>状态 Status</th><th>时间 Time</th><th>备注 Note</th></tr></thead>
<tbody>
${flow.approvers.map(
  (
    a,
  ) => html`<tr data-recipient="${a.RecipientId}" data-approve-status="${a.status}" class="${a.RecipientId === me ? 'me' : ''}">
  <td>${a.signOrder + 1}</td>
  <td>${a.name || '—'}${a.organizationName ? html`<br><span class="muted">${a.organizationName}</span>` : ''}${a.RecipientId === me ? html` <span class="status">you</span>` : ''}</td>
  <td>${APPROVER_TYPE[a.approverType] ?? a.approverType}</td>
  <td>${signerStatusLabel(a.status, 'zh-CN')} · ${signerStatusLabel(a.status, 'en')}</td>
  <td>${formatTime(a.approveTime)}</td>
  <td>${a.approveMessage}</td>
</tr>`,
)}
</tbody>
</table>
</div>
${
  actors.length > 0
    ? actors.map((a) => approverActions(flow, a))
    : html`<p class="muted" id="no-actions">${terminal ? '流程已结束，无可执行操作。 This flow has ended.' : flow.started ? '当前没有可操作的签署方。 Nobody can act right now.' : '合同尚未发起 (StartFlow)。 The flow has not been started yet.'}</p>`
}`;
  return page(`${flow.FlowName} · 签署`, body);
}
