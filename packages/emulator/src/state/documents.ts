/**
 * Template flows, steps 2 and 3: CreateDocument (asynchronous composition with a
 * configurable delay, ClientToken idempotency) and StartFlow (refused while composing).
 */
import { newId } from '../ids.js';
import { applyFormFields, type FormFieldInput } from './approver-actions.js';
import type { StateCore } from './core.js';
import { EmulatorError } from './errors.js';
import { assertAutoSignAllowed, bindTemplate, startFlowNow } from './flows.js';
import { isTerminal } from './turns.js';
import type { Flow, FlowDocument } from './types.js';

export interface CreateDocumentInput {
  templateId: string;
  formFields?: FormFieldInput[];
  fileNames?: string[];
  clientToken?: string;
}

/** Creates the flow's document from its template; composition finishes `composeDelayMs` later. */
export function createDocument(state: StateCore, flowId: string, input: CreateDocumentInput): FlowDocument {
  const flow = state.flow(flowId);
  if (input.clientToken) {
    const previous = state.data.clientTokens[`${flowId}:${input.clientToken}`];
    if (previous && state.data.documents[previous]) return state.data.documents[previous];
  }
  if (flow.kind !== 'template')
    throw new EmulatorError(
      'InvalidParameter',
      `Flow ${flowId} was created from a file; CreateDocument is for CreateFlow flows.`,
    );
  if (!flow.templateId) bindTemplate(state, flow, input.templateId);
  if (flow.templateId !== input.templateId) {
    throw new EmulatorError(
      'OperationDenied.ApproverNoMatchTemplate',
      `TemplateId ${input.templateId} is not the template flow ${flowId} was created with (${flow.templateId}).`,
    );
  }
  if (flow.documentId)
    throw new EmulatorError(
      'FailedOperation.FlowHasDocument',
      `合同已存在文档: flow ${flowId} already has document ${flow.documentId}.`,
      409,
    );
  if (flow.started || isTerminal(flow.status))
    throw new EmulatorError('OperationDenied.FlowHasStarted', `Flow ${flowId} has already started.`, 409);
  const template = state.template(flow.templateId);
  const initiatorComponents = structuredClone(
    template.components.filter((c) => c.ComponentRecipientId === template.promoter.RecipientId),
  );
  applyFormFields(initiatorComponents, input.formFields ?? [], 'the initiator');
  const document: FlowDocument = {
    DocumentId: newId(),
    FlowId: flowId,
    TemplateId: template.TemplateId,
    fileNames: input.fileNames ?? [],
    clientToken: input.clientToken ?? '',
    readyAtMs: Date.now() + state.composeDelayMs,
    composed: false,
  };
  flow.initiatorComponents = initiatorComponents;
  flow.documentId = document.DocumentId;
  flow.updatedOn = state.clock.now();
  state.data.documents[document.DocumentId] = document;
  if (input.clientToken) state.data.clientTokens[`${flowId}:${input.clientToken}`] = document.DocumentId;
  state.schedule(document.readyAtMs, () => finishComposition(state, document, { timerFired: true }));
  return document;
}

/** Marks the document composed (once) and sends the DocumentFill-style `document` event. */
export function finishComposition(
  state: StateCore,
  document: FlowDocument,
  { timerFired = false } = {},
): void {
  // A fired timer means the delay is over: Node may fire it a millisecond before readyAtMs.
  if (document.composed || (!timerFired && Date.now() < document.readyAtMs)) return;
  document.composed = true;
  const flow = state.data.flows[document.FlowId];
  if (flow) state.emitFlow(flow, 'document', flow.status);
}

/** StartFlow: needs a composed document, quota, and the auto-sign prerequisites for silent signers. */
export function startTemplateFlow(state: StateCore, flowId: string): Flow {
  const flow = state.flow(flowId);
  if (isTerminal(flow.status))
    throw new EmulatorError(
      'OperationDenied.FlowHasTerminated',
      `此流程已经终止: flow ${flowId} has status ${flow.status}.`,
      409,
    );
  if (flow.started)
    throw new EmulatorError(
      'OperationDenied.FlowHasStarted',
      `合同已发起: flow ${flowId} has already started.`,
      409,
    );
  const document = state.data.documents[flow.documentId];
  if (!document)
    throw new EmulatorError(
      'FailedOperation.FlowHasNoDocument',
      `合同没有文档: call CreateDocument for flow ${flowId} before StartFlow.`,
      409,
    );
  finishComposition(state, document);
  if (!document.composed)
    throw new EmulatorError('OperationDenied.DocumentNoAvailable', '电子文档不可用，请稍后重试。', 409);
  if (flow.approvers.some((a) => a.approverType === 3))
    assertAutoSignAllowed(state, flow.OrganizationId, flow.creatorId);
  startFlowNow(state, flow);
  return flow;
}
