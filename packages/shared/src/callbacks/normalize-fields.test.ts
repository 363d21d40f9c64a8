// normalizeCallback field by field, with `toStrictEqual`: a field the message does not carry is
// absent from the event (not present as `undefined` or ""), the official shapes (ess-api.md §9.5–9.8,
// packages/shared/test/reference) map to exactly these events, and the dedupe key is pinned to its
// algorithm (FNV-1a 64 over key-ordered JSON), since stored keys must match across releases.
import { describe, expect, it } from 'vitest';
import { CallbackError } from './errors.js';
import { normalizeCallback } from './normalize.js';

const now = () => 1_800_000_000;

/** FNV-1a 64 over UTF-16 code units, written independently of normalize.ts (checked against the published vectors). */
function fnv1a64(input: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const unit of input.split('')) {
    hash ^= BigInt(unit.charCodeAt(0));
    hash = BigInt.asUintN(64, hash * 0x100000001b3n);
  }
  return hash.toString(16).padStart(16, '0');
}

function refusal(input: string | object): { code: string; message: string } {
  try {
    normalizeCallback(input);
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackError);
    const { code, message } = error as CallbackError;
    return { code, message };
  }
  throw new Error('expected a CallbackError');
}

describe('a v2 FlowStatusChange as captured (every key present, many of them empty)', () => {
  const approverSigned = {
    ApproveCallbackShowStatus: 'ACCEPT',
    ApproveCallbackStatus: 3,
    ApproveMessage: '',
    ApproveTime: 1_700_000_150,
    ApproverDeadline: 0,
    ApproverIdCardNumber: '440300200101010001',
    ApproverIdCardType: 'ID_CARD',
    ApproverMobile: '15912345678',
    ApproverName: '张三',
    ApproverType: 1,
    OrganizationId: '',
    OrganizationName: '',
    RecipientId: 'yDrecipient00000000000000000001',
    UserId: 'yDuser00000000000000000000000001',
  };
  const approverPending = {
    ApproveCallbackStatus: 2,
    ApproveMessage: '',
    ApproveTime: 0,
    ApproverName: '',
    ApproverType: 0,
    OrganizationId: 'yDorg00000000000000000000000002',
    OrganizationName: '示例公司',
    RecipientId: 'yDrecipient00000000000000000002',
  };
  const msgData = {
    Approvers: [approverSigned, approverPending],
    CallbackType: 'sign',
    CallbackUrl: '',
    CcInfos: [],
    CreateOn: 1_700_000_000,
    DeadLine: 0,
    DocumentId: 'yDdoc00000000000000000000000001',
    FlowCallbackShowStatus: 'PART',
    FlowCallbackStatus: 2,
    FlowDescription: '',
    FlowId: 'yDflow0000000000000000000000001',
    FlowMessage: '',
    FlowName: '劳动合同',
    FlowType: 'create_flow_by_file_from_console',
    OccurTime: 0,
    Operate: 'sign',
    OrganizationId: 'yDorg00000000000000000000000001',
    RecipientId: 'yDrecipient00000000000000000001',
    ReleaseFlowId: '',
    TemplateId: '',
    Unordered: false,
    UpdatedOn: 1_700_000_150,
    UserData: '',
    UserFlowType: { name: '未分类' },
    UserId: '',
  };

  it('keeps only the fields that carry a value, approvers without mobiles or id numbers', () => {
    const body = {
      MsgId: 'yDmsg0000000000000000000000000001',
      MsgType: 'FlowStatusChange',
      MsgData: msgData,
    };
    expect(normalizeCallback(JSON.stringify({ ...body, MsgVersion: 'CustomApp' }), { now })).toStrictEqual({
      family: 'flow',
      msgType: 'FlowStatusChange',
      msgId: 'yDmsg0000000000000000000000000001',
      format: 'v2',
      organizationId: 'yDorg00000000000000000000000001',
      occurredAt: 1_700_000_150, // OccurTime 0 means "not given": UpdatedOn is next
      data: msgData,
      flowId: 'yDflow0000000000000000000000001',
      flowStatus: 2,
      operate: 'sign',
      recipientId: 'yDrecipient00000000000000000001',
      approvers: [
        {
          recipientId: 'yDrecipient00000000000000000001',
          approveStatus: 3,
          approverType: 1,
          approverName: '张三',
          approveTime: 1_700_000_150,
        },
        {
          recipientId: 'yDrecipient00000000000000000002',
          approveStatus: 2,
          approverType: 0,
          organizationId: 'yDorg00000000000000000000000002',
          organizationName: '示例公司',
        },
      ],
      dedupeKey: 'yDmsg0000000000000000000000000001',
    });
  });

  it('maps UserId, TemplateId, UserData and ApproveMessage when they are filled in', () => {
    const filled = {
      ...msgData,
      UserId: 'yDuser00000000000000000000000001',
      TemplateId: 'yDtpl00000000000000000000000001',
      UserData: 'b3JkZXItNDI=',
      Approvers: [{ RecipientId: 'r1', ApproveCallbackStatus: 4, ApproveMessage: '价格不对' }],
    };
    const event = normalizeCallback({ MsgType: 'FlowStatusChange', MsgData: filled });
    expect(event).toMatchObject({
      userId: 'yDuser00000000000000000000000001',
      templateId: 'yDtpl00000000000000000000000001',
      userData: 'b3JkZXItNDI=',
    });
    expect(event.approvers).toStrictEqual([
      { recipientId: 'r1', approveStatus: 4, approveMessage: '价格不对' },
    ]);
  });
});

describe('fields of the other families', () => {
  it('seal: no operate for a review status other than PASS or REJECT', () => {
    const data = { SealId: 'yDseal1', ReviewStatus: 'REVIEWING' };
    expect(normalizeCallback({ MsgId: 'm1', MsgType: 'OperateSeal', MsgData: data }, { now })).toStrictEqual({
      family: 'seal',
      msgType: 'OperateSeal',
      msgId: 'm1',
      format: 'v2',
      organizationId: null,
      occurredAt: 1_800_000_000,
      data,
      sealId: 'yDseal1',
      dedupeKey: 'm1',
    });
  });

  it('a review status outside the seal family does not become an operate', () => {
    const event = normalizeCallback({
      MsgType: 'CreateFlowReview',
      MsgData: { FlowId: 'f', ReviewStatus: 'PASS' },
    });
    expect(event.family).toBe('flow');
    expect('operate' in event).toBe(false);
  });

  it('QR: the QR code and the template, nothing else', () => {
    const data = { QrCodeId: 'yDqr1', TemplateId: 'yDtpl1', ErrorMessage: '企业额度不足' };
    expect(
      normalizeCallback({ MsgId: 'm2', MsgType: 'CreateFlowByQrCode', MsgData: data }, { now }),
    ).toStrictEqual({
      family: 'qr',
      msgType: 'CreateFlowByQrCode',
      msgId: 'm2',
      format: 'v2',
      organizationId: null,
      occurredAt: 1_800_000_000,
      data,
      templateId: 'yDtpl1',
      qrCodeId: 'yDqr1',
      dedupeKey: 'm2',
    });
  });
});

describe('values as senders write them', () => {
  it('an empty MsgId is no MsgId (it must not become everyone’s dedupe key)', () => {
    const event = normalizeCallback(
      { MsgId: '', MsgType: 'TemplateAdd', MsgData: { TemplateId: 't' } },
      { now },
    );
    expect(event.msgId).toBeNull();
    expect(event.dedupeKey).toBe(`TemplateAdd:${fnv1a64('{"TemplateId":"t"}')}`);
  });

  it('numbers where text is expected become text; NaN and Infinity (object input) are dropped', () => {
    const event = normalizeCallback({ MsgId: 123456789, MsgType: 'X', MsgData: { UserId: 42 } });
    expect(event.msgId).toBe('123456789');
    expect(event.dedupeKey).toBe('123456789');
    expect(event.userId).toBe('42');
    const odd = normalizeCallback({
      FlowId: 'f',
      RecipientId: Number.NaN,
      UserData: Number.POSITIVE_INFINITY,
    });
    expect('recipientId' in odd || 'userData' in odd).toBe(false);
  });

  it('statuses: integers or integer strings (blanks allowed), nothing else', () => {
    const status = (FlowCallbackStatus: unknown) =>
      normalizeCallback({ FlowId: 'f', FlowCallbackStatus, Operate: 'sign' }).flowStatus;
    expect(status(' 16 ')).toBe(16);
    expect(status('-1')).toBe(-1);
    for (const bad of [4.5, '4.5', '4x', 'x4', '', true]) expect(status(bad), String(bad)).toBeUndefined();
    expect(normalizeCallback({ FlowId: 'f', FlowStatus: 4 }).flowStatus).toBe(4);
  });

  it('times: 0 or negative means "not given"; milliseconds become seconds', () => {
    expect(normalizeCallback({ FlowId: 'f', OccurTime: 0, UpdatedOn: 1_700_000_000 }).occurredAt).toBe(
      1_700_000_000,
    );
    expect(normalizeCallback({ FlowId: 'f', OccurTime: -5, UpdatedOn: '1700000000999' }).occurredAt).toBe(
      1_700_000_000,
    );
    const approvers = normalizeCallback({
      FlowId: 'f',
      Approvers: [{ RecipientId: 'r', ApproveCallbackStatus: 2, ApproveTime: 0 }],
    }).approvers;
    expect(approvers).toStrictEqual([{ recipientId: 'r', approveStatus: 2 }]);
  });

  it('without a time and without a clock, occurredAt is the receive time in seconds', () => {
    const before = Math.floor(Date.now() / 1000);
    const { occurredAt } = normalizeCallback({ MsgType: 'TemplateAdd', MsgData: {} });
    expect(occurredAt).toBeGreaterThanOrEqual(before);
    expect(occurredAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('approvers: only objects with a RecipientId and an integer status; ApproveStatus as fallback', () => {
    const event = normalizeCallback({
      FlowId: 'f',
      Approvers: [
        null,
        'junk',
        7,
        [],
        { ApproveCallbackStatus: 3 },
        { RecipientId: '', ApproveCallbackStatus: 3 },
        { RecipientId: 'r2', ApproveCallbackStatus: 'x' },
        { RecipientId: 'r1', ApproveStatus: 2 },
      ],
    });
    expect(event.approvers).toStrictEqual([{ recipientId: 'r1', approveStatus: 2 }]);
  });

  it('MsgData: absent is {}; a JSON string (blanks first) is read; anything else is kept verbatim', () => {
    expect(normalizeCallback({ MsgType: 'X' }).data).toStrictEqual({});
    expect(normalizeCallback({ MsgType: 'X', MsgData: ' \n{"TemplateId":"t"}' }).templateId).toBe('t');
    const list = ['{"TemplateId":"t"}'];
    const kept = normalizeCallback({ MsgType: 'X', MsgData: list });
    expect(kept.data).toStrictEqual({ value: list });
    expect('templateId' in kept).toBe(false);
  });
});

describe('the dedupe key without MsgId', () => {
  it('is the FNV-1a 64 of the key-ordered JSON (pinned: stored keys must match across releases)', () => {
    expect([fnv1a64(''), fnv1a64('a'), fnv1a64('foobar')]).toEqual([
      'cbf29ce484222325',
      'af63dc4c8601ec8c',
      '85944171f73967e8',
    ]);
    const event = normalizeCallback({ MsgType: 'Mystery', MsgData: { b: [2, { d: null, c: 'x' }], a: 1 } });
    expect(event.dedupeKey).toBe(`Mystery:${fnv1a64('{"a":1,"b":[2,{"c":"x","d":null}]}')}`);
    // A hash with a leading zero keeps its 16 digits.
    expect(fnv1a64('{"Seq":280}')).toBe('06c948c8b31d99be');
    expect(normalizeCallback({ MsgType: 'Mystery', MsgData: { Seq: 280 } }).dedupeKey).toBe(
      'Mystery:06c948c8b31d99be',
    );
  });

  it('orders keys inside arrays too, and tells arrays apart by their items', () => {
    const key = (MsgData: unknown) => normalizeCallback({ MsgType: 'Mystery', MsgData }).dedupeKey;
    expect(key({ a: [{ y: 1, x: 2 }] })).toBe(key({ a: [{ x: 2, y: 1 }] }));
    expect(key({ a: [1, 23] })).not.toBe(key({ a: [12, 3] }));
    expect(key({ a: [1, 2] })).not.toBe(key({ a: [1, 3] }));
  });

  it('is where the flow went, why, who acted and when, once the message gives a time', () => {
    const at = { FlowId: 'F', UpdatedOn: 1_700_000_000 };
    expect(normalizeCallback({ ...at, FlowCallbackStatus: 4 }).dedupeKey).toBe('flow:F:::1700000000:4');
    expect(normalizeCallback({ ...at, Operate: 'sign', RecipientId: 'r1' }).dedupeKey).toBe(
      'flow:F:sign:r1:1700000000:',
    );
  });

  it('is a content fingerprint for a flow step without a time (the receive time would differ per retry)', () => {
    const flowInfo = { FlowId: 'F', FlowCallbackStatus: 4, Operate: 'finish' };
    const first = normalizeCallback(flowInfo, { now: () => 1 }).dedupeKey;
    expect(first).toBe(
      `FlowStatusChange:${fnv1a64('{"FlowCallbackStatus":4,"FlowId":"F","Operate":"finish"}')}`,
    );
    expect(normalizeCallback(flowInfo, { now: () => 2 }).dedupeKey).toBe(first);
  });

  it('is a content fingerprint for timed messages that are no flow step (template, billing)', () => {
    const template = { TemplateId: 't', CreateTime: 1_700_000_000 };
    expect(normalizeCallback({ MsgType: 'TemplateAdd', MsgData: template }).dedupeKey).toBe(
      `TemplateAdd:${fnv1a64('{"CreateTime":1700000000,"TemplateId":"t"}')}`,
    );
    const billing = { FlowId: 'F', CostTime: 1_700_000_000, UseCount: 1 };
    expect(normalizeCallback({ MsgType: 'BillingUse', MsgData: billing }).dedupeKey).toBe(
      `BillingUse:${fnv1a64('{"CostTime":1700000000,"FlowId":"F","UseCount":1}')}`,
    );
  });
});

describe('refusals name what is wrong', () => {
  it.each([
    ['hello', 'CALLBACK_BAD_JSON', 'The callback message is not valid JSON.'],
    ['[1]', 'CALLBACK_BAD_FORMAT', 'The callback message must be a JSON object.'],
    [
      '{"Operate":"sign"}',
      'CALLBACK_BAD_FORMAT',
      'The callback message is neither a CallbackContent envelope (MsgType, MsgData) nor a FlowInfo (FlowId).',
    ],
    [
      '{"MsgType":"FlowStatusChange","MsgData":{"Operate":"sign"}}',
      'CALLBACK_BAD_FORMAT',
      'The FlowStatusChange callback has no FlowId.',
    ],
  ])('%s', (input, code, message) => {
    expect(refusal(input)).toEqual({ code, message });
  });
});
