/** The emulator's state: types, store, clock, events and errors. */
export { type OrganizationPatch, SEAL_OPERATIONS, type SealOperation, type TemplateInput } from './admin.js';
export type { FormFieldInput } from './approver-actions.js';
export { Clock } from './clock.js';
export type * from './data.js';
export type { CreateDocumentInput } from './documents.js';
export { EmulatorError } from './errors.js';
export type { FlowOperate, SealOperate, StateEventMap, StateEventName, StateListener } from './events.js';
export type { ApproverInput, CreateFileFlowInput, CreateTemplateFlowInput } from './flows.js';
export { type CreateQrInput, qrIneligibility } from './qr.js';
export { EmulatorState, type EmulatorStateOptions } from './store.js';
export { computeStatus, isTerminal, TERMINAL_FLOW_STATUSES } from './turns.js';
export type * from './types.js';
