/**
 * Through the official SDK: group proxying (Agent.ProxyOrganizationId with per-family grants),
 * auto-sign prerequisites, the multi-sign QR lifecycle, deadline expiry through the clock,
 * quota/FlowCost, signer fill before sign, and expiring file links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateEventMap } from '../src/index.js';
import {
  contractPdfBase64,
  type Emulator,
  essErrorCode,
  officialClient,
  startTestEmulator,
} from './helpers.js';

let emulator: Emulator;
let client: ReturnType<typeof officialClient>;
let seed: ReturnType<Emulator['handle']['seed']>;
const operator = () => ({ UserId: seed.operator.UserId });
type Call = Record<string, unknown>;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = officialClient(emulator.url);
  seed = emulator.handle.seed();
});
afterAll(async () => {
  await emulator?.close();
});

async function upload(): Promise<string> {
  const result = (await client.request('UploadFiles', {
    BusinessType: 'DOCUMENT',
    Caller: { OperatorId: seed.operator.UserId },
    FileInfos: [{ FileBody: contractPdfBase64(), FileName: 'c.pdf' }],
  })) as { FileIds: string[] };
  return result.FileIds[0];
}

const person = (name: string, mobile: string, extra: Call = {}) => ({
  ApproverType: 1,
  ApproverName: name,
  ApproverMobile: mobile,
  SignComponents: [
    {
      ComponentType: 'SIGN_SIGNATURE',
      FileIndex: 0,
      ComponentPage: 1,
      ComponentPosX: 300,
      ComponentPosY: 600,
      ComponentWidth: 120,
      ComponentHeight: 50,
    },
  ],
  ...extra,
});

describe('group organizations', () => {
  it('lists the group and acts for a member through Agent.ProxyOrganizationId', async () => {
    const group = (await client.request('DescribeOrganizationGroupOrganizations', {
      Operator: operator(),
      Limit: 10,
      Offset: 0,
    })) as { Total: number; List: Array<{ OrganizationId: string; IsMainOrganization: boolean }> };
    expect(group.Total).toBe(3);
    expect(
      group.List.filter((o) => !o.IsMainOrganization)
        .map((o) => o.OrganizationId)
        .sort(),
    ).toEqual(seed.groupMembers.map((m) => m.ProxyOrganizationId).sort());
    expect(
      await essErrorCode(
        client.request('DescribeOrganizationGroupOrganizations', {
          Operator: operator(),
          Limit: 5000,
          Offset: 0,
        }),
      ),
    ).toBe('InvalidParameterValue');

    const member = seed.groupMembers[0];
    const agent = { ProxyOrganizationId: member.ProxyOrganizationId };
    const seals = (await client.request('DescribeOrganizationSeals', {
      Operator: operator(),
      Agent: agent,
    })) as { Seals: Array<{ SealId: string }> };
    expect(seals.Seals.map((s) => s.SealId)).toEqual(member.seals.map((s) => s.SealId));
    const templates = (await client.request('DescribeFlowTemplates', {
      Operator: operator(),
      Agent: agent,
    })) as { Templates: Array<{ TemplateId: string; OrganizationId: string }> };
    expect(templates.Templates.map((t) => t.TemplateId).sort()).toEqual(
      member.templates.map((t) => t.TemplateId).sort(),
    );
    expect(new Set(templates.Templates.map((t) => t.OrganizationId))).toEqual(
      new Set([member.ProxyOrganizationId]),
    );

    // A flow created for the member belongs to the member: visible with the Agent, not without.
    const b2c = member.templates.find((t) => t.shape === 'b2c');
    const flow = (await client.request('CreateFlow', {
      Operator: operator(),
      Agent: agent,
      FlowName: '子公司合同',
      Unordered: true,
      Approvers: [
        {
          ApproverType: 0,
          RecipientId: b2c?.recipients[0].RecipientId,
          OrganizationName: member.OrganizationName,
          ApproverName: '李四',
          ApproverMobile: '13800000002',
        },
        {
          ApproverType: 1,
          RecipientId: b2c?.recipients[1].RecipientId,
          ApproverName: '张小明',
          ApproverMobile: '13900000009',
        },
      ],
    })) as { FlowId: string };
    const mine = (await client.request('DescribeFlowBriefs', {
      Operator: operator(),
      FlowIds: [flow.FlowId],
    })) as { FlowBriefs: unknown[] };
    expect(mine.FlowBriefs).toHaveLength(0);
    const theirs = (await client.request('DescribeFlowInfo', {
      Operator: operator(),
      Agent: agent,
      FlowIds: [flow.FlowId],
    })) as { FlowDetailInfos: Array<{ FlowStatus: number }> };
    expect(theirs.FlowDetailInfos[0].FlowStatus).toBe(0);
    const scheme = (await client.request('CreateSchemeUrl', {
      Operator: operator(),
      Agent: agent,
      FlowId: flow.FlowId,
      EndPoint: 'HTTP_SHORT_URL',
      PathType: 1,
    })) as { SchemeUrl: string };
    expect(scheme.SchemeUrl.startsWith(`${emulator.url}/sign/${flow.FlowId}?recipient=`)).toBe(true);
  });

  it('refuses non-members and families the member did not grant', async () => {
    expect(
      await essErrorCode(
        client.request('DescribeOrganizationSeals', {
          Operator: operator(),
          Agent: { ProxyOrganizationId: 'yDnotAMember0000000000000000000000' },
        }),
      ),
    ).toBe('OperationDenied.SubOrgNotJoin');
    const member = seed.groupMembers[1];
    emulator.handle.state.updateOrganization(member.ProxyOrganizationId, { grants: { seals: false } });
    try {
      expect(
        await essErrorCode(
          client.request('DescribeOrganizationSeals', {
            Operator: operator(),
            Agent: { ProxyOrganizationId: member.ProxyOrganizationId },
          }),
        ),
      ).toBe('OperationDenied'); // DescribeOrganizationSeals does not document OperationDenied.ErrNoResourceAccess
      const templates = (await client.request('DescribeFlowTemplates', {
        Operator: operator(),
        Agent: { ProxyOrganizationId: member.ProxyOrganizationId },
      })) as { TotalCount: number };
      expect(templates.TotalCount).toBe(member.templates.length);
    } finally {
      emulator.handle.state.updateOrganization(member.ProxyOrganizationId, { grants: { seals: true } });
    }
  });

  it('needs the silent-sign service and the operator permission for auto-sign', async () => {
    const north = seed.groupMembers[1];
    const silent = north.templates.find((t) => t.shape === 'single-b-silent');
    const create = () =>
      client.request('CreateFlow', {
        Operator: operator(),
        Agent: { ProxyOrganizationId: north.ProxyOrganizationId },
        FlowName: '自动签',
        Approvers: [{ ApproverType: 3, RecipientId: silent?.recipients[0].RecipientId }],
      });
    expect(await essErrorCode(create())).toBe('OperationDenied.NoOpenServerSign');
    emulator.handle.state.updateOrganization(north.ProxyOrganizationId, { silentSignEnabled: true });
    emulator.handle.state.updateOrganization(seed.organization.OrganizationId, { operatorAutoSign: false });
    try {
      // CreateFlow does not document OperationDenied.NoPermissionUseServerSignSeal.
      expect(await essErrorCode(create())).toBe('OperationDenied');
      emulator.handle.state.updateOrganization(seed.organization.OrganizationId, { operatorAutoSign: true });
      expect(((await create()) as { FlowId: string }).FlowId).toMatch(/^yD/);
    } finally {
      emulator.handle.state.updateOrganization(north.ProxyOrganizationId, { silentSignEnabled: false });
      emulator.handle.state.updateOrganization(seed.organization.OrganizationId, { operatorAutoSign: true });
    }
  });
});

describe('multi-sign QR codes', () => {
  it('creates, scans up to MaxFlowNum, then refuses; cancel and expiry answer the documented codes', async () => {
    const b2c = seed.templates.find((t) => t.shape === 'b2c-ordered-b-silent');
    const created = (await client.request('CreateMultiFlowSignQRCode', {
      Operator: operator(),
      TemplateId: b2c?.TemplateId,
      FlowName: '扫码签署',
      MaxFlowNum: 2,
      UserData: 'cXItZGF0YQ==',
    })) as {
      QrCode: { QrCodeId: string; QrCodeUrl: string; ExpiredTime: number };
    };
    const qr = created.QrCode;
    expect(qr.QrCodeUrl).toBe(`${emulator.url}/qr/${qr.QrCodeId}`);
    expect(qr.ExpiredTime - emulator.handle.clock.now()).toBe(7 * 86_400);
    const state = emulator.handle.state;
    const first = state.scan(qr.QrCodeId, { name: '扫码人甲', mobile: '13700000001' });
    const flow = state.flow(first);
    expect(flow.status).toBe(2); // the silent company signed at once, the scanner is next
    expect(flow.userData).toBe('cXItZGF0YQ==');
    expect(flow.deadline - flow.createdOn).toBe(7 * 86_400);
    state.scan(qr.QrCodeId, { name: '扫码人乙', mobile: '13700000002' });
    expect(state.qrCode(qr.QrCodeId).state).toBe('exhausted');
    expect(() => state.scan(qr.QrCodeId, { name: '扫码人丙', mobile: '13700000003' })).toThrow(
      expect.objectContaining({ code: 'OperationDenied.QrInvalid' }),
    );
    expect(
      await essErrorCode(
        client.request('CancelMultiFlowSignQRCode', { Operator: operator(), QrCodeId: qr.QrCodeId }),
      ),
    ).toBe('OperationDenied.QrInvalid');

    const second = (await client.request('CreateMultiFlowSignQRCode', {
      Operator: operator(),
      TemplateId: b2c?.TemplateId,
      FlowName: '扫码签署二',
      QrEffectiveDay: 1,
    })) as { QrCode: { QrCodeId: string } };
    await client.request('CancelMultiFlowSignQRCode', {
      Operator: operator(),
      QrCodeId: second.QrCode.QrCodeId,
    });
    expect(state.qrCode(second.QrCode.QrCodeId).state).toBe('cancelled');

    const third = (await client.request('CreateMultiFlowSignQRCode', {
      Operator: operator(),
      TemplateId: b2c?.TemplateId,
      FlowName: '扫码签署三',
      QrEffectiveDay: 1,
    })) as { QrCode: { QrCodeId: string } };
    emulator.handle.clock.advance(86_400 + 1);
    expect(state.qrCode(third.QrCode.QrCodeId).state).toBe('expired');
    expect(
      await essErrorCode(
        client.request('CancelMultiFlowSignQRCode', {
          Operator: operator(),
          QrCodeId: third.QrCode.QrCodeId,
        }),
      ),
    ).toBe('OperationDenied.QrHasExpire');
    expect(
      await essErrorCode(
        client.request('CancelMultiFlowSignQRCode', { Operator: operator(), QrCodeId: 'yDunknownQr' }),
      ),
    ).toBe('ResourceNotFound.QrInfo');
  });

  it('applies the guide’s template and limit rules', async () => {
    const tid = (shape: string) => seed.templates.find((t) => t.shape === shape)?.TemplateId;
    const create = (extra: Call) =>
      client.request('CreateMultiFlowSignQRCode', { Operator: operator(), FlowName: '扫码', ...extra });
    expect(await essErrorCode(create({ TemplateId: tid('b2c-ordered-b-first') }))).toBe(
      'FailedOperation.QrCodeTemplateId',
    );
    expect(await essErrorCode(create({ TemplateId: tid('initiator-fill') }))).toBe(
      'FailedOperation.QrCodeTemplateId',
    );
    expect(await essErrorCode(create({ TemplateId: tid('b2b') }))).toBe('FailedOperation.QrCodeTemplateId');
    expect(await essErrorCode(create({ TemplateId: tid('single-c'), FlowEffectiveDay: 31 }))).toBe(
      'InvalidParameter.QrFlowEffectDay',
    );
    expect(await essErrorCode(create({ TemplateId: tid('single-c'), QrEffectiveDay: 91 }))).toBe(
      'InvalidParameter.QrEffectDay',
    );
    for (const shape of ['single-c', 'b2c', 'b2c-ordered-b-silent'])
      expect(
        ((await create({ TemplateId: tid(shape) })) as { QrCode: { QrCodeId: string } }).QrCode.QrCodeId,
      ).toMatch(/^yD/);
  });

  it('enforces restrictions and reports a scan without quota (CreateFlowByQrCode)', async () => {
    const created = (await client.request('CreateMultiFlowSignQRCode', {
      Operator: operator(),
      TemplateId: seed.templates.find((t) => t.shape === 'single-c')?.TemplateId,
      FlowName: '限定扫码',
      Restrictions: [{ Name: '王大锤', Mobile: '13600000001' }],
    })) as { QrCode: { QrCodeId: string } };
    const state = emulator.handle.state;
    expect(() => state.scan(created.QrCode.QrCodeId, { name: '别人', mobile: '13600000002' })).toThrow(
      expect.objectContaining({ code: 'FailedOperation.UserInfoNoMatch' }),
    );
    const failures: StateEventMap['qr.scanFailed'][] = [];
    const off = state.on('qr.scanFailed', (event) => failures.push(event));
    const quota = state.mainOrganization().quota;
    state.updateOrganization(seed.organization.OrganizationId, { quota: 0 });
    try {
      expect(() => state.scan(created.QrCode.QrCodeId, { name: '王大锤', mobile: '13600000001' })).toThrow(
        expect.objectContaining({ code: 'OperationDenied.NoQuota' }),
      );
      expect(failures.map((f) => f.code)).toEqual(['OperationDenied.NoQuota']);
      expect(state.qrCode(created.QrCode.QrCodeId).failure?.code).toBe('OperationDenied.NoQuota');
    } finally {
      off();
      state.updateOrganization(seed.organization.OrganizationId, { quota });
    }
    expect(
      state.flow(state.scan(created.QrCode.QrCodeId, { name: '王大锤', mobile: '13600000001' })).status,
    ).toBe(1);
  });
});

describe('lifecycle through the clock, quota and fill', () => {
  it('expires a flow at its deadline when the clock moves on', async () => {
    const now = emulator.handle.clock.now();
    const created = (await client.request('CreateFlowByFiles', {
      Operator: operator(),
      FlowName: '限时合同',
      FileIds: [await upload()],
      Deadline: now + 3600,
      Approvers: [person('赵六', '13500000001')],
    })) as { FlowId: string };
    const events: string[] = [];
    const off = emulator.handle.state.on(
      'flow.changed',
      (e) => e.flow.FlowId === created.FlowId && events.push(e.operate),
    );
    // Real seconds pass during the calls above, so stop well short of the deadline first.
    emulator.handle.clock.advance(3500);
    expect(emulator.handle.state.flow(created.FlowId).status).toBe(1);
    emulator.handle.clock.advance(200);
    off();
    const info = (await client.request('DescribeFlowInfo', {
      Operator: operator(),
      FlowIds: [created.FlowId],
    })) as {
      FlowDetailInfos: Array<{ FlowStatus: number; FlowApproverInfos: Array<{ ApproveStatus: number }> }>;
    };
    expect(info.FlowDetailInfos[0].FlowStatus).toBe(5);
    expect(info.FlowDetailInfos[0].FlowApproverInfos[0].ApproveStatus).toBe(5);
    expect(events).toEqual(['deadline']);
    expect(
      await essErrorCode(
        client.request('CancelFlow', { Operator: operator(), FlowId: created.FlowId, CancelMessage: '过期' }),
      ),
    ).toBe('OperationDenied.FlowHasTerminated');
  });

  it('spends quota on start, refunds it on cancel, and refuses without quota', async () => {
    const state = emulator.handle.state;
    const fees: number[] = [];
    const off = state.on('fee.charged', (e) => fees.push(e.cost));
    const before = state.mainOrganization().quota;
    const created = (await client.request('CreateFlowByFiles', {
      Operator: operator(),
      FlowName: '额度合同',
      FileIds: [await upload()],
      Approvers: [person('钱七', '13500000002')],
    })) as { FlowId: string };
    expect(state.mainOrganization().quota).toBe(before - 1);
    await client.request('CancelFlow', {
      Operator: operator(),
      FlowId: created.FlowId,
      CancelMessage: '信息有误',
    });
    expect(state.mainOrganization().quota).toBe(before);
    expect(fees).toEqual([1, -1]);
    off();
    state.updateOrganization(seed.organization.OrganizationId, { quota: 0 });
    try {
      expect(
        await essErrorCode(
          client.request('CreateFlowByFiles', {
            Operator: operator(),
            FlowName: '无额度',
            FileIds: [await upload()],
            Approvers: [person('孙八', '13500000003')],
          }),
        ),
      ).toBe('OperationDenied.NoQuota');
    } finally {
      state.updateOrganization(seed.organization.OrganizationId, { quota: before });
    }
  });

  it('makes a signer with fill components fill first (8 → 10 → 3)', async () => {
    const created = (await client.request('CreateFlowByFiles', {
      Operator: operator(),
      FlowName: '填写合同',
      FileIds: [await upload()],
      Approvers: [
        person('周九', '13500000004', {
          Components: [
            {
              ComponentType: 'TEXT',
              FileIndex: 0,
              ComponentName: 'address',
              ComponentRequired: true,
              ComponentPage: 1,
              ComponentPosX: 100,
              ComponentPosY: 700,
              ComponentWidth: 200,
              ComponentHeight: 20,
            },
          ],
        }),
      ],
    })) as { FlowId: string; Approvers: Array<{ RecipientId: string }> };
    const state = emulator.handle.state;
    const rid = created.Approvers[0].RecipientId;
    expect(state.flow(created.FlowId).status).toBe(8);
    expect(() => state.sign(created.FlowId, rid)).toThrow(
      expect.objectContaining({ code: 'OperationDenied.RequiredComponentNotFill' }),
    );
    expect(() => state.fill(created.FlowId, rid, [{ ComponentName: 'nope', ComponentValue: 'x' }])).toThrow(
      expect.objectContaining({ code: 'MissingParameter.Field' }),
    );
    state.fill(created.FlowId, rid, [{ ComponentName: 'address', ComponentValue: '深圳市南山区' }]);
    expect(state.flow(created.FlowId).approvers[0].status).toBe(10);
    expect(state.flow(created.FlowId).status).toBe(1);
    state.sign(created.FlowId, rid);
    expect(state.flow(created.FlowId).status).toBe(4);
  });

  it('hands out file links that expire and cannot be altered', async () => {
    const created = (await client.request('CreateFlowByFiles', {
      Operator: operator(),
      FlowName: '下载合同',
      FileIds: [await upload()],
      Approvers: [person('吴十', '13500000005')],
    })) as { FlowId: string; Approvers: Array<{ RecipientId: string }> };
    emulator.handle.state.sign(created.FlowId, created.Approvers[0].RecipientId);
    const urls = (await client.request('DescribeFileUrls', {
      Operator: operator(),
      BusinessType: 'FLOW',
      BusinessIds: [created.FlowId],
      UrlTtl: 60,
    })) as { FileUrls: Array<{ Url: string }> };
    const url = urls.FileUrls[0].Url;
    expect((await fetch(url)).status).toBe(200);
    const forged = await fetch(url.replace(/sig=[^&]+/, 'sig=AAAA'));
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('FILE_URL_INVALID');
    emulator.handle.clock.advance(61);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('FILE_URL_EXPIRED');
    const zip = (await client.request('DescribeFileUrls', {
      Operator: operator(),
      BusinessType: 'FLOW',
      BusinessIds: [created.FlowId],
      FileType: 'ZIP',
      FileName: '合同包',
    })) as { FileUrls: Array<{ Url: string }> };
    const archive = Buffer.from(await (await fetch(zip.FileUrls[0].Url)).arrayBuffer());
    expect(archive.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(
      await essErrorCode(
        client.request('DescribeFileUrls', {
          Operator: operator(),
          BusinessType: 'FLOW',
          BusinessIds: ['yDnotMine'],
        }),
      ),
    ).toBe('ResourceNotFound');
  });
});
