// The public view of a stored QR code: what browsers get in a `qr` snapshot (routing fields removed).
import { describe, expect, it } from 'vitest';
import { qrSnapshot } from './records.js';
import type { QrRecord } from './types.js';

describe('qrSnapshot', () => {
  it('drops the owner and link, counts the flows, and copies their list', () => {
    const record: QrRecord = {
      qrCodeId: 'yDQr',
      qrCodeUrl: 'https://ess.example/qr/yDQr',
      templateId: 'yDTpl',
      flowName: '报名表',
      maxFlowNum: 5,
      flowCount: 0, // stale stored count: the list is the truth
      flowIds: ['F1', 'F2'],
      expiredTime: 1_800_000_000,
      state: 'active',
      failure: null,
      updatedAt: '2026-12-05T00:00:00.000Z',
      organizationId: 'ORG-secret-routing',
      link: 'nonce-1',
    };
    const view = qrSnapshot(record);
    expect(view).toEqual({
      qrCodeId: 'yDQr',
      qrCodeUrl: 'https://ess.example/qr/yDQr',
      templateId: 'yDTpl',
      flowName: '报名表',
      maxFlowNum: 5,
      flowCount: 2,
      flowIds: ['F1', 'F2'],
      expiredTime: 1_800_000_000,
      state: 'active',
      failure: null,
      updatedAt: '2026-12-05T00:00:00.000Z',
    });
    view.flowIds.push('F3');
    expect(record.flowIds).toEqual(['F1', 'F2']);
  });
});
