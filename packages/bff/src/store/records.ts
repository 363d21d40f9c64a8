/**
 * The rules every store backend follows (SQLite and Redis differ only in how they persist): which
 * flow record a write keeps, which flows and QR codes are still open, and which log id an event and
 * a written flow record carry. Domain rules (status order, QR states) come from `@ess-kit/shared`.
 */
import { isOpenQrState, isTerminalFlowStatus, shouldApplyFlowStatus } from '@ess-kit/shared';
import type { EventId, FlowRecord, NewEvent, QrRecord, RecordPlan, StoredEvent } from './types.js';

/**
 * What `putFlow` stores for `record` (a read from ESS) over `current`: null when the read would move
 * the status backwards (the current record stays); else the record, keeping the owner and the log
 * position already known when the read has none.
 */
export function mergeFlowRecord(current: FlowRecord | null, record: FlowRecord): FlowRecord | null {
  if (current && !shouldApplyFlowStatus(current.snapshot.flowStatus, record.snapshot.flowStatus)) return null;
  return {
    ...record,
    organizationId: record.organizationId ?? current?.organizationId ?? null,
    snapshot: { ...record.snapshot, eventId: record.snapshot.eventId ?? current?.snapshot.eventId ?? null },
  };
}

/** True while a flow can still change (reconciliation looks at open flows only). */
export const isOpenFlow = (record: FlowRecord): boolean => !isTerminalFlowStatus(record.snapshot.flowStatus);

/** True while a QR code can still change (expiry looks at open codes only). */
export const isOpenQr = (record: QrRecord): boolean => isOpenQrState(record.state);

/**
 * The index in `events` of the event whose id a written record of `flowId` carries: the last `flow`
 * event naming it; -1 when none does (the record keeps its own `eventId`).
 */
export function flowEventIndex(events: readonly NewEvent[], flowId: string): number {
  return events.findLastIndex((event) => event.kind === 'flow' && event.flowId === flowId);
}

/** An event as the store hands it out (record result, live publish, replay): its log id and recording time. */
export function storedEvent(event: NewEvent, id: EventId, at: number): StoredEvent {
  return { ...event, id, at };
}

/**
 * After the log append gave the plan's events their `ids` (in order): stamps each flow record of the
 * plan with the id of its event (see `flowEventIndex`) and returns the events as stored.
 */
export function stampEventIds(plan: RecordPlan, ids: readonly EventId[], at: number): StoredEvent[] {
  for (const record of plan.flows ?? []) {
    const index = flowEventIndex(plan.events, record.snapshot.flowId);
    if (index >= 0) record.snapshot.eventId = ids[index] ?? null;
  }
  return plan.events.map((event, i) => storedEvent(event, ids[i] as EventId, at));
}
