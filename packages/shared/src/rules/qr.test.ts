import { describe, expect, it } from 'vitest';
import {
  applyQrDefaults,
  QR_DEFAULTS,
  type QrRequest,
  qrExpiresAt,
  validateQrRequest,
  validateQrTemplate,
} from './qr.js';
import type { RuleTemplate } from './types.js';

const B = { RecipientId: 'yDB', RecipientType: 'ENTERPRISE', RoleName: '甲方' };
const C = { RecipientId: 'yDC', RecipientType: 'INDIVIDUAL', RoleName: '乙方' };
const PROMOTER = { RecipientId: 'yDP' };
const NOW = 1_780_000_000;
const request: QrRequest = { TemplateId: 'yDRS4UUgygqdcj2tUuO4zjEEFuP35Swc', FlowName: '签到合同' };

describe('applyQrDefaults', () => {
  it('fills MaxFlowNum 5, FlowEffectiveDay 7, QrEffectiveDay 7', () => {
    expect(applyQrDefaults(request)).toEqual({
      ...request,
      MaxFlowNum: 5,
      FlowEffectiveDay: 7,
      QrEffectiveDay: 7,
    });
    expect(QR_DEFAULTS).toEqual({ MaxFlowNum: 5, FlowEffectiveDay: 7, QrEffectiveDay: 7 });
  });
  it('keeps given values and does not add QrEffectiveDay beside QrCodeExpiredOn', () => {
    expect(
      applyQrDefaults({ ...request, MaxFlowNum: 9, FlowEffectiveDay: 30, QrEffectiveDay: 90 }),
    ).toMatchObject({ MaxFlowNum: 9, FlowEffectiveDay: 30, QrEffectiveDay: 90 });
    expect(applyQrDefaults({ ...request, QrCodeExpiredOn: NOW + 100 })).not.toHaveProperty('QrEffectiveDay');
  });
  it('qrExpiresAt: QrCodeExpiredOn, else now + QrEffectiveDay days (default 7)', () => {
    expect(qrExpiresAt(request, NOW)).toBe(NOW + 7 * 86400);
    expect(qrExpiresAt({ ...request, QrEffectiveDay: 90 }, NOW)).toBe(NOW + 90 * 86400);
    expect(qrExpiresAt({ ...request, QrCodeExpiredOn: NOW + 5 }, NOW)).toBe(NOW + 5);
  });
});

describe('validateQrRequest — limits', () => {
  const ok: [string, QrRequest][] = [
    ['defaults only', request],
    ['the limits themselves', { ...request, MaxFlowNum: 1, FlowEffectiveDay: 30, QrEffectiveDay: 90 }],
    ['QrCodeExpiredOn 365 days ahead', { ...request, QrCodeExpiredOn: NOW + 365 * 86400 }],
    ['a 200-character FlowName', { ...request, FlowName: '合'.repeat(200) }],
    [
      'restrictions with a good mobile',
      { ...request, Restrictions: [{ Name: '张三', Mobile: '13000000000' }] },
    ],
  ];
  it.each(ok)('%s', (_name, input) => {
    expect(validateQrRequest(input, undefined, { now: NOW })).toEqual([]);
  });
  const bad: [string, QrRequest, string][] = [
    ['no TemplateId', { ...request, TemplateId: undefined }, 'qr-template-required'],
    ['no FlowName', { ...request, FlowName: undefined }, 'flow-name-required'],
    ['a 201-character FlowName', { ...request, FlowName: '合'.repeat(201) }, 'flow-name-length'],
    ['an emoji in FlowName', { ...request, FlowName: '签到😀' }, 'flow-name-charset'],
    ['MaxFlowNum 0', { ...request, MaxFlowNum: 0 }, 'qr-max-flow-num'],
    ['FlowEffectiveDay 31', { ...request, FlowEffectiveDay: 31 }, 'qr-flow-effective-day'],
    ['FlowEffectiveDay 0', { ...request, FlowEffectiveDay: 0 }, 'qr-flow-effective-day'],
    ['QrEffectiveDay 91', { ...request, QrEffectiveDay: 91 }, 'qr-effective-day'],
    ['QrEffectiveDay 1.5', { ...request, QrEffectiveDay: 1.5 }, 'qr-effective-day'],
    ['QrCodeExpiredOn in the past', { ...request, QrCodeExpiredOn: NOW - 1 }, 'qr-expired-on'],
    ['QrCodeExpiredOn beyond 365 days', { ...request, QrCodeExpiredOn: NOW + 366 * 86400 }, 'qr-expired-on'],
    [
      'a restriction with a bad mobile',
      { ...request, Restrictions: [{ Mobile: '+8613000000000' }] },
      'qr-restriction-mobile',
    ],
    ['UserData over 20480', { ...request, UserData: 'A'.repeat(20481) }, 'user-data-length'],
  ];
  it.each(bad)('%s', (_name, input, rule) => {
    const found = validateQrRequest(input, undefined, { now: NOW });
    expect(found.map((v) => v.rule)).toContain(rule);
  });
  it('maps limits to the documented ESS codes', () => {
    const found = validateQrRequest({ ...request, FlowEffectiveDay: 31, QrEffectiveDay: 91 });
    expect(found.map((v) => v.essCode)).toEqual([
      'InvalidParameter.QrFlowEffectDay',
      'InvalidParameter.QrEffectDay',
    ]);
  });
});

describe('validateQrTemplate — which templates can back a QR code', () => {
  const ok: [string, RuleTemplate][] = [
    ['single C', { Recipients: [C], Promoter: PROMOTER }],
    ['B2C unordered', { Recipients: [B, C], SignOrder: [-1] }],
    ['B2C ordered, B silent and first', { Recipients: [{ ...B, silent: true }, C] }],
    ['B2C ordered, B not first', { Recipients: [C, B] }],
    [
      'single C with signer (not initiator) fill components',
      {
        Recipients: [C],
        Promoter: PROMOTER,
        Components: [{ ComponentType: 'TEXT', ComponentRecipientId: 'yDC' }],
      },
    ],
  ];
  it.each(ok)('%s', (_name, template) => {
    expect(validateQrTemplate(template)).toEqual([]);
    expect(validateQrRequest(request, template)).toEqual([]);
  });
  const bad: [string, RuleTemplate, string][] = [
    ['B2C ordered with B first, not silent', { Recipients: [B, C] }, 'qr-template-shape'],
    ['single B', { Recipients: [{ ...B, silent: true }] }, 'qr-template-shape'],
    ['B2B', { Recipients: [B, { ...B, RecipientId: 'yDB2' }], SignOrder: [-1] }, 'qr-template-shape'],
    ['two persons', { Recipients: [C, { ...C, RecipientId: 'yDC2' }] }, 'qr-template-shape'],
    [
      'three parties',
      { Recipients: [C, B, { ...C, RecipientId: 'yDC2' }], SignOrder: [-1] },
      'qr-template-shape',
    ],
    [
      'initiator fill components',
      {
        Recipients: [C],
        Promoter: PROMOTER,
        Components: [{ ComponentType: 'TEXT', ComponentName: 'amount', ComponentRecipientId: 'yDP' }],
      },
      'qr-template-initiator-fill',
    ],
    ['no signing role', { Recipients: [] }, 'qr-template-no-signers'],
  ];
  it.each(bad)('%s', (_name, template, rule) => {
    const found = validateQrTemplate(template);
    expect(found.map((v) => v.rule)).toContain(rule);
    expect(found.every((v) => v.essCode?.startsWith('FailedOperation.QrCode'))).toBe(true);
  });
});
