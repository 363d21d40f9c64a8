import { describe, expect, it } from 'vitest';
import type { CreateFlowByFilesRequest, CreateSchemeUrlRequest } from '../api/flows.js';
import {
  validateCancelFlow,
  validateFileFlowRequest,
  validateFileIds,
  validateSchemeUrlRequest,
} from './flows.js';
import { charLength, validateFlowName } from './text.js';

const SEAL_ID = 'yDSxWUUckptu4clgUuLlo0OwJKbYCO48';
const FILE_ID = 'yDRS4UUgygqdcj2tUuO4zjEEFuP35Swc';
const FLOW_ID = 'yDwFmUUckpstqfvzUE1h3jo1f3cqjkGm';
const seal = {
  ComponentType: 'SIGN_SEAL',
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 160,
  ComponentPosY: 260,
  ComponentWidth: 100,
  ComponentHeight: 100,
} as const;
// The guide's auto-sign file flow (自动签署 使用文件发起).
const guideSilent: Partial<CreateFlowByFilesRequest> = {
  Operator: { UserId: 'yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy' },
  FlowName: '单B自动签署',
  FileIds: [FILE_ID],
  Approvers: [{ ApproverType: 3, SignComponents: [{ ...seal, ComponentValue: SEAL_ID }] }],
};

describe('validateFileFlowRequest', () => {
  it('accepts the guide’s single-B auto-sign request', () => {
    expect(validateFileFlowRequest(guideSilent)).toEqual([]);
  });
  it('accepts initiator components with values while a silent signer is present', () => {
    const text = { ...seal, ComponentType: 'TEXT' as const, ComponentValue: '100元', ComponentHeight: 20 };
    expect(validateFileFlowRequest({ ...guideSilent, Components: [text] })).toEqual([]);
  });
  const bad: [string, Partial<CreateFlowByFilesRequest>, string][] = [
    ['two files', { ...guideSilent, FileIds: [FILE_ID, FILE_ID] }, 'file-ids-one@FileIds'],
    ['no file', { ...guideSilent, FileIds: [] }, 'file-ids-one@FileIds'],
    ['a bad FlowName', { ...guideSilent, FlowName: 'a/b' }, 'flow-name-charset@FlowName'],
    ['no approvers', { ...guideSilent, Approvers: [] }, 'approvers-required@Approvers'],
    [
      'initiator component without a value',
      { ...guideSilent, Components: [{ ...seal, ComponentType: 'TEXT' }] },
      'initiator-component-value@Components[0].ComponentValue',
    ],
    [
      'initiator sign component',
      { ...guideSilent, Components: [{ ...seal, ComponentValue: 'x' }] },
      'fill-component-type@Components[0].ComponentType',
    ],
    [
      'personal auto-sign without AutoSignScene',
      {
        ...guideSilent,
        Approvers: [
          {
            ApproverType: 7,
            ApproverName: '张三',
            ApproverMobile: '18888888888',
            SignComponents: [{ ...seal, ComponentType: 'SIGN_SIGNATURE' }],
          },
        ],
      },
      'auto-sign-scene-required@AutoSignScene',
    ],
    ['deadline in the past', { ...guideSilent, Deadline: 1 }, 'flow-deadline@Deadline'],
    [
      'FlowDescription over 1000',
      { ...guideSilent, FlowDescription: '述'.repeat(1001) },
      'flow-description-length@FlowDescription',
    ],
    [
      '51 CCs',
      { ...guideSilent, CcInfos: Array.from({ length: 51 }, () => ({ Mobile: '13000000000' })) },
      'cc-infos-max@CcInfos',
    ],
  ];
  it.each(bad)('%s', (_name, request, expected) => {
    expect(
      validateFileFlowRequest(request, { now: 1_780_000_000 }).map((v) => `${v.rule}@${v.path}`),
    ).toContain(expected);
  });
  it('uses the documented codes for too many and too few files', () => {
    expect(validateFileIds([FILE_ID, FILE_ID])[0].essCode).toBe('OperationDenied.ManyResourceId');
    expect(validateFileIds(undefined)[0].essCode).toBe('MissingParameter.ResourceId');
    expect(validateFileIds([FILE_ID])).toEqual([]);
  });
});

describe('validateFlowName (ess-api.md §5)', () => {
  const ok = [
    '2013年采购西红柿合同',
    '张三的入职合同',
    '测试合同-1',
    'Sales (2026) [v2] A&B+C_d, e; f.',
    '采购合同（第二版）。',
    '合'.repeat(200),
  ];
  it.each(ok)('accepts %s', (name) => expect(validateFlowName(name)).toEqual([]));
  const bad: [string, string][] = [
    ['', 'flow-name-required'],
    ['   ', 'flow-name-required'],
    ['合'.repeat(201), 'flow-name-length'],
    ['合同/附件', 'flow-name-charset'],
    ['合同#1', 'flow-name-charset'],
    ['签到😀', 'flow-name-charset'],
  ];
  it.each(bad)('refuses %j', (name, rule) => {
    const [v] = validateFlowName(name);
    expect(v.rule).toBe(rule);
    expect(v.path).toBe('FlowName');
  });
  it('names the offending characters', () => {
    expect(validateFlowName('合同/附件#')[0].message).toContain('"/", "#"');
  });
  it('counts characters, not UTF-16 units', () => {
    expect(charLength('😀合')).toBe(2);
  });
});

describe('validateCancelFlow', () => {
  it('accepts the official example', () => {
    expect(validateCancelFlow({ FlowId: FLOW_ID, CancelMessage: '这个合同里边的付款金额写错' })).toEqual([]);
    expect(validateCancelFlow({ FlowId: FLOW_ID, CancelMessage: '撤'.repeat(200) })).toEqual([]);
  });
  const bad: [string, object, string, string][] = [
    ['no FlowId', { CancelMessage: '写错' }, 'flow-id-required', 'MissingParameter.FlowId'],
    ['no CancelMessage', { FlowId: FLOW_ID }, 'cancel-message-required', 'MissingParameter.CancelReason'],
    [
      '201 characters',
      { FlowId: FLOW_ID, CancelMessage: '撤'.repeat(201) },
      'cancel-message-length',
      'InvalidParameter.CancelReason',
    ],
    [
      'an emoji',
      { FlowId: FLOW_ID, CancelMessage: '写错了😀' },
      'cancel-message-charset',
      'InvalidParameter.CancelReason',
    ],
  ];
  it.each(bad)('%s', (_name, request, rule, code) => {
    expect(validateCancelFlow(request).map((v) => [v.rule, v.essCode])).toContainEqual([rule, code]);
  });
});

describe('validateSchemeUrlRequest', () => {
  const ok: [string, Partial<CreateSchemeUrlRequest>][] = [
    ['defaults (HTTP, home page)', {}],
    [
      'PathType 1 with HTTP_SHORT_URL and FlowId',
      { PathType: 1, EndPoint: 'HTTP_SHORT_URL', FlowId: FLOW_ID },
    ],
    ['PathType 1 with APP and FlowId', { PathType: 1, EndPoint: 'APP', FlowId: FLOW_ID }],
    ['PathType 2 over HTTP', { PathType: 2, EndPoint: 'HTTP' }],
  ];
  it.each(ok)('%s', (_name, request) => expect(validateSchemeUrlRequest(request)).toEqual([]));
  const bad: [string, Partial<CreateSchemeUrlRequest>, string, string][] = [
    [
      'PathType 1 without FlowId',
      { PathType: 1, EndPoint: 'APP' },
      'scheme-flow-id-required',
      'MissingParameter.FlowId',
    ],
    [
      'PathType 1 over HTTP',
      { PathType: 1, EndPoint: 'HTTP', FlowId: FLOW_ID },
      'scheme-path-endpoint',
      'InvalidParameter.EndPoint',
    ],
    [
      'PathType 1 with the default EndPoint',
      { PathType: 1, FlowId: FLOW_ID },
      'scheme-path-endpoint',
      'InvalidParameter.EndPoint',
    ],
    ['APP to the home page', { EndPoint: 'APP' }, 'scheme-app-path', 'OperationDenied.NoSupportJumpPage'],
    [
      'APP to the contract list',
      { EndPoint: 'APP', PathType: 2 },
      'scheme-app-path',
      'OperationDenied.NoSupportJumpPage',
    ],
    ['a bad mobile', { Mobile: '1320000000' }, 'scheme-mobile-format', 'InvalidParameter.Mobile'],
  ];
  it.each(bad)('%s', (_name, request, rule, code) => {
    const found = validateSchemeUrlRequest(request);
    expect(found.map((v) => [v.rule, v.essCode])).toContainEqual([rule, code]);
    expect(found[0].message).toMatch(/PathType|EndPoint|FlowId|Mobile/);
  });
});
