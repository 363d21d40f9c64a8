/**
 * What partners receive for one log entry — the same JSON on the partner stream (`data`) and as a
 * webhook body — and the filters that decide which entries a target or a stream gets.
 */

import type { BffConfig } from '../config.js';
import type { StoredEvent } from '../store/types.js';
import type { RelayTarget } from './config.js';

/**
 * A partner event (`v: 1`). `event` is the normalized ESS callback without its raw MsgData (null for
 * entries the BFF logs itself, e.g. a QR code's state); `state` is the browser payload (`flow`/`qr`
 * snapshot), null when the entry changed no snapshot (out of order, other families); `original` is the
 * decrypted ESS message, only when asked for (it may hold mobiles and id numbers).
 */
export interface PartnerEvent {
  v: 1;
  id: string;
  kind: string;
  family: string;
  msgType: string;
  organizationId: string | null;
  flowId: string | null;
  qrCodeId: string | null;
  /** ISO 8601: when the BFF recorded it. */
  recordedAt: string;
  event: Record<string, unknown> | null;
  state: Record<string, unknown> | null;
  original?: { MsgId: unknown; MsgType: string; MsgData: unknown } | null;
}

/** The family partners see: the ESS family of a callback, `qr` for the BFF's own QR code announcements. */
export function partnerFamily(event: StoredEvent): string {
  if (event.ess) return String(event.ess.family ?? event.family);
  return event.kind === 'qr' ? 'qr' : event.family;
}

/** Builds the partner JSON of a log entry. */
export function partnerEvent(event: StoredEvent, includeOriginal = false): PartnerEvent {
  let normalized: Record<string, unknown> | null = null;
  if (event.ess) {
    const { data: _raw, ...rest } = event.ess;
    normalized = rest;
  }
  const payload: PartnerEvent = {
    v: 1,
    id: event.id,
    kind: event.kind,
    family: partnerFamily(event),
    msgType: event.ess ? String(event.ess.msgType ?? event.msgType) : event.msgType,
    organizationId: event.organizationId ?? null,
    flowId: event.flowId ?? null,
    qrCodeId: event.qrCodeId ?? null,
    recordedAt: new Date(event.at).toISOString(),
    event: normalized,
    state: event.data,
  };
  if (includeOriginal) {
    payload.original = event.ess
      ? {
          MsgId: event.ess.msgId ?? null,
          MsgType: String(event.ess.msgType),
          MsgData: event.ess.data ?? null,
        }
      : null;
  }
  return payload;
}

/** A filter over partner events; every listed dimension must match, empty ones match everything. */
export interface PartnerFilter {
  families?: readonly string[];
  msgTypes?: readonly string[];
  organizationIds?: readonly string[];
  flowIds?: readonly string[];
  userData?: readonly string[];
  flowTypes?: readonly string[];
}

const listed = (list: readonly string[] | undefined) => !!list && list.length > 0;

/**
 * Which organizations the BFF serves: entries of a configured group member carry its id; everything
 * else (no id, or the main organization's) belongs to the main organization, named `"main"` in filters.
 */
export interface OrganizationScope {
  mainOrganizationId: string | null;
  groupMemberIds: ReadonlySet<string>;
}

/** True when `event` passes `filter`. */
export function matchesFilter(event: StoredEvent, filter: PartnerFilter, scope: OrganizationScope): boolean {
  if (listed(filter.families) && !filter.families?.includes(partnerFamily(event))) return false;
  if (listed(filter.msgTypes)) {
    const msgType = event.ess ? String(event.ess.msgType ?? event.msgType) : event.msgType;
    if (!filter.msgTypes?.some((m) => m.toLowerCase() === msgType.toLowerCase())) return false;
  }
  if (listed(filter.organizationIds)) {
    const org = event.organizationId ?? null;
    const isMain = org === null || !scope.groupMemberIds.has(org);
    const ok = filter.organizationIds?.some(
      (wanted) => wanted === org || (isMain && (wanted === 'main' || wanted === scope.mainOrganizationId)),
    );
    if (!ok) return false;
  }
  if (listed(filter.flowIds) && !(event.flowId && filter.flowIds?.includes(event.flowId))) return false;
  if (listed(filter.userData)) {
    const userData = event.ess?.userData;
    if (typeof userData !== 'string' || !filter.userData?.includes(userData)) return false;
  }
  if (listed(filter.flowTypes)) {
    const data = event.ess?.data as Record<string, unknown> | undefined;
    const flowType = data?.FlowType;
    if (flowType === undefined || flowType === null || !filter.flowTypes?.includes(String(flowType)))
      return false;
  }
  return true;
}

/** The filter a webhook target's config describes. */
export function targetFilter(target: RelayTarget): PartnerFilter {
  return {
    families: target.families,
    msgTypes: target.msgTypes,
    organizationIds: target.organizationIds,
    userData: target.tags?.userData,
    flowTypes: target.tags?.flowTypes,
  };
}

/**
 * The ordering partition of an entry: deliveries of one partition go one at a time, in log order
 * (a failing event for flow F holds later F events, never other flows).
 */
export function partitionOf(event: StoredEvent): string {
  if (event.flowId) return `flow:${event.flowId}`;
  if (event.qrCodeId) return `qr:${event.qrCodeId}`;
  return `org:${event.organizationId ?? 'main'}:${partnerFamily(event)}`;
}

/** The organization scope of a BFF config. */
export function organizationScope(
  config: Pick<BffConfig, 'organization' | 'groupMembers'>,
): OrganizationScope {
  return {
    mainOrganizationId: config.organization.organizationId ?? null,
    groupMemberIds: new Set(config.groupMembers.map((m) => m.organizationId)),
  };
}
