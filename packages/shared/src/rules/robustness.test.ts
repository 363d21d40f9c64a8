// Rules run on requests straight from callers. Whatever shape arrives, they must answer with
// violations, never throw: a wrongly typed field is reported, not a crash.
import { describe, expect, it } from 'vitest';
import * as rules from './index.js';

const junk: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  '',
  'x',
  true,
  [],
  [null],
  [1, 'a'],
  {},
  { a: 1 },
  [{}],
  [{ ApproverType: 'x' }],
];
const template = { Recipients: [{ RecipientType: 'INDIVIDUAL' }] };

// Every entry point that takes a request or a part of one, with a way to feed it `value`.
const entryPoints: [string, (value: unknown) => unknown][] = [
  ['validateFileFlowApprovers', (v) => rules.validateFileFlowApprovers(v as never)],
  ['validateFileFlowApprovers (items)', (v) => rules.validateFileFlowApprovers([v] as never)],
  [
    'validateFileFlowApprovers (SignComponents)',
    (v) => rules.validateFileFlowApprovers([{ ApproverType: 1, SignComponents: v }] as never),
  ],
  [
    'validateFileFlowApprovers (Components)',
    (v) => rules.validateFileFlowApprovers([{ ApproverType: 3, Components: v }] as never),
  ],
  ['validateFileFlowRequest', (v) => rules.validateFileFlowRequest(v as never)],
  [
    'validateFileFlowRequest (fields)',
    (v) =>
      rules.validateFileFlowRequest({
        FlowName: v,
        FileIds: v,
        Approvers: v,
        Components: v,
        CcInfos: v,
        UserData: v,
      } as never),
  ],
  ['validateTemplateFlowApprovers', (v) => rules.validateTemplateFlowApprovers(v as never, template)],
  [
    'validateTemplateFlowApprovers (template)',
    (v) => rules.validateTemplateFlowApprovers([{ ApproverType: 1 }], v as never),
  ],
  [
    'validateTemplateFlowApprovers (Recipients)',
    (v) => rules.validateTemplateFlowApprovers([{ ApproverType: 1 }], { Recipients: v } as never),
  ],
  ['validateTemplateFlowRequest', (v) => rules.validateTemplateFlowRequest(v as never, template)],
  [
    'validateCreateDocument',
    (v) => rules.validateCreateDocument({ FileNames: v, FormFields: v, ClientToken: v } as never, template),
  ],
  [
    'validateCreateDocument (template)',
    (v) =>
      rules.validateCreateDocument({ FormFields: [{ ComponentName: 'a', ComponentValue: '' }] }, v as never),
  ],
  ['validateQrRequest', (v) => rules.validateQrRequest(v as never, template, { now: 1 })],
  [
    'validateQrRequest (fields)',
    (v) =>
      rules.validateQrRequest(
        { TemplateId: v, FlowName: v, MaxFlowNum: v, Restrictions: v, QrCodeExpiredOn: v } as never,
        undefined,
        { now: 1 },
      ),
  ],
  ['validateQrTemplate', (v) => rules.validateQrTemplate(v as never)],
  ['applyQrDefaults', (v) => rules.applyQrDefaults(v as never)],
  ['validateCancelFlow', (v) => rules.validateCancelFlow(v as never)],
  ['validateSchemeUrlRequest', (v) => rules.validateSchemeUrlRequest(v as never)],
  ['validateComponent', (v) => rules.validateComponent(v as never, 'C', { kind: 'sign' })],
  ['validateComponents', (v) => rules.validateComponents(v as never, 'C', { kind: 'fill', pageSizes: [] })],
  ['validateFlowName', (v) => rules.validateFlowName(v)],
  ['contractTypeFromApprovers', (v) => rules.contractTypeFromApprovers(v as never)],
  ['contractTypeFromRecipients', (v) => rules.contractTypeFromRecipients(v as never)],
  [
    'placeKeywordComponent',
    (v) => rules.placeKeywordComponent(v as never, [{ page: 1, x: 0, y: 0, width: 1, height: 1 }]),
  ],
  [
    'placeKeywordComponent (hits)',
    (v) =>
      rules.placeKeywordComponent({ ComponentType: 'SIGN_DATE', FileIndex: 0, ComponentId: 'a' }, v as never),
  ],
  [
    'placeFieldComponent (fields)',
    (v) =>
      rules.placeFieldComponent({ ComponentType: 'SIGN_DATE', FileIndex: 0, ComponentName: 'a' }, v as never),
  ],
  ['applySilentSignerDefaults', (v) => rules.applySilentSignerDefaults(v as never, {})],
  [
    'applySilentSignerDefaults (operator)',
    (v) => rules.applySilentSignerDefaults({ ApproverType: 3 }, v as never),
  ],
  ['validateApproverIdentity', (v) => rules.validateApproverIdentity(v as never, 'A', v as never)],
  ['validateCancelMessage', (v) => rules.validateCancelMessage(v)],
  ['qrExpiresAt', (v) => rules.qrExpiresAt(v as never, 0)],
  [
    'isTemplateUnordered / isSilentRecipient',
    (v) => [
      rules.isTemplateUnordered(v as never),
      rules.isSilentRecipient({}, v as never),
      rules.isSilentRecipient(v as never, template),
    ],
  ],
];

describe('rules never throw on malformed input', () => {
  it.each(entryPoints)('%s', (_name, call) => {
    for (const value of junk) {
      expect(() => call(value), JSON.stringify(value) ?? 'undefined').not.toThrow();
    }
  });

  it('a wrongly typed list is reported, not ignored', () => {
    const found = rules.validateFileFlowRequest({
      FlowName: '合同',
      FileIds: ['f'],
      Approvers: 'x',
    } as never);
    expect(found.map((v) => v.rule)).toContain('approvers-type');
    const components = rules.validateFileFlowApprovers([
      { ApproverType: 1, ApproverName: '张三', ApproverMobile: '18888888888', SignComponents: {} },
    ] as never);
    expect(components.map((v) => `${v.rule}@${v.path}`)).toContain('list-type@Approvers[0].SignComponents');
  });
});
