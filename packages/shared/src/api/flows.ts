/**
 * Creating, starting and cancelling flows, and mini-program links (ess-api.md §7.2, §7.4–7.6, §7.11,
 * §7.15).
 */
import * as z from 'zod';
import { ApproverInfo, CcInfo, FlowCreateApprover } from './approvers.js';
import { Agent, ApproverItem, FlowOperateLimit, RequestIdOnly, UserInfo } from './common.js';
import { Component, FormField } from './components.js';
import {
  AutoSignScene,
  FlowDisplayType,
  IdCardType,
  SchemeEndPoint,
  SchemeHide,
  SchemePathType,
  StartFlowStatus,
} from './enums.js';

/** CreateFlowByFilesRequest — ess-api.md §7. */
export const CreateFlowByFilesRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** ≤200 chars; allowed: CJK, CJK punctuation, letters, digits, space, () [] - _ and , ; . & +. Also default download file name. Example: `2013年采购西红柿合同`. */
  FlowName: z.string(),
  /** PDF resource ids from UploadFiles. Currently only ONE file is supported. Example: `["yDRS4UUgygqdcj2tUuO4zjEEFuP35Swc"]`. */
  FileIds: z.array(z.string()),
  /** Signers (`ApproverInfo`), max 50. For ordered flows, array order = signing order. (Required in the spec up to mid-2025; optional in the 2026 spec, presumably for dynamic-signer flows.) */
  Approvers: z.array(ApproverInfo).optional(),
  /** ≤1000 chars. Example: `2013年采购西红柿合同10吨`. */
  FlowDescription: z.string().optional(),
  /** Free-text contract category (≤200 chars, CJK/letters/digits/_); auto-created as a custom type if absent. Example: `销售合同`. */
  FlowType: z.string().optional(),
  /** Initiator-filled components burned into the PDF at creation (TEXT, MULTI_LINE_TEXT, CHECK_BOX, number, FILL_IMAGE, WATERMARK...). Must carry `ComponentValue`. */
  Components: z.array(Component).optional(),
  /** CC recipients (`CcInfo`), max 50; must not duplicate signers. */
  CcInfos: z.array(CcInfo).optional(),
  /** When CCs get SMS: 0 = on start (default), 1 = after completion. Example: `1`. */
  CcNotifyType: z.literal([0, 1]).optional(),
  /** true = preview only: no flow, no FlowId; returns `PreviewUrl` valid 300 s. Example: `false`. */
  NeedPreview: z.boolean().optional(),
  /** With NeedPreview: 0 = file stream (PDF download, default), 1 = H5 page. Example: `0`. */
  PreviewType: z.literal([0, 1]).optional(),
  /** Signing deadline (unix s). Default: creation + 365 days. Flow becomes expired (5) after it. Example: `1703061565`. */
  Deadline: z.int().optional(),
  /** false (default) = sequential signing; true = any order. Example: `true`. */
  Unordered: z.boolean().optional(),
  /** Caller data, base64-encoded, max length 20480; echoed verbatim in callbacks. Example: `QmFzZTY0IEJhc2U2NCA=`. */
  UserData: z.string().optional(),
  /** Expiry-reminder time (unix s), from start up to +10 years. Example: `1703061565`. */
  RemindedOn: z.int().optional(),
  /** How individual signers unlock viewing: `VerifyCheck` (face, default) or `MobileCheck` (phone match). Example: `MobileCheck`. */
  ApproverVerifyType: z.enum(['VerifyCheck', 'MobileCheck']).optional(),
  /** 0 = initiator fixes sign-component positions; 1 = signer places components while signing (mini-program/web only, not H5). Example: `0`. */
  SignBeanTag: z.literal([0, 1]).optional(),
  /** Template for mini-program list display; variables {合同名称} {发起方企业} {发起方姓名} {签署方N企业} {签署方N姓名}. Example: `合同名称:{合同名称};发起方: {发起方企业}的{发起方姓名}大佬！;净重: …`. */
  CustomShowMap: z.string().optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** Required when an approver has ApproverType 7 (personal auto-sign): `E_PRESCRIPTION_AUTO_SIGN` or `OTHER` (whitelist). Example: `E_PRESCRIPTION_AUTO_SIGN`. */
  AutoSignScene: AutoSignScene.optional(),
  /** true = initiator-side signers blocked until CreateFlowSignReview approves. Example: `true`. */
  NeedSignReview: z.boolean().optional(),
  /** Wording used for 'contract' in UI/SMS: 0 合同 (default), 1 文件, 2 协议, 3 文书. Example: `1`. */
  FlowDisplayType: FlowDisplayType.optional(),
  /** Dynamic-signer 2.0 flow (signers may be appended later); needs modular billing + console switch. Example: `true`. */
  OpenDynamicSignFlow: z.boolean().optional(),
  /** Submit to ESS built-in approval workflow on start (default false). Example: `true`. */
  Workflow: z.boolean().optional(),
  /** `FlowOperateLimit` (e.g. forbid release/termination agreement). */
  FlowOperateLimit: FlowOperateLimit.optional(),
});
export type CreateFlowByFilesRequest = z.infer<typeof CreateFlowByFilesRequest>;

/** CreateFlowByFilesResponse (output) — ess-api.md §7. */
export const CreateFlowByFilesResponse = z.object({
  /** 32-char flow id (empty in preview mode). Example: `yDtwLUUckp79lzviUuBHsZJEXIiDDqEV`. */
  FlowId: z.string(),
  /** Only in preview mode. Example: `https://qian.tencent.com/1234.jpg`. */
  PreviewUrl: z.string(),
  /** `ApproverItem[]`: SignId/RecipientId/ApproverRoleName for each signer (example shows SignId may be empty here). */
  Approvers: z.array(ApproverItem).optional(),
  /** Only when Workflow=true. Example: `2028742319208935424`. */
  WorkflowInstanceId: z.string().optional(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type CreateFlowByFilesResponse = z.infer<typeof CreateFlowByFilesResponse>;

/** CreateFlowRequest — ess-api.md §7. */
export const CreateFlowRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** Same rules as CreateFlowByFiles.FlowName (≤200 chars). Example: `张三的入职合同`. */
  FlowName: z.string(),
  /** `FlowCreateApprover[]`, max 50; ORDER MUST MATCH the template's recipient order (else failure). */
  Approvers: z.array(FlowCreateApprover),
  /** ≤1000 chars. Example: `2025年张三劳务合同`. */
  FlowDescription: z.string().optional(),
  /** ≤200 chars; should match the template's type. Example: `劳务合同`. */
  FlowType: z.string().optional(),
  /** No longer used. Example: `该字段已不再使用`. */
  ClientToken: z.string().optional(),
  /** NOTE capital L. Deadline unix s; default creation + 365 days. Example: `1604912664`. */
  DeadLine: z.int().optional(),
  /** Expiry reminder (≤ +10 years). Example: `1604912664`. */
  RemindedOn: z.int().optional(),
  /** Base64, ≤20480; echoed in callbacks. Example: `55So5oi355qE5pWw5o2u`. */
  UserData: z.string().optional(),
  /** Must match template config. Example: `true`. */
  Unordered: z.boolean().optional(),
  /** See CreateFlowByFiles. Example: `合同名称:{合同名称};发起方: {发起方企业}的{发起方姓名}大佬！;净重: …`. */
  CustomShowMap: z.string().optional(),
  /** See CreateFlowByFiles. Example: `true`. */
  NeedSignReview: z.boolean().optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** Max 50. */
  CcInfos: z.array(CcInfo).optional(),
  /** For ApproverType 7. Example: `E_PRESCRIPTION_AUTO_SIGN`. */
  AutoSignScene: AutoSignScene.optional(),
  /** Deprecated/not open. Example: `yDCjqUUckp4ts9piUrpXRFRicu5rxxHl`. @deprecated */
  RelatedFlowId: z.string().optional(),
  /** Deprecated/not open. Example: `https://callback.qq.com/calback.php`. @deprecated */
  CallbackUrl: z.string().optional(),
  /** 0/1/2/3 as above. Example: `1`. */
  FlowDisplayType: FlowDisplayType.optional(),
  /** Built-in approval on StartFlow. Example: `true`. */
  Workflow: z.boolean().optional(),
  /** See FlowOperateLimit. */
  FlowOperateLimit: FlowOperateLimit.optional(),
});
export type CreateFlowRequest = z.infer<typeof CreateFlowRequest>;

/** CreateFlowResponse (output) — ess-api.md §7. */
export const CreateFlowResponse = z.object({
  /** 32-char id; flow only enters signing after CreateDocument + StartFlow. Example: `yDSLHUUckpoy5mxuUxI88twxivJGeqf5`. */
  FlowId: z.string(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type CreateFlowResponse = z.infer<typeof CreateFlowResponse>;

/** CreateDocumentRequest — ess-api.md §7. */
export const CreateDocumentRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** 32-char template id. Example: `yDCj7UUckp4b4ga6UCJQtCwIZllHtJ6B`. */
  TemplateId: z.string(),
  /** FlowId from CreateFlow. (Spec marks optional since 2024; required before; needed for a real flow.) Example: `yDCVNUUckpw3nnnyUVScgTvSA1IaZgM7`. */
  FlowId: z.string().optional(),
  /** File name list, each ≤200 chars; single file only. Example: `["入职合同"]`. */
  FileNames: z.array(z.string()).optional(),
  /** `FormField[]` values for INITIATOR-owned fill components; can pass auto-sign seal id to SIGN_SEAL components; attachment ids. */
  FormFields: z.array(FormField).optional(),
  /** true = preview (temporary FlowId unusable), `PreviewFileUrl` valid 300 s. Example: `false`. */
  NeedPreview: z.boolean().optional(),
  /** 0 file stream (default), 1 H5. Example: `0`. */
  PreviewType: z.literal([0, 1]).optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** No longer used. Example: `该字段已不再使用`. */
  ClientToken: z.string().optional(),
});
export type CreateDocumentRequest = z.infer<typeof CreateDocumentRequest>;

/** CreateDocumentResponse (output) — ess-api.md §7. */
export const CreateDocumentResponse = z.object({
  /** 32-char document id. Then call StartFlow with the same FlowId. Example: `yDt1JUUckp77a2omUyEmko88eg49PTsN`. */
  DocumentId: z.string(),
  /** Only in preview mode. Example: `https://qian.tencent.cn/4d0d6929-0b40`. */
  PreviewFileUrl: z.string(),
  /** `ApproverItem[]` (RecipientId, SignId, role name). */
  Approvers: z.array(ApproverItem).optional(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type CreateDocumentResponse = z.infer<typeof CreateDocumentResponse>;

/** StartFlowRequest — ess-api.md §7. */
export const StartFlowRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** FlowId from CreateFlow. Example: `yDwFk************qS26`. */
  FlowId: z.string(),
  /** Deprecated idempotency token (≤64). Example: `yDwJ0UUckpk2071xUxgm9jJEvuhEhqD7`. @deprecated */
  ClientToken: z.string().optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** 0 = notify CCs on start (default), 1 = after completion. Example: `0`. */
  CcNotifyType: z.literal([0, 1]).optional(),
});
export type StartFlowRequest = z.infer<typeof StartFlowRequest>;

/** StartFlowResponse (output) — ess-api.md §7. */
export const StartFlowResponse = z.object({
  /** `START` (entered signing), `REVIEW` (awaiting initiator review, whitelist), `EXECUTING` (PDF still compositing; signing starts after). Example: `START`. */
  Status: StartFlowStatus,
  /** Only when CreateFlow had Workflow=true. Example: `2028742319208935424`. */
  WorkflowInstanceId: z.string().optional(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type StartFlowResponse = z.infer<typeof StartFlowResponse>;

/** CancelFlowRequest — ess-api.md §7. */
export const CancelFlowRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** 32-char flow id. Example: `yDwFmUUckpstqfvzUE1h3jo1f3cqjkGm`. */
  FlowId: z.string(),
  /** Reason, ≤200 chars; CJK/letters/digits/CJK & ASCII punctuation; no emoji. Example: `这个合同里边的付款金额写错`. */
  CancelMessage: z.string(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
});
export type CancelFlowRequest = z.infer<typeof CancelFlowRequest>;

/** CancelFlowResponse — ess-api.md §7: only `RequestId`. */
export const CancelFlowResponse = RequestIdOnly;
export type CancelFlowResponse = z.infer<typeof CancelFlowResponse>;

/** FlowGroupApproverInfo — a signer of one flow in a flow group (official SDK model). */
export const FlowGroupApproverInfo = z.object({
  /** Flow of the group. Example: `yDwFmUUckpstqfvzUE1h3jo1f3cqjkGm`. */
  FlowId: z.string().optional(),
  /** The signer's RecipientId in that flow. Example: `yDxZtUyKQD2JuqUuO4zjERYG3XNeEJXw`. */
  RecipientId: z.string().optional(),
});
export type FlowGroupApproverInfo = z.infer<typeof FlowGroupApproverInfo>;

/** FlowGroupUrlInfo — dynamic signers of a flow group, for CreateSchemeUrl (official SDK model). */
export const FlowGroupUrlInfo = z.object({
  FlowGroupApproverInfos: z.array(FlowGroupApproverInfo).optional(),
});
export type FlowGroupUrlInfo = z.infer<typeof FlowGroupUrlInfo>;

/** CreateSchemeUrlRequest — ess-api.md §7. */
export const CreateSchemeUrlRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** Signer company (preset for B-side dynamic signer claims). Example: `典子谦示例企业`. */
  OrganizationName: z.string().optional(),
  /** Signer name (also restricts C-side dynamic signer). Example: `典子谦`. */
  Name: z.string().optional(),
  /** Signer mobile. Example: `13200000000`. */
  Mobile: z.string().optional(),
  /** ID_CARD / HONGKONG_AND_MACAO / HONGKONG_MACAO_AND_TAIWAN (with IdCardNumber). Example: `ID_CARD`. */
  IdCardType: IdCardType.optional(),
  /** Id number. Example: `620000198802020000`. */
  IdCardNumber: z.string().optional(),
  /** `HTTP` (long https link, default), `HTTP_SHORT_URL` (essurl.cn short link), `APP` (mini-program path). Example: `HTTP`. */
  EndPoint: SchemeEndPoint.optional(),
  /** Required when PathType=1. Example: `yDwFmUUckpstqfvzUE1h3jo1f3cqjkGm`. */
  FlowId: z.string().optional(),
  /** For group sign links. Example: `yDR1AUUgygjazuesUuO4zjESPW4PkfNi`. */
  FlowGroupId: z.string().optional(),
  /** 0 = mini-program home (default), 1 = contract detail/sign page (only with HTTP_SHORT_URL or APP), 2 = contract list, 3 = contract cover (required for dynamic-signer links). Example: `1`. */
  PathType: SchemePathType.optional(),
  /** APP endpoint only: return to caller after signing. Example: `false`. */
  AutoJumpBack: z.boolean().optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** Hide buttons: 0 more-actions, 1 refuse, 2 forward, 3 view-details (success page), 4 basic info, 5 cancel. Example: `[1,2]`. */
  Hides: z.array(SchemeHide).optional(),
  /** Required for dynamic-signer claim links. Example: `yDxZtUyKQD2JuqUuO4zjERYG3XNeEJXw`. */
  RecipientId: z.string().optional(),
  /** Group dynamic-signer info. */
  FlowGroupUrlInfo: FlowGroupUrlInfo.optional(),
  /** `WeChatOfficialAccounts` for OA-H5 'return to app' button. Example: `WeChatOfficialAccounts`. */
  UrlUseEnv: z.string().optional(),
  /** Must join preset company before claiming (default false). Example: `false`. */
  PickUpAfterJoined: z.boolean().optional(),
  /** Whitelist: batch confirm read. Example: `false`. */
  CanSkipReadFlow: z.boolean().optional(),
});
export type CreateSchemeUrlRequest = z.infer<typeof CreateSchemeUrlRequest>;

/** CreateSchemeUrlResponse (output) — ess-api.md §7. */
export const CreateSchemeUrlResponse = z.object({
  /** APP: `pages/guide?...`; HTTP: https://res.ess.tencent.cn/cdn/h5-activity/jump-mp.html?...; HTTP_SHORT_URL: https://essurl.cn/xxxx. Valid 90 days; do not append params. Example: `https://essurl.cn/2n**42Nd`. */
  SchemeUrl: z.string(),
  /** QR image URL (dynamic-signer cover links), valid 5 min; may be "". Example: `https://essurl.cn/wq**81uj`. */
  SchemeQrcodeUrl: z.string().optional(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type CreateSchemeUrlResponse = z.infer<typeof CreateSchemeUrlResponse>;
