/**
 * Wire types of the BFF's browser-facing routes (docs/internals.md, "@ess-kit/bff").
 * Kept here, not imported from `@ess-kit/shared`'s zod schemas, so the bundle stays small.
 */

/** One signer of a flow as the BFF exposes it (never mobiles or id numbers). */
export interface ApproverSnapshot {
  recipientId: string;
  approverType: 'ORGANIZATION' | 'PERSON' | 'ENTERPRISESERVER';
  approverName: string | null;
  organizationName: string | null;
  approveStatus: number;
  signOrder: number;
  approveTime: number | null;
  approveMessage: string | null;
}

/** `GET /v1/flows/:flowId`. */
export interface FlowSnapshot {
  flowId: string;
  flowStatus: number;
  flowName: string;
  flowMessage: string | null;
  /** Unix seconds, 0 = no deadline. */
  deadline: number;
  createdOn: number;
  unordered: boolean;
  updatedAt: string;
  eventId: string | null;
  approvers: ApproverSnapshot[];
}

/** State of a one-code-multi-sign QR code. */
export type QrState = 'active' | 'exhausted' | 'expired' | 'cancelled';

/** `GET /v1/qr-codes/:qrCodeId`. */
export interface QrSnapshot {
  qrCodeId: string;
  qrCodeUrl: string;
  templateId: string;
  flowName: string;
  maxFlowNum: number;
  flowCount: number;
  flowIds: string[];
  /** Unix seconds. */
  expiredTime: number;
  state: QrState;
  failure: { code: string; message: string; at: string } | null;
  updatedAt: string;
}

/** `GET /v1/flows/:flowId/sign-url`. */
export interface SignUrl {
  url: string;
  qrCodeUrl: string | null;
  expiresAt: string | null;
}

/** `GET /v1/flows/:flowId/files`. */
export interface FileUrls {
  urls: string[];
  expiresAt: string | null;
}

/** Body of `POST /v1/qr-codes` (ESS spelling). */
export interface CreateQrRequest {
  TemplateId: string;
  FlowName: string;
  MaxFlowNum?: number;
  FlowEffectiveDay?: number;
  QrEffectiveDay?: number;
}

/** `data` of the SSE messages of `GET /v1/events`. */
export type LiveMessage =
  | { v: 1; type: 'snapshot'; kind: 'flow'; flow: FlowSnapshot }
  | { v: 1; type: 'snapshot'; kind: 'qr'; qrCode: QrSnapshot }
  | { v: 1; type: 'flow'; flowId: string; flowStatus: number; operate: string | null; flow: FlowSnapshot }
  | { v: 1; type: 'qr'; qrCodeId: string; state: QrState; qrCode: QrSnapshot }
  | { v: 1; type: 'resync'; reason: string };
