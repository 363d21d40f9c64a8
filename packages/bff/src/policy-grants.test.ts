// Every browser grant of the whitelist, row by row (issue 15): the ids each action must have in the
// token, every refusal with its exact message, what is redacted, and the verdict texts.
import { describe, expect, it } from 'vitest';
import { classifyAction, missingFromScope, POLICY, stripIdentity, withoutPersonalData } from './policy.js';

const none = { flowIds: [], templateIds: [], qrCodeIds: [] };
const grant = (action: keyof typeof POLICY) => {
  const browser = POLICY[action].browser;
  if (!browser) throw new Error(`${action} has no browser grant`);
  return browser;
};

describe('browser grants', () => {
  it('CreateMultiFlowSignQRCode needs its template and refuses a callback URL', () => {
    const g = grant('CreateMultiFlowSignQRCode');
    expect(g.needs({ TemplateId: 'yDt' })).toEqual({ ...none, templateIds: ['yDt'] });
    expect(g.needs({ TemplateId: 5 })).toEqual(none);
    expect(g.needs({})).toEqual(none);
    expect(g.refuse?.({ TemplateId: 'yDt', CallbackUrl: 'https://x' })).toBe(
      'CallbackUrl cannot be set by a browser',
    );
    expect(g.refuse?.({ TemplateId: 'yDt', CallbackUrl: '' })).toBe('CallbackUrl cannot be set by a browser');
    expect(g.refuse?.({ TemplateId: 'yDt' })).toBeNull();
    expect(POLICY.CreateMultiFlowSignQRCode.forced).toEqual(['UserData']);
  });

  it('CancelMultiFlowSignQRCode needs its QR code', () => {
    const g = grant('CancelMultiFlowSignQRCode');
    expect(g.needs({ QrCodeId: 'yDq' })).toEqual({ ...none, qrCodeIds: ['yDq'] });
    expect(g.needs({ QrCodeId: ['yDq'] })).toEqual(none);
    expect(g.refuse).toBeUndefined();
  });

  it('DescribeFlowInfo needs its flows, refuses groups and an empty list, and redacts personal data', () => {
    const g = grant('DescribeFlowInfo');
    expect(g.needs({ FlowIds: ['a', 7, 'b'] })).toEqual({ ...none, flowIds: ['a', 'b'] });
    expect(g.needs({ FlowIds: 'a' })).toEqual(none);
    expect(g.refuse?.({ FlowIds: ['a'], FlowGroupId: 'g' })).toBe(
      'FlowGroupId is not available to browser tokens; list FlowIds',
    );
    expect(g.refuse?.({ FlowIds: [] })).toBe('FlowIds must name at least one flow of the token');
    expect(g.refuse?.({ FlowIds: [1] })).toBe('FlowIds must name at least one flow of the token');
    expect(g.refuse?.({ FlowIds: ['a'] })).toBeNull();
    expect(g.redact).toBe(withoutPersonalData);
  });

  it('CreateSchemeUrl needs one flow and refuses anything about groups', () => {
    const g = grant('CreateSchemeUrl');
    expect(g.needs({ FlowId: 'a' })).toEqual({ ...none, flowIds: ['a'] });
    expect(g.needs({})).toEqual(none);
    expect(g.refuse?.({})).toBe(
      "FlowId is required for browser tokens (a sign link for one of the token's flows)",
    );
    expect(g.refuse?.({ FlowId: ['a'] })).toMatch(/^FlowId is required/);
    expect(g.refuse?.({ FlowId: 'a', FlowGroupId: 'g' })).toBe(
      'Flow groups are not available to browser tokens',
    );
    expect(g.refuse?.({ FlowId: 'a', FlowGroupUrlInfo: {} })).toBe(
      'Flow groups are not available to browser tokens',
    );
    expect(g.refuse?.({ FlowId: 'a' })).toBeNull();
    expect(g.redact).toBeUndefined();
  });

  it('DescribeFileUrls needs its flows and refuses other business types and an empty list', () => {
    const g = grant('DescribeFileUrls');
    expect(g.needs({ BusinessType: 'FLOW', BusinessIds: ['a', null, 'b'] })).toEqual({
      ...none,
      flowIds: ['a', 'b'],
    });
    expect(g.refuse?.({ BusinessType: 'TEMPLATE', BusinessIds: ['a'] })).toBe(
      'Browser tokens may only download flow files (BusinessType "FLOW")',
    );
    expect(g.refuse?.({ BusinessIds: ['a'] })).toMatch(/BusinessType "FLOW"/);
    expect(g.refuse?.({ BusinessType: 'FLOW', BusinessIds: [] })).toBe(
      'BusinessIds must name at least one flow of the token',
    );
    expect(g.refuse?.({ BusinessType: 'FLOW' })).toBe('BusinessIds must name at least one flow of the token');
    expect(g.refuse?.({ BusinessType: 'FLOW', BusinessIds: ['a'] })).toBeNull();
  });

  it('DescribeFlowBriefs needs its flows and refuses an empty list', () => {
    const g = grant('DescribeFlowBriefs');
    expect(g.needs({ FlowIds: ['a'] })).toEqual({ ...none, flowIds: ['a'] });
    expect(g.refuse?.({ FlowIds: [] })).toBe('FlowIds must name at least one flow of the token');
    expect(g.refuse?.({})).toBe('FlowIds must name at least one flow of the token');
    expect(g.refuse?.({ FlowIds: ['a'] })).toBeNull();
  });

  it('sends only UploadFiles to the file host', () => {
    const fileHost = Object.entries(POLICY)
      .filter(([, p]) => p.fileHost)
      .map(([name]) => name);
    expect(fileHost).toEqual(['UploadFiles']);
    expect(Object.values(POLICY).every((p) => p.partner)).toBe(true);
  });
});

describe('verdicts', () => {
  it('explains each refusal', () => {
    expect(classifyAction('CreateConvertTaskApi', { kind: 'partner' })).toEqual({
      kind: 'refused',
      reason: 'CreateConvertTaskApi is an ESS action this BFF does not proxy',
    });
    expect(classifyAction('CancelFlow', { kind: 'browser', actions: ['DescribeFlowBriefs'] })).toEqual({
      kind: 'refused',
      reason: 'CancelFlow is not available to browser tokens',
    });
    expect(classifyAction('DescribeFlowInfo', { kind: 'browser', actions: ['DescribeFlowBriefs'] })).toEqual({
      kind: 'refused',
      reason: 'This browser token does not allow DescribeFlowInfo',
    });
    expect(classifyAction('DescribeFlowInfo', { kind: 'browser', actions: ['DescribeFlowInfo'] })).toEqual({
      kind: 'allowed',
      action: 'DescribeFlowInfo',
      policy: POLICY.DescribeFlowInfo,
    });
    expect(classifyAction('CancelFlow', { kind: 'partner' })).toEqual({
      kind: 'allowed',
      action: 'CancelFlow',
      policy: POLICY.CancelFlow,
    });
    expect(classifyAction('constructor', { kind: 'partner' })).toEqual({ kind: 'unknown' });
  });
});

describe('personal data and identity', () => {
  it('drops personal fields at any depth, keeps everything else and the input untouched', () => {
    const response = {
      FlowDetailInfos: [
        {
          FlowId: 'a',
          FlowApproverInfos: [
            { ApproverName: 'Li', ApproverMobile: '138', ApproverIdCardNumber: 'x', Email: 'e', Mobile: 'm' },
          ],
          IdCardNumber: 'y',
          Count: 0,
          Empty: null,
        },
      ],
      RequestId: 'r',
    };
    const copy = structuredClone(response);
    expect(withoutPersonalData(response)).toEqual({
      FlowDetailInfos: [{ FlowId: 'a', FlowApproverInfos: [{ ApproverName: 'Li' }], Count: 0, Empty: null }],
      RequestId: 'r',
    });
    expect(response).toEqual(copy);
    expect(withoutPersonalData('text')).toBe('text');
    expect(withoutPersonalData([1, { Mobile: 'm', k: [{ Email: 'e' }] }])).toEqual([1, { k: [{}] }]);
  });

  it('strips identity without touching the caller body, and lists every missing id by kind', () => {
    const body = { Operator: 1, Agent: 2, Caller: 3, FlowIds: ['a'] };
    expect(stripIdentity(body)).toEqual({ FlowIds: ['a'] });
    expect(body).toEqual({ Operator: 1, Agent: 2, Caller: 3, FlowIds: ['a'] });
    expect(
      missingFromScope(
        { flowIds: ['a'], templateIds: ['t', 'u'], qrCodeIds: ['q', 'r'] },
        { flowIds: ['a'], templateIds: ['u'], qrCodeIds: ['q'] },
      ),
    ).toEqual({ flowIds: [], templateIds: ['t'], qrCodeIds: ['r'] });
  });
});
