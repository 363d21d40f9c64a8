/**
 * The BFF's browser-facing wire shapes (docs/internals.md): flow and QR snapshots and the `data` of
 * the SSE messages of `GET /v1/events`. Defined once here, so the BFF that sends them and the
 * elements that read them cannot drift apart. Types only: importing this module adds no bytes to a
 * bundle.
 */

/** One signer of a flow as the BFF exposes it (never mobiles or id numbers). */
export interface ApproverSnapshot {
  recipientId: string;
  approverType: 'ORGANIZATION' | 'PERSON' | 'ENTERPRISESERVER';
  approverName: string | null;
  organizationName: string | null;
  /** ESS signer status (ess-api.md §6.2). */
  approveStatus: number;
  signOrder: number;
  approveTime: number | null;
  approveMessage: string | null;
}

/** What `GET /v1/flows/:flowId` returns and SSE `flow` events carry. */
export interface FlowSnapshot {
  flowId: string;
  /** ESS flow status (ess-api.md §6.1). */
  flowStatus: number;
  flowName: string;
  flowMessage: string | null;
  /** Unix seconds, 0 = never expires. */
  deadline: number;
  createdOn: number;
  unordered: boolean;
  /** ISO 8601. */
  updatedAt: string;
  /** The log position this snapshot reflects (null when it came from a read, not from the log). */
  eventId: string | null;
  approvers: ApproverSnapshot[];
}

export type QrState = 'active' | 'exhausted' | 'expired' | 'cancelled';

export interface QrFailure {
  code: string;
  message: string;
  /** ISO 8601. */
  at: string;
}

/** What `GET /v1/qr-codes/:qrCodeId` returns and SSE `qr` events carry. */
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
  failure: QrFailure | null;
  /** ISO 8601. */
  updatedAt: string;
}

/** `GET /v1/flows/:flowId/sign-url`. */
export interface SignUrlAnswer {
  url: string;
  qrCodeUrl: string | null;
  expiresAt: string | null;
  /** The CreateSchemeUrl EndPoint the BFF used: `HTTP` links open in any browser, the others in the mini-program. */
  endPoint: 'HTTP' | 'HTTP_SHORT_URL' | 'APP' | string;
}

/** `GET /v1/flows/:flowId/files`. */
export interface FileUrlsAnswer {
  urls: string[];
  expiresAt: string | null;
}

/** `data` of each SSE message of `GET /v1/events` (JSON; `occurredAt` is ISO 8601). */
export type LiveMessage =
  | { v: 1; type: 'snapshot'; kind: 'flow'; flow: FlowSnapshot }
  | { v: 1; type: 'snapshot'; kind: 'qr'; qrCode: QrSnapshot }
  | {
      v: 1;
      type: 'flow';
      flowId: string;
      flowStatus: number;
      operate: string | null;
      occurredAt: string;
      flow: FlowSnapshot;
    }
  | { v: 1; type: 'qr'; qrCodeId: string; state: QrState; occurredAt: string; qrCode: QrSnapshot }
  | { v: 1; type: 'resync'; reason: string };
