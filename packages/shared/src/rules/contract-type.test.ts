import { describe, expect, it } from 'vitest';
import { contractTypeFromApprovers, contractTypeFromRecipients } from './contract-type.js';

describe('contractTypeFromApprovers (guide: 快速发起)', () => {
  const cases: [string, number[], string | null][] = [
    ['one enterprise → single B', [0], 'single-b'],
    ['one silent enterprise → single B', [3], 'single-b'],
    ['one person → single C', [1], 'single-c'],
    ['one auto-signing person → single C', [7], 'single-c'],
    ['enterprise + person → B2C', [0, 1], 'b2c'],
    ['person + enterprise → B2C (order does not matter)', [1, 0], 'b2c'],
    ['silent enterprise + person → B2C', [3, 1], 'b2c'],
    ['two enterprises → B2B', [0, 0], 'b2b'],
    ['silent + other enterprise → B2B', [3, 0], 'b2b'],
    ['two persons → multi-party', [1, 1], 'multi-party'],
    ['three parties → multi-party', [0, 1, 1], 'multi-party'],
    ['no approvers → null', [], null],
    ['unknown types are left out', [0, 2], 'single-b'],
  ];
  it.each(cases)('%s', (_name, types, expected) => {
    expect(contractTypeFromApprovers(types.map((ApproverType) => ({ ApproverType })))).toBe(expected);
  });
});

describe('contractTypeFromRecipients (guide: 通过模板发起 步骤3)', () => {
  const cases: [string, { RecipientType: string; RequireSign?: boolean }[], string | null][] = [
    ['one ENTERPRISE → single B', [{ RecipientType: 'ENTERPRISE' }], 'single-b'],
    ['one INDIVIDUAL → single C', [{ RecipientType: 'INDIVIDUAL' }], 'single-c'],
    [
      'ENTERPRISE + INDIVIDUAL → B2C',
      [{ RecipientType: 'ENTERPRISE' }, { RecipientType: 'INDIVIDUAL' }],
      'b2c',
    ],
    [
      'PROMOTER (initiator signing) + INDIVIDUAL → B2C',
      [{ RecipientType: 'PROMOTER' }, { RecipientType: 'INDIVIDUAL' }],
      'b2c',
    ],
    [
      'ENTERPRISE + ENTERPRISE → B2B',
      [{ RecipientType: 'ENTERPRISE' }, { RecipientType: 'ENTERPRISE' }],
      'b2b',
    ],
    [
      'empty RecipientType counts as enterprise',
      [{ RecipientType: '' }, { RecipientType: 'INDIVIDUAL' }],
      'b2c',
    ],
    [
      'three roles → multi-party',
      [{ RecipientType: 'ENTERPRISE' }, { RecipientType: 'ENTERPRISE' }, { RecipientType: 'INDIVIDUAL' }],
      'multi-party',
    ],
    [
      'non-signing roles are left out',
      [{ RecipientType: 'ENTERPRISE', RequireSign: false }, { RecipientType: 'INDIVIDUAL' }],
      'single-c',
    ],
    ['no roles → null', [], null],
  ];
  it.each(cases)('%s', (_name, recipients, expected) => {
    expect(contractTypeFromRecipients(recipients)).toBe(expected);
  });
});
