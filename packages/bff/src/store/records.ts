/**
 * The rules every store backend follows (SQLite and Redis differ only in how they persist): which
 * flow record a write keeps, which flows and QR codes are still open, and which log id an event and
 * a written flow record carry; and the public view of a stored QR code. Domain rules (status order,
 * QR states) come from `@ess-kit/shared`.
 */
import { isOpenQrState, isTerminalFlowStatus, shouldApplyFlowStatus } from '@ess-kit/shared';
import type {
  EventId,
  FlowRecord,
  NewEvent,
  QrRecord,
  QrSnapshot,
  RecordPlan,
  StoredEvent,
} from './types.js';

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

/**
 * An event as the store hands it out (record result, live publish, replay): its log id, the time it
 * was recorded and, for a flow change, the same id on the snapshot it carries. This is the one place
 * an event gets its id, before anything (SSE frames, partner payloads) serialises it.
 */
export function storedEvent(event: NewEvent, id: EventId, at: number): StoredEvent {
  const data =
    event.data?.type === 'flow' && event.data.flow
      ? { ...event.data, flow: { ...event.data.flow, eventId: id } }
      : event.data;
  return { ...event, data, id, at };
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

/** The public view of a stored QR code record (routing fields removed, count derived). */
export function qrSnapshot(record: QrRecord): QrSnapshot {
  return {
    qrCodeId: record.qrCodeId,
    qrCodeUrl: record.qrCodeUrl,
    templateId: record.templateId,
    flowName: record.flowName,
    maxFlowNum: record.maxFlowNum,
    flowCount: record.flowIds.length,
    flowIds: [...record.flowIds],
    expiredTime: record.expiredTime,
    state: record.state,
    failure: record.failure,
    updatedAt: record.updatedAt,
  };
}
