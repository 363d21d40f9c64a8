// Log entries written by older versions or damaged by hand: the redaction keeps their shape and
// never throws on them (a sweep that throws would stop removing personal data for every later entry).
import { describe, expect, it } from 'vitest';
import { eventWithoutPersonalData, flowSnapshotWithoutPersonalData } from './personal-data.js';
import type { FlowSnapshot } from './types.js';

describe('personal data in unexpected shapes', () => {
  it('gives a snapshot without an approvers list an empty one', () => {
    const bare = { flowId: 'F1', flowStatus: 1, flowMessage: '拒签原因' } as unknown as FlowSnapshot;
    expect(flowSnapshotWithoutPersonalData(bare)).toEqual({
      flowId: 'F1',
      flowStatus: 1,
      flowMessage: null,
      approvers: [],
    });
  });

  it('keeps non-object approvers in a logged callback as they are and unnames the others', () => {
    const entry = {
      data: null,
      ess: {
        flowId: 'F1',
        data: { FlowId: 'F1', Approvers: [{ ApproverMobile: '13800000000' }] },
        approvers: [
          null,
          'R0',
          { recipientId: 'R1', approveStatus: 3, approverName: '张三', approveMessage: '同意' },
        ],
      },
    };
    const clean = eventWithoutPersonalData(entry);
    expect(clean.ess?.approvers).toEqual([null, 'R0', { recipientId: 'R1', approveStatus: 3 }]);
    expect(JSON.stringify(clean)).not.toContain('13800000000');
  });
});
