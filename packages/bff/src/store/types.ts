/**
 * The durable store behind callbacks, live events and partner deliveries.
 *
 * Two implementations share this interface, chosen by `STORE_URL` (see `openStore`):
 * SQLite (a file path; the embedded default) and Redis (`redis://…`; scale-out).
 * Everything that must survive a restart lives here: the ordered event log, flow and QR code
 * snapshots, callback dedupe keys, idempotency keys and flow → organization routes.
 */

/**
 * A log position. SQLite ids are decimal integers (`"42"`), Redis ids are stream ids
 * (`"1732800000000-3"`). Both compare with `compareEventIds` and are used verbatim as SSE `id`s.
 */
export type EventId = string;

// The browser-facing shapes are defined once, in @ess-kit/shared (the elements read the same types).
export type { ApproverSnapshot, FlowSnapshot, QrFailure, QrSnapshot, QrState } from '@ess-kit/shared';

import type { EssEvent, FlowSnapshot, LiveMessage, QrSnapshot } from '@ess-kit/shared';

/** The browser payload of a log entry: a `flow` or `qr` SSE message (docs/internals.md). */
export type LiveEventData = Extract<LiveMessage, { type: 'flow' | 'qr' }>;

/**
 * The normalized ESS event as the log keeps it: shared's `EssEvent` with its verbatim MsgData (`data`)
 * within the personal-data retention; after it, without `data` and approvers' names and messages,
 * marked `personalDataRemoved: true` (store/personal-data.ts).
 */
export type LoggedEssEvent = Omit<EssEvent, 'data'> & { data?: EssEvent['data']; personalDataRemoved?: true };

/** A QR code as stored: the snapshot plus what routing and linking need (never sent to browsers). */
export interface QrRecord extends QrSnapshot {
  organizationId: string | null;
  /** The nonce carried in the UserData the BFF set on CreateMultiFlowSignQRCode (see internals.md). */
  link: string | null;
}

/** A flow's stored state: the public snapshot plus the bookkeeping ordering needs. */
export interface FlowRecord {
  snapshot: FlowSnapshot;
  organizationId: string | null;
  /** Unix seconds of the newest callback applied (ESS `OccurTime`/`UpdatedOn`), for same-status ordering. */
  occurredAt: number;
  /** Unix ms of the last change seen (callback or reconciliation); drives reconciliation. */
  touchedAt: number;
}

/** The kinds of log entry. `flow` and `qr` go to browsers; every kind goes to partners (issue 8). */
export type EventKind = 'flow' | 'qr' | 'ess';

/** An event before it has a log position. */
export interface NewEvent {
  kind: EventKind;
  organizationId: string | null;
  flowId?: string | null;
  qrCodeId?: string | null;
  /** ESS callback family and MsgType (`flow`/`FlowStatusChange`, `seal`/`OperateSeal`, …; `reconcile` for refreshes). */
  family: string;
  msgType: string;
  /**
   * Browser-safe payload for SSE `data` (`{ v: 1, type, … }`, docs/internals.md), or null when this entry
   * must not reach browsers (other families, out-of-order callbacks that did not change the snapshot).
   * A `flow` payload's snapshot carries the event's own id once stored (store/records.ts).
   */
  data: LiveEventData | null;
  /**
   * The normalized ESS event with its verbatim MsgData, for partner systems (their `original`, tag
   * filters); may hold personal data, so it never reaches browsers. Null for the BFF's own entries.
   */
  ess?: LoggedEssEvent | null;
}

/** An event in the log. */
export interface StoredEvent extends NewEvent {
  id: EventId;
  /** Unix ms when it was recorded. */
  at: number;
}

/** What a `record` planner sees: the current state of the records it asked for. */
export interface RecordState {
  flows: Map<string, FlowRecord | null>;
  qrCodes: Map<string, QrRecord | null>;
}

/** What a `record` planner decides: events to append and records to write, all in one transaction. */
export interface RecordPlan {
  events: NewEvent[];
  /**
   * Records to write. A record's `snapshot.eventId` is set by the store to the id of the last `flow`
   * event in `events` that names the same flow; with none, the record keeps its own (store/records.ts).
   */
  flows?: FlowRecord[];
  qrCodes?: QrRecord[];
  /** Ownership learned from this change (group routing), written in the same transaction. */
  owners?: { kind: OwnerKind; id: string; organizationId: string }[];
}

export interface RecordInput {
  /** Callback dedupe key; when already seen, nothing is written and `duplicate` is true. */
  dedupeKey?: string | null;
  /** More keys naming the same delivery (e.g. MsgId and flow/operate/recipient/time): any seen → duplicate. */
  dedupeKeys?: string[];
  flowIds?: string[];
  qrCodeIds?: string[];
  /**
   * Pure function from current state to the change. It may run more than once (Redis retries on a
   * concurrent write), so it must not have side effects.
   */
  plan(state: RecordState): RecordPlan;
}

export type RecordResult = { duplicate: true } | { duplicate: false; events: StoredEvent[] };

/** A replay read: `stale` when `after` is older than the retained log (the reader must resync). */
export interface ReadResult {
  events: StoredEvent[];
  stale: boolean;
  /** True when more events follow beyond `limit`. */
  more: boolean;
}

/** Snapshots read at one log position, so that live events after `head` continue them exactly. */
export interface SnapshotRead {
  head: EventId | null;
  flows: Map<string, FlowRecord>;
  qrCodes: Map<string, QrRecord>;
}

export type IdempotencyState =
  | { state: 'new' }
  | { state: 'in-progress' }
  /** `fingerprint`: of the request that stored the answer (null for answers stored without one). */
  | { state: 'done'; status: number; body: string; fingerprint: string | null };

/** Log retention: whichever bound is hit first trims the oldest entries. */
export interface Retention {
  maxEvents: number;
  maxAgeSeconds: number;
  /**
   * Age after which an entry's personal data (store/personal-data.ts) is removed while the entry
   * itself stays (default 30 days); only matters when it is shorter than `maxAgeSeconds`, or for
   * entries copied elsewhere (relay deliveries).
   */
  personalDataMaxAgeSeconds: number;
}

/** What erasing one flow's personal data changed (`DELETE /v1/flows/:flowId/personal-data`). */
export interface ErasedFromStore {
  /** Log entries whose personal data was removed. */
  events: number;
  /** 1 when the flow's stored snapshot held names or free text and was cleared, else 0. */
  flows: number;
}

export type EventListener = (event: StoredEvent) => void;

export interface Store {
  readonly kind: 'sqlite' | 'redis';

  // ── event log ──────────────────────────────────────────────────────────────
  /** Dedupe + read records + append events + write records, atomically; then publishes the events. */
  record(input: RecordInput): Promise<RecordResult>;
  /** Events strictly after `after` (null = from the oldest retained), oldest first, at most `limit`. */
  readEvents(after: EventId | null, limit: number): Promise<ReadResult>;
  /** The newest event id, or null when the log is empty. */
  head(): Promise<EventId | null>;
  /** Drops entries beyond the retention bounds; returns how many were dropped. */
  trim(retention?: Partial<Retention>): Promise<number>;
  /**
   * Removes the personal data (store/personal-data.ts) of entries recorded before `recordedBefore`
   * (unix ms); the entries stay. Returns how many entries changed. Run periodically; idempotent.
   */
  forgetPersonalData(recordedBefore: number): Promise<number>;
  /** Removes the personal data of every entry about `flowId` and of its snapshot; idempotent. */
  erasePersonalData(flowId: string): Promise<ErasedFromStore>;
  /**
   * Live events of every process sharing this store, in log order (Redis: one pub/sub subscription per
   * process, fanned out locally). Returns the unsubscribe function.
   */
  subscribe(listener: EventListener): () => void;

  // ── snapshots ──────────────────────────────────────────────────────────────
  getFlow(flowId: string): Promise<FlowRecord | null>;
  /**
   * The stored snapshot as JSON text, exactly what `GET /v1/flows/:id` answers: the hottest read
   * (every status badge), so it skips parsing the record and serializing the snapshot again.
   */
  getFlowSnapshotJson(flowId: string): Promise<string | null>;
  /**
   * Stores a snapshot read from ESS (DescribeFlowInfo) unless it would move the status backwards;
   * returns what is stored afterwards. No event is logged (use `record` for changes to announce).
   */
  putFlow(record: FlowRecord): Promise<FlowRecord>;
  getQrCode(qrCodeId: string): Promise<QrRecord | null>;
  putQrCode(record: QrRecord): Promise<void>;
  /** The QR code whose UserData link nonce is `link`. */
  findQrCodeByLink(link: string): Promise<QrRecord | null>;
  /** Flows, QR codes, head at one log position. */
  readSnapshots(flowIds: string[], qrCodeIds: string[]): Promise<SnapshotRead>;

  // ── routing ────────────────────────────────────────────────────────────────
  /** Records which organization owns a flow, seal, template or QR code (group routing). */
  putOwner(kind: OwnerKind, id: string, organizationId: string): Promise<void>;
  getOwner(kind: OwnerKind, id: string): Promise<string | null>;

  // ── reconciliation ─────────────────────────────────────────────────────────
  /** Non-terminal flows whose last change is older than `quietSince` (unix ms), stalest first. */
  openFlowsQuietSince(
    quietSince: number,
    limit: number,
  ): Promise<{ flowId: string; organizationId: string | null }[]>;
  /** Marks a flow as checked now without changing it (so reconciliation does not re-ask at once). */
  touchFlow(flowId: string, at: number): Promise<void>;
  /** QR codes still `active` or `exhausted` whose `expiredTime` (unix s) is at or before `nowSeconds`. */
  qrCodesExpiredBy(nowSeconds: number, limit: number): Promise<QrRecord[]>;

  // ── idempotency keys (POST retries from browsers/partners) ────────────────
  /** Claims `key` for `ttlSeconds`: `new` for the first caller, else in-progress or the stored answer. */
  beginIdempotent(key: string, ttlSeconds: number): Promise<IdempotencyState>;
  /** Stores the answer to replay, with the fingerprint of the request it answers. */
  finishIdempotent(
    key: string,
    status: number,
    body: string,
    ttlSeconds: number,
    fingerprint: string,
  ): Promise<void>;
  /** Releases a claim after a failure so that a retry may run. */
  abandonIdempotent(key: string): Promise<void>;

  // ── coordination ──────────────────────────────────────────────────────────
  /**
   * Takes the lease `name` for `ttlMs` unless another live holder has it; true when this caller
   * holds it now. Instances sharing a store use it so that periodic work (reconciliation) runs on
   * one of them per period. SQLite has one process: always true.
   */
  tryLease(name: string, ttlMs: number): Promise<boolean>;

  // ── health ────────────────────────────────────────────────────────────────
  /**
   * Resolves when the store can really write and read back (readiness); rejects with an Error whose
   * message says what is wrong (store/health.ts). Never throws synchronously.
   */
  check(): Promise<void>;

  close(): Promise<void>;
}

/**
 * What an owner record is about. `subCompanyName` (第三方应用) maps a sub-company's OpenId to its name,
 * which the platform's onboarding link needs (platform/onboarding.ts): the "owner" is the name.
 */
export type OwnerKind = 'flow' | 'seal' | 'template' | 'qr' | 'subCompanyName';
