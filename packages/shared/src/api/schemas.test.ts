import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ALL_ESS_ACTIONS,
  ApproverInfo,
  Component,
  deepLoose,
  deepStrict,
  ESS_ACTION_ERROR_CODES,
  ESS_ACTIONS,
  ESS_ERROR_CODES,
  ESS_ERROR_EXAMPLES,
  essErrorMessage,
  essResponseEnvelope,
  FormField,
  isEssAction,
  isEssError,
  NotifyType,
  SealTypeFilter,
  schemas,
} from './index.js';

const OPERATOR = { UserId: 'yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy' };
const SEAL = {
  ComponentType: 'SIGN_SEAL',
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 160,
  ComponentPosY: 260,
  ComponentWidth: 100,
  ComponentHeight: 100,
};
const byFiles = {
  Operator: OPERATOR,
  FlowName: '采购合同',
  FileIds: ['yDRS4UUgygqdcj2tUuO4zjEEFuP35Swc'],
  Approvers: [
    {
      ApproverType: 0,
      OrganizationName: '示例企业',
      ApproverName: '张三',
      ApproverMobile: '18888888888',
      SignComponents: [SEAL],
    },
  ],
};

/** The dotted paths of the issues a parse produced. */
function issuePaths(result: { error?: z.ZodError }): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('wrong types are refused, with the path of the bad field', () => {
  const cases: [string, unknown, string][] = [
    ['FlowName as a number', { ...byFiles, FlowName: 123 }, 'FlowName'],
    ['FileIds as a string', { ...byFiles, FileIds: 'yDRS4UUgygqdcj2tUuO4zjEEFuP35Swc' }, 'FileIds'],
    ['Operator as a string', { ...byFiles, Operator: 'yDxV' }, 'Operator'],
    [
      'ApproverType 2 (not in 0/1/3/7)',
      { ...byFiles, Approvers: [{ ApproverType: 2 }] },
      'Approvers.0.ApproverType',
    ],
    [
      'ApproverType as a string',
      { ...byFiles, Approvers: [{ ApproverType: '0' }] },
      'Approvers.0.ApproverType',
    ],
    ['Unordered as a string', { ...byFiles, Unordered: 'true' }, 'Unordered'],
    ['Deadline as a float', { ...byFiles, Deadline: 1.5 }, 'Deadline'],
    [
      'ComponentType outside the documented set',
      { ...byFiles, Approvers: [{ ApproverType: 1, SignComponents: [{ ...SEAL, ComponentType: 'STAMP' }] }] },
      'Approvers.0.SignComponents.0.ComponentType',
    ],
    [
      'ComponentPosX as a string',
      { ...byFiles, Approvers: [{ ApproverType: 1, SignComponents: [{ ...SEAL, ComponentPosX: '160' }] }] },
      'Approvers.0.SignComponents.0.ComponentPosX',
    ],
    [
      'NotifyType outside the documented set',
      { ...byFiles, Approvers: [{ ApproverType: 1, NotifyType: 'WECHAT' }] },
      'Approvers.0.NotifyType',
    ],
  ];
  it.each(cases)('%s', (_name, input, path) => {
    const lenient = schemas.CreateFlowByFiles.request.safeParse(input);
    const strict = schemas.CreateFlowByFiles.requestStrict.safeParse(input);
    expect(issuePaths(lenient)).toContain(path);
    expect(issuePaths(strict)).toContain(path);
  });

  it('enums of the other families refuse values outside their sets', () => {
    const bad: [keyof typeof schemas, object, string][] = [
      [
        'DescribeFileUrls',
        { Operator: OPERATOR, BusinessType: 'CONTRACT', BusinessIds: ['x'] },
        'BusinessType',
      ],
      [
        'DescribeFileUrls',
        { Operator: OPERATOR, BusinessType: 'FLOW', BusinessIds: ['x'], FileType: 'DOCX' },
        'FileType',
      ],
      ['UploadFiles', { BusinessType: 'FLOW' }, 'BusinessType'],
      ['CreateSchemeUrl', { Operator: OPERATOR, EndPoint: 'WEB' }, 'EndPoint'],
      ['CreateSchemeUrl', { Operator: OPERATOR, PathType: 4 }, 'PathType'],
      ['CreateSchemeUrl', { Operator: OPERATOR, Hides: [6] }, 'Hides.0'],
      ['DescribeOrganizationSeals', { Operator: OPERATOR, SealStatuses: ['ENABLED'] }, 'SealStatuses.0'],
      ['DescribeOrganizationGroupOrganizations', { Operator: OPERATOR, Limit: -1, Offset: 0 }, 'Limit'],
      ['DescribeOrganizationGroupOrganizations', { Operator: OPERATOR, Offset: 0 }, 'Limit'],
      [
        'CreateMultiFlowSignQRCode',
        { Operator: OPERATOR, TemplateId: 't', FlowName: 'f', MaxFlowNum: '5' },
        'MaxFlowNum',
      ],
      ['CancelFlow', { Operator: OPERATOR, FlowId: 'f' }, 'CancelMessage'],
    ];
    for (const [action, input, path] of bad) {
      expect(issuePaths(schemas[action].request.safeParse(input)), `${action} ${path}`).toContain(path);
    }
  });

  it('responses with wrong types are refused', () => {
    const brief = {
      FlowId: 'f',
      FlowName: 'n',
      FlowDescription: '',
      FlowType: '',
      FlowStatus: 11,
      CreatedOn: 1,
      FlowMessage: '',
      Creator: 'c',
      Deadline: 0,
    };
    expect(
      issuePaths(schemas.DescribeFlowBriefs.response.safeParse({ FlowBriefs: [brief], RequestId: 'r' })),
    ).toContain('FlowBriefs.0.FlowStatus');
    expect(issuePaths(schemas.StartFlow.response.safeParse({ Status: 'STARTED', RequestId: 'r' }))).toContain(
      'Status',
    );
  });
});

describe('strict and lenient variants', () => {
  it('the strict variant refuses an unknown top-level field and names it', () => {
    const result = schemas.CreateFlowByFiles.requestStrict.safeParse({ ...byFiles, FlowNmae: 'typo' });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0] as { code: string; keys?: string[] };
    expect(issue.code).toBe('unrecognized_keys');
    expect(issue.keys).toEqual(['FlowNmae']);
  });

  it('the strict variant refuses unknown fields at any depth', () => {
    const nested = {
      ...byFiles,
      Operator: { ...OPERATOR, Role: 'admin' },
      Approvers: [{ ...byFiles.Approvers[0], SignComponents: [{ ...SEAL, Colour: 'red' }] }],
    };
    const paths = issuePaths(schemas.CreateFlowByFiles.requestStrict.safeParse(nested));
    expect(paths).toEqual(expect.arrayContaining(['Operator', 'Approvers.0.SignComponents.0']));
  });

  it('the lenient variant accepts unknown fields at any depth and keeps them', () => {
    const nested = { ...byFiles, Extra: 1, Approvers: [{ ...byFiles.Approvers[0], Legacy: 'x' }] };
    const parsed = schemas.CreateFlowByFiles.request.parse(nested) as typeof nested;
    expect(parsed.Extra).toBe(1);
    expect(parsed.Approvers[0].Legacy).toBe('x');
  });

  it('conversion keeps refinements (the Component mode check) in both variants', () => {
    const noPosition = { ComponentType: 'SIGN_SEAL', FileIndex: 0 };
    expect(deepStrict(Component).safeParse(noPosition).success).toBe(false);
    expect(deepLoose(Component).safeParse(noPosition).success).toBe(false);
  });

  it('the base schema is left untouched by conversion', () => {
    const strict = deepStrict(ApproverInfo);
    expect(strict).not.toBe(ApproverInfo);
    expect(ApproverInfo.safeParse({ ApproverType: 1, Unknown: true }).success).toBe(true);
    expect(deepStrict(ApproverInfo)).toBe(strict);
  });

  it('handles unions, records and nullables', () => {
    const schema = z.object({
      a: z.union([z.object({ x: z.string() }), z.number()]),
      b: z.object({ y: z.int() }).nullable(),
      c: z.record(z.string(), z.object({ z: z.boolean() })),
    });
    const strict = deepStrict(schema);
    expect(strict.safeParse({ a: { x: '1' }, b: null, c: { k: { z: true } } }).success).toBe(true);
    expect(strict.safeParse({ a: { x: '1', q: 1 }, b: null, c: {} }).success).toBe(false);
    expect(strict.safeParse({ a: 1, b: { y: 1, q: 1 }, c: {} }).success).toBe(false);
    expect(strict.safeParse({ a: 1, b: null, c: { k: { z: true, q: 1 } } }).success).toBe(false);
  });
});

describe('Component positioning by GenerateMode', () => {
  const cases: [string, object, boolean, string?][] = [
    ['absolute with page/x/y/w/h', SEAL, true],
    ['absolute without a page', { ...SEAL, ComponentPage: undefined }, false, 'ComponentPage'],
    ['absolute without a size', { ...SEAL, ComponentWidth: undefined }, false, 'ComponentWidth'],
    [
      'explicit NORMAL without PosY',
      { ...SEAL, GenerateMode: 'NORMAL', ComponentPosY: undefined },
      false,
      'ComponentPosY',
    ],
    [
      'paging seal with only PosY and size',
      {
        ComponentType: 'SIGN_PAGING_SEAL',
        FileIndex: 0,
        ComponentPosY: 300,
        ComponentWidth: 120,
        ComponentHeight: 120,
      },
      true,
    ],
    [
      'FIELD by name',
      { GenerateMode: 'FIELD', ComponentName: 'seal', FileIndex: 0, ComponentType: 'SIGN_SEAL' },
      true,
    ],
    [
      'FIELD without a name',
      { GenerateMode: 'FIELD', FileIndex: 0, ComponentType: 'SIGN_SEAL' },
      false,
      'ComponentName',
    ],
    [
      'KEYWORD with a keyword, no size',
      { GenerateMode: 'KEYWORD', ComponentId: '甲方', FileIndex: 0, ComponentType: 'SIGN_SEAL' },
      true,
    ],
    [
      'KEYWORD without a keyword',
      { GenerateMode: 'KEYWORD', FileIndex: 0, ComponentType: 'SIGN_SEAL' },
      false,
      'ComponentId',
    ],
    [
      'KEYWORD with an empty keyword',
      { GenerateMode: 'KEYWORD', ComponentId: '', FileIndex: 0, ComponentType: 'SIGN_SEAL' },
      false,
      'ComponentId',
    ],
    ['no FileIndex', { ...SEAL, FileIndex: undefined }, false, 'FileIndex'],
  ];
  it.each(cases)('%s', (_name, input, ok, path) => {
    const result = Component.safeParse(input);
    expect(result.success).toBe(ok);
    if (path) {
      expect(issuePaths(result)).toContain(path);
      expect(result.error!.issues.find((i) => i.path.join('.') === path)!.message).toMatch(
        /required|expected/,
      );
    }
  });

  it('a FormField must name its component', () => {
    expect(FormField.safeParse({ ComponentValue: 'x' }).success).toBe(false);
    expect(FormField.safeParse({ ComponentValue: 'x', ComponentId: 'c' }).success).toBe(true);
    expect(FormField.safeParse({ ComponentValue: 'x', ComponentName: 'n' }).success).toBe(true);
  });
});

describe('value sets', () => {
  it('NotifyType accepts the documented upper case and the examples’ lower case', () => {
    for (const value of ['SMS', 'sms', 'NONE', 'none', 'EMAIL', 'ALL'])
      expect(NotifyType.safeParse(value).success).toBe(true);
    expect(NotifyType.safeParse('Sms').success).toBe(false);
  });
  it('seal type filters accept the named types and OTHER_xx', () => {
    for (const value of ['OFFICIAL', 'CONTRACT', 'OTHER', 'OTHER_1', 'OTHER_abc'])
      expect(SealTypeFilter.safeParse(value).success).toBe(true);
    for (const value of ['OTHER_', 'official', 'STAMP'])
      expect(SealTypeFilter.safeParse(value).success).toBe(false);
  });
});

describe('actions and error codes', () => {
  it('ESS_ACTIONS has the 15 names; ALL_ESS_ACTIONS adds the others ess-api.md mentions', () => {
    expect(ESS_ACTIONS).toHaveLength(15);
    expect(new Set(ALL_ESS_ACTIONS).size).toBe(ALL_ESS_ACTIONS.length);
    expect(ALL_ESS_ACTIONS).toEqual(
      expect.arrayContaining([...ESS_ACTIONS, 'CreateConvertTaskApi', 'CreateFlowSignReview']),
    );
    expect(ALL_ESS_ACTIONS.filter((a) => !isEssAction(a))).toEqual([
      'CreateConvertTaskApi',
      'CreateFlowSignReview',
    ]);
  });

  it('every documented code has a message, and every per-action code is documented', () => {
    for (const [code, message] of Object.entries(ESS_ERROR_CODES))
      expect(message.length, code).toBeGreaterThan(3);
    expect(Object.keys(ESS_ACTION_ERROR_CODES).sort()).toEqual([...ESS_ACTIONS].sort());
    for (const codes of Object.values(ESS_ACTION_ERROR_CODES))
      for (const code of codes) expect(ESS_ERROR_CODES).toHaveProperty([code]);
    expect(ESS_ACTION_ERROR_CODES.CreateFlowByFiles).toHaveLength(144);
  });

  it('keeps the official example messages verbatim', () => {
    const qr = ESS_ERROR_EXAMPLES.find((e) => e.code === 'OperationDenied.QrInvalid');
    expect(qr?.message).toBe('签署二维码不可用，请检查后重试。');
    expect(ESS_ERROR_EXAMPLES.find((e) => e.code === 'OperationDenied.NoSupportJumpPage')?.message).toBe(
      'APP类型不支持跳转到电子签主页或合同列表页',
    );
  });

  it('essErrorMessage: documented code, undocumented sub-code, unknown code', () => {
    expect(essErrorMessage('AuthFailure.SignatureFailure')).toBe(
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
    expect(essErrorMessage('AuthFailure.SignatureExpire')).toMatch(/5 minutes/);
    expect(essErrorMessage('InvalidParameter.Unheard')).toBe(ESS_ERROR_CODES.InvalidParameter);
    expect(essErrorMessage('Bogus.Code')).toMatch(/Undocumented ESS error code "Bogus.Code"/);
  });

  it('the response envelope tells errors from results', () => {
    const envelope = essResponseEnvelope(schemas.CreateFlow.response);
    const ok = envelope.parse({ Response: { FlowId: 'yDw', RequestId: 'r1' } });
    const failed = envelope.parse({
      Response: {
        Error: { Code: 'InvalidParameter.Name', Message: '参数错误,姓名不符合规范,请修改后重试' },
        RequestId: 'r2',
      },
    });
    expect(isEssError(ok.Response)).toBe(false);
    expect(isEssError(failed.Response)).toBe(true);
    expect(envelope.safeParse({ Response: { RequestId: 'r3' } }).success).toBe(false);
  });
});

describe('official error examples (ess-api.md §3.3)', () => {
  it.each(ESS_ERROR_EXAMPLES.map((e) => [e.action, e.code, e.message] as const))(
    '%s → %s',
    (action, code, message) => {
      expect(isEssAction(action)).toBe(true);
      const envelope = essResponseEnvelope(schemas[action as keyof typeof schemas].response);
      const parsed = envelope.parse({
        Response: {
          Error: { Code: code, Message: message },
          RequestId: 'ed93f3cb-f35e-473f-b9f3-0d451b8b79c6',
        },
      });
      expect(isEssError(parsed.Response)).toBe(true);
      expect(ESS_ACTION_ERROR_CODES[action]).toContain(code);
    },
  );
});
