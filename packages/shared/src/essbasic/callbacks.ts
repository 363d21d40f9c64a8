/**
 * Partner-platform (第三方应用) callbacks in the normalized event model. The platform's messages use
 * the `ess` envelope and crypto (AES-256-CBC with the application's key, `Content-Signature` with its
 * token) with `MsgVersion: "ThirdPartyApp"`; their MsgData names the application (`ApplicationId`)
 * and the sub-company (`ProxyOrganizationOpenId`, its operator `ProxyOperatorOpenId`), and reports
 * statuses by name (`FlowStatus: "PART"`, approvers' `ApproveStatus: "ACCEPT"`).
 * `normalizeCallback` calls {@link applyPlatformCallback}; every platform event carries the
 * sub-company's ProxyOrganizationOpenId as `tenant`.
 */
import type { EssEvent, EssEventApprover } from '../callbacks/event.js';
import type { EssEventFamily } from '../callbacks/msg-types.js';

/** `MsgVersion` of partner-platform callbacks (企业版 sends `CustomApp`). */
export const ESSBASIC_MSG_VERSION = 'ThirdPartyApp';

/** Flow status names of the partner API (FlowDetailInfo.FlowStatus, callbacks) → ess FlowStatus numbers. */
export const ESSBASIC_FLOW_STATUS: Readonly<Record<string, number>> = {
  INIT: 1,
  PART: 2,
  REJECT: 3,
  ALL: 4,
  DEADLINE: 5,
  CANCEL: 6,
  FILLPENDING: 8,
  INVALID: 16,
  RELIEVED: 21,
};

/** Signer status names (FlowApproverDetail.ApproveStatus, callbacks) → ess ApproveStatus numbers. */
export const ESSBASIC_APPROVE_STATUS: Readonly<Record<string, number>> = {
  PENDING: 2,
  ACCEPT: 3,
  REJECT: 4,
  DEADLINE: 5,
  CANCEL: 6,
  FILLPENDING: 8,
  STOP: 9,
  FILLACCEPT: 10,
  RELIEVED: 15,
  FORWARD: 19,
};

/** Message types only the partner platform sends (callback-types.md, 第三方应用), by family. */
const PLATFORM_FAMILIES: Record<string, EssEventFamily> = {
  orgauth: 'staff',
  orgcertify: 'staff',
  orgauthorizationpaymentstatuschange: 'staff',
  orgopentsignbiz: 'staff',
  orgauthaudit: 'staff',
  verifystafffail: 'staff',
  operatorauth: 'staff',
  legalpersonchangeopenid: 'staff',
  organizationauthorization: 'staff',
  orgauthorizationfilesubmit: 'staff',
  orgauthorizationfileinvalid: 'staff',
  modifyorganizationbaseinfo: 'staff',
  closeorganization: 'staff',
  operateextendedservice: 'staff',
  auditsealauth: 'seal',
  sealpolicyworkflow: 'seal',
  flowriskidentify: 'flow',
  partnerserversignauthorization: 'staff',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** True for a partner-platform message (its envelope says so, or its data names the application). */
export function isPlatformCallback(message: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return (
    message.MsgVersion === ESSBASIC_MSG_VERSION ||
    (text(data.ApplicationId) !== undefined && 'ProxyOrganizationOpenId' in data)
  );
}

function platformApprovers(items: unknown[]): EssEventApprover[] {
  const out: EssEventApprover[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const recipientId = text(item.RecipientId);
    const status = text(item.ApproveStatus);
    const approveStatus = status === undefined ? undefined : ESSBASIC_APPROVE_STATUS[status.toUpperCase()];
    if (recipientId === undefined || approveStatus === undefined) continue;
    const approver: EssEventApprover = { recipientId, approveStatus };
    const type = text(item.ApproveType);
    if (type) approver.approverType = type === 'PERSON' ? 1 : type === 'ENTERPRISESERVER' ? 3 : 0;
    const organizationId = text(item.ProxyOrganizationOpenId);
    if (organizationId) approver.organizationId = organizationId;
    const organizationName = text(item.ProxyOrganizationName);
    if (organizationName) approver.organizationName = organizationName;
    const name = text(item.ApproveName);
    if (name) approver.approverName = name;
    if (typeof item.ApproveTime === 'number' && item.ApproveTime > 0) approver.approveTime = item.ApproveTime;
    const message = text(item.ApproveMessage);
    if (message) approver.approveMessage = message;
    out.push(approver);
  }
  return out;
}

/**
 * The normalize hook: for a partner-platform message, fills `applicationId` and `tenant` (the
 * sub-company's ProxyOrganizationOpenId) and reads the platform's status names. Returns the event
 * unchanged for any other message.
 */
export function applyPlatformCallback(
  message: Record<string, unknown>,
  data: Record<string, unknown>,
  event: Omit<EssEvent, 'dedupeKey'>,
): Omit<EssEvent, 'dedupeKey'> {
  if (!isPlatformCallback(message, data)) return event;
  const out = { ...event };
  const applicationId = text(data.ApplicationId);
  if (applicationId) out.applicationId = applicationId;
  const tenant = text(data.ProxyOrganizationOpenId);
  if (tenant) out.tenant = tenant;
  // Platform messages name no ess OrganizationId: the sub-company is the organization they are about.
  if (!out.organizationId && tenant) out.organizationId = tenant;
  if (out.family === 'unknown') out.family = PLATFORM_FAMILIES[out.msgType.toLowerCase()] ?? 'unknown';
  const status = text(data.FlowStatus);
  if (status && ESSBASIC_FLOW_STATUS[status.toUpperCase()] !== undefined)
    out.flowStatus = ESSBASIC_FLOW_STATUS[status.toUpperCase()];
  if (Array.isArray(data.Approvers)) out.approvers = platformApprovers(data.Approvers);
  const operator = text(data.ProxyOperatorOpenId);
  if (operator && !out.userId) out.userId = operator;
  const customerData = text(data.CustomerData);
  if (customerData && !out.userData) out.userData = customerData;
  return out;
}
