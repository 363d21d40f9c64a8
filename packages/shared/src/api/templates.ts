/**
 * Templates (ess-api.md §7.3, §8): TemplateInfo with its roles (Recipient), files and seals.
 */
import * as z from 'zod';
import { Agent, Filter, OrganizationInfo, UserFlowType, UserInfo } from './common.js';
import { Component } from './components.js';
import {
  ApproverSignType,
  ApproverVerifyType,
  RecipientType,
  TemplateAvailable,
  TemplateStatus,
  TemplateType,
} from './enums.js';

/** Recipient (output) — ess-api.md §7/§8. */
export const Recipient = z.object({
  /** Role id. Example: `yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP`. */
  RecipientId: z.string(),
  /** `ENTERPRISE`, `INDIVIDUAL`, `PROMOTER` (may be empty). Example: `ENTERPRISE`. */
  RecipientType: RecipientType.or(z.literal('')),
  /** Description. Example: `合同的甲方`. */
  Description: z.string(),
  /** Role name. Example: `甲方`. */
  RoleName: z.string(),
  /** Default false. Example: `true`. */
  RequireValidation: z.boolean(),
  /** Default true. Example: `true`. */
  RequireSign: z.boolean(),
  /** 0..N order. Example: `1`. */
  RoutingOrder: z.int(),
  /** Default true. Example: `true`. */
  RequireDelivery: z.boolean(),
  /** Email. Example: `zhangsang@qq.com`. */
  Email: z.string(),
  /** Mobile. Example: `18888888888`. */
  Mobile: z.string(),
  /** Bound UserId. Example: `yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP`. */
  UserId: z.string(),
  /** `EMAIL` (default) / `MOBILE` / `WECHAT`. Example: `EMAIL`. */
  DeliveryMethod: z.enum(['EMAIL', 'MOBILE', 'WECHAT']),
  /** JSON string of extras (e.g. {"RecipientEnterpriseType":1,"SameWithPromoter":true}). Example: `{"userData":"xxxx"}`. */
  RecipientExtra: z.string(),
  /** 1 = real-name view, 2 = mobile view. Example: `[1]`. */
  ApproverVerifyTypes: z.array(ApproverVerifyType),
  /** 1 face, 2 password, 3 carrier 3-factor, 4 UKey, 5 fingerprint, 6 device face. Example: `[1]`. */
  ApproverSignTypes: z.array(ApproverSignType),
  /** true = cannot forward. Example: `true`. */
  NoTransfer: z.boolean().optional(),
});
export type Recipient = z.infer<typeof Recipient>;

/** FileInfo (output) — ess-api.md §7/§8. */
export const FileInfo = z.object({
  /** Resource id. Example: `yDtwEUUckp7f8w6uUuBHsZJd9KcpXpMH`. */
  FileId: z.string(),
  /** Name. Example: `入职合同.PDF`. */
  FileName: z.string(),
  /** Bytes. Example: `534543`. */
  FileSize: z.int(),
  /** Unix seconds. Example: `1736751627`. */
  CreatedOn: z.int(),
});
export type FileInfo = z.infer<typeof FileInfo>;

/** SealInfo (output) — ess-api.md §7/§8. */
export const SealInfo = z.object({
  /** Seal id. Example: `yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP`. */
  SealId: z.string(),
  /** `LEGAL_PERSON_SEAL`, `ORGANIZATIONSEAL`, `OFFICIAL`, `CONTRACT`. Example: `OFFICIAL`. */
  SealType: z.string(),
  /** Name. Example: `张三示例企业公章`. */
  SealName: z.string(),
});
export type SealInfo = z.infer<typeof SealInfo>;

/** TemplateInfo (output) — ess-api.md §7/§8. */
export const TemplateInfo = z.object({
  /** 32-char template id. Example: `yDSLKUUckpoqt3vzUP7DfuSBwaJfz7M1`. */
  TemplateId: z.string(),
  /** Name. Example: `西红柿采购模板`. */
  TemplateName: z.string(),
  /** Signer roles (`Recipient[]`); RecipientId binds components to roles. */
  Recipients: z.array(Recipient),
  /** Fill components (`Component[]`). */
  Components: z.array(Component),
  /** Sign components (`Component[]`). */
  SignComponents: z.array(Component),
  /** Description. Example: `2023年西红柿采购模板`. */
  Description: z.string(),
  /** Resource ids of template file(s). Example: `["yDwJWUUcss36hUx8VMjPR4jOb5ugrMSx"]`. */
  DocumentResourceIds: z.array(z.string()),
  /** `FileInfo[]` of the source files. */
  FileInfos: z.array(FileInfo),
  /** Attachment resource ids. Example: `["yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP"]`. */
  AttachmentResourceIds: z.array(z.string()),
  /** Order: [-1] = unordered; else 0,1,2,... ascending. Example: `1`. */
  SignOrder: z.array(z.int()),
  /** -1 unavailable, 0 draft, 1 formal (only formal can start flows). Example: `1`. */
  Status: TemplateStatus,
  /** Creator's display NAME (not id). Example: `张三`. */
  Creator: z.string(),
  /** Unix seconds. Example: `1736751627`. */
  CreatedOn: z.int(),
  /** Initiator role (`Recipient`, RecipientType PROMOTER). */
  Promoter: Recipient,
  /** 1 = contains own-company auto-sign; 3 = normal. Example: `1`. */
  TemplateType: TemplateType,
  /** 1 = enabled (default), 2 = disabled. Example: `1`. */
  Available: TemplateAvailable,
  /** Owning org id. Example: `yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP`. */
  OrganizationId: z.string(),
  /** Creator UserId. Example: `yDw6yUUgyg3caowzUx4GQptRKfMnJqX8`. */
  CreatorId: z.string(),
  /** Only with WithPreviewUrl=true; valid 5 min. Example: `https://embed.beta.qian.tencent.cn/docum…`. */
  PreviewUrl: z.string(),
  /** Custom contract type. */
  UserFlowType: UserFlowType.nullable(),
  /** Version string (date + sequence, e.g. 20240205005). Example: `20240205005`. */
  TemplateVersion: z.string(),
  /** true = published. Example: `true`. */
  Published: z.boolean(),
  /** Group-shared source template id. Example: `yDtwLUUckp79rcc2UuSIlvCCkIZsXxFY`. */
  ShareTemplateId: z.string(),
  /** Pre-set seals (`SealInfo[]`, incl. auto-sign seals). */
  TemplateSeals: z.array(SealInfo),
  /** Deprecated; may be null. @deprecated */
  Seals: z.array(SealInfo).nullable(),
});
export type TemplateInfo = z.infer<typeof TemplateInfo>;

/** DescribeFlowTemplatesRequest — ess-api.md §7. */
export const DescribeFlowTemplatesRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** 0 = list + details (default), 1 = list only. Example: `1`. */
  ContentType: z.literal([0, 1]).optional(),
  /** `Filter[]`. Keys: `template-id`, `share-template-id` (needs Agent.ProxyOrganizationId), `template-name`, `user-flow-type-id`. */
  Filters: z.array(Filter).optional(),
  /** From 0, max 20000. Example: `0`. */
  Offset: z.int().nonnegative().optional(),
  /** Default 20, max 200. Example: `20`. */
  Limit: z.int().nonnegative().optional(),
  /** Query a third-party app's template library; empty = the enterprise's own templates. Example: `yDw6yUUgyg3caowzUx4GQptRKfMnJqX8`. */
  ApplicationId: z.string().optional(),
  /** Deprecated. Example: `false`. @deprecated */
  IsChannel: z.boolean().optional(),
  /** Deprecated. @deprecated */
  Organization: OrganizationInfo.optional(),
  /** Deprecated. Example: `1`. @deprecated */
  GenerateSource: z.int().nonnegative().optional(),
  /** true = include `PreviewUrl` (H5, 5 min). Example: `false`. */
  WithPreviewUrl: z.boolean().optional(),
  /** With WithPreviewUrl=true: the preview shows the template's fill and sign components (default false). Example: `false`. */
  ShowPreviewComponents: z.boolean().optional(),
});
export type DescribeFlowTemplatesRequest = z.infer<typeof DescribeFlowTemplatesRequest>;

/** DescribeFlowTemplatesResponse (output) — ess-api.md §7. */
export const DescribeFlowTemplatesResponse = z.object({
  /** `TemplateInfo[]` (empty array, not an error, for unknown template id). */
  Templates: z.array(TemplateInfo),
  /** Total matching templates. Example: `10`. */
  TotalCount: z.int(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type DescribeFlowTemplatesResponse = z.infer<typeof DescribeFlowTemplatesResponse>;
