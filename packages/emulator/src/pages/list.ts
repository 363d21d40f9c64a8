/**
 * The home / contract list page (`/sign/`, CreateSchemeUrl PathType 0 and 2): every flow of the
 * emulator, newest first, each linking to its signing page.
 */
import { flowStatusLabel } from '@ess-kit/shared';
import type { Flow, Organization } from '../state/types.js';
import { html, page } from './html.js';

/** At most this many flows are listed (newest first). */
export const LIST_LIMIT = 200;

export function renderFlowList(flows: Flow[], organizations: Record<string, Organization>): string {
  const newest = [...flows].sort((a, b) => b.createdOn - a.createdOn).slice(0, LIST_LIMIT);
  const body = html`
<h1>合同列表 Contracts</h1>
<p class="muted">${flows.length} flow(s) in this emulator${flows.length > LIST_LIMIT ? `, newest ${LIST_LIMIT} shown` : ''}.</p>
${
  newest.length === 0
    ? html`<p class="muted" id="no-flows">还没有合同 — no flows yet.</p>`
    : html`<div class="card"><table id="flows">
<thead><tr><th>合同 Contract</th><th>企业 Organization</th><th>状态 Status</th></tr></thead>
<tbody>
${newest.map(
  (flow) => html`<tr data-flow-id="${flow.FlowId}">
  <td><a href="/sign/${encodeURIComponent(flow.FlowId)}">${flow.FlowName}</a><br><span class="muted">${flow.FlowId}</span></td>
  <td>${organizations[flow.OrganizationId]?.OrganizationName ?? flow.OrganizationId}</td>
  <td data-flow-status="${flow.status}">${flowStatusLabel(flow.status, 'zh-CN')} · ${flowStatusLabel(flow.status, 'en')}</td>
</tr>`,
)}
</tbody></table></div>`
}`;
  return page('合同列表 · Contracts', body);
}
