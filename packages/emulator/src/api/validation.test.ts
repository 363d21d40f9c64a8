/** Action-level validation through the official SDK: the documented codes for bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractPdfBase64,
  type Emulator,
  essErrorCode,
  officialClient,
  startTestEmulator,
} from '../../test/helpers.js';

let emulator: Emulator;
let client: ReturnType<typeof officialClient>;
let seed: ReturnType<Emulator['handle']['seed']>;
let fileId: string;
const operator = () => ({ UserId: seed.operator.UserId });

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = officialClient(emulator.url);
  seed = emulator.handle.seed();
  const upload = (await client.request('UploadFiles', {
    BusinessType: 'DOCUMENT',
    Caller: { OperatorId: seed.operator.UserId },
    FileInfos: [{ FileBody: contractPdfBase64(), FileName: 'c.pdf' }],
  })) as { FileIds: string[] };
  fileId = upload.FileIds[0];
});
afterAll(async () => {
  await emulator?.close();
});

const signature = (extra: Record<string, unknown> = {}) => ({
  ComponentType: 'SIGN_SIGNATURE',
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 100,
  ComponentPosY: 100,
  ComponentWidth: 100,
  ComponentHeight: 40,
  ...extra,
});
const byFile = (approvers: unknown[], extra: Record<string, unknown> = {}) =>
  client.request('CreateFlowByFiles', {
    Operator: operator(),
    FlowName: '校验合同',
    FileIds: [fileId],
    Approvers: approvers,
    ...extra,
  });

describe('UploadFiles', () => {
  it('refuses data-URL bodies, both or neither of FileInfos/FileUrls, and non-PDF .pdf files', async () => {
    const upload = (extra: Record<string, unknown>) =>
      client.request('UploadFiles', {
        BusinessType: 'DOCUMENT',
        Caller: { OperatorId: seed.operator.UserId },
        ...extra,
      });
    const prefixed = `data:application/pdf;base64,${contractPdfBase64()}`;
    try {
      await upload({ FileInfos: [{ FileBody: prefixed, FileName: 'a.pdf' }] });
      expect.unreachable();
    } catch (error) {
      // UploadFiles documents InvalidParameterValue, not InvalidParameter.
      expect((error as { code: string }).code).toBe('InvalidParameterValue');
      expect((error as Error).message).toMatch(/strip/);
    }
    expect(
      await essErrorCode(
        upload({ FileInfos: [{ FileBody: contractPdfBase64() }], FileUrls: 'http://127.0.0.1/x.pdf' }),
      ),
    ).toBe('InvalidParameterValue');
    expect(await essErrorCode(upload({}))).toBe('InvalidParameterValue');
    expect(
      await essErrorCode(
        upload({ FileInfos: [{ FileBody: Buffer.from('hello').toString('base64'), FileName: 'a.pdf' }] }),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await essErrorCode(upload({ BusinessType: 'NOPE', FileInfos: [{ FileBody: contractPdfBase64() }] })),
    ).toBe('InvalidParameterValue');
  });
});

describe('CreateFlowByFiles', () => {
  it('checks names, mobiles, organizations and duplicates', async () => {
    expect(
      await essErrorCode(
        byFile([
          {
            ApproverType: 1,
            ApproverName: 'X',
            ApproverMobile: '13900000001',
            SignComponents: [signature()],
          },
        ]),
      ),
    ).toBe('InvalidParameter.Name');
    expect(
      await essErrorCode(
        byFile([
          {
            ApproverType: 1,
            ApproverName: '张三',
            ApproverMobile: '+8613900000001',
            SignComponents: [signature()],
          },
        ]),
      ),
    ).toBe('InvalidParameter.Mobile');
    expect(
      await essErrorCode(byFile([{ ApproverType: 1, ApproverName: '张三', SignComponents: [signature()] }])),
    ).toBe('MissingParameter.ApproverMobile');
    expect(
      await essErrorCode(
        byFile([
          {
            ApproverType: 0,
            ApproverName: '张三',
            ApproverMobile: '13900000001',
            SignComponents: [signature()],
          },
        ]),
      ),
    ).toBe('MissingParameter.ApproverOrganizationInfo');
    const zhang = {
      ApproverType: 1,
      ApproverName: '张三',
      ApproverMobile: '13900000001',
      SignComponents: [signature()],
    };
    expect(await essErrorCode(byFile([zhang, zhang]))).toBe('OperationDenied.ApproverRepeat');
    expect(await essErrorCode(byFile([]))).toBe('MissingParameter.FlowApprover');
    expect(await essErrorCode(byFile([zhang], { FlowName: '' }))).toBe('InvalidParameter.FlowName');
    expect(await essErrorCode(byFile([zhang], { FlowName: '合同<script>' }))).toBe(
      'InvalidParameter.FlowName',
    );
    expect(await essErrorCode(byFile([zhang], { Deadline: 1000 }))).toBe('InvalidParameter.FlowDeadLine');
    expect(await essErrorCode(byFile([zhang], { UserData: 'not base64!' }))).toBe(
      'InvalidParameter.FlowUserData',
    );
    expect(await essErrorCode(byFile([zhang], { FileIds: ['yDunknownFile'] }))).toBe(
      'ResourceNotFound.Resource',
    );
    expect(await essErrorCode(byFile([zhang], { FileIds: [fileId, fileId] }))).toBe(
      'OperationDenied.ManyResourceId',
    );
  });

  it('resolves KEYWORD and FIELD positions and fails clearly when absent', async () => {
    const ok = (await byFile([
      {
        ApproverType: 1,
        ApproverName: '张三',
        ApproverMobile: '13900000001',
        SignComponents: [
          {
            ComponentType: 'SIGN_SIGNATURE',
            FileIndex: 0,
            GenerateMode: 'KEYWORD',
            ComponentId: '乙方',
            KeywordPage: 2,
          },
        ],
      },
    ])) as { FlowId: string };
    const approver = emulator.handle.state.flow(ok.FlowId).approvers[0];
    expect(approver.signComponents).toHaveLength(1);
    expect(approver.signComponents[0].ComponentPage).toBe(2);
    const everywhere = (await byFile([
      {
        ApproverType: 1,
        ApproverName: '李四',
        ApproverMobile: '13900000002',
        SignComponents: [
          {
            ComponentType: 'SIGN_SIGNATURE',
            FileIndex: 0,
            GenerateMode: 'KEYWORD',
            ComponentId: '甲方',
            ComponentWidth: 60,
            ComponentHeight: 30,
            KeywordIndexes: [0, 1],
          },
        ],
      },
    ])) as { FlowId: string };
    expect(
      emulator.handle.state.flow(everywhere.FlowId).approvers[0].signComponents.map((c) => c.ComponentWidth),
    ).toEqual([60, 60]);
    const field = (await byFile([
      {
        ApproverType: 1,
        ApproverName: '王五',
        ApproverMobile: '13900000003',
        SignComponents: [
          { ComponentType: 'SIGN_SIGNATURE', FileIndex: 0, GenerateMode: 'FIELD', ComponentName: 'seal' },
        ],
      },
    ])) as { FlowId: string };
    const placed = emulator.handle.state.flow(field.FlowId).approvers[0].signComponents[0];
    expect([placed.ComponentPage, placed.ComponentWidth, placed.ComponentHeight]).toEqual([1, 151, 91]);

    const person = (component: Record<string, unknown>) => [
      { ApproverType: 1, ApproverName: '赵六', ApproverMobile: '13900000004', SignComponents: [component] },
    ];
    expect(
      await essErrorCode(
        byFile(
          person({
            ComponentType: 'SIGN_SIGNATURE',
            FileIndex: 0,
            GenerateMode: 'KEYWORD',
            ComponentId: '丙方',
          }),
        ),
      ),
    ).toBe('InvalidParameter.Keyword');
    expect(
      await essErrorCode(
        byFile(
          person({
            ComponentType: 'SIGN_SIGNATURE',
            FileIndex: 0,
            GenerateMode: 'FIELD',
            ComponentName: 'nofield',
          }),
        ),
      ),
    ).toBe('MissingParameter.Field');
    expect(await essErrorCode(byFile(person(signature({ ComponentPage: 9 }))))).toBe(
      'InvalidParameter.ComponentPage',
    );
    expect(await essErrorCode(byFile(person(signature({ ComponentPosX: 590 }))))).toBe(
      'InvalidParameter.ComponentPosition',
    );
    expect(
      await essErrorCode(
        byFile(
          person({
            ComponentType: 'SIGN_SEAL',
            FileIndex: 0,
            ComponentPage: 1,
            ComponentPosX: 1,
            ComponentPosY: 1,
            ComponentWidth: 50,
            ComponentHeight: 50,
          }),
        ),
      ),
    ).toBe('InvalidParameter.SignComponentType');
  });

  it('signs a silent signer at once with its seal, and refuses what silent signers cannot do', async () => {
    const seal = seed.seals[0].SealId;
    const silent = {
      ApproverType: 3,
      SignComponents: [
        {
          ComponentType: 'SIGN_SEAL',
          FileIndex: 0,
          GenerateMode: 'FIELD',
          ComponentName: 'seal',
          ComponentValue: seal,
        },
      ],
    };
    const flow = (await byFile([silent])) as { FlowId: string };
    const state = emulator.handle.state.flow(flow.FlowId);
    expect(state.status).toBe(4);
    expect(state.approvers[0].userId).toBe(seed.operator.UserId);
    expect(await essErrorCode(byFile([{ ApproverType: 3, SignComponents: [signature()] }]))).toBe(
      'OperationDenied.ServerSignNoSupportSignature',
    );
    expect(
      await essErrorCode(
        byFile([{ ApproverType: 3, SignComponents: [{ ...silent.SignComponents[0], ComponentValue: '' }] }]),
      ),
    ).toBe('MissingParameter.ServerSignSealId');
    expect(await essErrorCode(byFile([{ ...silent, OrganizationName: '别家公司' }]))).toBe(
      'InvalidParameter.OrganizationName',
    );
  });
});

describe('template flow steps', () => {
  it('checks approvers against the template, ClientToken idempotency and StartFlow order', async () => {
    const b2c = seed.templates.find((t) => t.shape === 'b2c-ordered-b-first');
    const [company, individual] = b2c?.recipients ?? [];
    const createFlow = (approvers: unknown[], extra: Record<string, unknown> = {}) =>
      client.request('CreateFlow', {
        Operator: operator(),
        FlowName: '模板合同',
        Approvers: approvers,
        ...extra,
      });
    const b = {
      ApproverType: 0,
      OrganizationName: '客户公司',
      ApproverName: '钱七',
      ApproverMobile: '13900000007',
    };
    const c = { ApproverType: 1, ApproverName: '孙八', ApproverMobile: '13900000008' };
    expect(
      await essErrorCode(
        createFlow([
          { ...c, RecipientId: individual.RecipientId },
          { ...b, RecipientId: company.RecipientId },
        ]),
      ),
    ).toBe('OperationDenied'); // CreateFlow does not document OperationDenied.ApproverNoMatchTemplate
    expect(
      await essErrorCode(
        createFlow(
          [
            { ...b, RecipientId: company.RecipientId },
            { ...c, RecipientId: individual.RecipientId },
          ],
          { Unordered: true },
        ),
      ),
    ).toBe('InvalidParameter.ParamError');
    const flow = (await createFlow([
      { ...b, RecipientId: company.RecipientId },
      { ...c, RecipientId: individual.RecipientId },
    ])) as { FlowId: string };
    expect(
      await essErrorCode(client.request('StartFlow', { Operator: operator(), FlowId: flow.FlowId })),
    ).toBe('FailedOperation.FlowHasNoDocument');
    const doc = (extra: Record<string, unknown>) =>
      client.request('CreateDocument', {
        Operator: operator(),
        TemplateId: b2c?.TemplateId,
        FlowId: flow.FlowId,
        ...extra,
      }) as Promise<{ DocumentId: string }>;
    const first = await doc({ ClientToken: 'token-1' });
    expect((await doc({ ClientToken: 'token-1' })).DocumentId).toBe(first.DocumentId);
    expect(await essErrorCode(doc({}))).toBe('FailedOperation.FlowHasDocument');
    expect(await essErrorCode(doc({ ClientToken: 'x'.repeat(65) }))).toBe('InvalidParameter.ClientToken');
    expect(await essErrorCode(doc({ FileNames: ['名'.repeat(201)] }))).toBe('InvalidParameter');

    // Without RecipientIds the template is bound by CreateDocument (the official example's shape).
    const fill = seed.templates.find((t) => t.shape === 'initiator-fill');
    const bare = (await createFlow([c])) as { FlowId: string };
    expect(
      await essErrorCode(
        client.request('CreateDocument', {
          Operator: operator(),
          TemplateId: fill?.TemplateId,
          FlowId: bare.FlowId,
        }),
      ),
    ).toBe('InvalidParameter'); // CreateDocument documents no …MissingRequiredComponentValue;
    expect(
      await essErrorCode(
        client.request('CreateDocument', {
          Operator: operator(),
          TemplateId: fill?.TemplateId,
          FlowId: bare.FlowId,
          FormFields: [{ ComponentName: 'price', ComponentValue: '1' }],
        }),
      ),
    ).toBe('InvalidParameter.ParamError'); // CreateDocument documents no MissingParameter.Field
    const ok = (await client.request('CreateDocument', {
      Operator: operator(),
      TemplateId: fill?.TemplateId,
      FlowId: bare.FlowId,
      FormFields: [{ ComponentName: 'amount', ComponentValue: '100元' }],
    })) as { DocumentId: string };
    expect(ok.DocumentId).toMatch(/^yD/);
    expect(
      emulator.handle.state.flow(bare.FlowId).initiatorComponents.find((x) => x.ComponentName === 'amount')
        ?.ComponentValue,
    ).toBe('100元');
  });
});

describe('CreateSchemeUrl', () => {
  it('links to the emulator’s sign page and enforces the EndPoint/PathType rules', async () => {
    const created = (await byFile([
      { ApproverType: 1, ApproverName: '周九', ApproverMobile: '13900000009', SignComponents: [signature()] },
    ])) as { FlowId: string; Approvers: Array<{ RecipientId: string }> };
    const scheme = (extra: Record<string, unknown>) =>
      client.request('CreateSchemeUrl', {
        Operator: operator(),
        FlowId: created.FlowId,
        ...extra,
      }) as Promise<{ SchemeUrl: string }>;
    expect(
      (await scheme({ EndPoint: 'HTTP_SHORT_URL', PathType: 1, Name: '周九', Mobile: '13900000009' }))
        .SchemeUrl,
    ).toBe(`${emulator.url}/sign/${created.FlowId}?recipient=${created.Approvers[0].RecipientId}`);
    expect((await scheme({ EndPoint: 'APP', PathType: 1 })).SchemeUrl).toMatch(/^pages\/guide\?/);
    // CreateSchemeUrl does not document InvalidParameter.EndPoint: its generic parameter code.
    expect(await essErrorCode(scheme({ EndPoint: 'HTTP', PathType: 1 }))).toBe('InvalidParameter.ParamError');
    expect(await essErrorCode(scheme({ EndPoint: 'APP', PathType: 0 }))).toBe(
      'OperationDenied.NoSupportJumpPage',
    );
    expect(
      await essErrorCode(
        client.request('CreateSchemeUrl', { Operator: operator(), EndPoint: 'HTTP_SHORT_URL', PathType: 1 }),
      ),
    ).toBe('MissingParameter'); // CreateSchemeUrl documents no MissingParameter.FlowId;
    expect(await essErrorCode(scheme({ EndPoint: 'HTTP_SHORT_URL', PathType: 1, Name: '陌生人' }))).toBe(
      'OperationDenied.NoFlowPermission',
    );
  });
});

describe('queries', () => {
  it('pages templates, filters seals and uploads from FileUrls', async () => {
    const page = (await client.request('DescribeFlowTemplates', {
      Operator: operator(),
      Offset: 2,
      Limit: 3,
      ContentType: 1,
    })) as { Templates: Array<{ Components: unknown[] }>; TotalCount: number };
    expect([page.Templates.length, page.TotalCount]).toEqual([3, seed.templates.length]);
    expect(page.Templates.every((t) => t.Components.length === 0)).toBe(true);
    expect(
      await essErrorCode(client.request('DescribeFlowTemplates', { Operator: operator(), Limit: 201 })),
    ).toBe('InvalidParameterValue');
    const none = (await client.request('DescribeFlowTemplates', {
      Operator: operator(),
      Filters: [{ Key: 'template-id', Values: ['yDnoSuchTemplate'] }],
    })) as { Templates: unknown[]; TotalCount: number };
    expect([none.Templates, none.TotalCount]).toEqual([[], 0]);

    const contract = (await client.request('DescribeOrganizationSeals', {
      Operator: operator(),
      SealTypes: ['CONTRACT'],
      InfoType: 1,
    })) as {
      Seals: Array<{ SealId: string; AuthorizedUsers: Array<{ UserId: string }>; Url: string }>;
      TotalCount: number;
    };
    expect(contract.Seals.map((s) => s.SealId)).toEqual(
      seed.seals.filter((s) => s.SealType === 'CONTRACT').map((s) => s.SealId),
    );
    expect(contract.Seals[0].AuthorizedUsers).toEqual([{ UserId: seed.operator.UserId }]);
    expect((await fetch(contract.Seals[0].Url)).headers.get('content-type')).toMatch(/^image\/svg\+xml/);

    const template = seed.templates[0].TemplateId;
    const urls = (await client.request('DescribeFileUrls', {
      Operator: operator(),
      BusinessType: 'TEMPLATE',
      BusinessIds: [template],
    })) as { FileUrls: Array<{ Url: string; Option: string }> };
    expect(JSON.parse(urls.FileUrls[0].Option)).toEqual(['595.28,841.89', '-1']);
    const fromUrl = (await client.request('UploadFiles', {
      BusinessType: 'DOCUMENT',
      Caller: { OperatorId: seed.operator.UserId },
      FileUrls: urls.FileUrls[0].Url,
    })) as { FileIds: string[] };
    expect(emulator.handle.state.file(fromUrl.FileIds[0]).bytes.subarray(0, 5)).toEqual(
      new TextEncoder().encode('%PDF-'),
    );
  });
});
