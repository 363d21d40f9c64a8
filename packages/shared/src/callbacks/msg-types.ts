/**
 * Every callback message type (MsgType) of an ESS self-built application (企业版, API `ess`), with
 * the family ess-kit files it under. Source: the list of callback events in Tencent's own callback
 * dispatcher (`tencentess/tsign-callback-dispatcher`) and the developer-center callback pages it
 * links (`qian.tencent.com/developers/company/callback_types_*`): 46 types in 9 categories.
 * Anything else a sender invents is still delivered, as family `unknown`, with its data verbatim.
 */

/** Callback families ess-kit distinguishes. */
export type EssEventFamily =
  /** 合同: a flow's status, forwarding, reviews, deadlines, batch cancels, composition, flow groups. */
  | 'flow'
  /** 印章: seal operations, employee practice seals, seal use records. */
  | 'seal'
  /** 模板: templates added, updated, deleted, enabled or disabled. */
  | 'template'
  /** 企业员工: employees' roles, joining, leaving, verification, mobile and name changes. */
  | 'staff'
  /** 企业: the organization itself — base info, closing, group membership, extended services, authorization. */
  | 'organization'
  /** 费用: charges (FlowCost, BillingUse, one-code-multi-sign costs). */
  | 'fee'
  /** 一码多签: a QR scan that could not create a flow. */
  | 'qr'
  /** 自动签: personal auto-sign and other parties' silent-sign authorization. */
  | 'auto-sign'
  /** 合同智能 / 合同对比: AI review and extraction, contract diff tasks. */
  | 'ai'
  /** A MsgType not in the catalogue. */
  | 'unknown';

interface MsgTypeInfo {
  family: Exclude<EssEventFamily, 'unknown'>;
  /** Tencent's label. */
  label: string;
  /** Marked 已废弃 by Tencent. */
  deprecated?: true;
}

/** The catalogue, in Tencent's order. Keys are spelled as Tencent sends them (ForwardFLow, QuiteJob: sic). */
export const ESS_CALLBACK_MSG_TYPES = {
  FlowStatusChange: { family: 'flow', label: '合同状态变动' },
  FlowCost: { family: 'fee', label: '合同发起扣费', deprecated: true },
  ForwardFLow: { family: 'flow', label: '合同转交' },
  CreateFlowReview: { family: 'flow', label: '发起合同审核' },
  ReceiveFlow: { family: 'flow', label: '或签/动态签署人领取合同' },
  ApproverDeadlineExpired: { family: 'flow', label: '签署人签署截止时间过期' },
  CancelFlows: { family: 'flow', label: '批量撤销结果' },
  DocumentFill: { family: 'flow', label: '合同文档合成完成' },
  FlowGroupStatusChange: { family: 'flow', label: '合同组状态变动' },
  ReviewerFlowRead: { family: 'flow', label: '关注方合同已读' },
  OperateSeal: { family: 'seal', label: '印章操作' },
  EmployeeSealAuth: { family: 'seal', label: '员工执业章' },
  SealUse: { family: 'seal', label: '用印记录' },
  TemplateAdd: { family: 'template', label: '模板新增' },
  TemplateUpdate: { family: 'template', label: '模板更新' },
  TemplateDelete: { family: 'template', label: '模板删除' },
  TemplateAvailable: { family: 'template', label: '启用或停用模板' },
  RolesChange: { family: 'staff', label: '员工角色变更' },
  ApproveEmployeeJoin: { family: 'staff', label: '员工加入审核' },
  QuiteJob: { family: 'staff', label: '员工离职' },
  SuperAdminChange: { family: 'staff', label: '超管变更' },
  ModifyOrganizationBaseInfo: { family: 'organization', label: '企业基础信息变更' },
  CloseOrganization: { family: 'organization', label: '企业注销' },
  SubOrganizationJoinOrganizationGroup: { family: 'organization', label: '集团子企业加入' },
  UnbindOrganizationGroup: { family: 'organization', label: '集团子企业解除' },
  OperateExtendedService: { family: 'organization', label: '拓展服务操作' },
  CreateOrganization: { family: 'organization', label: '引导企业实名认证后' },
  UserAccountVerify: { family: 'staff', label: '引导个人实名认证后' },
  UserMobileChange: { family: 'staff', label: '用户手机号变更' },
  OrganizationAuthorization: { family: 'organization', label: '认证流创建/失效' },
  OrgAuthorizationFileSubmit: { family: 'organization', label: '授权书上传' },
  OrganizationAuthorizationFileReview: { family: 'organization', label: '授权书审核结果' },
  OrgAuthorizationFileInvalid: { family: 'organization', label: '授权书失效' },
  UserNameChange: { family: 'staff', label: '用户姓名变更' },
  CreateFlowByQrCode: { family: 'qr', label: '一码多签发起合同失败' },
  MultiFlowSignQrCodeCost: { family: 'fee', label: '一码多签发起合同消费' },
  PartnerServerSignAuthorization: { family: 'auto-sign', label: '他方静默签授权' },
  BillingUse: { family: 'fee', label: '扣费' },
  OpenUserAutoSign: { family: 'auto-sign', label: '个人开通自动签' },
  AutoSignSealImg: { family: 'auto-sign', label: '个人自动签印章' },
  DisableUserAutoSign: { family: 'auto-sign', label: '个人停用自动签' },
  CancelUserAutoSign: { family: 'auto-sign', label: '个人解除自动签' },
  AIContractReview: { family: 'ai', label: '合同智能审查' },
  AIInformationExtraction: { family: 'ai', label: '合同智能提取' },
  ContractDiffTaskFinish: { family: 'ai', label: '合同对比任务完成' },
  ContractDiffTaskCreate: { family: 'ai', label: '合同对比任务创建' },
} as const satisfies Record<string, MsgTypeInfo>;

/** A MsgType of the catalogue. */
export type EssCallbackMsgType = keyof typeof ESS_CALLBACK_MSG_TYPES;

/**
 * MsgTypes outside the ess catalogue that ess-kit files under a family anyway: `VerifyStaffInfo`,
 * a partner-platform (essbasic) type recognised since the first release.
 */
const EXTRA_FAMILIES: Record<string, Exclude<EssEventFamily, 'unknown'>> = {
  VerifyStaffInfo: 'staff',
};

const FAMILY_BY_MSG_TYPE = new Map<string, EssEventFamily>(
  [
    ...Object.entries(ESS_CALLBACK_MSG_TYPES).map(([type, info]) => [type, info.family]),
    ...Object.entries(EXTRA_FAMILIES),
  ].map(([type, family]) => [type.toLowerCase(), family as EssEventFamily]),
);

/** The family a MsgType belongs to (`unknown` for anything not in the catalogue); case-insensitive. */
export function callbackFamily(msgType: string): EssEventFamily {
  return FAMILY_BY_MSG_TYPE.get(msgType.toLowerCase()) ?? 'unknown';
}
