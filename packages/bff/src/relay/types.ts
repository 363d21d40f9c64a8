/**
 * The relay's durable state — per-target cursors into the event log and one record per
 * (target, event) delivery — behind one interface with a SQLite and a Redis implementation.
 */
import type { EventId, StoredEvent } from '../store/types.js';

/** `pending` (queued or retrying), `delivered`, or `failed` (the dead-letter list). */
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One event for one target. */
export interface Delivery {
  /** Monotonic per store; also the order of deliveries within a partition. */
  id: string;
  target: string;
  eventId: EventId;
  /** Ordering partition (`flow:<FlowId>`, `qr:<QrCodeId>`, `org:<org>:<family>`). */
  partition: string;
  state: DeliveryState;
  /** Attempts made so far. */
  attempts: number;
  /** Unix ms of the next attempt (pending deliveries). */
  nextAt: number;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
  /** The log entry, copied so that log retention never loses an undelivered event. */
  event: StoredEvent;
}

/** The outcome of one attempt. */
export type AttemptOutcome =
  | { state: 'delivered'; status: number; at: number }
  | { state: 'pending'; nextAt: number; status: number | null; error: string; at: number }
  | { state: 'failed'; status: number | null; error: string; at: number };

/** A page of deliveries. */
export interface DeliveryPage {
  deliveries: Delivery[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

export interface RelayStore {
  readonly kind: 'sqlite' | 'redis';
  /** The target's position in the event log; null when it never ran. */
  cursor(target: string): Promise<EventId | null>;
  /** Sets the cursor only (a new target starts at the log head). */
  setCursor(target: string, cursor: EventId): Promise<void>;
  /**
   * Queues `items` for `target` (an event already queued for it is skipped) and moves the cursor to
   * `cursor`, atomically: a crash either keeps both or neither.
   */
  enqueue(target: string, items: { event: StoredEvent; partition: string }[], cursor: EventId): Promise<void>;
  /**
   * Runs `work` while holding the ingest lease of `target` (Redis: one instance scans a target's log at
   * a time); resolves false without running it when another instance holds it.
   */
  withIngestLease(target: string, work: () => Promise<void>): Promise<boolean>;
  /** The oldest pending delivery of each partition whose attempt is due, oldest first, at most `limit`. */
  due(now: number, limit: number): Promise<Delivery[]>;
  /**
   * Claims `delivery`'s partition for `leaseMs` (no other process delivers it meanwhile); false when
   * it is taken or the delivery is no longer the due head of its partition.
   */
  claim(delivery: Delivery, leaseMs: number): Promise<boolean>;
  /** Records the outcome of an attempt and releases the claim. */
  complete(delivery: Delivery, outcome: AttemptOutcome): Promise<void>;
  get(id: string): Promise<Delivery | null>;
  list(filter: {
    state?: DeliveryState;
    target?: string;
    after?: string | null;
    limit: number;
  }): Promise<DeliveryPage>;
  /** Queues a delivery again (attempts reset, due now); null when unknown. */
  redeliver(id: string, now: number): Promise<Delivery | null>;
  /** Queues every delivery in `state` (optionally of one target) again; returns how many. */
  redeliverAll(state: DeliveryState, target: string | null, now: number): Promise<number>;
  /**
   * Removes the personal data (store/personal-data.ts) from the event copies of deliveries created
   * before `createdBefore` (unix ms), in every state; returns how many changed. Idempotent.
   */
  forgetPersonalData(createdBefore: number): Promise<number>;
  /** Removes the personal data from the event copies of every delivery about `flowId`; idempotent. */
  erasePersonalData(flowId: string): Promise<number>;
  /** Counts per state (for health and tests). */
  counts(): Promise<Record<DeliveryState, number>>;
  close(): Promise<void>;
}
