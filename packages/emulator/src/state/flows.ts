/**
 * Flow creation and start: file flows (CreateFlowByFiles), template flow shells (CreateFlow)
 * and their binding to a template, the auto-sign and quota checks, and entering signing.
 * Turns and signatures live in turns.ts, approver actions in approver-actions.ts.
 * Request validation lives in src/api, PDF work in src/files.
 */
import { newId, seededId } from '../ids.js';
import type { StateCore } from './core.js';
import { EmulatorError, notFound } from './errors.js';
import { activateTurns, computeStatus, progress } from './turns.js';
import type { ApproverType, Component, Flow, FlowApprover, UnixSeconds } from './types.js';

const DAY = 86_400;

/** One approver as the API (or a QR scan) describes it. */
export interface ApproverInput {
  approverType: ApproverType;
  name?: string;
  mobile?: string;
  organizationName?: string;
  userId?: string;
  idCardType?: string;
  idCardNumber?: string;
  /** Template flows: the template recipient this approver fills. */
  recipientId?: string;
  roleName?: string;
  signComponents?: Component[];
  fillComponents?: Component[];
  /** Silent signers: the seal to stamp with. */
  sealId?: string;
}

/** A CcInfo of CreateFlow / CreateFlowByFiles (the fields the emulator keeps). */
export interface CcInput {
  Mobile?: string;
  Name?: string;
  CcType?: number;
  OrganizationName?: string;
}

interface CommonFlowInput {
  organizationId: string;
  operatorUserId: string;
  flowName: string;
  flowDescription?: string;
  flowType?: string;
  /** undefined = creation + 365 days; 0 = never. */
  deadline?: number;
  unordered?: boolean;
  userData?: string;
  callbackUrl?: string;
  /** CcInfos as sent. */
  ccs?: CcInput[];
}

export interface CreateFileFlowInput extends CommonFlowInput {
  fileId: string;
  approvers: ApproverInput[];
  initiatorComponents?: Component[];
}

export interface CreateTemplateFlowInput extends CommonFlowInput {
  /** Bind now (QR scans, approvers naming RecipientIds); absent = bound by CreateDocument. */
  templateId?: string;
  /** In the template's recipient order, one per recipient. */
  approvers: ApproverInput[];
  qrCodeId?: string;
}
function resolveDeadline(now: UnixSeconds, deadline: number | undefined): UnixSeconds {
  if (deadline === undefined) return now + 365 * DAY;
  return deadline;
}

function buildApprover(
  state: StateCore,
  input: ApproverInput,
  index: number,
  ownerOrgId: string,
  operatorUserId: string,
): FlowApprover {
  const owner = state.organization(ownerOrgId);
  const enterprise = input.approverType === 0 || input.approverType === 3;
  const silent = input.approverType === 3;
  const organizationName = enterprise
    ? silent
      ? owner.OrganizationName
      : (input.organizationName ?? '')
    : '';
  const org = enterprise ? state.organizationByName(organizationName) : undefined;
  const staff = silent
    ? state.staffMember(operatorUserId)
    : input.userId
      ? state.data.staff[input.userId]
      : undefined;
  return {
    RecipientId: input.recipientId ?? '',
    SignId: newId(),
    approverType: input.approverType,
    roleName: input.roleName ?? (enterprise ? '企业签署方' : '个人签署方'),
    name: staff?.name ?? input.name ?? '',
    mobile: staff?.mobile ?? input.mobile ?? '',
    organizationName,
    organizationId: enterprise ? (org?.OrganizationId ?? seededId(`org:${organizationName}`)) : '',
    userId: silent ? operatorUserId : (input.userId ?? ''),
    idCardType: input.idCardType ?? (enterprise ? '' : 'ID_CARD'),
    idCardNumber: input.idCardNumber ?? '',
    status: 0,
    signOrder: index,
    approveTime: 0,
    approveMessage: '',
    signComponents: input.signComponents ?? [],
    fillComponents: input.fillComponents ?? [],
    sealId: input.sealId ?? '',
    forwardRecords: [],
  };
}

/** Refuses silent signers unless the organization has the service and the operator the permission. */
export function assertAutoSignAllowed(
  state: StateCore,
  organizationId: string,
  operatorUserId: string,
): void {
  const org = state.organization(organizationId);
  if (!org.silentSignEnabled) {
    throw new EmulatorError(
      'OperationDenied.NoOpenServerSign',
      `企业未开通自动签署服务: organization ${org.OrganizationName} has not enabled the silent-sign (自动签署) service; enable it in 企业设置 > 扩展服务 (emulator: PUT /_emulator/organizations/${org.OrganizationId} {"silentSignEnabled":true}).`,
      403,
    );
  }
  const operator = state.data.staff[operatorUserId];
  if (!operator?.autoSign) {
    throw new EmulatorError(
      'OperationDenied.NoPermissionUseServerSignSeal',
      `经办人没有自动签署权限: operator ${operatorUserId} does not hold the auto-sign permission (emulator: PUT /_emulator/organizations/${org.OrganizationId} {"operatorAutoSign":true}).`,
      403,
    );
  }
}

function assertSilentSeal(state: StateCore, flow: Flow, approver: FlowApprover): void {
  if (!approver.sealId) {
    throw new EmulatorError(
      'MissingParameter.ServerSignSealId',
      '自动签署需要指定印章: a silent signer (ApproverType 3) needs a SIGN_SEAL component whose ComponentValue is a SealId (or a template seal).',
    );
  }
  const seal = state.data.seals[approver.sealId];
  if (!seal || seal.OrganizationId !== flow.OrganizationId) {
    throw new EmulatorError(
      'InvalidParameter.SealId',
      `印章不存在: seal ${approver.sealId} does not belong to organization ${flow.OrganizationId}.`,
    );
  }
  if (seal.status !== 'SUCCESS') {
    throw new EmulatorError(
      'InvalidParameter.SealId',
      `印章不可用: seal ${seal.SealId} is ${seal.status}, only SUCCESS seals can sign.`,
    );
  }
}

/** The fields every new flow starts with; the file and template creators add their own. */
function flowShell(state: StateCore, input: CommonFlowInput, kind: Flow['kind']): Flow {
  const now = state.clock.now();
  return {
    FlowId: newId(),
    OrganizationId: input.organizationId,
    kind,
    FlowName: input.flowName,
    FlowDescription: input.flowDescription ?? '',
    FlowType: input.flowType ?? '',
    status: 0,
    message: '',
    createdOn: now,
    updatedOn: now,
    deadline: resolveDeadline(now, input.deadline),
    creatorId: input.operatorUserId,
    unordered: input.unordered ?? false,
    userData: input.userData ?? '',
    templateId: '',
    documentId: '',
    sourceFileId: '',
    approvers: [],
    initiatorComponents: [],
    started: false,
    charged: false,
    qrCodeId: '',
    callbackUrl: input.callbackUrl ?? '',
    ccs: (input.ccs ?? []).map((cc) => ({
      RecipientId: newId(),
      name: cc.Name ?? '',
      mobile: cc.Mobile ?? '',
      ccType: cc.CcType ?? 0,
      organizationName: cc.OrganizationName ?? '',
    })),
  };
}

/** Creates and immediately starts a flow from an uploaded PDF (CreateFlowByFiles). */
export function createFileFlow(state: StateCore, input: CreateFileFlowInput): Flow {
  const file = state.data.files[input.fileId];
  if (!file) throw notFound('ResourceNotFound.Resource', 'File', input.fileId);
  const flow: Flow = {
    ...flowShell(state, input, 'file'),
    sourceFileId: file.FileId,
    approvers: input.approvers.map((a, i) => ({
      ...buildApprover(state, a, i, input.organizationId, input.operatorUserId),
      RecipientId: newId(),
    })),
    initiatorComponents: input.initiatorComponents ?? [],
  };
  if (flow.approvers.some((a) => a.approverType === 3))
    assertAutoSignAllowed(state, flow.OrganizationId, flow.creatorId);
  for (const approver of flow.approvers)
    if (approver.approverType === 3) assertSilentSeal(state, flow, approver);
  assertQuota(state, flow.OrganizationId);
  state.data.flows[flow.FlowId] = flow;
  startFlowNow(state, flow);
  return flow;
}

/**
 * Creates a template flow shell (CreateFlow): status 0, or 7 when signers have fill components.
 * CreateFlow carries no TemplateId: when the approvers name no RecipientId the template is bound
 * later, by CreateDocument (see bindTemplate).
 */
export function createTemplateFlow(state: StateCore, input: CreateTemplateFlowInput): Flow {
  const flow: Flow = {
    ...flowShell(state, input, 'template'),
    approvers: input.approvers.map((a, i) =>
      buildApprover(state, a, i, input.organizationId, input.operatorUserId),
    ),
    qrCodeId: input.qrCodeId ?? '',
  };
  if (input.templateId) bindTemplate(state, flow, input.templateId, input.unordered);
  state.data.flows[flow.FlowId] = flow;
  state.emitFlow(flow, 'create', flow.status);
  return flow;
}

const RECIPIENT_TYPES: Record<string, ApproverType[]> = { INDIVIDUAL: [1, 7], ENTERPRISE: [0, 3] };

/**
 * Binds a flow's approvers to a template's recipients, position by position: kinds must match
 * (person/company), a given RecipientId must be the recipient at that position, auto-sign
 * recipients need ApproverType 3, and Unordered (when given) must equal the template's setting.
 */
export function bindTemplate(state: StateCore, flow: Flow, templateId: string, unordered?: boolean): void {
  const template = state.template(templateId);
  const mismatch = (message: string) =>
    new EmulatorError('OperationDenied.ApproverNoMatchTemplate', `签署方与模板不匹配: ${message}`);
  if (flow.approvers.length !== template.recipients.length) {
    throw mismatch(
      `the template has ${template.recipients.length} recipient(s) but ${flow.approvers.length} approver(s) were given.`,
    );
  }
  if (unordered !== undefined && unordered !== template.unordered) {
    throw new EmulatorError(
      'InvalidParameter.ParamError',
      `Unordered must match the template's setting (${template.unordered}); it was ${unordered}.`,
    );
  }
  template.recipients.forEach((recipient, i) => {
    const approver = flow.approvers[i];
    const requested = approver.RecipientId;
    if (requested && requested !== recipient.RecipientId) {
      throw mismatch(
        `Approvers[${i}].RecipientId must be ${recipient.RecipientId} (${recipient.RoleName}): approvers follow the template's recipients in order.`,
      );
    }
    if (!RECIPIENT_TYPES[recipient.RecipientType]?.includes(approver.approverType)) {
      throw mismatch(
        `Approvers[${i}] is ApproverType ${approver.approverType} but recipient ${recipient.RoleName} is ${recipient.RecipientType}.`,
      );
    }
    if (recipient.silent !== (approver.approverType === 3)) {
      throw mismatch(
        recipient.silent
          ? `recipient ${recipient.RoleName} signs automatically: pass {"ApproverType": 3} at Approvers[${i}].`
          : `Approvers[${i}] is a silent signer (ApproverType 3) but recipient ${recipient.RoleName} is not an auto-sign recipient.`,
      );
    }
    approver.RecipientId = recipient.RecipientId;
    approver.roleName = recipient.RoleName;
    approver.signOrder = template.unordered ? 0 : recipient.RoutingOrder;
    if (recipient.silent) approver.sealId = template.sealId;
    approver.signComponents = template.signComponents
      .filter((c) => c.ComponentRecipientId === recipient.RecipientId)
      .map((c) => ({ ...c, ComponentValue: recipient.silent ? template.sealId : c.ComponentValue }));
    approver.fillComponents = template.components
      .filter((c) => c.ComponentRecipientId === recipient.RecipientId)
      .map((c) => ({ ...c }));
  });
  flow.templateId = template.TemplateId;
  flow.sourceFileId = template.fileId;
  flow.unordered = template.unordered;
  if (!flow.FlowType) flow.FlowType = template.flowType;
  if (!flow.started && (flow.status === 0 || flow.status === 7))
    flow.status = flow.approvers.some((a) => a.fillComponents.length > 0) ? 7 : 0;
  if (flow.approvers.some((a) => a.approverType === 3)) {
    assertAutoSignAllowed(state, flow.OrganizationId, flow.creatorId);
    for (const approver of flow.approvers)
      if (approver.approverType === 3) assertSilentSeal(state, flow, approver);
  }
}

function assertQuota(state: StateCore, organizationId: string): void {
  const org = state.organization(organizationId);
  if (org.quota < 1) {
    throw new EmulatorError(
      'OperationDenied.NoQuota',
      `合同额度不足: organization ${org.OrganizationName} has no contract quota left (emulator: PUT /_emulator/organizations/${org.OrganizationId} {"quota":100}).`,
      403,
    );
  }
}

/** Spends quota, enters signing, sends start, then lets silent signers sign when their turn comes. */
export function startFlowNow(state: StateCore, flow: Flow): void {
  assertQuota(state, flow.OrganizationId);
  const previous = flow.status;
  state.organization(flow.OrganizationId).quota -= 1;
  flow.charged = true;
  flow.started = true;
  activateTurns(flow);
  flow.status = computeStatus(flow);
  flow.updatedOn = state.clock.now();
  state.emitFlow(flow, 'start', previous);
  state.emit('fee.charged', {
    flow: structuredClone(flow),
    organizationId: flow.OrganizationId,
    cost: 1,
    occurredAt: state.clock.now(),
  });
  progress(state, flow);
}
