/** State objects rendered as ESS output structures (ess-api.md §8), field for field. */
import { seededId } from '../ids.js';
import type { EmulatorState } from '../state/store.js';
import type {
  Component,
  Flow,
  FlowApprover,
  FlowCc,
  Organization,
  Seal,
  Template,
  TemplateRecipient,
} from '../state/types.js';

/** The emulator's ApproverType number → the ApproveType name outputs report. */
export const APPROVE_TYPE: Record<number, string> = {
  0: 'ORGANIZATION',
  1: 'PERSON',
  3: 'ENTERPRISESERVER',
  7: 'PERSON',
};

/**
 * UserFlowType (custom contract type) of a template or flow: the emulator's contract types are
 * plain names, each with a stable id; null when there is none (the field still comes back as a key).
 */
export function userFlowType(name: string): Record<string, string> | null {
  return name ? { UserFlowTypeId: seededId(`user-flow-type:${name}`), Name: name, Description: '' } : null;
}

/** Mobile as the API shows it to the initiator: 138****0001. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
}

export function flowBrief(flow: Flow): Record<string, unknown> {
  return {
    FlowId: flow.FlowId,
    FlowName: flow.FlowName,
    FlowDescription: flow.FlowDescription,
    FlowType: flow.FlowType,
    FlowStatus: flow.status,
    CreatedOn: flow.createdOn,
    FlowMessage: flow.message,
    Creator: flow.creatorId,
    Deadline: flow.deadline,
    UserFlowType: userFlowType(flow.FlowType),
    TemplateId: flow.templateId,
  };
}

export function approverDetail(a: FlowApprover): Record<string, unknown> {
  return {
    ApproveMessage: a.approveMessage,
    ApproveName: a.name,
    ApproveStatus: a.status,
    ReceiptId: a.RecipientId,
    CustomUserId: '',
    Mobile: maskMobile(a.mobile),
    SignOrder: a.signOrder,
    ApproveTime: a.approveTime,
    ApproveType: APPROVE_TYPE[a.approverType] ?? 'PERSON',
    ApproverSource: '',
    CustomApproverTag: '',
    OrganizationId: a.organizationId,
    OrganizationName: a.organizationName,
    SignId: a.SignId,
    ApproverRoleName: a.roleName,
    RecipientId: a.RecipientId,
    ForwardRecords: a.forwardRecords.map((r) => ({
      Name: r.name,
      Mobile: maskMobile(r.mobile),
      ForwardType: 'FORWARD',
      ForwardMessage: '签署人转交',
      ForwardTime: r.time,
    })),
  };
}

/**
 * A CC recipient as a FlowApproverDetail. Tencent documents the structure, not its values for a CC:
 * the emulator's choice is ApproveStatus 0 (a CC has nothing to do), SignOrder 0, no ApproveTime.
 */
function ccDetail(flow: Flow, cc: FlowCc): Record<string, unknown> {
  const company = cc.ccType === 1;
  return {
    ApproveMessage: '',
    ApproveName: cc.name,
    ApproveStatus: 0,
    ReceiptId: cc.RecipientId,
    CustomUserId: '',
    Mobile: maskMobile(cc.mobile),
    SignOrder: 0,
    ApproveTime: 0,
    ApproveType: company ? 'ORGANIZATION' : 'PERSON',
    ApproverSource: '',
    CustomApproverTag: '',
    OrganizationId: company && !cc.organizationName ? flow.OrganizationId : '',
    OrganizationName: cc.organizationName,
    SignId: '',
    ApproverRoleName: '关注方',
    RecipientId: cc.RecipientId,
    ForwardRecords: [],
  };
}

export function flowDetail(flow: Flow): Record<string, unknown> {
  return {
    FlowId: flow.FlowId,
    FlowName: flow.FlowName,
    FlowType: flow.FlowType,
    FlowStatus: flow.status,
    FlowMessage: flow.message,
    FlowDescription: flow.FlowDescription,
    CreatedOn: flow.createdOn,
    FlowApproverInfos: flow.approvers.map(approverDetail),
    CcInfos: (flow.ccs ?? []).map((cc) => ccDetail(flow, cc)),
    Creator: flow.creatorId,
    UserFlowType: userFlowType(flow.FlowType),
    TemplateId: flow.templateId,
    // Remarks are set with OperateFlowRemarks, which ess-kit does not use: none.
    FlowRemarks: [],
  };
}

/** Items for ApproverItem[] in CreateFlowByFiles / CreateDocument responses. */
export function approverItems(flow: Flow): Array<Record<string, string>> {
  return flow.approvers.map((a) => ({
    SignId: a.SignId,
    RecipientId: a.RecipientId,
    ApproverRoleName: a.roleName,
  }));
}

/** A Component as ess output structures show it (essbasic's views add their model's extra fields). */
export function componentView(c: Component): Record<string, unknown> {
  return {
    ComponentId: c.ComponentId,
    ComponentType: c.ComponentType,
    ComponentName: c.ComponentName,
    ComponentRequired: c.ComponentRequired,
    ComponentRecipientId: c.ComponentRecipientId,
    FileIndex: c.FileIndex,
    GenerateMode: 'NORMAL',
    ComponentWidth: c.ComponentWidth,
    ComponentHeight: c.ComponentHeight,
    ComponentPage: c.ComponentPage,
    ComponentPosX: c.ComponentPosX,
    ComponentPosY: c.ComponentPosY,
    ComponentExtra: '',
    ComponentValue: c.ComponentValue,
    IsFormType: false,
    // Template components are placed by coordinates (GenerateMode NORMAL): the keyword options are
    // their defaults or empty values (the enums take no ""), the fields Tencent marks 【暂未使用】 theirs.
    OffsetX: 0,
    OffsetY: 0,
    KeywordOrder: 'Positive',
    KeywordPage: 0,
    RelativeLocation: 'Middle',
    KeywordIndexes: [],
    LockComponentValue: false,
    ForbidMoveAndDelete: false,
    ComponentDateFontSize: 12,
    ChannelComponentId: '',
    ChannelComponentSource: 0,
  };
}

function recipientView(r: TemplateRecipient): Record<string, unknown> {
  return {
    RecipientId: r.RecipientId,
    RecipientType: r.RecipientType,
    Description: '',
    RoleName: r.RoleName,
    RequireValidation: false,
    RequireSign: true,
    RoutingOrder: r.RoutingOrder,
    RequireDelivery: true,
    Email: '',
    Mobile: '',
    UserId: '',
    DeliveryMethod: 'MOBILE', // one of the documented values; ESS notifies signers by SMS
    // ESS marks its auto-sign recipients this way; ess-kit clients read it to know who signs silently.
    RecipientExtra: JSON.stringify({
      SameWithPromoter: r.RecipientType === 'ENTERPRISE',
      AutoSign: r.silent,
    }),
    ApproverVerifyTypes: [1],
    ApproverSignTypes: [1, 2, 3],
    NoTransfer: false,
  };
}

export function templateInfo(state: EmulatorState, t: Template, detailed: boolean): Record<string, unknown> {
  const creator = state.data.staff[t.creatorId];
  const seal = t.sealId ? state.data.seals[t.sealId] : undefined;
  const file = state.data.files[t.fileId];
  const seals = seal ? [{ SealId: seal.SealId, SealType: seal.SealType, SealName: seal.SealName }] : [];
  return {
    TemplateId: t.TemplateId,
    TemplateName: t.TemplateName,
    Recipients: t.recipients.map(recipientView),
    Components: detailed ? t.components.map(componentView) : [],
    SignComponents: detailed ? t.signComponents.map(componentView) : [],
    Description: t.Description,
    DocumentResourceIds: [t.fileId],
    FileInfos: file
      ? [
          {
            FileId: file.FileId,
            FileName: file.FileName,
            FileSize: file.bytes.length,
            CreatedOn: file.createdOn,
          },
        ]
      : [],
    AttachmentResourceIds: [],
    SignOrder: t.unordered ? [-1] : t.recipients.map((r) => r.RoutingOrder),
    Status: t.status,
    Creator: creator?.name ?? '',
    CreatedOn: t.createdOn,
    Promoter: recipientView(t.promoter),
    TemplateType: t.recipients.some((r) => r.silent) ? 1 : 3,
    Available: t.available,
    OrganizationId: t.OrganizationId,
    CreatorId: t.creatorId,
    PreviewUrl: '',
    UserFlowType: userFlowType(t.flowType),
    TemplateVersion: t.version,
    Published: true,
    ShareTemplateId: '',
    TemplateSeals: seals,
    // Deprecated twin of TemplateSeals ("模板内部指定的印章列表"): the same seals.
    Seals: seals,
  };
}

export function occupiedSeal(seal: Seal, withUsers: boolean, imageUrl: string): Record<string, unknown> {
  return {
    SealId: seal.SealId,
    SealName: seal.SealName,
    CreateOn: seal.createdOn,
    Creator: seal.creatorId,
    SealPolicyId: '',
    SealStatus: seal.status,
    FailReason: seal.failReason,
    Url: imageUrl,
    SealType: seal.SealType,
    IsAllTime: true,
    AuthorizedUsers: withUsers ? seal.authorizedUsers.map((UserId) => ({ UserId })) : [],
    ExtendScene: { GenerateType: 'GENERATE', GenerateTypeDesc: '系统生成', GenerateTypeLogo: '' },
    RealWidth: 42,
    RealHeight: 42,
    // Custom seal sub-types and descriptions are console-only settings the emulator does not model.
    SubSealType: '',
    SubSealName: '',
    SealDescription: '',
  };
}

export function groupOrganization(org: Organization): Record<string, unknown> {
  return {
    Name: org.OrganizationName,
    Alias: org.OrganizationName,
    OrganizationId: org.OrganizationId,
    UpdateTime: org.joinTime,
    Status: org.groupStatus,
    IsMainOrganization: org.isMain,
    IdCardNumber: `${org.uscc.slice(0, 4)}**********${org.uscc.slice(-4)}`,
    AdminInfo: { Name: `${org.adminName.slice(0, 1)}*`, Mobile: maskMobile(org.adminMobile) },
    License: '',
    LicenseExpireTime: 0,
    JoinTime: org.joinTime,
    FlowEngineEnable: false,
  };
}
