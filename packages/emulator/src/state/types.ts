/**
 * The emulator's domain model. Field names follow ESS spelling where the value is returned
 * as-is by the API (`FlowId`, `SealType`); internal bookkeeping uses camelCase.
 * Everything here is JSON-serialisable except `StoredFile.bytes` (persisted as base64).
 */

/** Unix seconds on the emulator clock. */
export type UnixSeconds = number;

/** A component (sign or fill field) in absolute ESS coordinates: points, origin at the page's top left. */
export interface Component {
  ComponentType: string;
  ComponentId: string;
  ComponentName: string;
  ComponentPage: number;
  ComponentPosX: number;
  ComponentPosY: number;
  ComponentWidth: number;
  ComponentHeight: number;
  FileIndex: number;
  ComponentRequired: boolean;
  ComponentValue: string;
  /** Owning template recipient (templates only). */
  ComponentRecipientId: string;
}

/** Callback destination; targets without organizationId belong to the main organization. */
export interface CallbackTarget {
  url: string;
  key?: string;
  token?: string;
  format: 'v1' | 'v2';
  organizationId?: string;
}

/** Query families a group member grants its main organization. */
export type GrantFamily = 'contracts' | 'templates' | 'seals';

export interface Organization {
  OrganizationId: string;
  OrganizationName: string;
  isMain: boolean;
  /** Unified social credit code. */
  uscc: string;
  /** DescribeOrganizationGroupOrganizations status: 5 = joined. */
  groupStatus: number;
  joinTime: UnixSeconds;
  /** Remaining contract quota; starting a flow spends one. */
  quota: number;
  /** The silent-sign (自动签署) extended service. */
  silentSignEnabled: boolean;
  operatorUserId: string;
  adminName: string;
  adminMobile: string;
  /** For group members: which query families the main organization may use through Agent.ProxyOrganizationId. */
  grants: Record<GrantFamily, boolean>;
  /** A partner-platform (essbasic) sub-company of this application: not in the ess organization's group. */
  platformAppId?: string;
}

export interface Staff {
  UserId: string;
  OrganizationId: string;
  name: string;
  mobile: string;
  verified: boolean;
  roles: string[];
  /** Holds the auto-sign permission (required to start flows with silent signers). */
  autoSign: boolean;
}

export type SealStatus = 'CHECKING' | 'SUCCESS' | 'FAIL' | 'DISABLE' | 'STOPPED';

export interface Seal {
  SealId: string;
  OrganizationId: string;
  SealName: string;
  SealType: string;
  status: SealStatus;
  authorizedUsers: string[];
  createdOn: UnixSeconds;
  creatorId: string;
  failReason: string;
}

export type RecipientType = 'ENTERPRISE' | 'INDIVIDUAL' | 'PROMOTER';

export interface TemplateRecipient {
  RecipientId: string;
  RecipientType: RecipientType;
  RoleName: string;
  RoutingOrder: number;
  /** Enterprise recipient signed automatically with the template's seal (own company only). */
  silent: boolean;
}

/** The seeded template shapes (issue 3). */
export type TemplateShape =
  | 'single-c'
  | 'single-b-silent'
  | 'b2c'
  | 'b2c-ordered-b-silent'
  | 'b2c-ordered-b-first'
  | 'b2b'
  | 'initiator-fill';

export interface Template {
  TemplateId: string;
  OrganizationId: string;
  TemplateName: string;
  Description: string;
  shape: TemplateShape | null;
  recipients: TemplateRecipient[];
  promoter: TemplateRecipient;
  /** Fill components, each owned by a recipient (or the promoter) via ComponentRecipientId. */
  components: Component[];
  signComponents: Component[];
  unordered: boolean;
  /** The template's PDF. */
  fileId: string;
  /** Seal used by silent recipients ("" = none chosen). */
  sealId: string;
  status: number;
  available: number;
  createdOn: UnixSeconds;
  updatedOn: UnixSeconds;
  creatorId: string;
  flowType: string;
  version: string;
}

export interface StoredFile {
  FileId: string;
  OrganizationId: string;
  FileName: string;
  businessType: string;
  bytes: Uint8Array;
  createdOn: UnixSeconds;
  /** 0 = never expires (seeded files). */
  deadline: UnixSeconds;
}

/** ESS ApproverType on input: 0 enterprise, 1 person, 3 enterprise silent, 7 person auto-sign. */
export type ApproverType = 0 | 1 | 3 | 7;

export interface ForwardRecord {
  name: string;
  mobile: string;
  time: UnixSeconds;
}

export interface FlowApprover {
  RecipientId: string;
  SignId: string;
  approverType: ApproverType;
  roleName: string;
  name: string;
  mobile: string;
  organizationName: string;
  organizationId: string;
  userId: string;
  idCardType: string;
  idCardNumber: string;
  /** ESS ApproveStatus (§6.2). */
  status: number;
  signOrder: number;
  approveTime: UnixSeconds;
  approveMessage: string;
  signComponents: Component[];
  /** Fill components this approver must complete before signing. */
  fillComponents: Component[];
  /** Seal used when signing (silent signers: from the component or the template). */
  sealId: string;
  forwardRecords: ForwardRecord[];
}

export interface Flow {
  FlowId: string;
  OrganizationId: string;
  kind: 'file' | 'template';
  FlowName: string;
  FlowDescription: string;
  FlowType: string;
  /** ESS FlowStatus (§6.1). */
  status: number;
  message: string;
  createdOn: UnixSeconds;
  updatedOn: UnixSeconds;
  /** 0 = never. */
  deadline: UnixSeconds;
  creatorId: string;
  unordered: boolean;
  userData: string;
  templateId: string;
  documentId: string;
  /** The PDF the flow signs (uploaded file or template file). */
  sourceFileId: string;
  approvers: FlowApprover[];
  /** Initiator-filled components with their values (burned into the document). */
  initiatorComponents: Component[];
  started: boolean;
  /** Quota spent on start (refunded by a cancel before any non-silent signature). */
  charged: boolean;
  qrCodeId: string;
  callbackUrl: string;
  /** CC recipients (关注方, CcInfos); absent in state files written before they were kept. */
  ccs?: FlowCc[];
}

/** A CC recipient of a flow: sees it, never signs. */
export interface FlowCc {
  RecipientId: string;
  name: string;
  mobile: string;
  /** 0 person, 1 company employee (CcInfo.CcType). */
  ccType: number;
  organizationName: string;
}

export interface FlowDocument {
  DocumentId: string;
  FlowId: string;
  TemplateId: string;
  fileNames: string[];
  clientToken: string;
  /** Wall-clock milliseconds when asynchronous composition finishes. */
  readyAtMs: number;
  composed: boolean;
}

export type QrState = 'active' | 'exhausted' | 'expired' | 'cancelled';

export interface QrRestriction {
  Name?: string;
  Mobile?: string;
  IdCardType?: string;
  IdCardNumber?: string;
}

export interface QrCode {
  QrCodeId: string;
  OrganizationId: string;
  TemplateId: string;
  FlowName: string;
  qrCodeName: string;
  maxFlowNum: number;
  flowEffectiveDay: number;
  expiredTime: UnixSeconds;
  createdOn: UnixSeconds;
  updatedOn: UnixSeconds;
  creatorId: string;
  userData: string;
  callbackUrl: string;
  restrictions: QrRestriction[];
  flowNameAppendScannerInfo: boolean;
  flowIds: string[];
  state: QrState;
  failure: { code: string; message: string; at: UnixSeconds } | null;
}
