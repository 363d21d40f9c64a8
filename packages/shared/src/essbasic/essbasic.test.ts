import { describe, expect, it } from 'vitest';
import { normalizeCallback } from '../callbacks/normalize.js';
import { parseAuthorization } from '../signing/tc3.js';
import {
  buildEssbasicHeaders,
  ESSBASIC_ACTION_ERROR_CODES,
  ESSBASIC_ACTIONS,
  ESSBASIC_FLOW_STATUS,
  essbasicSchemas,
  isDocumentedEssbasicError,
} from './index.js';

describe('essbasic actions, schemas and error codes', () => {
  it('has schemas and a documented error list for every supported action', () => {
    for (const action of ESSBASIC_ACTIONS) {
      expect(essbasicSchemas[action].request).toBeDefined();
      expect(ESSBASIC_ACTION_ERROR_CODES[action].length, action).toBeGreaterThan(0);
    }
    expect(isDocumentedEssbasicError('ChannelCancelFlow', 'OperationDenied.FlowHasTerminated')).toBe(true);
    expect(isDocumentedEssbasicError('ChannelCancelFlow', 'AuthFailure.SignatureFailure')).toBe(true);
    expect(isDocumentedEssbasicError('ChannelCancelFlow', 'OperationDenied.NoQuota')).toBe(false);
  });

  it('the strict request schema refuses unknown fields at any depth, the lenient one keeps them', () => {
    const request = {
      Agent: { AppId: 'app', ProxyOrganizationOpenId: 'org', ProxyOperator: { OpenId: 'op', Typo: 1 } },
      FlowIds: ['f'],
    };
    expect(essbasicSchemas.DescribeFlowDetailInfo.requestStrict.safeParse(request).success).toBe(false);
    const lenient = essbasicSchemas.DescribeFlowDetailInfo.request.parse(request) as typeof request;
    expect(lenient.Agent.ProxyOperator.Typo).toBe(1);
    expect(
      essbasicSchemas.CreateConsoleLoginUrl.requestStrict.safeParse({ Agent: { AppId: 'a' } }).success,
    ).toBe(false);
  });

  it('signs with service essbasic and version 2021-05-26', async () => {
    const headers = await buildEssbasicHeaders({
      secretId: 'AKIDexample',
      secretKey: 'secret',
      host: 'essbasic.tencentcloudapi.com',
      timestamp: 1_767_225_600,
      body: '{}',
      action: 'DescribeTemplates',
    });
    expect(headers['X-TC-Version']).toBe('2021-05-26');
    expect(parseAuthorization(headers.Authorization)?.service).toBe('essbasic');
  });
});

describe('partner-platform callbacks in the normalized event model', () => {
  it('an onboarding message (the partner docs’ OrgAuth example) carries the sub-company as tenant', () => {
    const event = normalizeCallback({
      MsgId: '12345',
      MsgType: 'OrgAuth',
      MsgVersion: 'ThirdPartyApp',
      MsgData: {
        ApplicationId: 'c17bdf9c2a7bdcb32611f4d0200fef3d',
        ProxyOrganizationOpenId: 'org_a',
        ProxyOperatorOpenId: 'op_a',
        AuthSuccess: true,
      },
    });
    expect(event).toMatchObject({
      family: 'staff',
      msgType: 'OrgAuth',
      applicationId: 'c17bdf9c2a7bdcb32611f4d0200fef3d',
      tenant: 'org_a',
      organizationId: 'org_a',
      userId: 'op_a',
      dedupeKey: '12345',
    });
  });

  it('a FlowStatusChange reports statuses by name; they become the ess numbers', () => {
    const event = normalizeCallback(
      JSON.stringify({
        MsgId: 'm1',
        MsgType: 'FlowStatusChange',
        MsgVersion: 'ThirdPartyApp',
        MsgData: {
          ApplicationId: 'app',
          ProxyOrganizationOpenId: 'org_b',
          FlowId: 'yDflow',
          FlowStatus: 'PART',
          CustomerData: 'order-1',
          OccurTime: 1_767_225_600,
          Approvers: [
            { RecipientId: 'r1', ApproveStatus: 'ACCEPT', ApproveType: 'PERSON', ApproveName: '张三' },
            {
              RecipientId: 'r2',
              ApproveStatus: 'PENDING',
              ApproveType: 'ORGANIZATION',
              ProxyOrganizationOpenId: 'org_c',
            },
          ],
        },
      }),
    );
    expect(event).toMatchObject({
      family: 'flow',
      flowId: 'yDflow',
      flowStatus: ESSBASIC_FLOW_STATUS.PART,
      tenant: 'org_b',
      userData: 'order-1',
    });
    expect(event.approvers).toEqual([
      { recipientId: 'r1', approveStatus: 3, approverType: 1, approverName: '张三' },
      { recipientId: 'r2', approveStatus: 2, approverType: 0, organizationId: 'org_c' },
    ]);
  });

  it('leaves ess (企业版) messages without a tenant', () => {
    const event = normalizeCallback({
      MsgId: 'x',
      MsgType: 'OperateSeal',
      MsgVersion: 'CustomApp',
      MsgData: { OrganizationId: 'o', SealId: 's', Operate: 'Create' },
    });
    expect(event.tenant).toBeUndefined();
    expect(event.applicationId).toBeUndefined();
  });
});
