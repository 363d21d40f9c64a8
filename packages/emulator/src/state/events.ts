import type { Flow, QrCode, Seal, Staff, Template, UnixSeconds } from './types.js';

/**
 * What happened to a flow. The first seven are the guide's callback `Operate` values;
 * `create` (shell created, nothing sent in ESS), `document` (CreateDocument composition
 * finished: the DocumentFill callback), `rescind` (status 21) and `transfer` (signer 19) complete the set.
 */
export type FlowOperate =
  | 'start'
  | 'sign'
  | 'reject'
  | 'cancel'
  | 'finish'
  | 'deadline'
  | 'fill'
  | 'create'
  | 'document'
  | 'rescind'
  | 'transfer';

/** Seal operations (the guide's OperateSeal `Operate`); `Review` carries reviewStatus/reviewReason. */
export type SealOperate = 'Create' | 'Delete' | 'Disable' | 'Enable' | 'Valid' | 'Invalid' | 'Review';

/** Domain events of the state store, keyed by name. Payloads are snapshots taken after the change. */
export interface StateEventMap {
  'flow.changed': {
    flow: Flow;
    operate: FlowOperate;
    /** The approver who acted (sign/reject/fill/transfer), when there is one. */
    recipientId?: string;
    /** The UserId who acted (silent signs: the operator). */
    userId?: string;
    previousStatus: number;
    occurredAt: UnixSeconds;
  };
  'seal.operated': {
    seal: Seal;
    organizationId: string;
    operate: SealOperate;
    operatorUserId: string;
    /** Users concerned (Valid/Invalid) or currently authorised (Enable/Disable). */
    authorizedUsers: string[];
    reviewStatus?: 'PASS' | 'REJECT';
    reviewReason?: string;
    occurredAt: UnixSeconds;
  };
  'template.changed': {
    template: Template;
    kind: 'add' | 'update';
    operatorUserId: string;
    occurredAt: UnixSeconds;
  };
  'staff.changed': {
    organizationId: string;
    staff: Staff;
    kind: 'verified' | 'roles';
    occurredAt: UnixSeconds;
  };
  /** Quota spent (cost 1) or refunded (cost -1, a started flow cancelled before any real signature). */
  'fee.charged': { flow: Flow; organizationId: string; cost: number; occurredAt: UnixSeconds };
  'qr.changed': {
    qrCode: QrCode;
    reason: 'created' | 'scanned' | 'cancelled' | 'exhausted' | 'expired';
    flowId?: string;
    occurredAt: UnixSeconds;
  };
  /** A scan that could not create a flow (e.g. no quota): the CreateFlowByQrCode callback. */
  'qr.scanFailed': {
    qrCode: QrCode;
    code: string;
    message: string;
    name: string;
    mobile: string;
    occurredAt: UnixSeconds;
  };
  /** The whole state was replaced (reset to seed). */
  'state.reset': { occurredAt: UnixSeconds };
}

export type StateEventName = keyof StateEventMap;
export type StateListener<K extends StateEventName> = (event: StateEventMap[K]) => void;

/** A small typed listener set. Listener errors are isolated so one bad subscriber cannot break a state change. */
export class StateEvents {
  readonly #listeners = new Map<StateEventName, Set<(event: never) => void>>();

  /** Subscribes; returns the unsubscribe function. */
  on<K extends StateEventName>(name: K, listener: StateListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as (event: never) => void);
    return () => set.delete(listener as (event: never) => void);
  }

  /** Delivers synchronously, in subscription order. */
  emit<K extends StateEventName>(name: K, event: StateEventMap[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) {
      try {
        (listener as StateListener<K>)(event);
      } catch (error) {
        console.error(`[ess-emulator] ${name} listener failed:`, error);
      }
    }
  }
}
