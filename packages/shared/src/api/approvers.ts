/**
 * Signers and CC recipients (ess-api.md §8): ApproverInfo for file flows, FlowCreateApprover for
 * template flows, and their option structures.
 */
import * as z from 'zod';
import { Component, ComponentLimit } from './components.js';
import {
  ApproverMobileMode,
  ApproverSignType,
  ApproverType,
  ApproverVerifyType,
  FlowReadLimit,
  IdCardType,
  NotifyType,
  SignatureKind,
  SignEndpoint,
} from './enums.js';

/** ApproverOption — ess-api.md §7/§8. */
export const ApproverOption = z.object({
  /** true = signer cannot refuse (default false). Example: `true`. */
  NoRefuse: z.boolean().optional(),
  /** true = cannot forward to others (default false). Example: `true`. */
  NoTransfer: z.boolean().optional(),
  /** Embedded: may edit signer info (default true). Example: `true`. */
  CanEditApprover: z.boolean().optional(),
  /** 1 = dynamic signer (fill in signer later; not for enterprise auto-sign). Example: `1`. */
  FillType: z.literal(1).optional(),
  /** `LimitReadTimeAndBottom`, `LimitReadTime`, `LimitBottom`, `NoReadTimeAndBottom` (whitelist). Example: `LimitReadTimeAndBottom`. */
  FlowReadLimit: FlowReadLimit.optional(),
  /** With SignBeanTag=1: don't auto-add a date component. Example: `false`. */
  ForbidAddSignDate: z.boolean().optional(),
  /** `REPLACE` / `GIVEN` / `VALIDATE` / "" (default). Example: `REPLACE`. */
  ApproverMobileMode: ApproverMobileMode.optional(),
  /** Embedded file initiation: forbid changing specified seal type/id. Example: `true`. */
  ForbidModifySealInfos: z.boolean().optional(),
  /** SignBeanTag=1 only: the signer's "seal area fits the seal's size" switch — 0 off and changeable (default), 1 off and locked, 2 on and changeable, 3 on and locked. Example: `0`. */
  AddSignComponentUseSealSize: z.literal([0, 1, 2, 3]).optional(),
});
export type ApproverOption = z.infer<typeof ApproverOption>;

/** IntentionQuestion — one spoken question of a video intention check (official SDK model). */
export const IntentionQuestion = z.object({
  /** The question read out. Example: `请问，您是否同意签署本协议？`. */
  Question: z.string().optional(),
  /** Accepted answers. Example: `["同意"]`. */
  Answers: z.array(z.string()).optional(),
});
export type IntentionQuestion = z.infer<typeof IntentionQuestion>;

/** IntentionAction — one text the signer nods to (official SDK model). */
export const IntentionAction = z.object({
  /** Text read out. Example: `请问，您是否同意签署本协议？可点头同意。`. */
  Text: z.string().optional(),
});
export type IntentionAction = z.infer<typeof IntentionAction>;

/** RuleIdConfig — reading speed of an intention check (official SDK model). */
export const RuleIdConfig = z.object({
  /** 0 adaptive, 1 = 1×, 2 = 1.2×, 3 = 1.5×. Example: `0`. */
  Speed: z.literal([0, 1, 2, 3]).optional(),
});
export type RuleIdConfig = z.infer<typeof RuleIdConfig>;

/** Intention — H5 video intention check of a signer (whitelist feature; official SDK model). */
export const Intention = z.object({
  /** 1 = questions and answers, 2 = nodding. Example: `1`. */
  IntentionType: z.literal([1, 2]).optional(),
  /** Questions for IntentionType 1 (default: one standard question). */
  IntentionQuestions: z.array(IntentionQuestion).optional(),
  /** Texts for IntentionType 2 (default: one standard text). */
  IntentionActions: z.array(IntentionAction).optional(),
  /** Reading speed. */
  RuleIdConfig: RuleIdConfig.optional(),
});
export type Intention = z.infer<typeof Intention>;

/** RegisterInfoOption — ess-api.md §7/§8. */
export const RegisterInfoOption = z.object({
  /** Lock legal name. Example: `true`. */
  LegalNameSame: z.boolean().optional(),
  /** Deprecated. Example: `true`. @deprecated */
  UnifiedSocialCreditCodeCNameSame: z.boolean().optional(),
  /** Lock licence type. Example: `true`. */
  OrganizationIdCardTypeSame: z.boolean().optional(),
  /** Lock USCC. Example: `true`. */
  UnifiedSocialCreditCodeSame: z.boolean().optional(),
});
export type RegisterInfoOption = z.infer<typeof RegisterInfoOption>;

/** RegisterInfo — ess-api.md §7/§8. */
export const RegisterInfo = z.object({
  /** Legal representative name. Example: `张三`. */
  LegalName: z.string(),
  /** Deprecated (use UnifiedSocialCreditCode). Example: `91110108772551611J`. @deprecated */
  Uscc: z.string().nullable().optional(),
  /** USCC of the company. Example: `91110108772551611J`. */
  UnifiedSocialCreditCode: z.string().optional(),
  /** Registered address. Example: `深圳市南山区高新区科技中一路腾讯大厦`. */
  OrganizationAddress: z.string().optional(),
  /** 2 = legal-rep authorization, 5 = authorization letter + bank transfer. Example: `[2,5]`. */
  AuthorizationTypes: z.array(z.literal([2, 5])).optional(),
  /** Deprecated single value of the above. Example: `2`. @deprecated */
  AuthorizationType: z.literal([2, 5]).optional(),
  /** 1 = upload business licence, 2 = Tencent Cloud quick auth, 3 = WeChat Pay merchant auth (mini-program). Example: `[1,2]`. */
  AuthorizationMethods: z.array(z.literal([1, 2, 3])).optional(),
  /** `USCC` (default), `PRACTICELICENSEOFMEDICALINSTITUTION`, `CLINICFILLINGCERTIFICATE`. Example: `USCC`. */
  OrganizationIdCardType: z
    .enum(['USCC', 'PRACTICELICENSEOFMEDICALINSTITUTION', 'CLINICFILLINGCERTIFICATE'])
    .optional(),
  /** Edit permissions (LegalNameSame, UnifiedSocialCreditCodeSame, OrganizationIdCardTypeSame). */
  RegisterInfoOption: RegisterInfoOption.optional(),
});
export type RegisterInfo = z.infer<typeof RegisterInfo>;

/** CcInfo — ess-api.md §7/§8. */
export const CcInfo = z.object({
  /** CC mobile (11-digit mainland). Example: `1320****000`. */
  Mobile: z.string().optional(),
  /** CC real name. Example: `典子谦`. */
  Name: z.string().optional(),
  /** 0 = individual, 1 = own-company employee. Example: `1`. */
  CcType: z.literal([0, 1]).optional(),
  /** 0 = view, 1 = view + download. Example: `1`. */
  CcPermission: z.literal([0, 1]).optional(),
  /** `sms` (default) or `none`. Example: `sms`. */
  NotifyType: NotifyType.optional(),
  /** Whitelist: CC by company name only. Example: `张三示例企业`. */
  OrganizationName: z.string().optional(),
});
export type CcInfo = z.infer<typeof CcInfo>;

/** ApproverInfo — ess-api.md §7/§8. */
export const ApproverInfo = z.object({
  /** 0 = enterprise (B), 1 = individual (C), 3 = enterprise silent/auto sign (completed automatically, seal only), 7 = individual auto-sign (whitelist). Example: `0`. */
  ApproverType: ApproverType,
  /** Signer's real name (used for identity check/e-signature). Example: `张三`. */
  ApproverName: z.string().optional(),
  /** Mainland 11-digit mobile without +86. Example: `18888888888`. */
  ApproverMobile: z.string().optional(),
  /** Registered company name (use full-width （） brackets). Required when ApproverType is 0 or 3. Example: `张三示例企业`. */
  OrganizationName: z.string().optional(),
  /** File-initiated flows only: this signer's signature/seal components (`Component[]`). */
  SignComponents: z.array(Component).optional(),
  /** `ID_CARD` (default), `HONGKONG_AND_MACAO`, `HONGKONG_MACAO_AND_TAIWAN`. Example: `ID_CARD`. */
  ApproverIdCardType: IdCardType.optional(),
  /** ID_CARD: 18 chars digits + uppercase X; HK/Macao permit: 11 chars starting H/M; residence permit: 18 chars. Example: `350203180010069855`. */
  ApproverIdCardNumber: z.string().optional(),
  /** `SMS` (default) / `EMAIL` / `ALL` / `NONE`. (Doc note: for CreateFlowByFiles must be `sms` to send SMS; examples use lowercase `sms`/`none`.) Example: `sms`. */
  NotifyType: NotifyType.optional(),
  /** Receipt scenario (whitelist): 1 payee, 2 issuer, 3 witness. Example: `1`. */
  ApproverRole: z.literal([1, 2, 3]).optional(),
  /** Custom role name ≤20 chars (CJK/letters/digits/_). Example: `收款人`. */
  ApproverRoleName: z.string().optional(),
  /** Deprecated; use ApproverSignTypes. Default `WEIXINAPP`. Example: `["WEIXINAPP"]`. */
  VerifyChannel: z.array(z.string()).optional(),
  /** Forced reading time 3–300 s. Default by pages: ≤2 pages 3 s, 3–5 pages 5 s, ≥6 pages 10 s. Example: `3`. */
  PreReadTime: z.int().optional(),
  /** Own-company employee UserId; if already verified, name/mobile/id fields are overridden by the account's data. Example: `yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy`. */
  UserId: z.string().optional(),
  /** `WEWORKAPP` for WeCom scenarios. Example: `WEWORKAPP`. */
  ApproverSource: z.literal('WEWORKAPP').optional(),
  /** WeCom or-sign tag, ≤64 chars, unique per or-sign participant. Example: `n9527`. */
  CustomApproverTag: z.string().optional(),
  /** `ApproverOption` (no-refuse, no-transfer, dynamic fill, reading limits...). */
  ApproverOption: ApproverOption.optional(),
  /** File flows only. View-verification: 1 = face (default), 2 = mobile match. Multiple allowed. Example: `[1,2]`. */
  ApproverVerifyTypes: z.array(ApproverVerifyType).optional(),
  /** File flows only. Sign auth: 1 face, 2 sign password, 3 carrier 3-factor, 5 device fingerprint, 6 device face (5/6 mini-program only, cannot be the only ones). Default [1,2,3,5,6]. Example: `[1,2,3]`. */
  ApproverSignTypes: z.array(ApproverSignType).optional(),
  /** Per-signer: block until initiator approval via CreateFlowSignReview. Example: `false`. */
  ApproverNeedSignReview: z.boolean().optional(),
  /** With SignBeanTag=1: restrict which component types / seals / signature kinds the signer may add (`ComponentLimit[]`). */
  AddSignComponentsLimits: z.array(ComponentLimit).optional(),
  /** Signing notice (rich text), ≤500 CJK chars. Example: `这个合同不能截图转发`. */
  SignInstructionContent: z.string().optional(),
  /** Per-signer deadline (unix s); default = flow deadline. Example: `1705977064`. */
  Deadline: z.int().optional(),
  /** File flows only: fill-in components assigned to this signer. */
  Components: z.array(Component).optional(),
  /** Entry restriction: empty = any; `link` = only via SMS/initiator link (console/mini-program list can only preview). Example: `["link"]`. */
  SignEndpoints: z.array(SignEndpoint).optional(),
  /** Quick-registration info for a not-yet-registered counterparty company (`RegisterInfo`). */
  RegisterInfo: RegisterInfo.optional(),
  /** true = don't save counterparty signer to initiator's contacts (default false). Example: `false`. */
  NotSaveContact: z.boolean().optional(),
  /** Signer email (used with NotifyType EMAIL/ALL). Example: `aaaa@qq.com`. */
  ApproverEmail: z.string().optional(),
});
export type ApproverInfo = z.infer<typeof ApproverInfo>;

/** FlowCreateApprover — ess-api.md §7/§8. */
export const FlowCreateApprover = z.object({
  /** 0 enterprise, 1 individual, 3 enterprise auto-sign, 7 individual auto-sign (whitelist). Example: `1`. */
  ApproverType: ApproverType,
  /** Required for types 0 and 3. Example: `张三示例企业`. */
  OrganizationName: z.string().optional(),
  /** Required unless UserId given. Example: `张三`. */
  ApproverName: z.string().optional(),
  /** Required unless UserId given. Example: `18888888888`. */
  ApproverMobile: z.string().optional(),
  /** ID_CARD (default) / HONGKONG_AND_MACAO / HONGKONG_MACAO_AND_TAIWAN. Example: `ID_CARD`. */
  ApproverIdCardType: IdCardType.optional(),
  /** Same rules as ApproverInfo. Example: `620000198802020000`. */
  ApproverIdCardNumber: z.string().optional(),
  /** Template role id (from DescribeFlowTemplates) — REQUIRED for template flows; not used for file flows. Example: `yDtwEUUckp7f8w6uUuBHsZJd9KcpXpMH`. */
  RecipientId: z.string().optional(),
  /** Deprecated. Example: `["WEIXINAPP"]`. */
  VerifyChannel: z.array(z.string()).optional(),
  /** SMS (default) / EMAIL / ALL / NONE (initiator-who-is-also-signer gets no SMS). Example: `none`. */
  NotifyType: NotifyType.optional(),
  /** No need to pass (full read enforced). Example: `true`. */
  IsFullText: z.boolean().optional(),
  /** 3–300 s. Example: `3`. */
  PreReadTime: z.int().nonnegative().optional(),
  /** Own employee UserId. Example: `yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy`. */
  UserId: z.string().optional(),
  /** Unused; only true supported. Example: `true`. */
  Required: z.boolean().optional(),
  /** WEWORKAPP. Example: `WEWORKAPP`. */
  ApproverSource: z.literal('WEWORKAPP').optional(),
  /** WeCom or-sign tag ≤64. Example: `n9527`. */
  CustomApproverTag: z.string().optional(),
  /** See RegisterInfo. */
  RegisterInfo: RegisterInfo.optional(),
  /** See ApproverOption. */
  ApproverOption: ApproverOption.optional(),
  /** Deprecated. Example: `http://qq.com`. @deprecated */
  JumpUrl: z.string().optional(),
  /** Not needed at creation; used when creating sign links. Example: `yDt1JUUckp77a2omUyEmko88eg49PTsN`. */
  SignId: z.string().optional(),
  /** Per-signer review. Example: `true`. */
  ApproverNeedSignReview: z.boolean().optional(),
  /** File flows only. */
  SignComponents: z.array(Component).optional(),
  /** File flows only. */
  Components: z.array(Component).optional(),
  /** Allowed signature kinds for SIGN_SIGNATURE: HANDWRITE, HANDWRITTEN_ESIGN, OCR_ESIGN, ESIGN, IMG_ESIGN, SYSTEM_ESIGN. Example: `["HANDWRITE"]`. */
  ComponentLimitType: z.array(SignatureKind).optional(),
  /** 1 face, 2 mobile (file flows). Example: `[1,2]`. */
  ApproverVerifyTypes: z.array(ApproverVerifyType).optional(),
  /** 1,2,3,5,6 (file flows; default face+password). Example: `[1,2]`. */
  ApproverSignTypes: z.array(ApproverSignType).optional(),
  /** H5 links: 0 = signer chooses, 1 = first method recommended. Example: `0`. */
  SignTypeSelector: z.literal([0, 1]).optional(),
  /** Per-signer deadline. Example: `1604912664`. */
  Deadline: z.int().optional(),
  /** H5 video intention (whitelist). */
  Intention: Intention.optional(),
  /** `link` restriction. Example: `["link"]`. */
  SignEndpoints: z.array(SignEndpoint).optional(),
  /** Default false. Example: `false`. */
  NotSaveContact: z.boolean().optional(),
  /** Email. Example: `aaaa@qq.com`. */
  ApproverEmail: z.string().optional(),
});
export type FlowCreateApprover = z.infer<typeof FlowCreateApprover>;
