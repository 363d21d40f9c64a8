import { describe, expect, it } from 'vitest';
import type { ApproverInfo } from '../api/approvers.js';
import type { Component } from '../api/components.js';
import {
  applySilentSignerDefaults,
  componentTypesFor,
  type FileFlowContext,
  refusedComponentType,
  validateFileFlowApprovers,
} from './approvers.js';

const SEAL_ID = 'yDSxWUUckptu4clgUuLlo0OwJKbYCO48';
const at = {
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 160,
  ComponentPosY: 260,
  ComponentWidth: 100,
  ComponentHeight: 100,
};
const seal = (extra: Partial<Component> = {}): Component => ({ ComponentType: 'SIGN_SEAL', ...at, ...extra });
const signature: Component = { ComponentType: 'SIGN_SIGNATURE', ...at };
const date: Component = { ComponentType: 'SIGN_DATE', ...at, ComponentPosY: 400 };
const text: Component = { ComponentType: 'TEXT', ...at, ComponentPosY: 500, ComponentHeight: 20 };

const person: ApproverInfo = {
  ApproverType: 1,
  ApproverName: '张三',
  ApproverMobile: '18888888888',
  SignComponents: [signature, date],
};
const enterprise: ApproverInfo = {
  ApproverType: 0,
  ApproverName: '典子谦',
  ApproverMobile: '13200000000',
  OrganizationName: '典子谦示例企业',
  SignComponents: [seal(), signature],
};
const silent: ApproverInfo = { ApproverType: 3, SignComponents: [seal({ ComponentValue: SEAL_ID })] };
const operator = {
  UserId: 'yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy',
  Name: '经办人',
  Mobile: '13900000000',
  OrganizationName: '典子谦示例企业',
};

const rulesOf = (approvers: ApproverInfo[], ctx: FileFlowContext = {}) =>
  validateFileFlowApprovers(approvers, ctx).map((v) => `${v.rule}@${v.path}`);

describe('validateFileFlowApprovers — valid file flows', () => {
  const ok: [string, ApproverInfo[], FileFlowContext?][] = [
    ['single C: person with signature and date', [person]],
    ['single B: enterprise with seal, signature and date', [enterprise]],
    ['B2C', [enterprise, person]],
    ['silent single B: {ApproverType 3} + SIGN_SEAL with seal id only', [silent]],
    ['silent B + person (no fill components anywhere)', [silent, person]],
    [
      'silent signer naming the operator’s own company',
      [{ ...silent, OrganizationName: '典子谦示例企业' }],
      { operator },
    ],
    [
      'a person identified by UserId needs no name/mobile',
      [{ ApproverType: 1, UserId: 'yDxV', SignComponents: [signature] }],
    ],
    [
      'a person may use other sign types than seals (API facts)',
      [{ ...person, SignComponents: [{ ...signature, ComponentType: 'SIGN_OPINION' }] }],
    ],
    ['a person with fill components when nobody signs silently', [{ ...person, Components: [text] }]],
    ['no sign components with SignBeanTag 1', [{ ...person, SignComponents: [] }], { signBeanTag: 1 }],
    ['empty list in a dynamic flow', [], { dynamic: true }],
    [
      'negative page counts from the end',
      [{ ...person, SignComponents: [{ ...signature, ComponentPage: -1 }] }],
      { pageCount: 3 },
    ],
  ];
  it.each(ok)('%s', (_name, approvers, ctx) => {
    expect(validateFileFlowApprovers(approvers, ctx)).toEqual([]);
  });
});

describe('validateFileFlowApprovers — each rule refuses', () => {
  const bad: [string, ApproverInfo[], string, FileFlowContext?][] = [
    ['no approvers', [], 'approvers-required@Approvers'],
    ['51 approvers', Array.from({ length: 51 }, () => person), 'approvers-max@Approvers'],
    ['ApproverType 2', [{ ...person, ApproverType: 2 as never }], 'approver-type@Approvers[0].ApproverType'],
    [
      'person without name',
      [{ ...person, ApproverName: undefined }],
      'approver-name-required@Approvers[0].ApproverName',
    ],
    [
      'person with blank name',
      [{ ...person, ApproverName: '  ' }],
      'approver-name-required@Approvers[0].ApproverName',
    ],
    [
      'person without mobile',
      [{ ...person, ApproverMobile: undefined }],
      'approver-mobile-required@Approvers[0].ApproverMobile',
    ],
    [
      'mobile with +86',
      [{ ...person, ApproverMobile: '+8618888888888' }],
      'approver-mobile-format@Approvers[0].ApproverMobile',
    ],
    [
      'mobile with 10 digits',
      [{ ...person, ApproverMobile: '1888888888' }],
      'approver-mobile-format@Approvers[0].ApproverMobile',
    ],
    [
      'mobile not starting with 1',
      [{ ...person, ApproverMobile: '28888888888' }],
      'approver-mobile-format@Approvers[0].ApproverMobile',
    ],
    [
      'person with an OrganizationName',
      [{ ...person, OrganizationName: 'X公司' }],
      'individual-organization-name@Approvers[0].OrganizationName',
    ],
    [
      'enterprise without OrganizationName',
      [{ ...enterprise, OrganizationName: undefined }],
      'approver-organization-required@Approvers[0].OrganizationName',
    ],
    [
      'enterprise without mobile',
      [{ ...enterprise, ApproverMobile: undefined }],
      'approver-mobile-required@Approvers[0].ApproverMobile',
    ],
    [
      'person with a seal',
      [{ ...person, SignComponents: [seal()] }],
      'individual-seal@Approvers[0].SignComponents[0].ComponentType',
    ],
    [
      'person with a legal-person seal',
      [{ ...person, SignComponents: [seal({ ComponentType: 'SIGN_LEGAL_PERSON_SEAL' })] }],
      'individual-seal@Approvers[0].SignComponents[0].ComponentType',
    ],
    [
      'signer without sign components',
      [{ ...person, SignComponents: [] }],
      'sign-components-required@Approvers[0].SignComponents',
    ],
    [
      'silent without any SIGN_SEAL',
      [{ ApproverType: 3, SignComponents: [date] }],
      'silent-seal-required@Approvers[0].SignComponents',
    ],
    [
      'silent SIGN_SEAL without seal id',
      [{ ApproverType: 3, SignComponents: [seal()] }],
      'silent-seal-id-required@Approvers[0].SignComponents[0].ComponentValue',
    ],
    [
      'silent with a handwritten signature',
      [{ ...silent, SignComponents: [seal({ ComponentValue: SEAL_ID }), signature] }],
      'silent-no-signature@Approvers[0].SignComponents[1].ComponentType',
    ],
    [
      'silent with its own fill components',
      [{ ...silent, Components: [text] }],
      'silent-no-fill@Approvers[0].Components',
    ],
    [
      'another party’s fill components while a silent signer is present',
      [silent, { ...person, Components: [text] }],
      'silent-no-fill-for-others@Approvers[1].Components',
    ],
    [
      'silent signer for another company',
      [{ ...silent, OrganizationName: '别的公司' }],
      'silent-own-organization@Approvers[0].OrganizationName',
      { operator },
    ],
    [
      'silent mobile malformed',
      [{ ...silent, ApproverMobile: '123' }],
      'approver-mobile-format@Approvers[0].ApproverMobile',
    ],
    [
      'fill type among sign components',
      [{ ...person, SignComponents: [text] }],
      'sign-component-type@Approvers[0].SignComponents[0].ComponentType',
    ],
    [
      'sign type among fill components',
      [{ ...person, Components: [date] }],
      'fill-component-type@Approvers[0].Components[0].ComponentType',
    ],
    [
      'component on file 1',
      [{ ...person, SignComponents: [{ ...signature, FileIndex: 1 }] }],
      'component-file-index@Approvers[0].SignComponents[0].FileIndex',
    ],
    [
      'page 0',
      [{ ...person, SignComponents: [{ ...signature, ComponentPage: 0 }] }],
      'component-page@Approvers[0].SignComponents[0].ComponentPage',
    ],
    [
      'page past the end',
      [{ ...person, SignComponents: [{ ...signature, ComponentPage: 4 }] }],
      'component-page@Approvers[0].SignComponents[0].ComponentPage',
      { pageCount: 3 },
    ],
  ];
  it.each(bad)('%s', (_name, approvers, expected, ctx) => {
    expect(rulesOf(approvers, ctx)).toContain(expected);
  });

  it('every violation carries a message a person can act on and the ESS code', () => {
    for (const v of validateFileFlowApprovers([
      { ApproverType: 3, SignComponents: [seal(), signature], Components: [text] },
      { ...person, ApproverMobile: 'x' },
    ])) {
      expect(v.message.length).toBeGreaterThan(30);
      expect(v.message).toContain(v.path);
      expect(v.essCode).toMatch(/^[A-Z][A-Za-z]+(\.[A-Za-z]+)?$/);
    }
  });
});

describe('applySilentSignerDefaults', () => {
  it('records the operator and the operator’s company for a silent signer', () => {
    expect(applySilentSignerDefaults({ ApproverType: 3 }, operator)).toEqual({
      ApproverType: 3,
      UserId: operator.UserId,
      ApproverName: '经办人',
      ApproverMobile: '13900000000',
      OrganizationName: '典子谦示例企业',
    });
  });
  it('overrides another person named in the request (the operator always signs)', () => {
    const out = applySilentSignerDefaults(
      { ApproverType: 3, ApproverName: '别人', ApproverMobile: '13111111111' },
      operator,
    );
    expect(out.ApproverName).toBe('经办人');
    expect(out.ApproverMobile).toBe('13900000000');
  });
  it('leaves other signers alone', () => {
    expect(applySilentSignerDefaults(person, operator)).toBe(person);
  });
});

describe('componentTypesFor / refusedComponentType (the picker palette)', () => {
  it('gives a person every sign type but the seals, a company everything, an automatic signer no signature and no fill', () => {
    const person = componentTypesFor({ ApproverType: 1 });
    expect(person.sign).toContain('SIGN_SIGNATURE');
    expect(person.sign).toContain('SIGN_DATE');
    expect(person.sign.filter((t) => t.includes('SEAL'))).toEqual([]);
    expect(person.fill).toContain('TEXT');
    const company = componentTypesFor({ ApproverType: 0 });
    expect(company.sign).toEqual(expect.arrayContaining(['SIGN_SEAL', 'SIGN_PAGING_SEAL', 'SIGN_SIGNATURE']));
    const silent = componentTypesFor({ ApproverType: 3 });
    expect(silent.sign).toContain('SIGN_SEAL');
    expect(silent.sign).not.toContain('SIGN_SIGNATURE');
    expect(silent.fill).toEqual([]);
  });

  it('names the same rule as the file-flow validation does', () => {
    expect(refusedComponentType({ ApproverType: 1 }, 'SIGN_SEAL', 'sign')?.rule).toBe('individual-seal');
    expect(refusedComponentType({ ApproverType: 0 }, 'SIGN_SEAL', 'sign')).toBeNull();
    const violations = validateFileFlowApprovers([
      {
        ApproverType: 1,
        ApproverName: '张三',
        ApproverMobile: '13800000000',
        SignComponents: [
          {
            ComponentType: 'SIGN_SEAL',
            FileIndex: 0,
            ComponentPage: 1,
            ComponentPosX: 1,
            ComponentPosY: 1,
            ComponentWidth: 9,
            ComponentHeight: 9,
          },
        ],
      },
    ]);
    expect(violations.map((v) => v.rule)).toContain('individual-seal');
  });
});
