/**
 * @ess-kit/shared — the protocol core used by every ess-kit package.
 * Web Crypto and standard JavaScript only, so it runs in browsers, Node 20 and edge runtimes.
 * PDF text search needs pdfjs-dist and lives in the separate entry `@ess-kit/shared/pdf-text`.
 */

export * from './api/index.js';
export type { CallbackDelivery, CallbackErrorCode } from './callbacks/crypto.js';
export {
  assertContentSignature,
  CallbackError,
  decryptCallback,
  encryptCallback,
  MAX_CALLBACK_BYTES,
  parseCallbackDelivery,
  signContentSignature,
  verifyContentSignature,
} from './callbacks/crypto.js';
export type { EssEvent, EssEventApprover } from './callbacks/event.js';
export type { EssEventFamily } from './callbacks/msg-types.js';
export { ESS_CALLBACK_MSG_TYPES, type EssCallbackMsgType } from './callbacks/msg-types.js';
export type { NormalizeOptions } from './callbacks/normalize.js';
export { callbackFamily, normalizeCallback } from './callbacks/normalize.js';
export { DEV_DEFAULTS, DEV_PORT_ENV, ESS_VERSION } from './defaults.js';
export * from './essbasic/index.js';
export type { ComponentRect, Matrix, PageGeometry, PdfRect } from './pdf/coordinates.js';
export {
  componentToPdfRect,
  componentToUserRect,
  displaySize,
  displayToUserMatrix,
  normalizeRotation,
  pdfBoxToRect,
  pdfRectToComponent,
  userRectToComponent,
} from './pdf/coordinates.js';
export * from './rules/index.js';
export type { EssHeaderInput, ParsedAuthorization, Tc3Input, Tc3Signature } from './signing/tc3.js';
export { buildEssHeaders, canonicalHost, parseAuthorization, signTc3, tc3Date } from './signing/tc3.js';
export type { StatusInfo, StatusLocale } from './status.js';
export {
  deadlineToDate,
  FLOW_STATUS,
  FLOW_STATUS_CODE,
  flowStatusLabel,
  flowStatusRank,
  isDeadlinePassed,
  isOpenQrState,
  isTerminalFlowStatus,
  isTerminalSignerStatus,
  NEVER_EXPIRES,
  OPEN_QR_STATES,
  type QrStateFields,
  qrStateAt,
  SIGNER_STATUS,
  SIGNER_STATUS_CODE,
  shouldApplyFlowStatus,
  signerStatusLabel,
} from './status.js';
export * from './webhooks/signature.js';
export type * from './wire.js';
