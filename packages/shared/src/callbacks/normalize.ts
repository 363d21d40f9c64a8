/**
 * One event type for every callback family (ess-api.md §9, the guide's callback chapters).
 *
 * Input is the decrypted message: either a v2 `CallbackContent` envelope `{MsgId, MsgType, MsgData}` or a
 * v1 bare `FlowInfo` (status change without envelope). Unknown MsgTypes are kept as `family: 'unknown'`
 * with their data verbatim — a receiver must never drop what it does not understand.
 */
import { applyPlatformCallback } from '../essbasic/callbacks.js';
import { CallbackError } from './errors.js';
import type { EssEvent, EssEventApprover } from './event.js';
import { callbackFamily } from './msg-types.js';

export { callbackFamily, type EssEventFamily } from './msg-types.js';

/** Options for {@link normalizeCallback}. */
export interface NormalizeOptions {
  /** Clock for `occurredAt` when the message carries no time (Unix seconds). */
  now?: () => number;
}

/** Time fields, most specific first. */
const TIME_FIELDS = [
  'OccurTime',
  'UpdatedOn',
  'UpdateTime',
  'OperateOn',
  'CostTime',
  'DeleteTime',
  'CreateTime',
  'CreateOn',
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Seconds, also when a sender used milliseconds. */
function unixSeconds(value: unknown): number | undefined {
  const n = integer(value);
  if (n === undefined || n <= 0) return undefined;
  return n > 1e12 ? Math.floor(n / 1000) : n;
}

function parseMessage(plaintext: string | object): Record<string, unknown> {
  let message: unknown = plaintext;
  if (typeof plaintext === 'string') {
    try {
      message = JSON.parse(plaintext);
    } catch {
      throw new CallbackError('CALLBACK_BAD_JSON', 'The callback message is not valid JSON.');
    }
  }
  if (!isRecord(message)) {
    throw new CallbackError('CALLBACK_BAD_FORMAT', 'The callback message must be a JSON object.');
  }
  return message;
}

/** MsgData is an object; some senders double-encode it as a JSON string. */
function messageData(raw: unknown): Record<string, unknown> {
  if (isRecord(raw)) return raw;
  if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isRecord(parsed)) return parsed;
    } catch {
      // fall through: keep the string verbatim below
    }
  }
  if (raw === undefined || raw === null) return {};
  return { value: raw };
}

function approversOf(data: Record<string, unknown>): EssEventApprover[] | undefined {
  if (!Array.isArray(data.Approvers)) return undefined;
  const approvers: EssEventApprover[] = [];
  for (const item of data.Approvers) {
    if (!isRecord(item)) continue;
    const recipientId = text(item.RecipientId);
    const approveStatus = integer(item.ApproveCallbackStatus ?? item.ApproveStatus);
    if (recipientId === undefined || approveStatus === undefined) continue;
    const approver: EssEventApprover = { recipientId, approveStatus };
    const approverType = integer(item.ApproverType);
    if (approverType !== undefined) approver.approverType = approverType;
    const organizationId = text(item.OrganizationId);
    if (organizationId) approver.organizationId = organizationId;
    const organizationName = text(item.OrganizationName);
    if (organizationName) approver.organizationName = organizationName;
    const approverName = text(item.ApproverName);
    if (approverName) approver.approverName = approverName;
    const approveTime = unixSeconds(item.ApproveTime);
    if (approveTime !== undefined) approver.approveTime = approveTime;
    const approveMessage = text(item.ApproveMessage);
    if (approveMessage) approver.approveMessage = approveMessage;
    approvers.push(approver);
  }
  return approvers;
}

/** Seal review results carry ReviewStatus instead of Operate (the guide's "审核结果回调"). */
function sealOperate(data: Record<string, unknown>): string | undefined {
  const operate = text(data.Operate);
  if (operate) return operate;
  const review = text(data.ReviewStatus)?.toUpperCase();
  if (review === 'PASS') return 'ReviewPass';
  if (review === 'REJECT') return 'ReviewReject';
  return undefined;
}

/** Key order independent JSON, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** 64-bit FNV-1a as 16 hex digits: a stable fingerprint (not a security measure). */
function fingerprint(input: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < input.length; i++) {
    hash ^= BigInt(input.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

function dedupeKeyOf(event: Omit<EssEvent, 'dedupeKey'>, timeGiven: boolean): string {
  if (event.msgId) return event.msgId;
  if (event.flowId && (event.flowStatus !== undefined || event.operate) && timeGiven) {
    // A status change is identified by where the flow went, why, who acted, and when.
    return [
      'flow',
      event.flowId,
      event.operate ?? '',
      event.recipientId ?? '',
      event.occurredAt,
      event.flowStatus ?? '',
    ].join(':');
  }
  return `${event.msgType}:${fingerprint(canonicalJson(event.data))}`;
}

/**
 * Turns a decrypted callback message into an {@link EssEvent}.
 * @throws CallbackError `CALLBACK_BAD_JSON` (not JSON) or `CALLBACK_BAD_FORMAT` (not an object, neither an
 *   envelope nor a FlowInfo, or a flow status change without FlowId).
 */
export function normalizeCallback(plaintext: string | object, options: NormalizeOptions = {}): EssEvent {
  const message = parseMessage(plaintext);
  let format: 'v1' | 'v2';
  let msgType: string;
  let msgId: string | null;
  let data: Record<string, unknown>;

  if (typeof message.MsgType === 'string' && message.MsgType !== '') {
    format = 'v2';
    msgType = message.MsgType;
    msgId = text(message.MsgId) ?? null;
    data = messageData(message.MsgData);
  } else if (text(message.FlowId)) {
    format = 'v1';
    msgType = 'FlowStatusChange';
    msgId = null;
    data = message;
  } else {
    throw new CallbackError(
      'CALLBACK_BAD_FORMAT',
      'The callback message is neither a CallbackContent envelope (MsgType, MsgData) nor a FlowInfo (FlowId).',
    );
  }

  const family = callbackFamily(msgType);
  if (msgType.toLowerCase() === 'flowstatuschange' && !text(data.FlowId)) {
    throw new CallbackError('CALLBACK_BAD_FORMAT', 'The FlowStatusChange callback has no FlowId.');
  }

  let occurredAt: number | undefined;
  for (const field of TIME_FIELDS) {
    occurredAt = unixSeconds(data[field]);
    if (occurredAt !== undefined) break;
  }
  const timeGiven = occurredAt !== undefined;
  occurredAt ??= Math.floor(options.now ? options.now() : Date.now() / 1000);

  const event: Omit<EssEvent, 'dedupeKey'> = {
    family,
    msgType,
    msgId,
    format,
    organizationId: text(data.OrganizationId) ?? null,
    occurredAt,
    data,
  };
  const flowId = text(data.FlowId);
  if (flowId) event.flowId = flowId;
  const flowStatus = integer(data.FlowCallbackStatus ?? data.FlowStatus);
  if (flowStatus !== undefined) event.flowStatus = flowStatus;
  const operate = family === 'seal' ? sealOperate(data) : text(data.Operate);
  if (operate) event.operate = operate;
  const recipientId = text(data.RecipientId);
  if (recipientId) event.recipientId = recipientId;
  const sealId = text(data.SealId);
  if (sealId) event.sealId = sealId;
  const templateId = text(data.TemplateId);
  if (templateId) event.templateId = templateId;
  const userId = text(data.UserId) ?? text(data.OperatorUserId);
  if (userId) event.userId = userId;
  const qrCodeId = text(data.QrCodeId);
  if (qrCodeId) event.qrCodeId = qrCodeId;
  const approvers = approversOf(data);
  if (approvers) event.approvers = approvers;
  const userData = text(data.UserData);
  if (userData) event.userData = userData;

  const normalized = applyPlatformCallback(message, data, event);
  return { ...normalized, dedupeKey: dedupeKeyOf(normalized, timeGiven) };
}
