/**
 * What approvers and the initiator do to a running flow: sign, refuse, fill, transfer; cancel,
 * rescind; and deadline expiry. Each checks that the action is allowed now, changes the state
 * and emits `flow.changed` (and `fee.charged` for refunds).
 */
import { newId } from '../ids.js';
import type { StateCore } from './core.js';
import { EmulatorError, notFound } from './errors.js';
import { applySignature, computeStatus, isTerminal, progress } from './turns.js';
import type { Component, Flow, FlowApprover } from './types.js';

/** Finds an approver that may act now, or explains why not. */
function actionableApprover(
  state: StateCore,
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
export function sign(state: StateCore, flowId: string, recipientId: string): Flow {
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
  return flow;
}

/** The approver refuses: flow 3 (or 10 when they were still due to fill). */
export function reject(state: StateCore, flowId: string, recipientId: string, reason: string): Flow {
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
  state: StateCore,
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
  return flow;
}

/** CancelFlow: refuses terminal flows; refunds the quota when nobody but silent signers has signed. */
export function cancel(state: StateCore, flowId: string, message: string): Flow {
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
  return flow;
}

/** A signed contract is released (已解除): flow 21, signers 15. */
export function rescind(state: StateCore, flowId: string): Flow {
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
  return flow;
}

/** The approver hands over to another person (signer status 19) who takes their place. */
export function transfer(
  state: StateCore,
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
  return flow;
}

/** Expires flows whose deadline has passed (flow 5, unsigned approvers 5). Returns the expired ids. */
export function expireFlows(state: StateCore): string[] {
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
