/**
 * Multi-sign QR codes (一码多扫): creation, cancel, scans that create flows, expiry.
 * Eligibility of the template follows the guide: no initiator fill components, single C,
 * or B2C where B is the own company and either unordered, silent, or not first.
 */
import { qrStateAt } from '@ess-kit/shared';
import { newId, seededId } from '../ids.js';
import type { StateCore } from './core.js';
import { EmulatorError, notFound } from './errors.js';
import { createTemplateFlow, startFlowNow } from './flows.js';
import type { QrCode, QrRestriction, Template } from './types.js';

const DAY = 86_400;

export interface CreateQrInput {
  organizationId: string;
  operatorUserId: string;
  templateId: string;
  flowName: string;
  maxFlowNum?: number;
  flowEffectiveDay?: number;
  /** Absolute expiry (QrCodeExpiredOn) wins over qrEffectiveDay. */
  expiredTime?: number;
  qrEffectiveDay?: number;
  userData?: string;
  callbackUrl?: string;
  restrictions?: QrRestriction[];
  flowNameAppendScannerInfo?: boolean;
  qrCodeName?: string;
}

/** Why a template cannot back a QR code, or null when it can. */
export function qrIneligibility(template: Template): { code: string; message: string } | null {
  const promoterFill = template.components.some(
    (c) => c.ComponentRecipientId === template.promoter.RecipientId,
  );
  if (promoterFill) {
    return {
      code: 'FailedOperation.QrCodeTemplateId',
      message: '二维码生成失败，模板未满足生成二维码: the template has initiator fill components.',
    };
  }
  const people = template.recipients.filter((r) => r.RecipientType === 'INDIVIDUAL');
  const companies = template.recipients.filter((r) => r.RecipientType === 'ENTERPRISE');
  if (people.length !== 1) {
    return {
      code: 'FailedOperation.QrCodeTemplateId',
      message:
        '二维码生成失败，模板未满足生成二维码: a QR template needs exactly one individual signer (the scanner).',
    };
  }
  if (companies.length === 0) return null;
  if (companies.length > 1) {
    return {
      code: 'FailedOperation.QrCodeTemplateId',
      message:
        '二维码生成失败，模板未满足生成二维码: only single-C or B2C templates are eligible (this one has several companies).',
    };
  }
  const company = companies[0];
  const person = people[0];
  if (template.unordered || company.silent || company.RoutingOrder > person.RoutingOrder) return null;
  return {
    code: 'FailedOperation.QrCodeTemplateId',
    message:
      '二维码生成失败，模板未满足生成二维码: an ordered B2C template needs the company side silent or not first.',
  };
}

export function createQrCode(state: StateCore, input: CreateQrInput): QrCode {
  const template = state.template(input.templateId);
  if (template.OrganizationId !== input.organizationId)
    throw notFound('ResourceNotFound.Template', 'Template', input.templateId);
  const problem = qrIneligibility(template);
  if (problem) throw new EmulatorError(problem.code, problem.message);
  const now = state.clock.now();
  const qr: QrCode = {
    QrCodeId: newId(),
    OrganizationId: input.organizationId,
    TemplateId: template.TemplateId,
    FlowName: input.flowName,
    qrCodeName: input.qrCodeName ?? input.flowName,
    maxFlowNum: input.maxFlowNum ?? 5,
    flowEffectiveDay: input.flowEffectiveDay ?? 7,
    expiredTime: input.expiredTime ?? now + (input.qrEffectiveDay ?? 7) * DAY,
    createdOn: now,
    updatedOn: now,
    creatorId: input.operatorUserId,
    userData: input.userData ?? '',
    callbackUrl: input.callbackUrl ?? '',
    restrictions: input.restrictions ?? [],
    flowNameAppendScannerInfo: input.flowNameAppendScannerInfo ?? false,
    flowIds: [],
    state: 'active',
    failure: null,
  };
  state.data.qrCodes[qr.QrCodeId] = qr;
  state.emit('qr.changed', { qrCode: structuredClone(qr), reason: 'created', occurredAt: now });
  return qr;
}

function assertUsable(qr: QrCode): void {
  if (qr.state === 'expired')
    throw new EmulatorError(
      'OperationDenied.QrHasExpire',
      '签署二维码已过期: this QR code has expired.',
      409,
    );
  if (qr.state !== 'active') {
    throw new EmulatorError(
      'OperationDenied.QrInvalid',
      `签署二维码不可用，请检查后重试。(state: ${qr.state})`,
      409,
    );
  }
}

export function cancelQrCode(state: StateCore, qrCodeId: string): QrCode {
  const qr = state.qrCode(qrCodeId);
  expireQrCodes(state);
  assertUsable(qr);
  qr.state = 'cancelled';
  qr.updatedOn = state.clock.now();
  state.emit('qr.changed', { qrCode: structuredClone(qr), reason: 'cancelled', occurredAt: qr.updatedOn });
  return qr;
}

function matchesRestrictions(
  restrictions: QrRestriction[],
  person: { name: string; mobile: string },
): boolean {
  if (restrictions.length === 0) return true;
  return restrictions.some(
    (r) => (!r.Name || r.Name === person.name) && (!r.Mobile || r.Mobile === person.mobile),
  );
}

/** A person scans the code: a new flow from the template, started at once. Returns the flow id. */
export function scanQrCode(
  state: StateCore,
  qrCodeId: string,
  person: { name: string; mobile: string },
): string {
  const qr = state.qrCode(qrCodeId);
  expireQrCodes(state);
  assertUsable(qr);
  const name = person.name?.trim() ?? '';
  if (!name)
    throw new EmulatorError(
      'InvalidParameter.Name',
      '参数错误,姓名不符合规范,请修改后重试: the scanner’s name is required.',
    );
  if (!/^1\d{10}$/.test(person.mobile ?? ''))
    throw new EmulatorError(
      'InvalidParameter.Mobile',
      'The scanner’s mobile must be an 11-digit mainland number.',
    );
  if (!matchesRestrictions(qr.restrictions, { name, mobile: person.mobile })) {
    throw new EmulatorError(
      'FailedOperation.UserInfoNoMatch',
      '用户信息不匹配: this QR code is restricted to other signers (ApproverRestrictions).',
      403,
    );
  }
  const now = state.clock.now();
  const org = state.organization(qr.OrganizationId);
  if (org.quota < 1) {
    const message = '合同额度不足，扫码发起合同失败: the organization has no contract quota left.';
    qr.failure = { code: 'OperationDenied.NoQuota', message, at: now };
    qr.updatedOn = now;
    state.emit('qr.scanFailed', {
      qrCode: structuredClone(qr),
      code: 'OperationDenied.NoQuota',
      message,
      name,
      mobile: person.mobile,
      occurredAt: now,
    });
    throw new EmulatorError('OperationDenied.NoQuota', message, 403);
  }
  const template = state.template(qr.TemplateId);
  const operator = state.staffMember(qr.creatorId);
  const flow = createTemplateFlow(state, {
    organizationId: qr.OrganizationId,
    operatorUserId: qr.creatorId,
    templateId: template.TemplateId,
    flowName: qr.flowNameAppendScannerInfo
      ? `${qr.FlowName}-${name}-${person.mobile.slice(-4)}`
      : qr.FlowName,
    deadline: now + qr.flowEffectiveDay * DAY,
    userData: qr.userData,
    callbackUrl: qr.callbackUrl,
    qrCodeId: qr.QrCodeId,
    approvers: template.recipients.map((r) =>
      r.RecipientType === 'INDIVIDUAL'
        ? {
            approverType: 1 as const,
            name,
            mobile: person.mobile,
            userId: seededId(`person:${person.mobile}`),
          }
        : {
            approverType: r.silent ? (3 as const) : (0 as const),
            organizationName: org.OrganizationName,
            userId: operator.UserId,
          },
    ),
  });
  // The document of a QR flow is the template itself: nothing to compose.
  flow.documentId = newId();
  startFlowNow(state, flow);
  qr.flowIds.push(flow.FlowId);
  qr.failure = null;
  qr.updatedOn = now;
  state.emit('qr.changed', {
    qrCode: structuredClone(qr),
    reason: 'scanned',
    flowId: flow.FlowId,
    occurredAt: now,
  });
  if (qrStateAt(stateFields(qr), now) === 'exhausted') {
    qr.state = 'exhausted';
    state.emit('qr.changed', { qrCode: structuredClone(qr), reason: 'exhausted', occurredAt: now });
  }
  return flow.FlowId;
}

/** The fields `qrStateAt` (@ess-kit/shared, the rule the BFF applies too) reads. */
function stateFields(qr: QrCode) {
  return {
    state: qr.state,
    expiredTime: qr.expiredTime,
    maxFlowNum: qr.maxFlowNum,
    flowCount: qr.flowIds.length,
  };
}

/** Marks open (active or exhausted) codes whose expiry has passed. */
export function expireQrCodes(state: StateCore): string[] {
  const now = state.clock.now();
  const expired: string[] = [];
  for (const qr of Object.values(state.data.qrCodes)) {
    if (qr.state === 'expired' || qrStateAt(stateFields(qr), now) !== 'expired') continue;
    qr.state = 'expired';
    qr.updatedOn = now;
    expired.push(qr.QrCodeId);
    state.emit('qr.changed', { qrCode: structuredClone(qr), reason: 'expired', occurredAt: now });
  }
  return expired;
}
