/**
 * The emulator's state facade: the operations the API, the control API and the pages call, on
 * top of the state core (core.ts: data, clock, events, lookups, persistence). Operations live in
 * flows.ts / documents.ts / approver-actions.ts / qr.ts / admin.ts and receive only the core; this
 * class is the single entry point and the one place that marks the state changed: every
 * operation runs through `change()`.
 */
import { newId } from '../ids.js';
import * as admin from './admin.js';
import * as actions from './approver-actions.js';
import { type EmulatorStateOptions, StateCore } from './core.js';
import * as documents from './documents.js';
import * as flows from './flows.js';
import * as qr from './qr.js';
import type {
  CallbackTarget,
  Flow,
  FlowDocument,
  Organization,
  QrCode,
  Seal,
  Staff,
  StoredFile,
  Template,
} from './types.js';

export type { EmulatorStateOptions } from './core.js';

export class EmulatorState extends StateCore {
  readonly #unsubscribeClock: () => void;

  constructor(options: EmulatorStateOptions) {
    super(options);
    this.#unsubscribeClock = this.clock.onAdvance(() => this.expireDue());
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
    return this.change(() => {
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
      return file;
    });
  }

  // ---- flows --------------------------------------------------------------------------

  createFileFlow(input: flows.CreateFileFlowInput): Flow {
    return this.change(() => flows.createFileFlow(this, input));
  }
  createTemplateFlow(input: flows.CreateTemplateFlowInput): Flow {
    return this.change(() => flows.createTemplateFlow(this, input));
  }
  createDocument(flowId: string, input: documents.CreateDocumentInput): FlowDocument {
    return this.change(() => documents.createDocument(this, flowId, input));
  }
  startFlow(flowId: string): Flow {
    return this.change(() => documents.startTemplateFlow(this, flowId));
  }
  sign(flowId: string, recipientId: string): Flow {
    return this.change(() => actions.sign(this, flowId, recipientId));
  }
  reject(flowId: string, recipientId: string, reason: string): Flow {
    return this.change(() => actions.reject(this, flowId, recipientId, reason));
  }
  fill(flowId: string, recipientId: string, formFields: actions.FormFieldInput[]): Flow {
    return this.change(() => actions.fill(this, flowId, recipientId, formFields));
  }
  cancel(flowId: string, message: string): Flow {
    return this.change(() => actions.cancel(this, flowId, message));
  }
  rescind(flowId: string): Flow {
    return this.change(() => actions.rescind(this, flowId));
  }
  transfer(flowId: string, recipientId: string, to: { name: string; mobile: string }): Flow {
    return this.change(() => actions.transfer(this, flowId, recipientId, to));
  }
  /**
   * Finishes a document's composition now (the platform's CreateFlowsByTemplates composes and
   * starts in one call).
   */
  composeNow(document: FlowDocument): void {
    this.change(() => documents.finishComposition(this, document, { timerFired: true }));
  }
  /**
   * Runs everything due at the current clock time: flow deadlines and QR expiry. Called every
   * second, so it marks the state changed only when something expired.
   */
  expireDue(): { flows: string[]; qrCodes: string[] } {
    const result = { flows: actions.expireFlows(this), qrCodes: qr.expireQrCodes(this) };
    if (result.flows.length + result.qrCodes.length > 0) this.touch();
    return result;
  }

  // ---- QR codes -----------------------------------------------------------------------

  createQrCode(input: qr.CreateQrInput): QrCode {
    return this.change(() => qr.createQrCode(this, input));
  }
  cancelQrCode(qrCodeId: string): QrCode {
    return this.change(() => qr.cancelQrCode(this, qrCodeId));
  }
  /** A person scans: creates and starts a flow; returns its FlowId. */
  scan(qrCodeId: string, person: { name: string; mobile: string }): string {
    return this.change(() => qr.scanQrCode(this, qrCodeId, person));
  }

  // ---- seals, templates, staff, organizations -----------------------------------------

  createSeal(input: admin.CreateSealInput): Seal {
    return this.change(() => admin.createSeal(this, input));
  }
  operateSeal(
    sealId: string,
    operation: Exclude<admin.SealOperation, 'create'>,
    options?: { users?: string[]; reason?: string },
  ): Seal {
    return this.change(() => admin.operateSeal(this, sealId, operation, options));
  }
  deleteSeal(sealId: string): Seal {
    return this.change(() => admin.operateSeal(this, sealId, 'delete'));
  }
  disableSeal(sealId: string): Seal {
    return this.change(() => admin.operateSeal(this, sealId, 'disable'));
  }
  enableSeal(sealId: string): Seal {
    return this.change(() => admin.operateSeal(this, sealId, 'enable'));
  }
  authorizeSeal(sealId: string, users: string[]): Seal {
    return this.change(() => admin.operateSeal(this, sealId, 'authorize', { users }));
  }
  unauthorizeSeal(sealId: string, users: string[]): Seal {
    return this.change(() => admin.operateSeal(this, sealId, 'unauthorize', { users }));
  }
  approveSeal(sealId: string): Seal {
    return this.change(() => admin.operateSeal(this, sealId, 'approve'));
  }
  rejectSeal(sealId: string, reason: string): Seal {
    return this.change(() => admin.operateSeal(this, sealId, 'reject', { reason }));
  }
  createTemplate(organizationId: string, input: admin.TemplateInput): Template {
    return this.change(() => admin.createTemplate(this, organizationId, input));
  }
  updateTemplate(templateId: string, patch: Parameters<typeof admin.updateTemplate>[2]): Template {
    return this.change(() => admin.updateTemplate(this, templateId, patch));
  }
  verifyStaff(userId: string): Staff {
    return this.change(() => admin.verifyStaff(this, userId));
  }
  setStaffRoles(userId: string, roles: string[]): Staff {
    return this.change(() => admin.setStaffRoles(this, userId, roles));
  }
  updateOrganization(organizationId: string, patch: admin.OrganizationPatch): Organization {
    return this.change(() => admin.updateOrganization(this, organizationId, patch));
  }

  /** Replaces every callback target (PUT /_emulator/callback-targets). */
  setCallbackTargets(targets: CallbackTarget[]): void {
    this.change(() => {
      this.data.callbackTargets = targets.map((t) => ({ ...t }));
    });
  }
  /** Targets of one organization (targets without organizationId belong to the main organization). */
  callbackTargetsFor(organizationId: string): CallbackTarget[] {
    return this.data.callbackTargets.filter(
      (t) => (t.organizationId ?? this.data.mainOrganizationId) === organizationId,
    );
  }

  // ---- lifecycle ----------------------------------------------------------------------

  /** Stops the clock subscription and timers and saves pending changes. */
  override close(): void {
    this.#unsubscribeClock();
    super.close();
  }
}
