/**
 * The emulator's state store: the data, its domain events, persistence, and the
 * operations the API, the control API and the pages call. Operations live in
 * flows.ts / documents.ts / qr.ts / admin.ts; this class is the single entry point.
 */
import { newId } from '../ids.js';
import * as admin from './admin.js';
import * as actions from './approver-actions.js';
import type { Clock } from './clock.js';
import * as documents from './documents.js';
import { EmulatorError, notFound } from './errors.js';
import {
  type FlowOperate,
  type StateEventMap,
  type StateEventName,
  StateEvents,
  type StateListener,
} from './events.js';
import * as flows from './flows.js';
import { loadStateFile, serializeState, writeStateFile } from './persist.js';
import * as qr from './qr.js';
import type {
  CallbackTarget,
  Flow,
  FlowDocument,
  Organization,
  QrCode,
  Seal,
  Staff,
  StateData,
  StoredFile,
  Template,
} from './types.js';

export interface EmulatorStateOptions {
  clock: Clock;
  /** Builds the seeded state (called at start without a data file, and on reset). */
  seed: () => StateData;
  /** Persist to this JSON file (debounced) and load it at start. */
  dataFile?: string;
  /** CreateDocument composition time in ms (default 300). */
  composeDelayMs?: number;
  /** Debounce for saving, ms (default 200). */
  saveDelayMs?: number;
}

export class EmulatorState {
  data: StateData;
  readonly clock: Clock;
  readonly composeDelayMs: number;
  readonly #events = new StateEvents();
  readonly #seed: () => StateData;
  readonly #dataFile?: string;
  readonly #saveDelayMs: number;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #unsubscribeClock: () => void;

  constructor(options: EmulatorStateOptions) {
    this.clock = options.clock;
    this.#seed = options.seed;
    this.#dataFile = options.dataFile;
    this.composeDelayMs = options.composeDelayMs ?? 300;
    this.#saveDelayMs = options.saveDelayMs ?? 200;
    const loaded = this.#dataFile ? loadStateFile(this.#dataFile) : null;
    if (loaded) {
      this.data = loaded.data;
      this.clock.restoreOffset(loaded.clockOffset);
    } else {
      this.data = this.#seed();
    }
    this.#unsubscribeClock = this.clock.onAdvance(() => this.expireDue());
  }

  // ---- events -------------------------------------------------------------------------

  /** Subscribes to a domain event; returns the unsubscribe function. */
  on<K extends StateEventName>(name: K, listener: StateListener<K>): () => void {
    return this.#events.on(name, listener);
  }

  /** Emits a domain event (used by the operation modules). */
  emit<K extends StateEventName>(name: K, event: StateEventMap[K]): void {
    this.#events.emit(name, event);
  }

  /** Emits `flow.changed` with a snapshot of the flow. */
  emitFlow(
    flow: Flow,
    operate: FlowOperate,
    previousStatus: number,
    recipientId?: string,
    userId?: string,
  ): void {
    this.emit('flow.changed', {
      flow: structuredClone(flow),
      operate,
      previousStatus,
      ...(recipientId ? { recipientId } : {}),
      ...(userId ? { userId } : {}),
      occurredAt: this.clock.now(),
    });
  }

  // ---- lookups (throw EmulatorError with the ESS code when absent) ---------------------

  organization(id: string): Organization {
    const org = this.data.organizations[id];
    if (!org) throw notFound('ResourceNotFound.Organization', 'Organization', id);
    return org;
  }
  organizationByName(name: string): Organization | undefined {
    return Object.values(this.data.organizations).find((o) => o.OrganizationName === name);
  }
  mainOrganization(): Organization {
    return this.organization(this.data.mainOrganizationId);
  }
  staffMember(userId: string): Staff {
    const staff = this.data.staff[userId];
    if (!staff) throw notFound('ResourceNotFound.User', 'User', userId);
    return staff;
  }
  flow(flowId: string): Flow {
    const flow = this.data.flows[flowId];
    if (!flow) throw notFound('ResourceNotFound.Flow', 'Flow', flowId);
    return flow;
  }
  template(templateId: string): Template {
    const template = this.data.templates[templateId];
    if (!template) throw notFound('ResourceNotFound.Template', 'Template', templateId);
    return template;
  }
  qrCode(qrCodeId: string): QrCode {
    const code = this.data.qrCodes[qrCodeId];
    if (!code) throw notFound('ResourceNotFound.QrInfo', 'QR code', qrCodeId);
    return code;
  }
  seal(sealId: string): Seal {
    const seal = this.data.seals[sealId];
    if (!seal) throw notFound('ResourceNotFound', 'Seal', sealId);
    return seal;
  }
  file(fileId: string): StoredFile {
    const file = this.data.files[fileId];
    if (!file || (file.deadline > 0 && file.deadline < this.clock.now()))
      throw notFound('ResourceNotFound.Resource', 'File', fileId);
    return file;
  }
  document(documentId: string): FlowDocument | undefined {
    return this.data.documents[documentId];
  }
  /** The seeded contract PDF (default file for new templates). */
  seedFileId(): string {
    const seeded = Object.values(this.data.files).find(
      (f) => f.deadline === 0 && f.businessType === 'TEMPLATE',
    );
    if (!seeded) throw new EmulatorError('ResourceNotFound.Resource', 'The seeded template PDF is missing.');
    return seeded.FileId;
  }

  // ---- files --------------------------------------------------------------------------

  /** Stores an uploaded file; ids are valid for an hour like the real file host's. */
  addFile(
    organizationId: string,
    fileName: string,
    bytes: Uint8Array,
    businessType: string,
    ttlSeconds = 3600,
  ): StoredFile {
    const now = this.clock.now();
    const file: StoredFile = {
      FileId: newId(),
      OrganizationId: organizationId,
      FileName: fileName,
      businessType,
      bytes,
      createdOn: now,
      deadline: ttlSeconds > 0 ? now + ttlSeconds : 0,
    };
    this.data.files[file.FileId] = file;
    this.touch();
    return file;
  }

  // ---- flows --------------------------------------------------------------------------

  createFileFlow(input: flows.CreateFileFlowInput): Flow {
    const flow = flows.createFileFlow(this, input);
    this.touch();
    return flow;
  }
  createTemplateFlow(input: flows.CreateTemplateFlowInput): Flow {
    const flow = flows.createTemplateFlow(this, input);
    this.touch();
    return flow;
  }
  createDocument(flowId: string, input: documents.CreateDocumentInput): FlowDocument {
    return documents.createDocument(this, flowId, input);
  }
  startFlow(flowId: string): Flow {
    return documents.startTemplateFlow(this, flowId);
  }
  sign(flowId: string, recipientId: string): Flow {
    return actions.sign(this, flowId, recipientId);
  }
  reject(flowId: string, recipientId: string, reason: string): Flow {
    return actions.reject(this, flowId, recipientId, reason);
  }
  fill(flowId: string, recipientId: string, formFields: actions.FormFieldInput[]): Flow {
    return actions.fill(this, flowId, recipientId, formFields);
  }
  cancel(flowId: string, message: string): Flow {
    return actions.cancel(this, flowId, message);
  }
  rescind(flowId: string): Flow {
    return actions.rescind(this, flowId);
  }
  transfer(flowId: string, recipientId: string, to: { name: string; mobile: string }): Flow {
    return actions.transfer(this, flowId, recipientId, to);
  }
  /** Runs everything due at the current clock time: flow deadlines and QR expiry. */
  expireDue(): { flows: string[]; qrCodes: string[] } {
    const result = { flows: actions.expireFlows(this), qrCodes: qr.expireQrCodes(this) };
    if (result.flows.length + result.qrCodes.length > 0) this.touch();
    return result;
  }

  // ---- QR codes -----------------------------------------------------------------------

  createQrCode(input: qr.CreateQrInput): QrCode {
    return qr.createQrCode(this, input);
  }
  cancelQrCode(qrCodeId: string): QrCode {
    return qr.cancelQrCode(this, qrCodeId);
  }
  /** A person scans: creates and starts a flow; returns its FlowId. */
  scan(qrCodeId: string, person: { name: string; mobile: string }): string {
    return qr.scanQrCode(this, qrCodeId, person);
  }

  // ---- seals, templates, staff, organizations -----------------------------------------

  createSeal(input: admin.CreateSealInput): Seal {
    return admin.createSeal(this, input);
  }
  operateSeal(
    sealId: string,
    operation: Exclude<admin.SealOperation, 'create'>,
    options?: { users?: string[]; reason?: string },
  ): Seal {
    return admin.operateSeal(this, sealId, operation, options);
  }
  deleteSeal(sealId: string): Seal {
    return admin.operateSeal(this, sealId, 'delete');
  }
  disableSeal(sealId: string): Seal {
    return admin.operateSeal(this, sealId, 'disable');
  }
  enableSeal(sealId: string): Seal {
    return admin.operateSeal(this, sealId, 'enable');
  }
  authorizeSeal(sealId: string, users: string[]): Seal {
    return admin.operateSeal(this, sealId, 'authorize', { users });
  }
  unauthorizeSeal(sealId: string, users: string[]): Seal {
    return admin.operateSeal(this, sealId, 'unauthorize', { users });
  }
  approveSeal(sealId: string): Seal {
    return admin.operateSeal(this, sealId, 'approve');
  }
  rejectSeal(sealId: string, reason: string): Seal {
    return admin.operateSeal(this, sealId, 'reject', { reason });
  }
  createTemplate(organizationId: string, input: admin.TemplateInput): Template {
    return admin.createTemplate(this, organizationId, input);
  }
  updateTemplate(templateId: string, patch: Parameters<typeof admin.updateTemplate>[2]): Template {
    return admin.updateTemplate(this, templateId, patch);
  }
  verifyStaff(userId: string): Staff {
    return admin.verifyStaff(this, userId);
  }
  setStaffRoles(userId: string, roles: string[]): Staff {
    return admin.setStaffRoles(this, userId, roles);
  }
  updateOrganization(organizationId: string, patch: admin.OrganizationPatch): Organization {
    return admin.updateOrganization(this, organizationId, patch);
  }

  /** Replaces every callback target (PUT /_emulator/callback-targets). */
  setCallbackTargets(targets: CallbackTarget[]): void {
    this.data.callbackTargets = targets.map((t) => ({ ...t }));
    this.touch();
  }
  /** Targets of one organization (targets without organizationId belong to the main organization). */
  callbackTargetsFor(organizationId: string): CallbackTarget[] {
    return this.data.callbackTargets.filter(
      (t) => (t.organizationId ?? this.data.mainOrganizationId) === organizationId,
    );
  }

  // ---- lifecycle ----------------------------------------------------------------------

  /** Back to the seeded state (callback targets configured at start are kept by the seed). */
  reset(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.data = this.#seed();
    this.clock.restoreOffset(0);
    this.emit('state.reset', { occurredAt: this.clock.now() });
    this.touch();
  }

  /** Sends the DocumentFill-style event when composition finishes (timers are unref'd and cleared on close). */
  scheduleComposition(document: FlowDocument): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        documents.finishComposition(this, document, { timerFired: true });
      },
      Math.max(0, document.readyAtMs - Date.now()),
    );
    timer.unref?.();
    this.#timers.add(timer);
  }

  /** Marks the state changed: schedules a debounced save when persisting. */
  touch(): void {
    if (!this.#dataFile || this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      this.flush();
    }, this.#saveDelayMs);
    this.#saveTimer.unref?.();
  }

  /** Writes the state file now (no-op in memory mode). */
  flush(): void {
    if (!this.#dataFile) return;
    if (this.#saveTimer) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = null;
    }
    try {
      writeStateFile(this.#dataFile, serializeState(this.data, this.clock.offset));
    } catch (error) {
      console.error(`[ess-emulator] could not save state to ${this.#dataFile}: ${(error as Error).message}`);
    }
  }

  /** Stops timers and saves pending changes. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#unsubscribeClock();
    if (this.#saveTimer) this.flush();
  }
}
