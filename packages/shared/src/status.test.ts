import { describe, expect, it } from 'vitest';
import {
  deadlineToDate,
  FLOW_STATUS,
  FLOW_STATUS_CODE,
  flowStatusLabel,
  flowStatusRank,
  isDeadlinePassed,
  isOpenQrState,
  isTerminalFlowStatus,
  isTerminalSignerStatus,
  NEVER_EXPIRES,
  qrStateAt,
  SIGNER_STATUS,
  SIGNER_STATUS_CODE,
  shouldApplyFlowStatus,
  signerStatusLabel,
} from './status.js';

const FLOW_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 21];
const SIGNER_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 19];

describe('flow status value set', () => {
  it('has exactly the documented values', () => {
    expect(Object.keys(FLOW_STATUS).map(Number)).toEqual(FLOW_VALUES);
  });

  it.each([
    [0, 'not-started', '未开始', 'Not started', false],
    [1, 'waiting', '待签署', 'Waiting for signatures', false],
    [2, 'partial', '部分签署', 'Partially signed', false],
    [3, 'refused', '已拒签', 'Refused', true],
    [4, 'signed', '已签署', 'Signed', true],
    [5, 'expired', '已过期', 'Expired', true],
    [6, 'cancelled', '已撤销', 'Cancelled', true],
    [7, 'not-started-fill', '未开始（待填写）', 'Not started (fill-in first)', false],
    [8, 'fill-waiting', '等待填写', 'Waiting for fill-in', false],
    [9, 'fill-partial', '部分填写', 'Partially filled in', false],
    [10, 'fill-refused', '已拒填', 'Fill-in refused', true],
    [16, 'invalidated', '已失效', 'Invalidated', true],
    [21, 'released', '已解除', 'Released', true],
  ])('%i is %s / %s / %s, terminal %s', (value, key, zh, en, terminal) => {
    expect(FLOW_STATUS[value]).toEqual({ key, zh, en, terminal });
    expect(flowStatusLabel(value, 'zh-CN')).toBe(zh);
    expect(flowStatusLabel(value, 'en')).toBe(en);
    expect(flowStatusLabel(value, 'en-US')).toBe(en);
    expect(flowStatusLabel(value)).toBe(zh);
    expect(isTerminalFlowStatus(value)).toBe(terminal);
  });

  it('has unique keys', () => {
    const keys = Object.values(FLOW_STATUS).map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('labels unknown values readably and never calls them terminal', () => {
    expect(flowStatusLabel(11, 'zh-CN')).toBe('未知状态（11）');
    expect(flowStatusLabel(11, 'en')).toBe('Unknown status (11)');
    expect(isTerminalFlowStatus(11)).toBe(false);
    expect(flowStatusRank(11)).toBe(-1);
  });
});

describe('signer status value set', () => {
  it('has exactly the documented values with unique keys', () => {
    expect(Object.keys(SIGNER_STATUS).map(Number)).toEqual(SIGNER_VALUES);
    const keys = Object.values(SIGNER_STATUS).map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    [0, 'not-started', '未开始', 'Not started', false],
    [1, 'queued', '未轮到', 'Not yet their turn', false],
    [2, 'waiting', '待签署', 'Waiting to sign', false],
    [3, 'signed', '已签署', 'Signed', true],
    [4, 'refused', '已拒签', 'Refused', true],
    [5, 'expired', '已过期', 'Expired', true],
    [6, 'cancelled', '已撤销', 'Cancelled', true],
    [7, 'pending-start', '待发起', 'Waiting to be started', false],
    [8, 'fill-waiting', '待填写', 'Waiting to fill in', false],
    [9, 'terminated', '已终止', 'Terminated', true],
    [10, 'filled', '已填写', 'Filled in', false],
    [15, 'released', '已解除', 'Released', true],
    [19, 'forwarded', '已转他人处理', 'Forwarded to someone else', true],
  ])('%i is %s / %s / %s, terminal %s', (value, key, zh, en, terminal) => {
    expect(SIGNER_STATUS[value]).toEqual({ key, zh, en, terminal });
    expect(signerStatusLabel(value, 'zh-CN')).toBe(zh);
    expect(signerStatusLabel(value, 'en')).toBe(en);
    expect(isTerminalSignerStatus(value)).toBe(terminal);
  });

  it('labels unknown signer values readably', () => {
    expect(signerStatusLabel(99, 'en')).toBe('Unknown status (99)');
    expect(signerStatusLabel(99, 'zh')).toBe('未知状态（99）');
  });
});

describe('lifecycle rank (not numeric order)', () => {
  it('orders not started → fill-in → waiting → partial → ended → released', () => {
    const order = [[0, 7], [8], [9], [1], [2], [3, 4, 5, 6, 10, 16], [21]];
    order.forEach((group, index) => {
      for (const value of group) expect(flowStatusRank(value)).toBe(index);
    });
    expect(flowStatusRank(8)).toBeLessThan(flowStatusRank(1)); // 8 > 1 numerically, earlier in life
    expect(flowStatusRank(21)).toBeGreaterThan(flowStatusRank(4));
  });
});

describe('shouldApplyFlowStatus', () => {
  // The specification, written out by hand: for each stored status, the statuses that may replace it.
  const ENDED = [3, 4, 5, 6, 10, 16];
  const allowed: Record<number, number[]> = {
    0: [0, 8, 9, 1, 2, ...ENDED, 21],
    7: [7, 8, 9, 1, 2, ...ENDED, 21],
    8: [8, 9, 1, 2, ...ENDED, 21],
    9: [9, 1, 2, ...ENDED, 21],
    1: [1, 2, ...ENDED, 21],
    2: [2, ...ENDED, 21],
    3: [3, 21],
    4: [4, 21],
    5: [5, 21],
    6: [6, 21],
    10: [10, 21],
    16: [16, 21],
    21: [21],
  };

  for (const from of FLOW_VALUES) {
    for (const to of FLOW_VALUES) {
      const expected = allowed[from].includes(to);
      it(`${from} → ${to}: ${expected ? 'apply' : 'ignore'}`, () => {
        expect(shouldApplyFlowStatus(from, to)).toBe(expected);
      });
    }
  }

  it.each([
    [4, 1, false, 'a late "waiting" after "signed" (the guide’s FAQ case)'],
    [8, 1, true, 'fill-in finished, signing starts'],
    [2, 1, false, 'partially signed never returns to waiting'],
    [1, 8, false, 'waiting never returns to fill-in'],
    [3, 4, false, 'refused stays refused'],
    [4, 6, false, 'signed cannot be cancelled'],
    [4, 21, true, 'a signed contract is released'],
    [21, 4, false, 'released stays released'],
    [2, 2, true, 'same status again (new approver data)'],
    [4, 4, true, 'finish after sign, both status 4'],
  ])('%i → %i is %s: %s', (from, to, expected) => {
    expect(shouldApplyFlowStatus(from, to)).toBe(expected);
  });

  it('applies anything when nothing (or something unknown) is stored, never an unknown over a known', () => {
    expect(shouldApplyFlowStatus(null, 4)).toBe(true);
    expect(shouldApplyFlowStatus(undefined, 1)).toBe(true);
    expect(shouldApplyFlowStatus(11, 1)).toBe(true);
    expect(shouldApplyFlowStatus(1, 11)).toBe(false);
    expect(shouldApplyFlowStatus(4, 99)).toBe(false);
  });
});

describe('DeadLine', () => {
  it('0 means never expires', () => {
    expect(NEVER_EXPIRES).toBe(0);
    expect(isDeadlinePassed(0, 4_000_000_000)).toBe(false);
    expect(deadlineToDate(0)).toBeNull();
  });

  it('expires after the deadline second', () => {
    expect(isDeadlinePassed(1_661_615_999, 1_661_615_998)).toBe(false);
    expect(isDeadlinePassed(1_661_615_999, 1_661_615_999)).toBe(false);
    expect(isDeadlinePassed(1_661_615_999, 1_661_616_000)).toBe(true);
    expect(deadlineToDate(1_661_615_999)?.toISOString()).toBe('2022-08-27T15:59:59.000Z');
  });

  it('treats garbage as "no deadline" rather than "expired"', () => {
    expect(isDeadlinePassed(Number.NaN, 1)).toBe(false);
    expect(isDeadlinePassed(-5, 1)).toBe(false);
  });
});

// Edges the mutation run (npm run mutation) found untested.
describe('status edges', () => {
  it('labels signer statuses in Chinese by default', () => {
    expect(signerStatusLabel(3)).toBe('已签署');
    expect(signerStatusLabel(99)).toBe('未知状态（99）');
  });

  it('treats an unknown signer status as not terminal', () => {
    expect(isTerminalSignerStatus(99)).toBe(false);
    expect(isTerminalSignerStatus(3)).toBe(true);
  });

  it('applies the same status again (its approvers may have changed), ended or not', () => {
    for (const status of [0, 1, 2, 4, 21])
      expect(shouldApplyFlowStatus(status, status), String(status)).toBe(true);
  });

  it('applies whatever comes first when nothing (or nothing known) is stored, even an unknown status', () => {
    expect(shouldApplyFlowStatus(null, 99)).toBe(true);
    expect(shouldApplyFlowStatus(undefined, 99)).toBe(true);
    expect(shouldApplyFlowStatus(42, 99)).toBe(true);
    expect(shouldApplyFlowStatus(42, 1)).toBe(true);
    expect(shouldApplyFlowStatus(1, 99)).toBe(false);
  });

  it('compares a deadline with the current time in seconds by default', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(isDeadlinePassed(now + 3600)).toBe(false);
    expect(isDeadlinePassed(now - 3600)).toBe(true);
  });
});

describe('status codes by name', () => {
  const camel = (key: string) => key.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  it.each([
    ['flow', FLOW_STATUS, FLOW_STATUS_CODE],
    ['signer', SIGNER_STATUS, SIGNER_STATUS_CODE],
  ] as const)('names every %s status after its key, and nothing else', (_, table, codes) => {
    const fromTable = Object.entries(table).map(([value, info]) => [camel(info.key), Number(value)]);
    expect(Object.entries(codes)).toEqual(fromTable);
  });
});

describe('QR code states', () => {
  it('treats active and exhausted codes as open (they can still expire), expired and cancelled as final', () => {
    expect(['active', 'exhausted', 'expired', 'cancelled'].filter(isOpenQrState)).toEqual([
      'active',
      'exhausted',
    ]);
    expect(isOpenQrState('unknown')).toBe(false);
  });

  it('qrStateAt: open codes expire from their expiry second on, exhausted or not; final states stay', () => {
    const code = { state: 'active' as const, expiredTime: 1000, maxFlowNum: 2, flowCount: 0 };
    expect(qrStateAt(code, 999)).toBe('active');
    expect(qrStateAt(code, 1000)).toBe('expired');
    expect(qrStateAt({ ...code, flowCount: 2 }, 999)).toBe('exhausted');
    expect(qrStateAt({ ...code, state: 'exhausted', flowCount: 2 }, 1000)).toBe('expired');
    expect(qrStateAt({ ...code, expiredTime: 0, flowCount: 5 }, 1e12)).toBe('exhausted');
    expect(qrStateAt({ ...code, expiredTime: 0, maxFlowNum: 0, flowCount: 5 }, 1e12)).toBe('active');
    expect(qrStateAt({ ...code, state: 'cancelled' }, 1000)).toBe('cancelled');
    expect(qrStateAt({ ...code, state: 'expired' }, 0)).toBe('expired');
  });
});
