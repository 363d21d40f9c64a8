import { describe, expect, it } from 'vitest';
import type { FlowCreateApprover } from '../api/approvers.js';
import {
  isSilentRecipient,
  isTemplateUnordered,
  type TemplateFlowOptions,
  validateCreateDocument,
  validateTemplateFlowApprovers,
  validateTemplateFlowRequest,
} from './templates.js';
import type { RuleTemplate } from './types.js';

const B = {
  RecipientId: 'yDrecipientB00000000000000000001',
  RecipientType: 'ENTERPRISE',
  RoleName: '甲方',
  RoutingOrder: 0,
};
const C = {
  RecipientId: 'yDrecipientC00000000000000000002',
  RecipientType: 'INDIVIDUAL',
  RoleName: '乙方',
  RoutingOrder: 1,
};
const PROMOTER = { RecipientId: 'yDpromoter0000000000000000000003' };
const SEAL_ID = 'yDSxWUUckptu4clgUuLlo0OwJKbYCO48';

const b2c: RuleTemplate = { Recipients: [B, C], Promoter: PROMOTER, SignOrder: [0, 1] };
const silentB2c: RuleTemplate = { ...b2c, Recipients: [{ ...B, silent: true }, C] };
const singleBSilent: RuleTemplate = { Recipients: [{ ...B, silent: true }], Promoter: PROMOTER };
const initiatorFill: RuleTemplate = {
  ...b2c,
  Components: [
    {
      ComponentType: 'TEXT',
      ComponentName: 'amount',
      ComponentRecipientId: PROMOTER.RecipientId,
      ComponentRequired: true,
    },
  ],
};
const signerFill: RuleTemplate = {
  ...silentB2c,
  Components: [{ ComponentType: 'TEXT', ComponentName: 'address', ComponentRecipientId: C.RecipientId }],
};

const enterprise: FlowCreateApprover = {
  ApproverType: 0,
  OrganizationName: '典子谦示例企业',
  ApproverName: '典子谦',
  ApproverMobile: '13200000000',
};
const person: FlowCreateApprover = { ApproverType: 1, ApproverName: '张三', ApproverMobile: '18888888888' };

describe('validateTemplateFlowApprovers — valid', () => {
  const ok: [string, FlowCreateApprover[], RuleTemplate, TemplateFlowOptions?][] = [
    ['B2C in the template’s order', [enterprise, person], b2c],
    [
      'B2C with matching RecipientIds',
      [
        { ...enterprise, RecipientId: B.RecipientId },
        { ...person, RecipientId: C.RecipientId },
      ],
      b2c,
    ],
    ['the guide’s silent template flow: {"ApproverType": 3} alone', [{ ApproverType: 3 }], singleBSilent],
    [
      'silent B + person; initiator fill components stay allowed',
      [{ ApproverType: 3 }, person],
      { ...silentB2c, Components: initiatorFill.Components },
    ],
    [
      'unordered template, Unordered true',
      [enterprise, person],
      { ...b2c, SignOrder: [-1] },
      { unordered: true },
    ],
  ];
  it.each(ok)('%s', (_name, approvers, template, options) => {
    expect(validateTemplateFlowApprovers(approvers, template, options)).toEqual([]);
  });
});

describe('validateTemplateFlowApprovers — each rule refuses', () => {
  const bad: [string, FlowCreateApprover[], RuleTemplate, string, TemplateFlowOptions?][] = [
    ['too few approvers', [enterprise], b2c, 'template-approver-count@Approvers'],
    ['too many approvers', [enterprise, person, person], b2c, 'template-approver-count@Approvers'],
    ['none at all', [], b2c, 'template-approver-count@Approvers'],
    [
      'person and enterprise swapped',
      [person, enterprise],
      b2c,
      'template-approver-type@Approvers[0].ApproverType',
    ],
    [
      'enterprise where the template has a person',
      [enterprise, enterprise],
      b2c,
      'template-approver-type@Approvers[1].ApproverType',
    ],
    [
      'RecipientIds in the wrong order',
      [
        { ...enterprise, RecipientId: C.RecipientId },
        { ...person, RecipientId: B.RecipientId },
      ],
      b2c,
      'template-approver-order@Approvers[0].RecipientId',
    ],
    [
      'a RecipientId of another template',
      [{ ...enterprise, RecipientId: 'yDnope' }, person],
      b2c,
      'template-recipient-unknown@Approvers[0].RecipientId',
    ],
    [
      'Unordered true on an ordered template',
      [enterprise, person],
      b2c,
      'template-unordered@Unordered',
      { unordered: true },
    ],
    [
      'Unordered omitted on an unordered template',
      [enterprise, person],
      { ...b2c, SignOrder: [-1] },
      'template-unordered@Unordered',
    ],
    [
      'silent signer with signer fill components in the template',
      [{ ApproverType: 3 }, person],
      signerFill,
      'silent-no-fill-for-others@Approvers[0]',
    ],
    [
      'enterprise without OrganizationName',
      [{ ...enterprise, OrganizationName: undefined }, person],
      b2c,
      'approver-organization-required@Approvers[0].OrganizationName',
    ],
    [
      'person with a bad mobile',
      [enterprise, { ...person, ApproverMobile: '12345' }],
      b2c,
      'approver-mobile-format@Approvers[1].ApproverMobile',
    ],
  ];
  it.each(bad)('%s', (_name, approvers, template, expected, options) => {
    const found = validateTemplateFlowApprovers(approvers, template, options);
    expect(found.map((v) => `${v.rule}@${v.path}`)).toContain(expected);
  });

  it('names the template’s roles so the caller can fix the order', () => {
    const [v] = validateTemplateFlowApprovers([person, enterprise], b2c);
    expect(v.message).toContain('甲方 (enterprise), 乙方 (person)');
    expect(v.essCode).toBe('OperationDenied.ApproverNoMatchTemplate');
  });
});

describe('template helpers', () => {
  it('isTemplateUnordered: explicit Unordered wins, else SignOrder [-1]', () => {
    expect(isTemplateUnordered({ Recipients: [], SignOrder: [-1] })).toBe(true);
    expect(isTemplateUnordered({ Recipients: [], SignOrder: [0, 1] })).toBe(false);
    expect(isTemplateUnordered({ Recipients: [], SignOrder: [-1], Unordered: false })).toBe(false);
    expect(isTemplateUnordered({ Recipients: [] })).toBe(false);
  });
  it('isSilentRecipient: explicit flag, or TemplateType 1 with a preset seal on that role', () => {
    expect(isSilentRecipient({ ...B, silent: true }, b2c)).toBe(true);
    const preset: RuleTemplate = {
      ...b2c,
      TemplateType: 1,
      SignComponents: [
        { ComponentType: 'SIGN_SEAL', ComponentRecipientId: B.RecipientId, ComponentValue: SEAL_ID },
      ],
    };
    expect(isSilentRecipient(B, preset)).toBe(true);
    expect(isSilentRecipient(B, { ...preset, TemplateType: 3 })).toBe(false);
    expect(isSilentRecipient(C, preset)).toBe(false);
  });
});

describe('validateTemplateFlowRequest', () => {
  it('accepts the guide’s single-B auto-sign CreateFlow', () => {
    expect(
      validateTemplateFlowRequest(
        { FlowName: '单B自动签署', Approvers: [{ ApproverType: 3 }] },
        singleBSilent,
      ),
    ).toEqual([]);
  });
  it('checks FlowName, lengths and AutoSignScene besides the approvers', () => {
    const found = validateTemplateFlowRequest(
      {
        FlowName: '',
        FlowDescription: 'x'.repeat(1001),
        Approvers: [enterprise, { ...person, ApproverType: 7 }],
      },
      b2c,
    ).map((v) => v.rule);
    expect(found).toEqual(
      expect.arrayContaining(['flow-name-required', 'flow-description-length', 'auto-sign-scene-required']),
    );
  });
});

describe('validateCreateDocument', () => {
  const base = { TemplateId: 't', FlowId: 'f' };
  it('accepts FormFields for the initiator’s components, with or without FileNames/ClientToken', () => {
    expect(
      validateCreateDocument(
        { ...base, FormFields: [{ ComponentName: 'amount', ComponentValue: '100元' }] },
        initiatorFill,
      ),
    ).toEqual([]);
    expect(
      validateCreateDocument(
        {
          ...base,
          FileNames: ['入职合同'],
          ClientToken: 'k'.repeat(64),
          FormFields: [{ ComponentName: 'amount', ComponentValue: '1' }],
        },
        initiatorFill,
      ),
    ).toEqual([]);
    expect(validateCreateDocument(base)).toEqual([]);
  });
  const bad: [string, object, string][] = [
    ['two file names', { FileNames: ['a', 'b'] }, 'document-file-names-one'],
    ['a 201-character file name', { FileNames: ['名'.repeat(201)] }, 'document-file-name-length'],
    ['a 65-character ClientToken', { ClientToken: 'k'.repeat(65) }, 'client-token-length'],
    [
      'a FormField for a component the template lacks',
      {
        FormFields: [
          { ComponentName: 'amount', ComponentValue: '1' },
          { ComponentName: 'nope', ComponentValue: '1' },
        ],
      },
      'form-field-unknown',
    ],
    ['a required initiator field left empty', { FormFields: [] }, 'form-field-required'],
  ];
  it.each(bad)('%s', (_name, request, rule) => {
    expect(validateCreateDocument({ ...base, ...request }, initiatorFill).map((v) => v.rule)).toContain(rule);
  });
});
