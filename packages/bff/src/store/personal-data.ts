/**
 * Which stored fields are personal data — the one rule every place that keeps events applies (the
 * SQLite and Redis event logs, both relay stores, flow snapshots): at the end of the retention
 * (`store.retention.personalDataMaxAgeSeconds`) and when a partner erases a flow
 * (`DELETE /v1/flows/:flowId/personal-data`).
 *
 * Personal: the verbatim ESS MsgData (`ess.data`: mobiles, id numbers, names), signers' names and
 * their free text (approver `approverName`/`approveMessage`, the flow's `flowMessage`, which holds a
 * signer's reason for rejecting). Kept: ids, organization ids and names, status, times, the family
 * and MsgType — so replay, resume, status badges and partner filters work as before.
 */
import type { FlowSnapshot } from './types.js';

/** Set on the normalized event (`ess`) once its personal data is gone, so partners can tell why. */
export const PERSONAL_DATA_REMOVED = 'personalDataRemoved';

type Json = Record<string, unknown>;

/** A log entry's two payloads as JSON: typed when recorded, read back from a row or a copy, or older. */
type EntryPayloads = { data?: unknown; ess?: unknown };

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Approver fields (in `ess.approvers` and in snapshots' `approvers`) that name or quote a person. */
const APPROVER_FIELDS = ['approverName', 'approveMessage'] as const;

function approverHasPersonalData(approver: unknown): boolean {
  return isObject(approver) && APPROVER_FIELDS.some((field) => approver[field] != null);
}

function snapshotHasPersonalData(snapshot: unknown): boolean {
  if (!isObject(snapshot)) return false;
  if (snapshot.flowMessage != null) return true;
  return Array.isArray(snapshot.approvers) && snapshot.approvers.some(approverHasPersonalData);
}

/** True when a flow snapshot still names or quotes a person. */
export function flowSnapshotHasPersonalData(snapshot: FlowSnapshot): boolean {
  return snapshotHasPersonalData(snapshot);
}

/** A snapshot without names and free text: the same shape (nulls), so browsers render it as before. */
export function flowSnapshotWithoutPersonalData<T extends FlowSnapshot | Json>(snapshot: T): T {
  const approvers = Array.isArray(snapshot.approvers) ? snapshot.approvers : [];
  return {
    ...snapshot,
    flowMessage: null,
    approvers: approvers.map((a: unknown) =>
      isObject(a) ? { ...a, approverName: null, approveMessage: null } : a,
    ),
  } as T;
}

/** True when a log entry (or a copy of one) still holds personal data. */
export function eventHasPersonalData(event: EntryPayloads): boolean {
  const ess = event.ess;
  if (isObject(ess)) {
    if (ess.data !== undefined && ess.data !== null) return true;
    if (Array.isArray(ess.approvers) && ess.approvers.some(approverHasPersonalData)) return true;
  }
  return isObject(event.data) && snapshotHasPersonalData(event.data.flow);
}

/**
 * The log entry without its personal data: `ess.data` dropped (partners then get `original.MsgData:
 * null`), approvers' names and messages dropped, the browser payload's snapshot cleared like
 * {@link flowSnapshotWithoutPersonalData}. Everything else — id, time, kind, flow and QR ids,
 * organization, family, MsgType, status — stays.
 */
export function eventWithoutPersonalData<T extends EntryPayloads>(event: T): T {
  if (!eventHasPersonalData(event)) return event;
  let ess = event.ess ?? null;
  if (isObject(ess)) {
    const { data: _verbatim, ...rest } = ess;
    const kept: Json = { ...rest, [PERSONAL_DATA_REMOVED]: true };
    if (Array.isArray(rest.approvers))
      kept.approvers = rest.approvers.map((a: unknown) => {
        if (!isObject(a)) return a;
        const { approverName: _name, approveMessage: _message, ...unnamed } = a;
        return unnamed;
      });
    ess = kept;
  }
  let data = event.data;
  if (isObject(data) && isObject(data.flow))
    data = { ...data, flow: flowSnapshotWithoutPersonalData(data.flow) };
  return { ...event, ess, data };
}
