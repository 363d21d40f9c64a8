/**
 * The state core: the data, the clock, domain events, lookups, persistence and timers. The
 * operation modules (flows, documents, approver-actions, qr, admin, turns) receive this and
 * nothing more; the facade (store.ts) extends it with the operations the API calls.
 *
 * Saving: `touch()` schedules the debounced save. Operation modules never call it: the facade
 * runs every operation through `change()`, which touches once afterwards (also when the
 * operation throws after recording something, e.g. a failed QR scan). Timers and reset go
 * through `change()` too.
 */

import type { Clock } from './clock.js';
import type { StateData } from './data.js';
import { EmulatorError, notFound } from './errors.js';
import {
  type FlowOperate,
  type StateEventMap,
  type StateEventName,
  StateEvents,
  type StateListener,
} from './events.js';
import { loadStateFile, serializeState, writeStateFile } from './persist.js';
import type { Flow, FlowDocument, Organization, QrCode, Seal, Staff, StoredFile, Template } from './types.js';

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

export class StateCore {
  data: StateData;
  readonly clock: Clock;
  readonly composeDelayMs: number;
  readonly #events = new StateEvents();
  readonly #seed: () => StateData;
  readonly #dataFile?: string;
  readonly #saveDelayMs: number;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #saveTimer: ReturnType<typeof setTimeout> | null = null;

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

  // ---- timers and saving --------------------------------------------------------------

  /**
   * Runs `run` as a state change at wall-clock `atMs` (CreateDocument composition). Timers are
   * unref'd and cleared on reset and close.
   */
  schedule(atMs: number, run: () => void): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.change(run);
      },
      Math.max(0, atMs - Date.now()),
    );
    timer.unref?.();
    this.#timers.add(timer);
  }

  /** Runs one state change and marks the state changed afterwards, whether it returned or threw. */
  protected change<T>(operation: () => T): T {
    try {
      return operation();
    } finally {
      this.touch();
    }
  }

  /**
   * Marks the state changed: schedules a debounced save when persisting. Called by `change()`;
   * outside the state folder, code that writes `data` itself (the platform mode's records) calls it.
   */
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

  // ---- lifecycle ----------------------------------------------------------------------

  /** Back to the seeded state (callback targets configured at start are kept by the seed). */
  reset(): void {
    this.change(() => {
      this.#clearTimers();
      this.data = this.#seed();
      this.clock.restoreOffset(0);
      this.emit('state.reset', { occurredAt: this.clock.now() });
    });
  }

  /** Stops timers and saves pending changes. */
  close(): void {
    this.#clearTimers();
    if (this.#saveTimer) this.flush();
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
