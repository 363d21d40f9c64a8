import type { EssEvent } from '@ess-kit/shared';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/types.js';
import { matchesFilter, partitionOf, partnerEvent, partnerFamily, targetFilter } from './payload.js';

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

describe('partner payload fields', () => {
  it('names the ESS family and MsgType of a callback, even when the log entry files it otherwise', () => {
    const sealLoggedAsFlow = event({}, { family: 'seal', msgType: 'OperateSeal' });
    expect(partnerFamily(sealLoggedAsFlow)).toBe('seal');
    const payload = partnerEvent(sealLoggedAsFlow);
    expect(payload.family).toBe('seal');
    expect(payload.msgType).toBe('OperateSeal');
    expect(matchesFilter(sealLoggedAsFlow, { msgTypes: ['OperateSeal'] }, scope)).toBe(true);
    expect(matchesFilter(sealLoggedAsFlow, { msgTypes: ['FlowStatusChange'] }, scope)).toBe(false);
  });

  it('calls a QR code change made by the BFF (no ESS message) family "qr", other own entries by their family', () => {
    const qr = event({ kind: 'qr', family: 'flow', flowId: null, qrCodeId: 'yDqr', ess: null });
    expect(partnerFamily(qr)).toBe('qr');
    expect(partnerFamily(event({ kind: 'flow', family: 'reconcile', ess: null }))).toBe('reconcile');
    const payload = partnerEvent(qr, true);
    expect(payload).toEqual({
      v: 1,
      id: '7',
      kind: 'qr',
      family: 'qr',
      msgType: 'FlowStatusChange',
      organizationId: null,
      flowId: null,
      qrCodeId: 'yDqr',
      recordedAt: '1970-01-01T00:00:00.000Z',
      event: null,
      state: null,
      original: null,
    });
    expect(partitionOf(qr)).toBe('qr:yDqr');
  });

  it('carries the normalized callback without MsgData, the organization, QR code and MsgId', () => {
    const e = event(
      { organizationId: 'yDmember', qrCodeId: 'yDqr', at: 1_700_000_000_000 },
      { msgId: 'm-1' },
    );
    const payload = partnerEvent(e, true);
    expect(payload.event).toEqual({ family: 'flow', msgType: 'FlowStatusChange', msgId: 'm-1' });
    expect(payload.organizationId).toBe('yDmember');
    expect(payload.qrCodeId).toBe('yDqr');
    expect(payload.recordedAt).toBe('2023-11-14T22:13:20.000Z');
    expect(payload.original).toEqual({
      MsgId: 'm-1',
      MsgType: 'FlowStatusChange',
      MsgData: { FlowType: '销售合同', Mobile: '13800000000' },
    });
    expect(partnerEvent(event(), true).original?.MsgId).toBeNull();
  });
});

describe('partner filters, each dimension', () => {
  it('lets everything through on empty lists', () => {
    const empty = {
      families: [],
      msgTypes: [],
      organizationIds: [],
      flowIds: [],
      userData: [],
      flowTypes: [],
    };
    expect(matchesFilter(event(), empty, scope)).toBe(true);
  });

  it('needs one listed MsgType to match, not all', () => {
    expect(matchesFilter(event(), { msgTypes: ['OperateSeal', 'FlowStatusChange'] }, scope)).toBe(true);
    expect(matchesFilter(event(), { msgTypes: ['OperateSeal'] }, scope)).toBe(false);
  });

  it('matches organizations by id, "main" or the main OrganizationId; one listed one is enough', () => {
    const member = event({ organizationId: 'yDmember' });
    expect(matchesFilter(member, { organizationIds: ['main', 'yDmember'] }, scope)).toBe(true);
    expect(matchesFilter(member, { organizationIds: ['yDother'] }, scope)).toBe(false);
    expect(matchesFilter(event(), { organizationIds: ['yDmain'] }, scope)).toBe(true);
    expect(matchesFilter(event(), { organizationIds: ['yDmember'] }, scope)).toBe(false);
  });

  it('matches flow ids; entries without a flow never match a flow list', () => {
    expect(matchesFilter(event(), { flowIds: ['yDflow'] }, scope)).toBe(true);
    expect(matchesFilter(event(), { flowIds: ['yDotherflow'] }, scope)).toBe(false);
    expect(matchesFilter(event({ flowId: null }), { flowIds: ['yDflow'] }, scope)).toBe(false);
  });

  it('matches UserData only on callbacks that carry a listed one', () => {
    expect(matchesFilter(event({}, { userData: 'u2' }), { userData: ['u1'] }, scope)).toBe(false);
    expect(matchesFilter(event({ ess: null }), { userData: ['u1'] }, scope)).toBe(false);
  });

  it('matches FlowType only when the MsgData has one that is listed (a missing one is not "undefined")', () => {
    expect(matchesFilter(event({ ess: null }), { flowTypes: ['销售合同'] }, scope)).toBe(false);
    expect(matchesFilter(event({}, { data: undefined }), { flowTypes: ['undefined'] }, scope)).toBe(false);
    expect(matchesFilter(event({}, { data: {} }), { flowTypes: ['undefined'] }, scope)).toBe(false);
    expect(matchesFilter(event({}, { data: { FlowType: null } }), { flowTypes: ['null'] }, scope)).toBe(
      false,
    );
    expect(matchesFilter(event({}, { data: { FlowType: 3 } }), { flowTypes: ['3'] }, scope)).toBe(true);
  });

  it('takes a webhook target filter from its config', () => {
    const target = {
      name: 't',
      url: 'https://partner.example/hook',
      secret: 'x'.repeat(16),
      families: ['flow'],
      msgTypes: ['FlowStatusChange'],
      organizationIds: ['main'],
      tags: { userData: ['u1'], flowTypes: ['销售合同'] },
    };
    expect(targetFilter(target)).toEqual({
      families: ['flow'],
      msgTypes: ['FlowStatusChange'],
      organizationIds: ['main'],
      userData: ['u1'],
      flowTypes: ['销售合同'],
    });
  });
});
