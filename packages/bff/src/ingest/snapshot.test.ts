import { describe, expect, it } from 'vitest';
import { applyEventToSnapshot, flowSnapshotFromDetail } from './snapshot.js';

const detail = {
  FlowId: 'yDf',
  FlowName: '合同',
  FlowStatus: 1,
  FlowMessage: '',
  CreatedOn: 1700000000,
  Deadline: 0,
  FlowApproverInfos: [
    {
      RecipientId: 'r1',
      ApproveType: 'PERSON',
      ApproveName: '张三',
      Mobile: '13800000000',
      ApproveStatus: 2,
      SignOrder: 0,
      ApproveTime: 0,
      ApproveMessage: '',
      OrganizationName: '',
    },
  ],
};
const event = (flowStatus: number, occurredAt: number, approveStatus = 3) => ({
  flowId: 'yDf',
  flowStatus,
  occurredAt,
  approvers: [{ recipientId: 'r1', approveStatus, approverName: '张三' }],
  data: { FlowId: 'yDf', FlowCallbackStatus: flowStatus, Approvers: [{ ApproverMobile: '13800000000' }] },
});

describe('snapshots', () => {
  it('builds the public snapshot from FlowDetailInfo without mobiles', () => {
    const s = flowSnapshotFromDetail(detail, null, new Date(0));
    expect(s).toMatchObject({
      flowId: 'yDf',
      flowStatus: 1,
      flowMessage: null,
      deadline: 0,
      approvers: [{ recipientId: 'r1', approverType: 'PERSON', approveStatus: 2, approveTime: null }],
    });
    expect(JSON.stringify(s)).not.toContain('13800000000');
  });

  it('applies forward moves, ignores regressions and stale same-status callbacks', () => {
    const start = flowSnapshotFromDetail(detail);
    const signed = applyEventToSnapshot(start, event(4, 100));
    expect(signed.flowStatus).toBe(4);
    expect(signed.approvers[0]?.approveStatus).toBe(3);
    expect(applyEventToSnapshot(signed, event(1, 50, 2))).toBe(signed); // 4 is never followed by 1
    const part = applyEventToSnapshot(start, event(2, 100));
    expect(applyEventToSnapshot(part, event(2, 90, 2), 100)).toBe(part); // older, same status
    expect(applyEventToSnapshot(part, event(2, 110), 100)).not.toBe(part);
    expect(JSON.stringify(signed)).not.toContain('13800000000');
  });

  it('starts a snapshot from a first callback', () => {
    const s = applyEventToSnapshot(null, event(1, 10, 2));
    expect(s).toMatchObject({
      flowId: 'yDf',
      flowStatus: 1,
      approvers: [{ recipientId: 'r1', approveStatus: 2 }],
    });
  });
});
