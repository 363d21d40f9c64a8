/**
 * Value sets of ess-api.md §6 as zod schemas. Each schema is also a type of the same name, so
 * `ApproverType` is both the validator and `0 | 1 | 3 | 7`. The arrays beside them (`APPROVER_TYPES`…)
 * are plain data for code that only needs the values (and must not pull zod into a browser bundle,
 * see `rules/`, which keeps its own copies of the few values it needs).
 */
import * as z from 'zod';

/** §6.3 Signer type on input: 0 enterprise, 1 individual, 3 enterprise silent/auto sign, 7 individual auto-sign. */
export const ApproverType = z.literal([0, 1, 3, 7]);
export type ApproverType = z.infer<typeof ApproverType>;

/** §6.2 `FlowApproverDetail.ApproveType`: how a signer is reported back (ENTERPRISESERVER = enterprise silent sign). */
export const ApproveType = z.enum(['ORGANIZATION', 'PERSON', 'ENTERPRISESERVER']);
export type ApproveType = z.infer<typeof ApproveType>;

/** §6.1 Flow status values (0–10, 16 invalidated, 21 released). Labels and ordering live in `status.ts`. */
export const FlowStatus = z.literal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 21]);
export type FlowStatus = z.infer<typeof FlowStatus>;

/** §6.2 Signer status values (`FlowApproverDetail.ApproveStatus`). */
export const ApproveStatus = z.literal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 19]);
export type ApproveStatus = z.infer<typeof ApproveStatus>;

/** §6.4 `StartFlowResponse.Status`. */
export const StartFlowStatus = z.enum(['START', 'REVIEW', 'EXECUTING']);
export type StartFlowStatus = z.infer<typeof StartFlowStatus>;

/** §6.4 Component generate mode: absolute coordinates, PDF form field, or keyword search. */
export const GenerateMode = z.enum(['NORMAL', 'FIELD', 'KEYWORD']);
export type GenerateMode = z.infer<typeof GenerateMode>;

/** §6.4 Keyword placement (`Component.RelativeLocation`). */
export const RelativeLocation = z.enum(['Middle', 'Below', 'Right', 'LowerRight', 'UpperRight']);
export type RelativeLocation = z.infer<typeof RelativeLocation>;

/** §6.4 `Component.KeywordOrder`. */
export const KeywordOrder = z.enum(['Positive', 'Reverse']);
export type KeywordOrder = z.infer<typeof KeywordOrder>;

/** §6.4 Id card types. */
export const IdCardType = z.enum(['ID_CARD', 'HONGKONG_AND_MACAO', 'HONGKONG_MACAO_AND_TAIWAN']);
export type IdCardType = z.infer<typeof IdCardType>;

/**
 * §6.4 `NotifyType` for signers and CCs. The documented values are upper case, but the official
 * examples send `sms` / `none`, so both spellings are accepted.
 */
export const NotifyType = z.enum(['SMS', 'EMAIL', 'ALL', 'NONE', 'sms', 'email', 'all', 'none']);
export type NotifyType = z.infer<typeof NotifyType>;

/** §6.4 Template `Status`: -1 unavailable, 0 draft, 1 formal (only formal templates start flows). */
export const TemplateStatus = z.literal([-1, 0, 1]);
export type TemplateStatus = z.infer<typeof TemplateStatus>;

/** §6.4 Template `Available`: 1 enabled, 2 disabled. */
export const TemplateAvailable = z.literal([1, 2]);
export type TemplateAvailable = z.infer<typeof TemplateAvailable>;

/** §6.4 `TemplateType`: 1 contains own-company auto-sign, 3 normal. */
export const TemplateType = z.literal([1, 3]);
export type TemplateType = z.infer<typeof TemplateType>;

/** §6.4 `Recipient.RecipientType` (the API may also send an empty string). */
export const RecipientType = z.enum(['ENTERPRISE', 'INDIVIDUAL', 'PROMOTER']);
export type RecipientType = z.infer<typeof RecipientType>;

/** §6.4 Seal status as returned in `OccupiedSeal.SealStatus`. */
export const SealStatus = z.enum(['CHECKING', 'SUCCESS', 'FAIL', 'CHECKING-SADM', 'DISABLE', 'STOPPED']);
export type SealStatus = z.infer<typeof SealStatus>;

/** §6.4 Seal status filter (`DescribeOrganizationSeals.SealStatuses`): the statuses plus ALL, VOID, INVALID. */
export const SealStatusFilter = z.enum([...SealStatus.options, 'ALL', 'VOID', 'INVALID']);
export type SealStatusFilter = z.infer<typeof SealStatusFilter>;

/** §6.4 Seal types accepted as a filter; `OTHER_xx` names a custom sub-type. */
export const SEAL_TYPES = [
  'OFFICIAL',
  'CONTRACT',
  'FINANCE',
  'PERSONNEL',
  'INVOICE',
  'LEGAL_PERSON_SEAL',
  'EMPLOYEE_QUALIFICATION_SEAL',
  'OTHER',
] as const;
export const SealTypeFilter = z.union([
  z.enum(SEAL_TYPES),
  z.string().regex(/^OTHER_[A-Za-z0-9]+$/, 'custom seal types are spelled OTHER_<suffix>'),
]);
export type SealTypeFilter = z.infer<typeof SealTypeFilter>;

/** §6.4 DescribeFileUrls `BusinessType`. */
export const FileBusinessType = z.enum(['FLOW', 'TEMPLATE', 'DOCUMENT', 'SEAL', 'DIGITFILE', 'ARCHIVE']);
export type FileBusinessType = z.infer<typeof FileBusinessType>;

/** §6.4 DescribeFileUrls `FileType`. */
export const DownloadFileType = z.enum(['JPG', 'PDF', 'ZIP']);
export type DownloadFileType = z.infer<typeof DownloadFileType>;

/** §6.4 UploadFiles `BusinessType`. */
export const UploadBusinessType = z.enum(['TEMPLATE', 'DOCUMENT', 'SEAL', 'ARCHIVE', 'BUSINESSLICENSE']);
export type UploadBusinessType = z.infer<typeof UploadBusinessType>;

/** §6.4 CreateSchemeUrl `EndPoint`. */
export const SchemeEndPoint = z.enum(['HTTP', 'HTTP_SHORT_URL', 'APP']);
export type SchemeEndPoint = z.infer<typeof SchemeEndPoint>;

/** §6.4 CreateSchemeUrl `PathType`: 0 home, 1 contract detail/sign page, 2 contract list, 3 contract cover. */
export const SchemePathType = z.literal([0, 1, 2, 3]);
export type SchemePathType = z.infer<typeof SchemePathType>;

/** §6.4 CreateSchemeUrl `Hides`: 0 more-actions, 1 refuse, 2 forward, 3 view details, 4 basic info, 5 cancel. */
export const SchemeHide = z.literal([0, 1, 2, 3, 4, 5]);
export type SchemeHide = z.infer<typeof SchemeHide>;

/** §6.4 Group member `Status`: 1 pending auth, 2 authorized-not-activated, 3 refused, 4 removed, 5 joined. */
export const GroupMemberStatus = z.literal([1, 2, 3, 4, 5]);
export type GroupMemberStatus = z.infer<typeof GroupMemberStatus>;

/** §6.4 `FlowDisplayType`: the word used for "contract": 0 合同, 1 文件, 2 协议, 3 文书. */
export const FlowDisplayType = z.literal([0, 1, 2, 3]);
export type FlowDisplayType = z.infer<typeof FlowDisplayType>;

/** §6.4 Signature-kind limits (`ComponentLimitType`, `ApproverComponentLimitType.Values`). */
export const SignatureKind = z.enum([
  'HANDWRITE',
  'HANDWRITTEN_ESIGN',
  'OCR_ESIGN',
  'ESIGN',
  'SYSTEM_ESIGN',
  'IMG_ESIGN',
]);
export type SignatureKind = z.infer<typeof SignatureKind>;

/** §6.4 `ApproverSignTypes`: 1 face, 2 sign password, 3 carrier 3-factor, 4 UKey (templates only), 5 device fingerprint, 6 device face. */
export const ApproverSignType = z.literal([1, 2, 3, 4, 5, 6]);
export type ApproverSignType = z.infer<typeof ApproverSignType>;

/** `ApproverVerifyTypes`: 1 face / real name (default), 2 mobile match. */
export const ApproverVerifyType = z.literal([1, 2]);
export type ApproverVerifyType = z.infer<typeof ApproverVerifyType>;

/** Fill component types of `Component.ComponentType` (§8). */
export const FILL_COMPONENT_TYPES = [
  'TEXT',
  'MULTI_LINE_TEXT',
  'CHECK_BOX',
  'FILL_IMAGE',
  'DYNAMIC_TABLE',
  'ATTACHMENT',
  'SELECTOR',
  'DATE',
  'WATERMARK',
  'DISTRICT',
  'VIRTUAL_COMBINATION',
] as const;
/** Sign component types of `Component.ComponentType` (§8). */
export const SIGN_COMPONENT_TYPES = [
  'SIGN_SEAL',
  'SIGN_DATE',
  'SIGN_SIGNATURE',
  'SIGN_PAGING_SIGNATURE',
  'SIGN_PAGING_SEAL',
  'SIGN_OPINION',
  'SIGN_VIRTUAL_COMBINATION',
  'SIGN_MULTI_LINE_TEXT',
  'SIGN_SELECTOR',
  'SIGN_LEGAL_PERSON_SEAL',
] as const;
/** Every `Component.ComponentType` value the API documents. */
export const ComponentType = z.enum([...FILL_COMPONENT_TYPES, ...SIGN_COMPONENT_TYPES]);
export type ComponentType = z.infer<typeof ComponentType>;

/** `ComponentLimit.ComponentType`: the component kinds a signer may be restricted in. */
export const ComponentLimitComponentType = z.enum([
  'SIGN_SEAL',
  'SIGN_PAGING_SEAL',
  'SIGN_LEGAL_PERSON_SEAL',
  'SIGN_SIGNATURE',
]);
export type ComponentLimitComponentType = z.infer<typeof ComponentLimitComponentType>;

/** `ApproverOption.FlowReadLimit` (whitelist feature). */
export const FlowReadLimit = z.enum([
  'LimitReadTimeAndBottom',
  'LimitReadTime',
  'LimitBottom',
  'NoReadTimeAndBottom',
]);
export type FlowReadLimit = z.infer<typeof FlowReadLimit>;

/** `ApproverOption.ApproverMobileMode` ("" is the default). */
export const ApproverMobileMode = z.enum(['REPLACE', 'GIVEN', 'VALIDATE', '']);
export type ApproverMobileMode = z.infer<typeof ApproverMobileMode>;

/** `AutoSignScene`, required when an approver has ApproverType 7 (personal auto-sign). */
export const AutoSignScene = z.enum(['E_PRESCRIPTION_AUTO_SIGN', 'OTHER']);
export type AutoSignScene = z.infer<typeof AutoSignScene>;

/** `SignEndpoints`: empty = any entry; `link` = only through the SMS/initiator link. */
export const SignEndpoint = z.enum(['link']);
export type SignEndpoint = z.infer<typeof SignEndpoint>;

/**
 * A structure the API names but ess-api.md does not describe (OrganizationInfo, FlowGroupUrlInfo,
 * Intention): any JSON object, kept as is.
 */
export const Opaque = z.record(z.string(), z.unknown());
export type Opaque = z.infer<typeof Opaque>;
