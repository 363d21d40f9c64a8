import { describe, expect, it } from 'vitest';
import { readVector } from '../../test/vectors.js';
import { CallbackError } from './errors.js';
import type { EssEvent } from './event.js';
import { callbackFamily, normalizeCallback } from './normalize.js';

const sample = readVector<{ plaintext: string }>('callback-sample.json');
const signed = readVector<{ plaintext: string }>('callback-v2-signed.json');
const fixedNow = () => 1_800_000_000;

function envelope(
  MsgType: string,
  MsgData: unknown,
  MsgId: string | null = `yDmsg${MsgType}`.padEnd(32, '0'),
) {
  return JSON.stringify({ ...(MsgId ? { MsgId } : {}), MsgType, MsgVersion: 'CustomApp', MsgData });
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackError);
    return (error as CallbackError).code;
  }
  throw new Error('expected a CallbackError');
}

describe('flow callbacks', () => {
  it('normalizes the guide’s v1 sample (bare FlowInfo)', () => {
    const event = normalizeCallback(sample.plaintext);
    expect(event).toEqual({
      family: 'flow',
      msgType: 'FlowStatusChange',
      msgId: null,
      format: 'v1',
      organizationId: null,
      flowId: 'yDRtrAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      flowStatus: 4,
      operate: 'sign',
      recipientId: 'yDRtrCCCCCCCCCCCCCCCCCCCCCCCCCCC',
      occurredAt: 1659604019,
      approvers: [
        {
          recipientId: 'yDRtrCCCCCCCCCCCCCCCCCCCCCCCCCCC',
          approveStatus: 3,
          approverType: 1,
          approverName: '张三',
          approveTime: 1659604019,
        },
      ],
      dedupeKey: 'flow:yDRtrAAAAAAAAAAAAAAAAAAAAAAAAAAA:sign:yDRtrCCCCCCCCCCCCCCCCCCCCCCCCCCC:1659604019:4',
      data: JSON.parse(sample.plaintext),
    } satisfies EssEvent);
  });

  it('keeps mobiles and id numbers out of the approver summary', () => {
    const event = normalizeCallback(sample.plaintext);
    const summary = JSON.stringify(event.approvers);
    expect(summary).not.toContain('15912345678');
    expect(summary).not.toContain('440300200101010001');
  });

  it('normalizes the v2 FlowStatusChange envelope of the signed vector', () => {
    const event = normalizeCallback(signed.plaintext, { now: fixedNow });
    expect(event).toMatchObject({
      family: 'flow',
      msgType: 'FlowStatusChange',
      msgId: 'yDtestMsg0000000000000000000001',
      format: 'v2',
      flowId: 'yDtestFlow000000000000000000001',
      flowStatus: 4,
      operate: 'finish',
      occurredAt: 1_800_000_000, // no time in the message: the receive time
      dedupeKey: 'yDtestMsg0000000000000000000001',
    });
    expect(event.data).toEqual(JSON.parse(signed.plaintext).MsgData);
  });

  const operates: [string, number, number][] = [
    ['start', 1, 2],
    ['sign', 2, 3],
    ['reject', 3, 4],
    ['cancel', 6, 6],
    ['finish', 4, 3],
    ['deadline', 5, 5],
    ['fill', 8, 10],
  ];
  for (const [operate, flowStatus, approveStatus] of operates) {
    it(`carries Operate "${operate}" in v1 and v2 alike`, () => {
      const flowInfo = {
        FlowId: 'yDflow0000000000000000000000001',
        FlowCallbackStatus: flowStatus,
        Operate: operate,
        CallbackType: operate === 'fill' ? 'fill' : 'sign',
        RecipientId: 'yDrecipient00000000000000000001',
        UpdatedOn: 1_700_000_100,
        OccurTime: 1_700_000_200,
        OrganizationId: 'yDorg00000000000000000000000001',
        UserData: 'b3JkZXItNDI=',
        FlowMessage: operate === 'reject' ? '价格不对' : '',
        Approvers: [
          {
            RecipientId: 'yDrecipient00000000000000000001',
            ApproveCallbackStatus: approveStatus,
            ApproverType: 0,
            OrganizationName: '示例公司',
            OrganizationId: 'yDorg00000000000000000000000001',
            ApproveMessage: operate === 'reject' ? '价格不对' : '',
          },
        ],
      };
      for (const event of [
        normalizeCallback(flowInfo),
        normalizeCallback(envelope('FlowStatusChange', flowInfo)),
      ]) {
        expect(event.family).toBe('flow');
        expect(event.flowStatus).toBe(flowStatus);
        expect(event.operate).toBe(operate);
        expect(event.occurredAt).toBe(1_700_000_200); // OccurTime wins over UpdatedOn
        expect(event.organizationId).toBe('yDorg00000000000000000000000001');
        expect(event.userData).toBe('b3JkZXItNDI=');
        expect(event.approvers?.[0]).toMatchObject({ approveStatus, organizationName: '示例公司' });
        if (operate === 'reject') expect(event.approvers?.[0].approveMessage).toBe('价格不对');
      }
    });
  }

  it('accepts numbers sent as strings and millisecond times', () => {
    const event = normalizeCallback({
      FlowId: 'yDflow0000000000000000000000002',
      FlowCallbackStatus: '2',
      Operate: 'sign',
      UpdatedOn: 1_700_000_000_123,
      Approvers: [{ RecipientId: 'r1', ApproveCallbackStatus: '3' }, { RecipientId: 'r2' }, 'junk'],
    });
    expect(event.flowStatus).toBe(2);
    expect(event.occurredAt).toBe(1_700_000_000);
    expect(event.approvers).toEqual([{ recipientId: 'r1', approveStatus: 3 }]);
  });

  it('derives a stable dedupe key without MsgId: same content, same key; another step, another key', () => {
    const base = {
      FlowId: 'yDflow3',
      FlowCallbackStatus: 2,
      Operate: 'sign',
      RecipientId: 'r1',
      UpdatedOn: 1_700_000_000,
    };
    const again = normalizeCallback(JSON.stringify(base)).dedupeKey;
    expect(normalizeCallback(base).dedupeKey).toBe(again);
    expect(normalizeCallback({ ...base, RecipientId: 'r2' }).dedupeKey).not.toBe(again);
    expect(normalizeCallback({ ...base, UpdatedOn: 1_700_000_001 }).dedupeKey).not.toBe(again);
    expect(normalizeCallback({ ...base, FlowCallbackStatus: 4, Operate: 'finish' }).dedupeKey).not.toBe(
      again,
    );
    expect(normalizeCallback({ ...base, FlowCallbackStatus: 4 }).dedupeKey).not.toBe(again);
  });

  it('classifies the other contract messages as flow events without inventing a status', () => {
    const event = normalizeCallback(envelope('ForwardFLow', { FlowId: 'yDflow4', RecipientId: 'r1' }));
    expect(event.family).toBe('flow');
    expect(event.flowId).toBe('yDflow4');
    expect(event.flowStatus).toBeUndefined();
  });
});

describe('seal callbacks (OperateSeal)', () => {
  for (const operate of ['Create', 'Delete', 'Disable', 'Enable', 'Valid', 'Invalid']) {
    it(`normalizes Operate ${operate}`, () => {
      const event = normalizeCallback(
        envelope('OperateSeal', {
          OrganizationId: 'yDorg1',
          OperatorUserId: 'yDuser1',
          SealId: 'yDseal1',
          SealName: '合同专用章',
          Operate: operate,
          AuthorizedUsers: [{ Id: 'yDuser2', Name: '李四' }],
        }),
        { now: fixedNow },
      );
      expect(event).toMatchObject({
        family: 'seal',
        operate,
        sealId: 'yDseal1',
        organizationId: 'yDorg1',
        userId: 'yDuser1',
        format: 'v2',
      });
      expect(event.data.AuthorizedUsers).toEqual([{ Id: 'yDuser2', Name: '李四' }]);
    });
  }

  for (const [status, operate] of [
    ['PASS', 'ReviewPass'],
    ['REJECT', 'ReviewReject'],
  ]) {
    it(`turns review result ${status} into operate ${operate}`, () => {
      const event = normalizeCallback(
        envelope('OperateSeal', {
          SealId: 'yDseal2',
          SealName: '公章',
          ReviewStatus: status,
          ReviewReason: '图片不清晰',
        }),
      );
      expect(event).toMatchObject({ family: 'seal', operate, sealId: 'yDseal2', organizationId: null });
      expect(event.data.ReviewReason).toBe('图片不清晰');
    });
  }
});

describe('template, staff, fee and QR callbacks', () => {
  it('normalizes TemplateAdd and TemplateUpdate with their own times', () => {
    const add = normalizeCallback(
      envelope('TemplateAdd', {
        OrganizationId: 'yDorg1',
        OperatorUserId: 'yDuser1',
        TemplateId: 'yDtpl1',
        TemplateName: '劳动合同',
        CreateTime: 1_700_000_001,
      }),
    );
    expect(add).toMatchObject({
      family: 'template',
      templateId: 'yDtpl1',
      userId: 'yDuser1',
      occurredAt: 1_700_000_001,
    });
    const update = normalizeCallback(
      envelope('TemplateUpdate', {
        OrganizationId: 'yDorg1',
        TemplateId: 'yDtpl1',
        UpdateTime: 1_700_000_009,
      }),
    );
    expect(update).toMatchObject({
      family: 'template',
      msgType: 'TemplateUpdate',
      occurredAt: 1_700_000_009,
    });
  });

  it('normalizes VerifyStaffInfo and RolesChange', () => {
    const verified = normalizeCallback(
      envelope('VerifyStaffInfo', { OrganizationId: 'yDorg1', UserId: 'yDuser9', Name: '王五' }),
    );
    expect(verified).toMatchObject({ family: 'staff', userId: 'yDuser9', organizationId: 'yDorg1' });
    const roles = normalizeCallback(
      envelope('RolesChange', {
        OrganizationId: 'yDorg1',
        UserId: 'yDuser9',
        BeforeRoleNames: ['员工'],
        AfterRoleNames: ['管理员'],
      }),
    );
    expect(roles).toMatchObject({ family: 'staff', msgType: 'RolesChange' });
    expect(roles.data.AfterRoleNames).toEqual(['管理员']);
  });

  it('normalizes FlowCost (negative cost = refund kept verbatim)', () => {
    const event = normalizeCallback(
      envelope('FlowCost', {
        FlowId: 'yDflow5',
        Cost: -1,
        CostChannel: '企业版',
        OrganizationId: 'yDorg1',
        IsResell: false,
      }),
    );
    expect(event).toMatchObject({ family: 'fee', flowId: 'yDflow5', organizationId: 'yDorg1' });
    expect(event.flowStatus).toBeUndefined();
    expect(event.data.Cost).toBe(-1);
  });

  it('normalizes a CreateFlowByQrCode failure', () => {
    const event = normalizeCallback(
      envelope('CreateFlowByQrCode', {
        QrCodeId: 'yDqr1',
        TemplateId: 'yDtpl1',
        OrganizationId: 'yDorg1',
        ErrorMessage: '企业额度不足',
        OccurTime: 1_700_000_050,
      }),
    );
    expect(event).toMatchObject({
      family: 'qr',
      qrCodeId: 'yDqr1',
      templateId: 'yDtpl1',
      occurredAt: 1_700_000_050,
    });
  });
});

describe('unknown and odd messages', () => {
  it('keeps an unknown MsgType with its data verbatim', () => {
    const data = { Anything: [1, { nested: true }], OrganizationId: 'yDorg1' };
    const event = normalizeCallback(envelope('SomethingNewFromTencent', data), { now: fixedNow });
    expect(event).toMatchObject({
      family: 'unknown',
      msgType: 'SomethingNewFromTencent',
      organizationId: 'yDorg1',
    });
    expect(event.data).toEqual(data);
  });

  it('matches MsgTypes case-insensitively and leaves invented ones unknown', () => {
    expect(callbackFamily('forwardflow')).toBe('flow');
    expect(callbackFamily('ForwardFlow')).toBe('flow');
    expect(callbackFamily('AIContractReviewV2')).toBe('unknown');
  });

  it('gives messages without MsgId or time a content fingerprint that ignores key order', () => {
    const a = normalizeCallback({ MsgType: 'Mystery', MsgData: { b: 1, a: [1, 2] } }, { now: fixedNow });
    const b = normalizeCallback({ MsgData: { a: [1, 2], b: 1 }, MsgType: 'Mystery' }, { now: () => 1 });
    expect(a.dedupeKey).toBe(b.dedupeKey);
    expect(a.dedupeKey).toMatch(/^Mystery:[0-9a-f]{16}$/);
    const c = normalizeCallback({ MsgType: 'Mystery', MsgData: { b: 2, a: [1, 2] } });
    expect(c.dedupeKey).not.toBe(a.dedupeKey);
  });

  it('reads MsgData sent as a JSON string, and keeps a non-object MsgData instead of dropping it', () => {
    expect(
      normalizeCallback(envelope('TemplateAdd', JSON.stringify({ TemplateId: 'yDtpl7' }))).templateId,
    ).toBe('yDtpl7');
    expect(normalizeCallback(envelope('Mystery', 42)).data).toEqual({ value: 42 });
    expect(normalizeCallback(envelope('Mystery', null)).data).toEqual({});
  });

  it.each([
    ['not JSON', 'hello', 'CALLBACK_BAD_JSON'],
    ['a JSON array', '[1,2]', 'CALLBACK_BAD_FORMAT'],
    ['a JSON string', '"FlowId"', 'CALLBACK_BAD_FORMAT'],
    ['null', 'null', 'CALLBACK_BAD_FORMAT'],
    ['no MsgType and no FlowId', '{"Operate":"sign"}', 'CALLBACK_BAD_FORMAT'],
    ['empty MsgType', '{"MsgType":"","MsgData":{}}', 'CALLBACK_BAD_FORMAT'],
    [
      'FlowStatusChange without FlowId',
      envelope('FlowStatusChange', { Operate: 'sign' }),
      'CALLBACK_BAD_FORMAT',
    ],
  ])('rejects %s with a CallbackError', (_label, input, code) => {
    expect(codeOf(() => normalizeCallback(input))).toBe(code);
  });
});
