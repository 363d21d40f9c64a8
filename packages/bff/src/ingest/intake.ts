/**
 * From one normalized ESS event to the durable log: organization routing, per-flow monotonic
 * snapshots, QR code linking and state, all recorded in one store transaction with the dedupe key.
 * Used by the callback route and by reconciliation alike, so a change found either way is the same event.
 */
import { type EssEvent, qrStateAt } from '@ess-kit/shared';
import type { Logger } from '../logger.js';
import { qrSnapshot } from '../store/records.js';
import type {
  FlowRecord,
  LiveEventData,
  NewEvent,
  QrRecord,
  RecordPlan,
  RecordResult,
  Store,
} from '../store/types.js';
import { applyEventToSnapshot } from './snapshot.js';
import { parseEssKitUserData } from './user-data.js';

/** Intake takes shared's normalized callback event as it is; reconciliation builds the same shape. */
export type IntakeEvent = EssEvent;

export interface IngestOptions {
  /** Organization of the callback target that received it (configured per target), if any. */
  targetOrganizationId?: string | null;
  /** Skip the dedupe key (reconciliation results have none). */
  dedupe?: boolean;
  logger?: Logger;
  now?: () => number;
}

/** Group routing: payload OrganizationId, else the flow's recorded owner, else seal/template/QR owner, else the target's. */
export async function resolveOrganization(
  store: Store,
  event: IntakeEvent,
  targetOrganizationId: string | null,
): Promise<string | null> {
  if (event.organizationId) return event.organizationId;
  const lookups: [Parameters<Store['getOwner']>[0], string | undefined][] = [
    ['flow', event.flowId],
    ['seal', event.sealId],
    ['template', event.templateId],
    ['qr', event.qrCodeId],
  ];
  for (const [kind, id] of lookups) {
    if (!id) continue;
    const owner = await store.getOwner(kind, id);
    if (owner) return owner;
  }
  return targetOrganizationId;
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** The browser payload of a QR change. */
export function qrEventData(record: QrRecord, occurredAt: number): LiveEventData {
  return {
    v: 1,
    type: 'qr',
    qrCodeId: record.qrCodeId,
    state: record.state,
    occurredAt: iso(occurredAt),
    qrCode: qrSnapshot(record),
  };
}

/** Records one ESS event (callback or reconciliation) durably; publishes through the store. */
export async function ingestEvent(
  store: Store,
  event: IntakeEvent,
  options: IngestOptions = {},
): Promise<RecordResult> {
  const now = options.now ?? Date.now;
  const link = event.flowId ? parseEssKitUserData(event.userData)?.qr : undefined;
  const linkedQr = link ? await store.findQrCodeByLink(link) : null;
  // A flow made from a QR code belongs to the code's organization when nothing nearer names one
  // (a member's code, a callback without OrganizationId, a target shared by the group).
  const organizationId = await resolveOrganization(
    store,
    event,
    linkedQr?.organizationId ?? options.targetOrganizationId ?? null,
  );
  const qrCodeIds = [
    ...new Set(
      [linkedQr?.qrCodeId, event.family === 'qr' ? event.qrCodeId : undefined].filter(
        (x): x is string => !!x,
      ),
    ),
  ];
  const isFlowChange = event.family === 'flow' && !!event.flowId && event.msgType !== 'FlowCost';
  const result = await store.record({
    dedupeKey: options.dedupe === false ? null : `cb:${event.dedupeKey}`,
    dedupeKeys: options.dedupe === false ? [] : contentKeys(event),
    flowIds: isFlowChange ? [event.flowId as string] : [],
    qrCodeIds,
    plan: (state) => planEvent(event, organizationId, state, now()),
  });
  return result;
}

/**
 * A resend may carry another MsgId: the same flow, operation, recipient, status and time (as ESS
 * stated it) is the same delivery too. Only when the message states its time, so that two real
 * changes are never merged.
 */
function contentKeys(event: IntakeEvent): string[] {
  const stated = event.data.OccurTime ?? event.data.UpdatedOn;
  if (!event.flowId || !event.operate || typeof stated !== 'number' || stated <= 0) return [];
  return [
    `cb:flow:${event.flowId}:${event.operate}:${event.recipientId ?? ''}:${event.flowStatus ?? ''}:${stated}`,
  ];
}

function planEvent(
  event: IntakeEvent,
  organizationId: string | null,
  state: { flows: Map<string, FlowRecord | null>; qrCodes: Map<string, QrRecord | null> },
  nowMs: number,
): RecordPlan {
  const nowSeconds = Math.floor(nowMs / 1000);
  const plan: RecordPlan = { events: [], flows: [], qrCodes: [], owners: [] };
  // Learn ownership for later callbacks that do not name their organization.
  if (organizationId && event.flowId) plan.owners?.push({ kind: 'flow', id: event.flowId, organizationId });
  if (organizationId && event.organizationId) {
    if (event.sealId) plan.owners?.push({ kind: 'seal', id: event.sealId, organizationId });
    if (event.templateId && event.family === 'template') {
      plan.owners?.push({ kind: 'template', id: event.templateId, organizationId });
    }
  }
  const base = {
    organizationId,
    flowId: event.flowId ?? null,
    family: event.family,
    msgType: event.msgType,
    // Kept whole, MsgData included: partners get it as `original` when they ask (relay/payload.ts).
    ess: event,
  };

  const flowId = event.flowId;
  const current = flowId ? state.flows.get(flowId) : undefined;
  if (
    flowId &&
    current !== undefined &&
    typeof (event.flowStatus ?? current?.snapshot.flowStatus) === 'number'
  ) {
    const next = applyEventToSnapshot(
      current?.snapshot ?? null,
      event,
      current?.occurredAt ?? 0,
      new Date(nowMs),
    );
    const applied = next !== current?.snapshot;
    const data: LiveEventData | null = applied
      ? {
          v: 1,
          type: 'flow',
          flowId,
          flowStatus: next.flowStatus,
          operate: event.operate ?? null,
          occurredAt: iso(event.occurredAt),
          flow: next,
        }
      : null;
    plan.events.push({ ...base, kind: 'flow', data });
    if (applied) {
      plan.flows?.push({
        snapshot: next,
        organizationId: organizationId ?? current?.organizationId ?? null,
        occurredAt: Math.max(event.occurredAt, current?.occurredAt ?? 0),
        touchedAt: nowMs,
      });
    }
  } else {
    plan.events.push({ ...base, kind: 'ess', data: null });
  }

  for (const [qrCodeId, record] of state.qrCodes) {
    if (!record) continue;
    const updated: QrRecord = {
      ...record,
      flowIds: [...record.flowIds],
      updatedAt: new Date(nowMs).toISOString(),
    };
    let changed = false;
    if (flowId && event.family === 'flow' && !updated.flowIds.includes(flowId)) {
      updated.flowIds.push(flowId);
      changed = true;
    }
    if (event.family === 'qr' && event.qrCodeId === qrCodeId) {
      updated.failure = {
        code: String(event.data.ErrorCode ?? event.data.Code ?? event.msgType),
        message: String(
          event.data.ErrorMessage ??
            event.data.Message ??
            event.data.Reason ??
            'flow creation from the QR code failed',
        ),
        at: iso(event.occurredAt),
      };
      changed = true;
    }
    updated.flowCount = updated.flowIds.length;
    updated.state = qrStateAt(updated, nowSeconds);
    if (!changed && updated.state === record.state) continue;
    plan.qrCodes?.push(updated);
    const qrEvent: NewEvent = {
      ...base,
      // A QR code's watchers are its own organization's, whatever filed the event that changed it.
      organizationId: updated.organizationId ?? organizationId,
      kind: 'qr',
      qrCodeId,
      data: qrEventData(updated, event.occurredAt),
      ess: null,
    };
    plan.events.push(qrEvent);
  }
  return plan;
}

/**
 * Announces a QR code change made by the BFF itself (created, cancelled, found expired): stores the
 * record and logs a `qr` event for its watchers, in one transaction.
 */
export async function announceQrCode(store: Store, record: QrRecord, nowMs = Date.now()): Promise<void> {
  await store.record({
    // Each state is announced once, however many instances notice it (expiry) or retries repeat it.
    dedupeKey: `qr-state:${record.qrCodeId}:${record.state}`,
    qrCodeIds: [record.qrCodeId],
    plan: () => ({
      events: [
        {
          kind: 'qr',
          organizationId: record.organizationId,
          qrCodeId: record.qrCodeId,
          family: 'qr',
          msgType: `QrCode${record.state[0]?.toUpperCase()}${record.state.slice(1)}`,
          data: qrEventData(record, Math.floor(nowMs / 1000)),
        },
      ],
      qrCodes: [record],
    }),
  });
}
