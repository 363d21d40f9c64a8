import { describe, expect, it } from 'vitest';
import { callbackFamily, ESS_CALLBACK_MSG_TYPES, type EssEventFamily } from './msg-types.js';
import { normalizeCallback } from './normalize.js';

/**
 * The company-side (企业版, `ess`) callback types Tencent's own callback dispatcher lists
 * (`tencentess/tsign-callback-dispatcher`, with the developer-center pages it links), by its
 * categories — transcribed independently of msg-types.ts, with the family each category maps to.
 */
const TENCENT_CATEGORIES: Array<[category: string, families: EssEventFamily[], types: string[]]> = [
  [
    '合同 contracts',
    ['flow', 'fee'],
    [
      'FlowStatusChange',
      'FlowCost',
      'ForwardFLow',
      'CreateFlowReview',
      'ReceiveFlow',
      'ApproverDeadlineExpired',
      'CancelFlows',
      'DocumentFill',
      'FlowGroupStatusChange',
      'ReviewerFlowRead',
    ],
  ],
  ['印章 seals', ['seal'], ['OperateSeal', 'EmployeeSealAuth', 'SealUse']],
  ['模板 templates', ['template'], ['TemplateAdd', 'TemplateUpdate', 'TemplateDelete', 'TemplateAvailable']],
  [
    '企业员工 staff and organization',
    ['staff', 'organization'],
    [
      'RolesChange',
      'ApproveEmployeeJoin',
      'QuiteJob',
      'SuperAdminChange',
      'ModifyOrganizationBaseInfo',
      'CloseOrganization',
      'SubOrganizationJoinOrganizationGroup',
      'UnbindOrganizationGroup',
      'OperateExtendedService',
      'CreateOrganization',
      'UserAccountVerify',
      'UserMobileChange',
      'OrganizationAuthorization',
      'OrgAuthorizationFileSubmit',
      'OrganizationAuthorizationFileReview',
      'OrgAuthorizationFileInvalid',
      'UserNameChange',
    ],
  ],
  [
    '其他 other',
    ['qr', 'fee', 'auto-sign'],
    ['CreateFlowByQrCode', 'MultiFlowSignQrCodeCost', 'PartnerServerSignAuthorization'],
  ],
  ['费用 billing', ['fee'], ['BillingUse']],
  [
    '个人医疗自动签',
    ['auto-sign'],
    ['OpenUserAutoSign', 'AutoSignSealImg', 'DisableUserAutoSign', 'CancelUserAutoSign'],
  ],
  ['合同智能 AI', ['ai'], ['AIContractReview', 'AIInformationExtraction']],
  ['合同对比 diff', ['ai'], ['ContractDiffTaskFinish', 'ContractDiffTaskCreate']],
];

describe('callback MsgType catalogue', () => {
  it('holds exactly the 46 company-side types Tencent lists, in its spelling', () => {
    const listed = TENCENT_CATEGORIES.flatMap(([, , types]) => types);
    expect(listed).toHaveLength(46);
    expect(Object.keys(ESS_CALLBACK_MSG_TYPES).sort()).toEqual([...listed].sort());
    expect(
      Object.entries(ESS_CALLBACK_MSG_TYPES)
        .filter(([, info]) => 'deprecated' in info)
        .map(([t]) => t),
    ).toEqual(['FlowCost']);
  });

  it.each(TENCENT_CATEGORIES)(
    '%s: every type is recognised with a typed family',
    (_category, families, types) => {
      for (const type of types) {
        const family = callbackFamily(type);
        expect(families, type).toContain(family);
        const event = normalizeCallback(
          JSON.stringify({
            MsgId: `yD${type}`.padEnd(32, '0'),
            MsgType: type,
            MsgData: { OrganizationId: 'yDorg1', FlowId: 'yDflow1' },
          }),
        );
        expect(event).toMatchObject({ family, msgType: type, organizationId: 'yDorg1' });
      }
    },
  );

  it('files the 17 staff-and-organization types under staff (people) or organization (the company)', () => {
    const [, , types] = TENCENT_CATEGORIES[3];
    const staff = types.filter((t) => callbackFamily(t) === 'staff');
    expect(staff.sort()).toEqual(
      [
        'ApproveEmployeeJoin',
        'QuiteJob',
        'RolesChange',
        'SuperAdminChange',
        'UserAccountVerify',
        'UserMobileChange',
        'UserNameChange',
      ].sort(),
    );
  });
});
