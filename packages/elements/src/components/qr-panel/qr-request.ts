// The guide's QR rules live in @ess-kit/shared (deep path: the package root would pull zod in).
import { validateQrRequest } from '@ess-kit/shared/rules';

import type { CreateQrRequest } from '../../client/types.js';

/** What the panel's attributes ask for, before validation. */
export interface QrPanelRequest {
  templateId: string;
  flowName: string | undefined;
  maxFlows: string | undefined;
  flowEffectiveDays: string | undefined;
  qrEffectiveDays: string | undefined;
}

/** A request ready for `POST /v1/qr-codes`, or the problems (each a sentence a person can act on). */
export type QrRequestResult = { ok: true; request: CreateQrRequest } | { ok: false; problems: string[] };

function integer(attribute: string, value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) {
    problems.push(`${attribute} must be a whole number (got "${value}").`);
    return undefined;
  }
  return parsed;
}

/** Builds the CreateMultiFlowSignQRCode body from the panel's attributes and checks the guide's rules. */
export function buildQrRequest(input: QrPanelRequest): QrRequestResult {
  const problems: string[] = [];
  const request: CreateQrRequest = {
    TemplateId: input.templateId.trim(),
    FlowName: (input.flowName ?? '').trim(),
  };
  const maxFlows = integer('max-flows', input.maxFlows, problems);
  const flowDays = integer('flow-effective-days', input.flowEffectiveDays, problems);
  const qrDays = integer('qr-effective-days', input.qrEffectiveDays, problems);
  if (maxFlows !== undefined) request.MaxFlowNum = maxFlows;
  if (flowDays !== undefined) request.FlowEffectiveDay = flowDays;
  if (qrDays !== undefined) request.QrEffectiveDay = qrDays;
  for (const violation of validateQrRequest(request)) problems.push(violation.message);
  return problems.length ? { ok: false, problems } : { ok: true, request };
}
