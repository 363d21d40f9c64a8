/**
 * Callback messages built from the state's domain events, with the field names of the guide and
 * ess-api.md §9. Builders are pure: the dispatcher supplies lookups (staff names) and ids.
 */
import type { StateEventMap } from '../state/events.js';
import type { Flow, FlowApprover } from '../state/types.js';

/** v2 envelope (§9.5). v1 targets get the MsgData of a flow message bare, other families this envelope. */
export interface CallbackEnvelope {
  MsgId: string;
  MsgType: string;
  MsgVersion: 'CustomApp';
  MsgData: Record<string, unknown>;
}

/** FlowStatus → FlowCallbackStatus / FlowCallbackShowStatus (§9.7). Fill-in states map to 8, fill refusal to 3. */
const FLOW_CALLBACK_STATUS: Record<number, [number, string]> = {
  0: [1, 'INIT'],
  1: [1, 'INIT'],
  2: [2, 'PART'],
  3: [3, 'REJECT'],
  4: [4, 'ALL'],
  5: [5, 'DEADLINE'],
  6: [6, 'CANCEL'],
  7: [8, 'INIT'],
  8: [8, 'INIT'],
  9: [8, 'INIT'],
  10: [3, 'REJECT'],
  16: [16, 'INVALID'],
  21: [21, 'RELIEVED'],
};

/** ApproveStatus → ApproveCallbackShowStatus (§9.7); 0/1 (not yet their turn) show as PENDING like 2/7. */
const APPROVE_SHOW_STATUS: Record<number, string> = {
  0: 'PENDING',
  1: 'PENDING',
  2: 'PENDING',
  3: 'ACCEPT',
  4: 'REJECT',
  5: 'DEADLINE',
  6: 'CANCEL',
  7: 'PENDING',
  8: 'FILLPENDING',
  9: 'STOP',
  10: 'FILLACCEPT',
  15: 'RELIEVED',
  19: 'FORWARD',
};

/** A flow status by the name callbacks show (FlowCallbackShowStatus); the partner API (essbasic) reports flows by it. */
export function flowStatusName(status: number): string {
  return FLOW_CALLBACK_STATUS[status]?.[1] ?? 'INIT';
}

/** A signer status by the name callbacks show (ApproveCallbackShowStatus); essbasic reports signers by it. */
export function approveStatusName(status: number): string {
  return APPROVE_SHOW_STATUS[status] ?? 'PENDING';
}

const ID_CARD_TYPE_DESC: Record<string, string> = {
  ID_CARD: '居民身份证',
  HONGKONG_AND_MACAO: '港澳居民来往内地通行证',
  HONGKONG_MACAO_AND_TAIWAN: '港澳台居民居住证',
};

/** Flow operations that produce a FlowStatusChange callback (`create` and `document` do not). */
const FLOW_CALLBACK_OPERATES = new Set([
  'start',
  'sign',
  'reject',
  'cancel',
  'finish',
  'deadline',
  'fill',
  'rescind',
  'transfer',
]);

/**
 * Maps a UserId to the one the callback may carry for an organization. Guide (集团回调): "所有回调的
 * 要素以实际成员企业 orgid、当前企业下的 userid 返回" — when the main organization's operator acted for a
 * member (Agent.ProxyOrganizationId), the member's own operator is reported.
 */
export type LocalUserId = (userId: string, organizationId: string) => string;

const asIs: LocalUserId = (userId) => userId;

function approverItem(approver: FlowApprover, flow: Flow, localUserId: LocalUserId): Record<string, unknown> {
  return {
    ApproveCallbackShowStatus: APPROVE_SHOW_STATUS[approver.status] ?? 'PENDING',
    ApproveCallbackStatus: approver.status,
    ApproveMessage: approver.approveMessage,
    ApproveTime: approver.approveTime,
    ApproverDeadline: flow.deadline,
    ApproverIdCardNumber: approver.idCardNumber,
    ApproverIdCardType: approver.idCardType,
    ApproverIdCardTypeDesc: ID_CARD_TYPE_DESC[approver.idCardType] ?? '',
    ApproverMobile: approver.mobile,
    ApproverName: approver.name,
    ApproverSource: '',
    // Silent signers are enterprise signers (3) on input and in callbacks; 7 (person auto-sign) shows as 1.
    ApproverType: approver.approverType === 7 ? 1 : approver.approverType,
    CaSign: '',
    CustomApproverTag: '',
    CustomUserId: '',
    OrganizationId: approver.organizationId,
    OrganizationName: approver.organizationName,
    RecipientId: approver.RecipientId,
    Required: true,
    UserId: approver.organizationId ? localUserId(approver.userId, approver.organizationId) : approver.userId,
    VerifyChannel: approver.status === 3 && approver.approverType === 1 ? 'WEIXINAPP' : '',
  };
}

/**
 * FlowStatusChange MsgData (every key of §9.7), or null for flow events ESS sends nothing for.
 * `rescind` (status 21) and `transfer` (signer 19) carry those words as `Operate`: the guide lists
 * no value for them.
 */
export function flowMsgData(
  event: StateEventMap['flow.changed'],
  localUserId: LocalUserId = asIs,
): Record<string, unknown> | null {
  if (!FLOW_CALLBACK_OPERATES.has(event.operate)) return null;
  const { flow } = event;
  const [callbackStatus, showStatus] = FLOW_CALLBACK_STATUS[flow.status] ?? [flow.status, 'INIT'];
  const actor = event.recipientId
    ? flow.approvers.find((a) => a.RecipientId === event.recipientId)
    : undefined;
  return {
    Approvers: flow.approvers.map((approver) => approverItem(approver, flow, localUserId)),
    CallbackType: event.operate === 'fill' ? 'fill' : 'sign',
    CallbackUrl: flow.callbackUrl,
    CcInfos: [],
    CreateOn: flow.createdOn,
    DeadLine: flow.deadline,
    DocumentId: flow.documentId,
    FlowCallbackShowStatus: showStatus,
    FlowCallbackStatus: callbackStatus,
    FlowDescription: flow.FlowDescription,
    FlowId: flow.FlowId,
    FlowMessage: flow.message,
    FlowName: flow.FlowName,
    FlowType: flow.FlowType,
    OccurTime: event.occurredAt,
    Operate: event.operate,
    OrganizationId: flow.OrganizationId,
    RecipientId: event.recipientId ?? '',
    ReleaseFlowId: '',
    TemplateId: flow.templateId,
    Unordered: flow.unordered,
    UpdatedOn: flow.updatedOn,
    UserData: flow.userData,
    UserFlowType: { name: '未分类' },
    // The acting user of this step (§9.7); the initiator when nobody in particular acted.
    UserId: actorUserId(event, actor, localUserId),
  };
}

function actorUserId(
  event: StateEventMap['flow.changed'],
  actor: FlowApprover | undefined,
  localUserId: LocalUserId,
) {
  const { flow } = event;
  // A person signer's UserId is their own; company-side and initiator ids are mapped to the flow's organization.
  if (actor && !actor.organizationId) return event.userId ?? actor.userId;
  const organizationId = actor?.organizationId || flow.OrganizationId;
  return localUserId(event.userId ?? actor?.userId ?? flow.creatorId, organizationId);
}

/**
 * DocumentFill MsgData: CreateDocument's asynchronous composition finished. ess-api.md could not
 * retrieve this message's field table; these are the ids a receiver needs to go on (StartFlow).
 */
export function documentFillMsgData(
  event: StateEventMap['flow.changed'],
  localUserId: LocalUserId = asIs,
): Record<string, unknown> {
  const { flow } = event;
  return {
    FlowId: flow.FlowId,
    DocumentId: flow.documentId,
    TemplateId: flow.templateId,
    OrganizationId: flow.OrganizationId,
    UserId: localUserId(flow.creatorId, flow.OrganizationId),
    UserData: flow.userData,
    OccurTime: event.occurredAt,
  };
}

/** OperateSeal MsgData: review results carry only ReviewStatus/ReviewReason besides the seal. */
export function sealMsgData(
  event: StateEventMap['seal.operated'],
  staffName: (userId: string) => string,
  localUserId: LocalUserId = asIs,
): Record<string, unknown> {
  const { seal } = event;
  if (event.operate === 'Review') {
    return {
      SealId: seal.SealId,
      SealName: seal.SealName,
      SealType: seal.SealType,
      ReviewStatus: event.reviewStatus ?? 'PASS',
      ReviewReason: event.reviewReason ?? '',
    };
  }
  const data: Record<string, unknown> = {
    OrganizationId: event.organizationId,
    OperatorUserId: localUserId(event.operatorUserId, event.organizationId),
    SealId: seal.SealId,
    SealName: seal.SealName,
    SealType: seal.SealType,
    Operate: event.operate,
  };
  // The guide: AuthorizedUsers only has a value when Operate is Enable or Disable.
  if (event.operate === 'Enable' || event.operate === 'Disable') {
    data.AuthorizedUsers = event.authorizedUsers.map((userId) => ({
      UserId: userId,
      UserName: staffName(userId),
    }));
  }
  return data;
}

/** TemplateAdd / TemplateUpdate MsgData. */
export function templateMsgData(
  event: StateEventMap['template.changed'],
  localUserId: LocalUserId = asIs,
): Record<string, unknown> {
  const { template } = event;
  return {
    OrganizationId: template.OrganizationId,
    OperatorUserId: localUserId(event.operatorUserId, template.OrganizationId),
    TemplateId: template.TemplateId,
    TemplateName: template.TemplateName,
    ...(event.kind === 'add' ? { CreateTime: event.occurredAt } : { UpdateTime: event.occurredAt }),
  };
}

/** VerifyStaffInfo / RolesChange MsgData; role names only on RolesChange. */
export function staffMsgData(
  event: StateEventMap['staff.changed'],
  previousRoles: string[],
): Record<string, unknown> {
  const { staff } = event;
  return {
    OrganizationId: event.organizationId,
    UserId: staff.UserId,
    Name: staff.name,
    ...(event.kind === 'roles' ? { BeforeRoleNames: previousRoles, AfterRoleNames: [...staff.roles] } : {}),
  };
}

/** FlowCost MsgData; a negative Cost is a refund. */
export function feeMsgData(event: StateEventMap['fee.charged']): Record<string, unknown> {
  return {
    Cost: event.cost,
    CostChannel: '企业版',
    FlowId: event.flow.FlowId,
    OrganizationId: event.organizationId,
    IsResell: false,
  };
}

/**
 * CreateFlowByQrCode MsgData: a scan that could not create a flow. The guide documents the
 * callback but not its fields; these name the code, the template, the reason and the scanner.
 */
export function qrFailureMsgData(event: StateEventMap['qr.scanFailed']): Record<string, unknown> {
  const { qrCode } = event;
  return {
    QrCodeId: qrCode.QrCodeId,
    TemplateId: qrCode.TemplateId,
    OrganizationId: qrCode.OrganizationId,
    FlowName: qrCode.FlowName,
    ErrorCode: event.code,
    ErrorMessage: event.message,
    ApproverName: event.name,
    ApproverMobile: event.mobile,
    UserData: qrCode.userData,
    OccurTime: event.occurredAt,
  };
}

/** Wraps MsgData in the v2 envelope. */
export function envelope(msgId: string, msgType: string, data: Record<string, unknown>): CallbackEnvelope {
  return { MsgId: msgId, MsgType: msgType, MsgVersion: 'CustomApp', MsgData: data };
}
