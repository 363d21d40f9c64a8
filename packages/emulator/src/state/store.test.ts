/** The state store on its own: turns, refusal, transfer, rescind, events, reset and persistence. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type EmulatorHandle } from '../index.js';
import type { StateEventMap } from './events.js';

const handles: EmulatorHandle[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
});

function emulator(options: Parameters<typeof createEmulator>[0] = {}) {
  const { handle } = createEmulator({ composeDelayMs: 0, ...options });
  handles.push(handle);
  return handle;
}

function b2bFlow(handle: EmulatorHandle, unordered = false) {
  const seed = handle.seed();
  return handle.state.createFileFlow({
    organizationId: seed.organization.OrganizationId,
    operatorUserId: seed.operator.UserId,
    flowName: '状态测试',
    fileId: seed.fileId,
    unordered,
    approvers: [
      { approverType: 0, organizationName: '甲公司', name: '张三', mobile: '13900000001' },
      { approverType: 1, name: '李四', mobile: '13900000002' },
    ],
  });
}

describe('EmulatorState', () => {
  it('lets only the current approver of an ordered flow act, and emits start/sign/finish', () => {
    const handle = emulator();
    const operates: string[] = [];
    // Approver statuses as they stand when each event fires (callbacks are built at that moment).
    handle.state.on('flow.changed', (e) =>
      operates.push(`${e.operate}:${e.flow.status}:${e.flow.approvers.map((a) => a.status).join('')}`),
    );
    const flow = b2bFlow(handle);
    const [first, second] = flow.approvers;
    expect(flow.approvers.map((a) => a.status)).toEqual([2, 1]);
    expect(() => handle.state.sign(flow.FlowId, second.RecipientId)).toThrow(
      expect.objectContaining({ code: 'OperationDenied.FlowStatusForbid' }),
    );
    handle.state.sign(flow.FlowId, first.RecipientId);
    expect(handle.state.flow(flow.FlowId).approvers.map((a) => a.status)).toEqual([3, 2]);
    handle.state.sign(flow.FlowId, second.RecipientId);
    // The first 'sign' already hands the turn to the second signer (2 = waiting to sign, not 1).
    expect(operates).toEqual(['start:1:21', 'sign:2:32', 'sign:4:33', 'finish:4:33']);
    expect(() => handle.state.sign(flow.FlowId, second.RecipientId)).toThrow(
      expect.objectContaining({ code: 'OperationDenied.FlowHasTerminated' }),
    );
  });

  it('refuses (3), transfers (19 + a new signer) and rescinds (21) with the matching statuses', () => {
    const handle = emulator();
    const refused = b2bFlow(handle, true);
    handle.state.reject(refused.FlowId, refused.approvers[1].RecipientId, '金额不对');
    expect([handle.state.flow(refused.FlowId).status, handle.state.flow(refused.FlowId).message]).toEqual([
      3,
      '金额不对',
    ]);

    const moved = b2bFlow(handle, true);
    handle.state.transfer(moved.FlowId, moved.approvers[1].RecipientId, {
      name: '王五',
      mobile: '13900000003',
    });
    const after = handle.state.flow(moved.FlowId);
    expect(after.approvers.map((a) => [a.name, a.status])).toEqual([
      ['张三', 2],
      ['李四', 19],
      ['王五', 2],
    ]);
    expect(() =>
      handle.state.transfer(moved.FlowId, after.approvers[2].RecipientId, { name: '赵六', mobile: '123' }),
    ).toThrow(expect.objectContaining({ code: 'InvalidParameter.Mobile' }));
    handle.state.sign(moved.FlowId, after.approvers[0].RecipientId);
    handle.state.sign(moved.FlowId, after.approvers[2].RecipientId);
    expect(handle.state.flow(moved.FlowId).status).toBe(4);
    handle.state.rescind(moved.FlowId);
    expect(handle.state.flow(moved.FlowId).status).toBe(21);
    expect(handle.state.flow(moved.FlowId).approvers.map((a) => a.status)).toEqual([15, 19, 15]);
    expect(() => handle.state.rescind(refused.FlowId)).toThrow(
      expect.objectContaining({ code: 'OperationDenied.FlowStatusForbid' }),
    );
  });

  it('runs the seal, template, staff and organization operations with their events', () => {
    const handle = emulator();
    const seed = handle.seed();
    const seals: StateEventMap['seal.operated'][] = [];
    handle.state.on('seal.operated', (e) => seals.push(e));
    const seal = handle.state.createSeal({
      organizationId: seed.organization.OrganizationId,
      SealName: '财务专用章',
      SealType: 'FINANCE',
    });
    expect(seal.status).toBe('CHECKING');
    handle.state.approveSeal(seal.SealId);
    handle.state.disableSeal(seal.SealId);
    handle.state.enableSeal(seal.SealId);
    handle.state.authorizeSeal(seal.SealId, [seed.operator.UserId]);
    handle.state.unauthorizeSeal(seal.SealId, [seed.operator.UserId]);
    handle.state.deleteSeal(seal.SealId);
    const other = handle.state.createSeal({
      organizationId: seed.organization.OrganizationId,
      SealName: '人事章',
    });
    handle.state.rejectSeal(other.SealId, '印模不清晰');
    expect(seals.map((e) => e.operate + (e.reviewStatus ? `:${e.reviewStatus}` : ''))).toEqual([
      'Create',
      'Review:PASS',
      'Disable',
      'Enable',
      'Valid',
      'Invalid',
      'Delete',
      'Create',
      'Review:REJECT',
    ]);
    expect(() => handle.state.enableSeal(other.SealId)).toThrow(
      expect.objectContaining({ code: 'OperationDenied' }),
    );

    const kinds: string[] = [];
    handle.state.on('template.changed', (e) => kinds.push(e.kind));
    handle.state.on('staff.changed', (e) => kinds.push(e.kind));
    const template = handle.state.createTemplate(seed.organization.OrganizationId, {
      TemplateName: '新模板',
      recipients: [{ RecipientType: 'INDIVIDUAL', RoleName: '乙方' }],
    });
    handle.state.updateTemplate(template.TemplateId, { TemplateName: '新模板v2' });
    handle.state.verifyStaff(seed.operator.UserId);
    handle.state.setStaffRoles(seed.operator.UserId, ['admin', 'legal']);
    expect(kinds).toEqual(['add', 'update', 'verified', 'roles']);
    expect(() => handle.state.updateOrganization(seed.organization.OrganizationId, { quota: -1 })).toThrow(
      expect.objectContaining({ code: 'InvalidParameter' }),
    );
  });

  it('never expires a flow with Deadline 0, and expires the default one after a year', () => {
    const handle = emulator();
    const seed = handle.seed();
    const base = {
      organizationId: seed.organization.OrganizationId,
      operatorUserId: seed.operator.UserId,
      flowName: '期限',
      fileId: seed.fileId,
    };
    const person = [{ approverType: 1 as const, name: '张三', mobile: '13900000001' }];
    const never = handle.state.createFileFlow({ ...base, deadline: 0, approvers: person });
    const yearly = handle.state.createFileFlow({
      ...base,
      approvers: [{ approverType: 1 as const, name: '李四', mobile: '13900000002' }],
    });
    expect(yearly.deadline - yearly.createdOn).toBe(365 * 86_400);
    handle.clock.advance(366 * 86_400);
    expect(handle.state.flow(never.FlowId).status).toBe(1);
    expect(handle.state.flow(yearly.FlowId).status).toBe(5);
  });

  it('resets to the identical seed', () => {
    const handle = emulator();
    const before = JSON.stringify(handle.seed());
    b2bFlow(handle);
    handle.clock.advance(100);
    handle.reset();
    expect(Object.keys(handle.state.data.flows)).toHaveLength(0);
    expect(handle.clock.offset).toBe(0);
    expect(JSON.stringify(handle.seed())).toBe(before);
    expect(handle.state.template(handle.seed().templates[0].TemplateId).TemplateName).toBe(
      handle.seed().templates[0].TemplateName,
    );
  });

  it('persists to a data file and loads it on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ess-emulator-'));
    try {
      const dataFile = join(dir, 'state.json');
      const first = emulator({ dataFile });
      const flow = b2bFlow(first);
      first.clock.advance(60);
      await first.close();
      handles.splice(handles.indexOf(first), 1);
      expect(JSON.parse(readFileSync(dataFile, 'utf8')).format).toBe('ess-kit-emulator-state');
      const second = emulator({ dataFile });
      expect(second.state.flow(flow.FlowId).approvers.map((a) => a.status)).toEqual([2, 1]);
      expect(second.clock.offset).toBe(60);
      expect(second.state.file(second.seed().fileId).bytes.subarray(0, 5)).toEqual(
        new TextEncoder().encode('%PDF-'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
