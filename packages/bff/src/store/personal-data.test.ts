// The one rule of what is personal in a stored event: MsgData, signers' names and free text go;
// ids, organizations, statuses and times stay — and applying it twice changes nothing more.
import { describe, expect, it } from 'vitest';
import {
  eventHasPersonalData,
  eventWithoutPersonalData,
  flowSnapshotHasPersonalData,
  flowSnapshotWithoutPersonalData,
} from './personal-data.js';
import type { FlowSnapshot, LiveEventData, LoggedEssEvent, NewEvent } from './types.js';

type FlowEventData = Extract<LiveEventData, { type: 'flow' }>;

const snapshot: FlowSnapshot = {
  flowId: 'F1',
  flowStatus: 3,
  flowName: '租赁合同',
  flowMessage: '我不同意第三条',
  deadline: 0,
  createdOn: 1_700_000_000,
  unordered: false,
  updatedAt: '2026-12-04T10:00:00.000Z',
  eventId: '7',
  approvers: [
    {
      recipientId: 'R1',
      approverType: 'PERSON',
      approverName: '李四',
      organizationName: '示例公司',
      approveStatus: 4,
      signOrder: 0,
      approveTime: 1_700_000_100,
      approveMessage: '拒签原因',
    },
  ],
};

const event: NewEvent & { data: FlowEventData } = {
  kind: 'flow',
  organizationId: 'ORG',
  flowId: 'F1',
  family: 'flow',
  msgType: 'FlowStatusChange',
  data: { v: 1, type: 'flow', flowId: 'F1', flowStatus: 3, flow: snapshot } as FlowEventData,
  ess: {
    family: 'flow',
    msgId: 'M1',
    flowId: 'F1',
    flowStatus: 3,
    userData: 'order-42',
    approvers: [{ recipientId: 'R1', approveStatus: 4, approverName: '李四', approveMessage: '拒签原因' }],
    data: { FlowId: 'F1', ApproverMobile: '13800000002', ApproverName: '李四', ApproverIdCardNumber: '110…' },
  } as Partial<LoggedEssEvent> as LoggedEssEvent,
};

describe('personal data rule', () => {
  it('removes MsgData, names and free text, keeps ids, organizations, statuses and times', () => {
    expect(eventHasPersonalData(event)).toBe(true);
    const clean = eventWithoutPersonalData(event);
    const text = JSON.stringify(clean);
    for (const personal of ['13800000002', '李四', '拒签原因', '我不同意', '110…'])
      expect(text).not.toContain(personal);
    expect(clean.ess).toEqual({
      family: 'flow',
      msgId: 'M1',
      flowId: 'F1',
      flowStatus: 3,
      userData: 'order-42',
      approvers: [{ recipientId: 'R1', approveStatus: 4 }],
      personalDataRemoved: true,
    });
    expect(clean.data?.flow).toEqual({
      ...snapshot,
      flowMessage: null,
      approvers: [{ ...snapshot.approvers[0], approverName: null, approveMessage: null }],
    });
    expect({ ...clean, ess: undefined, data: undefined }).toEqual({
      ...event,
      ess: undefined,
      data: undefined,
    });
    expect(eventHasPersonalData(clean)).toBe(false);
    expect(eventWithoutPersonalData(clean)).toBe(clean);
    // The input is not changed.
    expect(event.ess?.data).toMatchObject({ ApproverMobile: '13800000002' });
  });

  it('finds personal data in each place alone, and none in entries that never had it', () => {
    const bare = { data: null, ess: null };
    expect(eventHasPersonalData(bare)).toBe(false);
    expect(eventHasPersonalData({ data: null, ess: { data: {} } })).toBe(true);
    expect(
      eventHasPersonalData({ data: null, ess: { approvers: [{ recipientId: 'R', approverName: 'x' }] } }),
    ).toBe(true);
    expect(eventHasPersonalData({ data: { flow: { ...snapshot, approvers: [] } }, ess: null })).toBe(true);
    const nameless = flowSnapshotWithoutPersonalData(snapshot);
    expect(flowSnapshotHasPersonalData(snapshot)).toBe(true);
    expect(flowSnapshotHasPersonalData(nameless)).toBe(false);
    expect(eventHasPersonalData({ data: { v: 1, type: 'qr', qrCode: { flowName: 'n' } }, ess: null })).toBe(
      false,
    );
  });
});
