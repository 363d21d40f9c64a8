// Field by field: a snapshot from DescribeFlowInfo's FlowDetailInfo/FlowApproverDetail (ESS spelling,
// packages/shared/test/reference/ess-api.md) and a callback's approvers merged into it.
import type { EssEventApprover } from '@ess-kit/shared';
import { describe, expect, it } from 'vitest';
import type { FlowSnapshot } from '../store/types.js';
import { applyEventToSnapshot, type EssFlowEventLike, flowSnapshotFromDetail } from './snapshot.js';

const at = new Date(1_700_000_000_000);

/** A FlowApproverDetail as DescribeFlowInfo returns it (ess-api.md, FlowApproverDetail). */
const approverDetail = (over: Record<string, unknown> = {}) => ({
  ReceiptId: 'yDwRecipA',
  RecipientId: 'yDwRecipA',
  ApproveType: 'ORGANIZATION',
  ApproveName: '李四',
  OrganizationName: '示例科技有限公司',
  Mobile: '13800000000',
  ApproveStatus: 3,
  SignOrder: 1,
  ApproveTime: 1736409770,
  ApproveMessage: '同意',
  ...over,
});

/** A flow callback as shared's normalizeCallback gives it (only the fields a snapshot reads). */
const callback = (over: Partial<EssFlowEventLike> = {}): EssFlowEventLike => ({
  flowId: 'yDwFlow',
  flowStatus: 2,
  operate: 'sign',
  occurredAt: 1_700_000_100,
  approvers: [],
  data: {},
  ...over,
});

const snapshot = (approvers: FlowSnapshot['approvers'], flowStatus = 2): FlowSnapshot => ({
  flowId: 'yDwFlow',
  flowStatus,
  flowName: '采购合同',
  flowMessage: null,
  deadline: 1_800_000_000,
  createdOn: 1_700_000_000,
  unordered: false,
  updatedAt: at.toISOString(),
  eventId: '7',
  approvers,
});

const known = {
  recipientId: 'yDwRecipA',
  approverType: 'ORGANIZATION' as const,
  approverName: '李四',
  organizationName: '示例科技有限公司',
  approveStatus: 2,
  signOrder: 1,
  approveTime: 1_700_000_050,
  approveMessage: '请签署',
};

describe('flowSnapshotFromDetail: FlowDetailInfo fields', () => {
  it('copies every field the detail gives', () => {
    const s = flowSnapshotFromDetail(
      {
        FlowId: 'yDwFlow',
        FlowName: '采购合同',
        FlowStatus: 2,
        FlowMessage: '',
        CreatedOn: 1_700_000_000,
        Deadline: 1_800_000_000,
        Unordered: true,
        FlowApproverInfos: [
          approverDetail(),
          approverDetail({ RecipientId: 'yDwRecipB', ApproveType: 'ENTERPRISESERVER', SignOrder: 0 }),
        ],
      },
      '12',
      at,
    );
    expect(s).toEqual({
      flowId: 'yDwFlow',
      flowStatus: 2,
      flowName: '采购合同',
      flowMessage: null,
      deadline: 1_800_000_000,
      createdOn: 1_700_000_000,
      unordered: true,
      updatedAt: at.toISOString(),
      eventId: '12',
      approvers: [
        {
          recipientId: 'yDwRecipA',
          approverType: 'ORGANIZATION',
          approverName: '李四',
          organizationName: '示例科技有限公司',
          approveStatus: 3,
          signOrder: 1,
          approveTime: 1736409770,
          approveMessage: '同意',
        },
        expect.objectContaining({ recipientId: 'yDwRecipB', approverType: 'ENTERPRISESERVER', signOrder: 0 }),
      ],
    });
  });

  it('fills what the detail leaves out with neutral values', () => {
    const s = flowSnapshotFromDetail({ FlowId: 'yDwFlow', FlowStatus: 1 }, null, at);
    expect(s).toEqual({
      flowId: 'yDwFlow',
      flowStatus: 1,
      flowName: '',
      flowMessage: null,
      deadline: 0,
      createdOn: 0,
      unordered: false,
      updatedAt: at.toISOString(),
      eventId: null,
      approvers: [],
    });
  });

  it('names an approver by RecipientId, else the deprecated ReceiptId, else its position', () => {
    const s = flowSnapshotFromDetail(
      {
        FlowId: 'yDwFlow',
        FlowStatus: 1,
        FlowApproverInfos: [{ ReceiptId: 'yDwOld', ApproveStatus: 2 }, { ApproveStatus: 1 }],
      },
      null,
      at,
    );
    expect(s.approvers).toEqual([
      {
        recipientId: 'yDwOld',
        approverType: 'PERSON',
        approverName: null,
        organizationName: null,
        approveStatus: 2,
        signOrder: 0,
        approveTime: null,
        approveMessage: null,
      },
      expect.objectContaining({ recipientId: '#1', approverType: 'PERSON', signOrder: 1, approveStatus: 1 }),
    ]);
  });

  it('keeps the ApproveType strings ESS documents and reads anything else as PERSON', () => {
    const types = ['ORGANIZATION', 'PERSON', 'ENTERPRISESERVER', 'SOMETHINGNEW'].map(
      (ApproveType, i) =>
        flowSnapshotFromDetail(
          { FlowId: 'f', FlowStatus: 1, FlowApproverInfos: [approverDetail({ ApproveType, SignOrder: i })] },
          null,
          at,
        ).approvers[0]?.approverType,
    );
    expect(types).toEqual(['ORGANIZATION', 'PERSON', 'ENTERPRISESERVER', 'PERSON']);
  });
});

describe('applyEventToSnapshot: approvers', () => {
  it('types a new approver from the callback ApproverType: 0 enterprise, 3 enterprise auto-sign, others person', () => {
    const approvers: EssEventApprover[] = [0, 1, 3, 7, undefined].map((approverType, i) => ({
      recipientId: `r${i}`,
      approveStatus: 2,
      approverType,
    }));
    const s = applyEventToSnapshot(null, callback({ flowStatus: 1, approvers }), 0, at);
    expect(s.approvers.map((a) => [a.recipientId, a.approverType, a.signOrder])).toEqual([
      ['r0', 'ORGANIZATION', 0],
      ['r1', 'PERSON', 1],
      ['r2', 'ENTERPRISESERVER', 2],
      ['r3', 'PERSON', 3],
      ['r4', 'PERSON', 4],
    ]);
    // Nothing known and nothing sent: empty, not undefined.
    expect(s.approvers[0]).toEqual({
      recipientId: 'r0',
      approverType: 'ORGANIZATION',
      approverName: null,
      organizationName: null,
      approveStatus: 2,
      signOrder: 0,
      approveTime: null,
      approveMessage: null,
    });
  });

  it('keeps what the snapshot knows when the callback leaves it out', () => {
    const other = { ...known, recipientId: 'yDwRecipB', signOrder: 0, approverType: 'PERSON' as const };
    const s = applyEventToSnapshot(
      snapshot([other, known]),
      callback({ approvers: [{ recipientId: 'yDwRecipA', approveStatus: 3, approverType: 1 }] }),
      0,
      at,
    );
    // B untouched, A updated in place (its own slot, its own sign order and type).
    expect(s.approvers).toEqual([other, { ...known, approveStatus: 3 }]);
  });

  it('takes what the callback sends over what the snapshot knew', () => {
    const s = applyEventToSnapshot(
      snapshot([known]),
      callback({
        approvers: [
          {
            recipientId: 'yDwRecipA',
            approveStatus: 3,
            approverName: '李四新',
            organizationName: '新公司',
            approveTime: 1_700_000_090,
            approveMessage: '已签',
          },
        ],
      }),
      0,
      at,
    );
    expect(s.approvers).toEqual([
      {
        ...known,
        approverName: '李四新',
        organizationName: '新公司',
        approveStatus: 3,
        approveTime: 1_700_000_090,
        approveMessage: '已签',
      },
    ]);
  });
});

describe('applyEventToSnapshot: status and order', () => {
  it('refuses to start a snapshot from a callback without a status; with a snapshot, keeps its status', () => {
    const noStatus = callback({ flowStatus: undefined, approvers: [{ recipientId: 'x', approveStatus: 3 }] });
    expect(() => applyEventToSnapshot(null, noStatus, 0, at)).toThrow(
      new TypeError('a flow event without FlowCallbackStatus cannot start a snapshot'),
    );
    const s = snapshot([known], 2);
    const next = applyEventToSnapshot(s, noStatus, 0, at);
    expect(next.flowStatus).toBe(2);
    expect(next.approvers.map((a) => a.recipientId)).toEqual(['yDwRecipA', 'x']);
  });

  it('applies a forward move even when its callback is older than the snapshot', () => {
    const s = snapshot([known], 1);
    const moved = applyEventToSnapshot(s, callback({ flowStatus: 2, occurredAt: 10 }), 100, at);
    expect(moved.flowStatus).toBe(2);
  });

  it('applies a same-status callback as old as the snapshot (its approvers may have changed)', () => {
    const s = snapshot([known], 2);
    const same = callback({ occurredAt: 100, approvers: [{ recipientId: 'yDwRecipA', approveStatus: 3 }] });
    expect(applyEventToSnapshot(s, same, 100, at).approvers[0]?.approveStatus).toBe(3);
  });

  it('starts a snapshot from the callback MsgData FlowId when the event has none', () => {
    const s = applyEventToSnapshot(
      null,
      callback({ flowId: undefined, data: { FlowId: 'yDwFromData' } }),
      0,
      at,
    );
    expect(s.flowId).toBe('yDwFromData');
    expect(applyEventToSnapshot(null, callback({ flowId: undefined, data: {} }), 0, at).flowId).toBe('');
  });
});
