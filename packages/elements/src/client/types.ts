/**
 * Wire types of the BFF's browser-facing routes: the shapes come from `@ess-kit/shared/wire`
 * (types only, so nothing of shared's zod schemas reaches the bundle).
 */

export type {
  ApproverSnapshot,
  FlowSnapshot,
  LiveMessage,
  QrSnapshot,
  QrState,
} from '@ess-kit/shared/wire';

import type { FileUrlsAnswer, SignUrlAnswer } from '@ess-kit/shared/wire';

/** `GET /v1/flows/:flowId/sign-url`. */
export type SignUrl = SignUrlAnswer;

/** `GET /v1/flows/:flowId/files`. */
export type FileUrls = FileUrlsAnswer;

/** Body of `POST /v1/qr-codes` (ESS spelling). */
export interface CreateQrRequest {
  TemplateId: string;
  FlowName: string;
  MaxFlowNum?: number;
  FlowEffectiveDay?: number;
  QrEffectiveDay?: number;
}
