// QR codes, group routing and reconciliation against the emulator over HTTP, through the real app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@ess-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvent } from '../../packages/bff/src/ingest/intake.js';
import { createReconciler } from '../../packages/bff/src/ingest/reconcile.js';
import { flowCallback } from '../../packages/bff/test/support/backends.js';
import {
  createOpenFlowInEmulator,
  DEV_KEY,
  DEV_TOKEN,
  type LiveBff,
  openSse,
  startLiveBff,
} from './support.js';

const json = { 'content-type': 'application/json' };

describe('QR codes, group routing, reconciliation (emulator over HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-qr-'));
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let bff: LiveBff;
  let seed: {
    organization: { OrganizationId: string };
    operator: { UserId: string };
    templates: { TemplateId: string; shape: string }[];
    groupMembers: { ProxyOrganizationId: string; operator: { UserId: string } }[];
  };
  const targets = () => [
    { url: `${bff.url}/v1/callbacks/ess`, key: DEV_KEY, token: DEV_TOKEN, format: 'v2' },
  ];
  const setTargets = (list: unknown[]) =>
    fetch(`${emulator.url}/_emulator/callback-targets`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify(list),
    });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    seed = await (await fetch(`${emulator.url}/_emulator/seed`)).json();
    const member = seed.groupMembers[0];
    bff = await startLiveBff({
      storeUrl: join(dir, 'qr.sqlite'),
      emulatorUrl: emulator.url,
      groupMembers: member
        ? [{ organizationId: member.ProxyOrganizationId, operatorUserId: member.operator.UserId }]
        : [],
    });
    expect((await setTargets(targets())).status).toBe(200);
  });
  afterAll(async () => {
    await bff?.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const createQr = async (maxFlowNum: number) => {
    const template = seed.templates.find((t) => t.shape === 'single-c');
    const res = await fetch(`${bff.url}/v1/qr-codes`, {
      method: 'POST',
      headers: { ...json, authorization: 'Bearer dev-partner-key' },
      body: JSON.stringify({ TemplateId: template?.TemplateId, FlowName: 'qr live', MaxFlowNum: maxFlowNum }),
    });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBeLessThan(300);
    return body as { qrCodeId: string; state: string };
  };
  const scan = (qrCodeId: string, n: number) =>
    fetch(`${emulator.url}/_emulator/qr-codes/${qrCodeId}/scan`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: `Scanner ${n}`, mobile: `1390000000${n}` }),
    });

  it('links scanned flows to their QR code and pushes active → exhausted', async () => {
    const qr = await createQr(2);
    expect(qr.state).toBe('active');
    const token = await bff.token({ qrCodeIds: [qr.qrCodeId] });
    const client = await openSse(`${bff.url}/v1/events?qrCodeIds=${qr.qrCodeId}&token=${token}`);
    try {
      await client.waitFor(
        (m) => m.event === 'snapshot' && (m.data.qrCode as { state: string }).state === 'active',
      );
      expect((await scan(qr.qrCodeId, 1)).status).toBe(201);
      expect((await scan(qr.qrCodeId, 2)).status).toBe(201);
      const exhausted = await client.waitFor((m) => m.event === 'qr' && m.data.state === 'exhausted', 5000);
      const snapshot = exhausted.data.qrCode as { flowCount: number; flowIds: string[] };
      expect(snapshot.flowCount).toBe(2);
      const stored = await bff.deps.store.getQrCode(qr.qrCodeId);
      expect(stored?.flowIds).toEqual(snapshot.flowIds);
      expect(JSON.stringify(client.messages)).not.toMatch(/139000000/);
    } finally {
      client.close();
    }
  });

  it('reads an exhausted code past its expiry as expired (GET /v1/qr-codes/:id, the write side’s rule)', async () => {
    const qr = await createQr(1);
    expect((await scan(qr.qrCodeId, 3)).status).toBe(201);
    const get = async () => {
      const res = await fetch(`${bff.url}/v1/qr-codes/${qr.qrCodeId}`, {
        headers: { authorization: 'Bearer dev-partner-key' },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { state: string }).state;
    };
    await expect.poll(get, { timeout: 5000 }).toBe('exhausted');
    // The stored record stays exhausted (no callback announces an expiry); only time has passed.
    const stored = await bff.deps.store.getQrCode(qr.qrCodeId);
    if (!stored) throw new Error('QR code not stored');
    const past = Math.floor(bff.deps.essTime.now() / 1000) - 1;
    await bff.deps.store.putQrCode({ ...stored, expiredTime: past });
    expect(await get()).toBe('expired');
  });

  it('pushes a CreateFlowByQrCode failure (no quota) to the QR code watchers', async () => {
    const qr = await createQr(5);
    const token = await bff.token({ qrCodeIds: [qr.qrCodeId] });
    const client = await openSse(`${bff.url}/v1/events?qrCodeIds=${qr.qrCodeId}&token=${token}`);
    const org = seed.organization.OrganizationId;
    const put = (quota: number) =>
      fetch(`${emulator.url}/_emulator/organizations/${org}`, {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({ quota }),
      });
    try {
      await client.waitFor((m) => m.event === 'snapshot');
      expect((await put(0)).status).toBe(200);
      const failed = await scan(qr.qrCodeId, 7);
      expect(failed.status).toBeGreaterThanOrEqual(400);
      const event = await client.waitFor(
        (m) => m.event === 'qr' && !!(m.data.qrCode as { failure: unknown }).failure,
        5000,
      );
      const failure = (event.data.qrCode as { failure: { code: string; message: string } }).failure;
      expect(failure.code).toEqual(expect.any(String));
      expect(failure.message).not.toMatch(/139000000/);
    } finally {
      await put(1000);
      client.close();
    }
  });

  it("routes a group member's events to its organization only", async () => {
    const member = seed.groupMembers[0];
    if (!member) throw new Error('the emulator seed has no group member');
    const flow = emulator.handle.state.createFileFlow({
      organizationId: member.ProxyOrganizationId,
      operatorUserId: member.operator.UserId,
      flowName: 'member flow',
      fileId: emulator.handle.state.seedFileId(),
      approvers: [{ approverType: 1, name: 'M', mobile: '13700000000' }],
    });
    const mainToken = await bff.token({ flowIds: [flow.FlowId] });
    const memberToken = await bff.token({
      flowIds: [flow.FlowId],
      organizationId: member.ProxyOrganizationId,
    });
    const asMain = await openSse(`${bff.url}/v1/events?flowIds=${flow.FlowId}&since=0&token=${mainToken}`);
    const asMember = await openSse(
      `${bff.url}/v1/events?flowIds=${flow.FlowId}&since=0&token=${memberToken}`,
    );
    try {
      await fetch(
        `${emulator.url}/_emulator/flows/${flow.FlowId}/approvers/${flow.approvers[0]?.RecipientId}/sign`,
        {
          method: 'POST',
          headers: json,
          body: '{}',
        },
      );
      await asMember.waitFor((m) => m.event === 'flow' && m.data.flowStatus === 4, 5000);
      expect((await bff.deps.store.getFlow(flow.FlowId))?.organizationId).toBe(member.ProxyOrganizationId);
      // The main organization's stream got none of it: a later event of the main organization on the
      // same flow id is the first (and only) thing it receives.
      const marker = await ingestEvent(
        bff.deps.store,
        flowCallback({
          flowId: flow.FlowId,
          status: 4,
          occurTime: 4_000_000_000,
          msgId: 'yDmainMarker',
          organizationId: 'yDmainOrganizationMarker',
        }),
      );
      const markerId = marker.duplicate ? '' : (marker.events[0]?.id ?? '');
      await asMain.waitFor((m) => m.id === markerId, 5000);
      expect(asMain.messages.map((m) => m.id)).toEqual([markerId]);
    } finally {
      asMain.close();
      asMember.close();
    }
  });

  it('reconciles a flow whose callbacks were lost, with DescribeFlowBriefs, as an ordinary event', async () => {
    const flow = createOpenFlowInEmulator(emulator, 'lost callbacks', '13600000000');
    for (let i = 0; i < 100 && !(await bff.deps.store.getFlow(flow.FlowId)); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await bff.deps.store.getFlow(flow.FlowId))?.snapshot.flowStatus).toBe(1);
    await fetch(`${emulator.url}/_emulator/callbacks?settle=3000`);
    await setTargets([]); // from here on, ESS's callbacks are lost
    const token = await bff.token({ flowIds: [flow.FlowId] });
    const client = await openSse(`${bff.url}/v1/events?flowIds=${flow.FlowId}&token=${token}`);
    const reconciler = createReconciler({
      store: bff.deps.store,
      ess: bff.deps.ess,
      logger: bff.deps.logger,
      config: bff.config,
      intervalMs: 0,
      quietMs: 0,
    });
    try {
      await client.waitFor((m) => m.event === 'snapshot');
      await fetch(
        `${emulator.url}/_emulator/flows/${flow.FlowId}/approvers/${flow.approvers[0]?.RecipientId}/sign`,
        {
          method: 'POST',
          headers: json,
          body: '{}',
        },
      );
      expect(await reconciler.runOnce()).toBeGreaterThanOrEqual(1);
      const event = await client.waitFor((m) => m.event === 'flow' && m.data.flowStatus === 4, 3000);
      expect(event.data.operate).toBe('reconcile');
      expect(
        (event.data.flow as { approvers: { approveStatus: number }[] }).approvers[0]?.approveStatus,
      ).toBe(3);
      expect(await reconciler.runOnce()).toBe(0); // terminal now: nothing more to ask
      // A QR code whose expiry passed is announced as expired (ESS sends no callback for that).
      const past = Math.floor(Date.now() / 1000) - 1;
      const qr = {
        qrCodeId: 'yDexpiring00000000000000000000001',
        qrCodeUrl: 'u',
        templateId: 't',
        flowName: 'n',
        maxFlowNum: 5,
        flowCount: 0,
        flowIds: [],
        expiredTime: past,
        state: 'active' as const,
        failure: null,
        updatedAt: new Date().toISOString(),
        organizationId: null,
        link: null,
      };
      await bff.deps.store.putQrCode(qr);
      const qrToken = await bff.token({ qrCodeIds: [qr.qrCodeId] });
      const watcher = await openSse(`${bff.url}/v1/events?qrCodeIds=${qr.qrCodeId}&token=${qrToken}`);
      try {
        await watcher.waitFor((m) => m.event === 'snapshot');
        expect(await reconciler.runOnce()).toBe(1);
        await watcher.waitFor((m) => m.event === 'qr' && m.data.state === 'expired');
        expect(await reconciler.runOnce()).toBe(0);
      } finally {
        watcher.close();
      }
    } finally {
      await reconciler.stop();
      client.close();
      await setTargets(targets());
    }
  });
});
