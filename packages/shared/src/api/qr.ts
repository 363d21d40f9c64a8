/**
 * One-code-multi-sign QR codes (ess-api.md §7.7–7.8): creating and cancelling them.
 */
import * as z from 'zod';
import { Agent, RequestIdOnly, UserInfo } from './common.js';
import { FlowDisplayType, IdCardType, SignatureKind } from './enums.js';

/** ApproverRestriction — ess-api.md §7/§8. */
export const ApproverRestriction = z.object({
  /** Name. Example: `张三`. */
  Name: z.string().optional(),
  /** 11-digit mobile. Example: `13000000000`. */
  Mobile: z.string().optional(),
  /** ID_CARD. Example: `ID_CARD`. */
  IdCardType: IdCardType.optional(),
  /** Id number (letters in upper case). Example: `4500000000000000000`. */
  IdCardNumber: z.string().optional(),
});
export type ApproverRestriction = z.infer<typeof ApproverRestriction>;

/** ApproverComponentLimitType — ess-api.md §7/§8. */
export const ApproverComponentLimitType = z.object({
  /** Template role id. Example: `yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP`. */
  RecipientId: z.string(),
  /** HANDWRITE, ESIGN, OCR_ESIGN, SYSTEM_ESIGN. Example: `["HANDWRITE"]`. */
  Values: z.array(SignatureKind),
});
export type ApproverComponentLimitType = z.infer<typeof ApproverComponentLimitType>;

/** SignQrCode (output) — ess-api.md §7/§8. */
export const SignQrCode = z.object({
  /** 32-char QR id. Example: `yDRS*********Swc`. */
  QrCodeId: z.string(),
  /** URL to render as QR. Example: `https://xxxx`. */
  QrCodeUrl: z.string(),
  /** Unix seconds. Example: `1693814798`. */
  ExpiredTime: z.int(),
  /** Mini-program QR code URL. Example: `https://file.ess.tencent.cn/bresource/re…`. */
  WeixinQrCodeUrl: z.string(),
});
export type SignQrCode = z.infer<typeof SignQrCode>;

/** SignUrl (output) — ess-api.md §7/§8. */
export const SignUrl = z.object({
  /** Mini-program path (`pages/guide?...`) for APP/mini-program jump. Example: `pages/guide?from=default&where=mini&auto…`. */
  AppSignUrl: z.string(),
  /** Validity as string 'YYYY-MM-DD HH:MM:SS' (example shows empty string too). Example: `2022-08-05 15:55:01`. */
  EffectiveTime: z.string(),
  /** H5 landing URL (res.ess.tencent.cn/.../jump-mp.html?...) that opens the mini-program. Example: `https://res.ess.tencent.cn/cdn/h5-activi…`. */
  HttpSignUrl: z.string(),
});
export type SignUrl = z.infer<typeof SignUrl>;

/** CreateMultiFlowSignQRCodeRequest — ess-api.md §7. */
export const CreateMultiFlowSignQRCodeRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** 32-char template id (template must be QR-eligible: person-only or enterprise+person with no initiator fill components). Example: `yDRS*******P35Swc`. */
  TemplateId: z.string(),
  /** ≤200 chars (CJK/letters/digits/_). Example: `签到合同`. */
  FlowName: z.string(),
  /** Max flows via this code; default 5; code invalid once exceeded. Example: `5`. */
  MaxFlowNum: z.int().optional(),
  /** Deprecated: QR validity days (default 7, max 90). Use QrCodeExpiredOn. Example: `7`. @deprecated */
  QrEffectiveDay: z.int().optional(),
  /** Each created flow's signing validity in days; default 7, max 30. Example: `7`. */
  FlowEffectiveDay: z.int().optional(),
  /** 0/1/2/3 wording. Example: `1`. */
  FlowDisplayType: FlowDisplayType.optional(),
  /** `ApproverRestriction[]`: only these people may scan & sign. */
  Restrictions: z.array(ApproverRestriction).optional(),
  /** Base64 ≤20480; echoed in callbacks. Example: `VXNlckRhdGE=`. */
  UserData: z.string().optional(),
  /** Deprecated (use console app callback config). Example: `https://callback.cn/callback`. @deprecated */
  CallbackUrl: z.string().optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** Deprecated single restriction. @deprecated */
  ApproverRestrictions: ApproverRestriction.optional(),
  /** Allowed signature methods per RecipientId. */
  ApproverComponentLimitTypes: z.array(ApproverComponentLimitType).optional(),
  /** true = one person can sign only once. Example: `true`. */
  ForbidPersonalMultipleSign: z.boolean().optional(),
  /** true = flow name becomes `FlowName-<name>-<last4 mobile>`. Example: `true`. */
  FlowNameAppendScannerInfo: z.boolean().optional(),
  /** Shown on QR image, ≤200 chars; default FlowName. Example: `测试签署码`. */
  QrCodeName: z.string().optional(),
  /** QR expiry unix s; default +7 days; max +365 days. Example: `1757416261`. */
  QrCodeExpiredOn: z.int().optional(),
});
export type CreateMultiFlowSignQRCodeRequest = z.infer<typeof CreateMultiFlowSignQRCodeRequest>;

/** CreateMultiFlowSignQRCodeResponse (output) — ess-api.md §7. */
export const CreateMultiFlowSignQRCodeResponse = z.object({
  /** `SignQrCode`. */
  QrCode: SignQrCode,
  /** `SignUrl` (field name is SignUrls, type SignUrl). */
  SignUrls: SignUrl,
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type CreateMultiFlowSignQRCodeResponse = z.infer<typeof CreateMultiFlowSignQRCodeResponse>;

/** CancelMultiFlowSignQRCodeRequest — ess-api.md §7. */
export const CancelMultiFlowSignQRCodeRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** 32-char QR id from CreateMultiFlowSignQRCode. Example: `yDR***********Apl`. */
  QrCodeId: z.string(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
});
export type CancelMultiFlowSignQRCodeRequest = z.infer<typeof CancelMultiFlowSignQRCodeRequest>;

/** CancelMultiFlowSignQRCodeResponse — ess-api.md §7: only `RequestId`. */
export const CancelMultiFlowSignQRCodeResponse = RequestIdOnly;
export type CancelMultiFlowSignQRCodeResponse = z.infer<typeof CancelMultiFlowSignQRCodeResponse>;
