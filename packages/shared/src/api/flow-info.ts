/**
 * Reading flows back (ess-api.md §7.10, §7.14, §8): FlowBrief, FlowDetailInfo and the signers in them.
 */
import * as z from 'zod';
import { Agent, UserFlowType, UserInfo } from './common.js';
import { ApproveStatus, ApproveType, FlowStatus } from './enums.js';

/** ForwardRecord (output) — ess-api.md §7/§8. */
export const ForwardRecord = z.object({
  /** Masked name. Example: `叶**`. */
  Name: z.string().optional(),
  /** Masked mobile. Example: `1*********0`. */
  Mobile: z.string().optional(),
  /** `QUIT_FORWARD` (resignation) / `FORWARD`. Example: `FORWARD`. */
  ForwardType: z.enum(['QUIT_FORWARD', 'FORWARD']).optional(),
  /** Detail. Example: `员工操作进行转交`. */
  ForwardMessage: z.string().optional(),
  /** Unix s. Example: `1780000034`. */
  ForwardTime: z.int().optional(),
});
export type ForwardRecord = z.infer<typeof ForwardRecord>;

/** FlowApproverDetail (output) — ess-api.md §7/§8. */
export const FlowApproverDetail = z.object({
  /** Message (e.g. refusal reason). Example: `发起方因为【金额错误】撤销合同`. */
  ApproveMessage: z.string(),
  /** Signer name. Example: `典子谦`. */
  ApproveName: z.string(),
  /** See ApproveStatus table. Example: `10`. */
  ApproveStatus: ApproveStatus,
  /** Deprecated alias of RecipientId (still returned). Example: `1`. @deprecated */
  ReceiptId: z.string(),
  /** Customer-defined user id. Example: `n9727`. */
  CustomUserId: z.string(),
  /** Mobile (may be masked). Example: `1320****000`. */
  Mobile: z.string(),
  /** Order (ascending) for ordered flows; starts at 0 in examples. Example: `1`. */
  SignOrder: z.int(),
  /** Sign time unix s (0 if not signed). Example: `1736409770`. */
  ApproveTime: z.int(),
  /** `ORGANIZATION`, `PERSON`, `ENTERPRISESERVER`. Example: `ORGANIZATION`. */
  ApproveType: ApproveType,
  /** e.g. WEWORKAPP. Example: `WEWORKAPP`. */
  ApproverSource: z.string(),
  /** Custom tag. Example: `甲方`. */
  CustomApproverTag: z.string(),
  /** Org id ("" for individuals). Example: `yDxbWUyKQDxgXVUuO4zjEB8mxCcDjAyF`. */
  OrganizationId: z.string(),
  /** Org name. Example: `典子谦示例企业`. */
  OrganizationName: z.string(),
  /** Per-flow signer node id. Example: `yDtwLUUckp79rcc2UuSIlvCCkIZsXxFY`. */
  SignId: z.string().optional(),
  /** Role name. Example: `甲方`. */
  ApproverRoleName: z.string().optional(),
  /** Role id. Example: `yDw6yUUgyg3caowzUx4GQptRKfMnJqX8`. */
  RecipientId: z.string(),
  /** `ForwardRecord[]` (oldest first). */
  ForwardRecords: z.array(ForwardRecord).optional(),
});
export type FlowApproverDetail = z.infer<typeof FlowApproverDetail>;

/** FlowBrief (output) — ess-api.md §7/§8. */
export const FlowBrief = z.object({
  /** Id. Example: `yDRCLUUgygq2xun5UuO4zjEwg0vjoimj`. */
  FlowId: z.string(),
  /** Name. Example: `测试合同-1`. */
  FlowName: z.string(),
  /** Description. Example: `测试流程的描述信息`. */
  FlowDescription: z.string(),
  /** Legacy category (use UserFlowType). Example: `入职合同`. */
  FlowType: z.string(),
  /** See FlowStatus table. Example: `1`. */
  FlowStatus: FlowStatus,
  /** Unix s. Example: `1604910798`. */
  CreatedOn: z.int(),
  /** Refusal/cancel reason (status 3/6). Example: `因合同中的预付款金额错误所以撤销此合同`. */
  FlowMessage: z.string(),
  /** Initiator UserId. Example: `yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy`. */
  Creator: z.string(),
  /** Unix s. Example: `1606910798`. */
  Deadline: z.int(),
  /** Custom type. */
  UserFlowType: UserFlowType.nullable().optional(),
  /** Template id. Example: `yDtIcUUckp9d8yxkUxdI5uCy3KQ2RGCJ`. */
  TemplateId: z.string().optional(),
});
export type FlowBrief = z.infer<typeof FlowBrief>;

/** FlowDetailInfo (output) — ess-api.md §7/§8. */
export const FlowDetailInfo = z.object({
  /** 32-char id. Example: `yDRCLUUgygq2xun5UuO4zjEwg0vjoimj`. */
  FlowId: z.string(),
  /** Name. Example: `购买50吨西瓜的采购合同`. */
  FlowName: z.string(),
  /** Legacy category (being retired). Example: `入职合同`. */
  FlowType: z.string(),
  /** See FlowStatus table (0–10, 16, 21). Example: `1`. */
  FlowStatus: FlowStatus,
  /** Refusal/cancel reason when status 3 or 6. Example: `因合同中的预付款金额错误所以撤销此合同`. */
  FlowMessage: z.string(),
  /** Description. Example: `测试流程的描述信息`. */
  FlowDescription: z.string(),
  /** Unix s. Example: `1606910798`. */
  CreatedOn: z.int(),
  /** `FlowApproverDetail[]`. */
  FlowApproverInfos: z.array(FlowApproverDetail),
  /** CCs as `FlowApproverDetail[]`. */
  CcInfos: z.array(FlowApproverDetail),
  /** Initiator UserId. Example: `yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy`. */
  Creator: z.string(),
  /** Custom type. */
  UserFlowType: UserFlowType.nullable().optional(),
  /** Template used (template flows). Example: `yDtIcUUckp9d8yxkUxdI5uCy3KQ2RGCJ`. */
  TemplateId: z.string().optional(),
  /** Remarks. Example: `["标签2"]`. */
  FlowRemarks: z.array(z.string()).optional(),
});
export type FlowDetailInfo = z.infer<typeof FlowDetailInfo>;

/** DescribeFlowInfoRequest — ess-api.md §7. */
export const DescribeFlowInfoRequest = z.object({
  /** Spec: optional (but normally passed). */
  Operator: UserInfo.optional(),
  /** Up to 100 flow ids (omit when using FlowGroupId). Example: `["yDRCLUUgygq2xun5UuO4zjEwg0vjoimj"]`. */
  FlowIds: z.array(z.string()).optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** If set, FlowIds ignored; returns all sub-flows of the group. Example: `yDwJKUUckpk3cp9kUybilmdvXgzy4Gv4`. */
  FlowGroupId: z.string().optional(),
});
export type DescribeFlowInfoRequest = z.infer<typeof DescribeFlowInfoRequest>;

/** DescribeFlowInfoResponse (output) — ess-api.md §7. */
export const DescribeFlowInfoResponse = z.object({
  /** `FlowDetailInfo[]`. */
  FlowDetailInfos: z.array(FlowDetailInfo),
  /** Only for group queries (else ""). Example: `yDt1iUUckp7xb05iUuWfBtZwW5IdVzLn`. */
  FlowGroupId: z.string().optional(),
  /** Only for group queries (else ""). Example: `张三入职合同集`. */
  FlowGroupName: z.string().optional(),
  /** Group remarks. Example: `["合同组标签1"]`. */
  FlowGroupRemarks: z.array(z.string()).optional(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type DescribeFlowInfoResponse = z.infer<typeof DescribeFlowInfoResponse>;

/** DescribeFlowBriefsRequest — ess-api.md §7. */
export const DescribeFlowBriefsRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** Up to 100; unknown ids are skipped silently. Example: `[yDRCLUUgygq2xun5UuO4zjEwg0vjoimj]`. */
  FlowIds: z.array(z.string()),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
});
export type DescribeFlowBriefsRequest = z.infer<typeof DescribeFlowBriefsRequest>;

/** DescribeFlowBriefsResponse (output) — ess-api.md §7. */
export const DescribeFlowBriefsResponse = z.object({
  /** `FlowBrief[]` — order may differ from input. */
  FlowBriefs: z.array(FlowBrief),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type DescribeFlowBriefsResponse = z.infer<typeof DescribeFlowBriefsResponse>;
