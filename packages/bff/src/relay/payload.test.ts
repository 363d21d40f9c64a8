import type { EssEvent } from '@ess-kit/shared';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/types.js';
import { matchesFilter, partitionOf, partnerEvent } from './payload.js';

const scope = { mainOrganizationId: 'yDmain', groupMemberIds: new Set(['yDmember']) };
const event = (over: Partial<StoredEvent> = {}, ess: Record<string, unknown> = {}): StoredEvent => ({
  id: '7',
  at: 0,
  kind: 'ess',
  organizationId: null,
  family: 'flow',
  msgType: 'FlowStatusChange',
  data: null,
  flowId: 'yDflow',
  ess: {
    family: 'flow',
    msgType: 'FlowStatusChange',
    data: { FlowType: '销售合同', Mobile: '13800000000' },
    ...ess,
  } as Partial<EssEvent> as EssEvent,
  ...over,
});

describe('partner filters and payload', () => {
  it('matches families, MsgTypes (any case), organizations ("main" = not a group member) and tags', () => {
    expect(matchesFilter(event(), {}, scope)).toBe(true);
    expect(matchesFilter(event(), { families: ['seal'] }, scope)).toBe(false);
    expect(matchesFilter(event(), { msgTypes: ['flowstatuschange'] }, scope)).toBe(true);
    expect(matchesFilter(event(), { organizationIds: ['main'] }, scope)).toBe(true);
    expect(matchesFilter(event({ organizationId: 'yDother' }), { organizationIds: ['main'] }, scope)).toBe(
      true,
    );
    expect(matchesFilter(event({ organizationId: 'yDmember' }), { organizationIds: ['main'] }, scope)).toBe(
      false,
    );
    expect(
      matchesFilter(event({ organizationId: 'yDmember' }), { organizationIds: ['yDmember'] }, scope),
    ).toBe(true);
    expect(matchesFilter(event(), { flowTypes: ['销售合同'] }, scope)).toBe(true);
    expect(matchesFilter(event(), { flowTypes: ['采购合同'] }, scope)).toBe(false);
    expect(matchesFilter(event({}, { userData: 'u1' }), { userData: ['u1'] }, scope)).toBe(true);
    expect(matchesFilter(event(), { userData: ['u1'] }, scope)).toBe(false);
  });

  it('keeps raw MsgData out unless asked, and partitions by flow', () => {
    const plain = partnerEvent(event());
    expect(JSON.stringify(plain)).not.toContain('13800000000');
    expect(plain.original).toBeUndefined();
    expect(partnerEvent(event(), true).original?.MsgData).toEqual({
      FlowType: '销售合同',
      Mobile: '13800000000',
    });
    expect(partitionOf(event())).toBe('flow:yDflow');
    expect(partitionOf(event({ flowId: null, family: 'seal' }, { family: 'seal' }))).toBe('org:main:seal');
  });
});
