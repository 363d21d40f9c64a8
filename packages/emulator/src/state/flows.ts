/**
 * Flow lifecycle: creation (file and template), start, turns, signing, refusal, filling,
 * cancel, rescind, transfer and deadline expiry. Pure state transitions plus domain events;
 * request validation lives in src/api, PDF work in src/files.
 */
import { newId, seededId } from '../ids.js';
import { EmulatorError, notFound } from './errors.js';
import type { FlowOperate } from './events.js';
import type { EmulatorState } from './store.js';
import type { ApproverType, Component, Flow, FlowApprover, UnixSeconds } from './types.js';

/** Flow statuses after which nothing can happen any more (§6.1 plus fill-refused 10). */
export const TERMINAL_FLOW_STATUSES: ReadonlySet<number> = new Set([3, 4, 5, 6, 10, 16, 21]);
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

export function isTerminal(status: number): boolean {
  return TERMINAL_FLOW_STATUSES.has(status);
}

function resolveDeadline(now: UnixSeconds, deadline: number | undefined): UnixSeconds {
  if (deadline === undefined) return now + 365 * DAY;
  return deadline;
}

function buildApprover(
  state: EmulatorState,
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
  state: EmulatorState,
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

function assertSilentSeal(state: EmulatorState, flow: Flow, approver: FlowApprover): void {
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

/** Creates and immediately starts a flow from an uploaded PDF (CreateFlowByFiles). */
export function createFileFlow(state: EmulatorState, input: CreateFileFlowInput): Flow {
  const file = state.data.files[input.fileId];
  if (!file) throw notFound('ResourceNotFound.Resource', 'File', input.fileId);
  const now = state.clock.now();
  const flow: Flow = {
    FlowId: newId(),
    OrganizationId: input.organizationId,
    kind: 'file',
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
    sourceFileId: file.FileId,
    approvers: input.approvers.map((a, i) => ({
      ...buildApprover(state, a, i, input.organizationId, input.operatorUserId),
      RecipientId: newId(),
    })),
    initiatorComponents: input.initiatorComponents ?? [],
    started: false,
    charged: false,
    qrCodeId: '',
    callbackUrl: input.callbackUrl ?? '',
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
export function createTemplateFlow(state: EmulatorState, input: CreateTemplateFlowInput): Flow {
  const now = state.clock.now();
  const flow: Flow = {
    FlowId: newId(),
    OrganizationId: input.organizationId,
    kind: 'template',
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
    approvers: input.approvers.map((a, i) =>
      buildApprover(state, a, i, input.organizationId, input.operatorUserId),
    ),
    initiatorComponents: [],
    started: false,
    charged: false,
    qrCodeId: input.qrCodeId ?? '',
    callbackUrl: input.callbackUrl ?? '',
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
export function bindTemplate(
  state: EmulatorState,
  flow: Flow,
  templateId: string,
  unordered?: boolean,
): void {
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

function assertQuota(state: EmulatorState, organizationId: string): void {
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
export function startFlowNow(state: EmulatorState, flow: Flow): void {
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

/** Gives the turn to whoever may act now: everyone (unordered) or the first unfinished approver (ordered). */
function activateTurns(flow: Flow): void {
  const live = flow.approvers.filter((a) => a.status !== 19);
  const waiting = (a: FlowApprover) => a.status === 0 || a.status === 1 || a.status === 7;
  const turnStatus = (a: FlowApprover) => (a.fillComponents.length > 0 ? 8 : 2);
  if (flow.unordered) {
    for (const a of live) if (waiting(a)) a.status = turnStatus(a);
    return;
  }
  const ordered = [...live].sort((x, y) => x.signOrder - y.signOrder);
  const current = ordered.find((a) => a.status !== 3);
  for (const a of ordered) {
    if (a === current) {
      if (waiting(a)) a.status = turnStatus(a);
    } else if (waiting(a)) a.status = 1;
  }
}

/** FlowStatus derived from the approvers of a running flow. */
export function computeStatus(flow: Flow): number {
  const live = flow.approvers.filter((a) => a.status !== 19);
  if (live.length > 0 && live.every((a) => a.status === 3)) return 4;
  if (live.some((a) => a.status === 3)) return 2;
  const fillers = live.filter((a) => a.fillComponents.length > 0);
  if (fillers.some((a) => a.status === 8)) return fillers.some((a) => a.status === 10) ? 9 : 8;
  return 1;
}

/** Runs silent signatures that are due (the last signature also sends `finish`). */
function progress(state: EmulatorState, flow: Flow): void {
  for (;;) {
    activateTurns(flow);
    const silent = flow.approvers.find((a) => a.approverType === 3 && a.status === 2);
    if (!silent) break;
    applySignature(state, flow, silent, flow.creatorId);
  }
  flow.status = computeStatus(flow);
}

function applySignature(state: EmulatorState, flow: Flow, approver: FlowApprover, userId: string): void {
  const previous = flow.status;
  approver.status = 3;
  approver.approveTime = state.clock.now();
  if (!approver.userId) approver.userId = userId || seededId(`person:${approver.mobile}`);
  const done = computeStatus(flow);
  // The 'sign' callback already reports the completed state when this was the last signature.
  flow.status = done;
  flow.updatedOn = state.clock.now();
  state.emitFlow(flow, 'sign', previous, approver.RecipientId, approver.userId);
  if (done === 4) state.emitFlow(flow, 'finish', previous, approver.RecipientId, approver.userId);
}

/** Finds an approver that may act now, or explains why not. */
function actionableApprover(
  state: EmulatorState,
  flowId: string,
  recipientId: string,
): { flow: Flow; approver: FlowApprover } {
  const flow = state.flow(flowId);
  const approver = flow.approvers.find((a) => a.RecipientId === recipientId);
  if (!approver) throw notFound('ResourceNotFound.FlowApprover', `Approver of flow ${flowId}`, recipientId);
  if (isTerminal(flow.status)) {
    throw new EmulatorError(
      'OperationDenied.FlowHasTerminated',
      `此流程已经终止: flow ${flowId} is in terminal status ${flow.status}.`,
      409,
    );
  }
  if (!flow.started) {
    throw new EmulatorError(
      'OperationDenied.FlowStatusForbid',
      `合同尚未发起: flow ${flowId} has not been started (StartFlow) yet.`,
      409,
    );
  }
  const why: Record<number, string> = {
    1: 'it is not this approver’s turn yet (ordered flow)',
    3: 'this approver has already signed',
    4: 'this approver has refused',
    19: 'this approver has transferred the contract to someone else',
  };
  if (![2, 8, 10].includes(approver.status)) {
    throw new EmulatorError(
      'OperationDenied.FlowStatusForbid',
      `签署方当前不可操作: ${why[approver.status] ?? `approver status is ${approver.status}`}.`,
      409,
    );
  }
  return { flow, approver };
}

/** The approver signs (after filling, when they have fill components). */
export function sign(state: EmulatorState, flowId: string, recipientId: string): Flow {
  const { flow, approver } = actionableApprover(state, flowId, recipientId);
  if (approver.status === 8) {
    throw new EmulatorError(
      'OperationDenied.RequiredComponentNotFill',
      '请先填写控件: this approver must fill their components before signing (POST .../fill).',
      409,
    );
  }
  applySignature(state, flow, approver, approver.userId);
  progress(state, flow);
  state.touch();
  return flow;
}

/** The approver refuses: flow 3 (or 10 when they were still due to fill). */
export function reject(state: EmulatorState, flowId: string, recipientId: string, reason: string): Flow {
  const { flow, approver } = actionableApprover(state, flowId, recipientId);
  const previous = flow.status;
  const wasFilling = approver.status === 8;
  approver.status = 4;
  approver.approveTime = state.clock.now();
  approver.approveMessage = reason;
  flow.status = wasFilling ? 10 : 3;
  flow.message = reason;
  flow.updatedOn = state.clock.now();
  state.emitFlow(flow, 'reject', previous, approver.RecipientId, approver.userId);
  state.touch();
  return flow;
}

/** One value for a fill component, addressed by id or name. */
export interface FormFieldInput {
  ComponentId?: string;
  ComponentName?: string;
  ComponentValue: string;
}

/** Applies values to components; unknown names fail with MissingParameter.Field. */
export function applyFormFields(components: Component[], fields: FormFieldInput[], who: string): void {
  for (const field of fields) {
    const target = components.find(
      (c) =>
        (field.ComponentId && c.ComponentId === field.ComponentId) ||
        (field.ComponentName && c.ComponentName === field.ComponentName),
    );
    if (!target) {
      const label = field.ComponentId ?? field.ComponentName ?? '(unnamed)';
      const known = components.map((c) => c.ComponentName || c.ComponentId).join(', ') || 'none';
      throw new EmulatorError(
        'MissingParameter.Field',
        `填写控件不存在: ${who} has no fill component ${JSON.stringify(label)} (known: ${known}).`,
      );
    }
    target.ComponentValue = String(field.ComponentValue);
  }
  const missing = components.filter((c) => c.ComponentRequired && !c.ComponentValue);
  if (missing.length > 0) {
    throw new EmulatorError(
      'InvalidParameter.MissingRequiredComponentValue',
      `必填控件未填写: ${missing.map((c) => c.ComponentName || c.ComponentId).join(', ')} must have a value.`,
    );
  }
}

/** The approver fills their components (status 8 → 10). */
export function fill(
  state: EmulatorState,
  flowId: string,
  recipientId: string,
  formFields: FormFieldInput[],
): Flow {
  const { flow, approver } = actionableApprover(state, flowId, recipientId);
  if (approver.status !== 8) {
    throw new EmulatorError(
      'OperationDenied.FlowStatusForbid',
      '该签署方无需填写: this approver has nothing (left) to fill.',
      409,
    );
  }
  const draft = structuredClone(approver.fillComponents);
  applyFormFields(draft, formFields, `approver ${recipientId}`);
  approver.fillComponents = draft;
  const previous = flow.status;
  approver.status = 10;
  flow.status = computeStatus(flow);
  flow.updatedOn = state.clock.now();
  state.emitFlow(flow, 'fill', previous, approver.RecipientId, approver.userId);
  state.touch();
  return flow;
}

/** CancelFlow: refuses terminal flows; refunds the quota when nobody but silent signers has signed. */
export function cancel(state: EmulatorState, flowId: string, message: string): Flow {
  const flow = state.flow(flowId);
  if (isTerminal(flow.status)) {
    throw new EmulatorError(
      'OperationDenied.FlowHasTerminated',
      `此流程已经终止，当前所有参与者签署: flow ${flowId} is in terminal status ${flow.status} and cannot be cancelled.`,
      409,
    );
  }
  const previous = flow.status;
  for (const a of flow.approvers) if (![3, 4, 19].includes(a.status)) a.status = 6;
  flow.status = 6;
  flow.message = message;
  flow.updatedOn = state.clock.now();
  state.emitFlow(flow, 'cancel', previous);
  const realSignature = flow.approvers.some((a) => a.status === 3 && a.approverType !== 3);
  if (flow.charged && !realSignature) {
    flow.charged = false;
    state.organization(flow.OrganizationId).quota += 1;
    state.emit('fee.charged', {
      flow: structuredClone(flow),
      organizationId: flow.OrganizationId,
      cost: -1,
      occurredAt: state.clock.now(),
    });
  }
  state.touch();
  return flow;
}

/** A signed contract is released (已解除): flow 21, signers 15. */
export function rescind(state: EmulatorState, flowId: string): Flow {
  const flow = state.flow(flowId);
  if (flow.status !== 4) {
    throw new EmulatorError(
      'OperationDenied.FlowStatusForbid',
      `只有已签署的合同可以解除: flow ${flowId} has status ${flow.status}, only 4 (signed) can be released.`,
      409,
    );
  }
  const previous = flow.status;
  for (const a of flow.approvers) if (a.status === 3) a.status = 15;
  flow.status = 21;
  flow.updatedOn = state.clock.now();
  state.emitFlow(flow, 'rescind', previous);
  state.touch();
  return flow;
}

/** The approver hands over to another person (signer status 19) who takes their place. */
export function transfer(
  state: EmulatorState,
  flowId: string,
  recipientId: string,
  to: { name: string; mobile: string },
): Flow {
  const { flow, approver } = actionableApprover(state, flowId, recipientId);
  if (approver.approverType === 3)
    throw new EmulatorError('OperationDenied.FlowStatusForbid', 'A silent signer cannot transfer.', 409);
  if (!to.name?.trim())
    throw new EmulatorError('MissingParameter.ApproverName', 'transfer needs the new signer’s name.');
  if (!/^1\d{10}$/.test(to.mobile ?? ''))
    throw new EmulatorError(
      'InvalidParameter.Mobile',
      'transfer needs an 11-digit mainland mobile for the new signer.',
    );
  const previous = flow.status;
  const record = { name: approver.name, mobile: approver.mobile, time: state.clock.now() };
  const successor: FlowApprover = {
    ...structuredClone(approver),
    RecipientId: newId(),
    SignId: newId(),
    name: to.name.trim(),
    mobile: to.mobile,
    userId: '',
    forwardRecords: [...approver.forwardRecords, record],
  };
  approver.status = 19;
  approver.approveTime = record.time;
  flow.approvers.splice(flow.approvers.indexOf(approver) + 1, 0, successor);
  flow.updatedOn = record.time;
  state.emitFlow(flow, 'transfer', previous, approver.RecipientId, approver.userId);
  state.touch();
  return flow;
}

/** Expires flows whose deadline has passed (flow 5, unsigned approvers 5). Returns the expired ids. */
export function expireFlows(state: EmulatorState): string[] {
  const now = state.clock.now();
  const expired: string[] = [];
  for (const flow of Object.values(state.data.flows)) {
    if (flow.deadline <= 0 || now < flow.deadline || isTerminal(flow.status)) continue;
    const previous = flow.status;
    for (const a of flow.approvers) if (![3, 4, 19].includes(a.status)) a.status = 5;
    flow.status = 5;
    flow.updatedOn = now;
    expired.push(flow.FlowId);
    state.emitFlow(flow, 'deadline', previous);
  }
  return expired;
}

export type { FlowOperate };
