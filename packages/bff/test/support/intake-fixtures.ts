/**
 * Hand-made ESS events and QR records for the in-process intake tests: every field stated, so that
 * a test can say exactly which one decides the outcome.
 */
import type { EssEvent } from '@ess-kit/shared';
import type { QrRecord, RecordResult, StoredEvent } from '../../src/store/types.js';

/** ESS time of the fixtures (unix seconds). */
export const T0 = 1_700_000_000;

let sequence = 0;
/** A fresh id with a readable prefix (ids stay unique across the files of one run). */
export const fresh = (prefix: string): string => `yD${prefix}${process.pid}x${++sequence}`;

/** A normalized event: a flow-family message without time, operate or organization unless given. */
export function essEvent(over: Partial<EssEvent> = {}): EssEvent {
  return {
    family: 'flow',
    msgType: 'FlowStatusChange',
    msgId: fresh('msg'),
    format: 'v2',
    organizationId: null,
    occurredAt: T0,
    dedupeKey: fresh('key'),
    data: {},
    ...over,
  };
}

/** An active QR code record linked by a fresh nonce. */
export function qrRecord(over: Partial<QrRecord> = {}): QrRecord {
  return {
    qrCodeId: fresh('Q'),
    qrCodeUrl: 'https://qr.example/code',
    templateId: 'yDtemplateOfQr',
    flowName: 'QR flow',
    maxFlowNum: 3,
    flowCount: 0,
    flowIds: [],
    expiredTime: 0,
    state: 'active',
    failure: null,
    updatedAt: '2023-11-14T00:00:00.000Z',
    organizationId: null,
    link: fresh('link'),
    ...over,
  };
}

/** The events of a result that must not be a duplicate. */
export function logged(result: RecordResult): StoredEvent[] {
  if (result.duplicate) throw new Error('expected the event to be recorded, got a duplicate');
  return result.events;
}

/** Unix seconds as the ISO text browsers get. */
export const isoOf = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();
