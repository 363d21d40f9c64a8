// Every callback family the emulator produces (main organization and a group member) reaches the
// partner stream and a signed webhook; filters by family and organization hold; the stream replays
// from an id; the JSON pages read the same log. Real emulator over HTTP, real BFF, real SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@ess-kit/emulator';
import { encryptCallback, signContentSignature, verifyWebhookSignature } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseClient } from '../live/support.js';
import {
  DEV_KEY,
  DEV_TOKEN,
  FAST_RELAY,
  JSON_HEADERS,
  PARTNER,
  type Receiver,
  type RelayBff,
  startReceiver,
  startRelayBff,
} from './support.js';

const ALL_SECRET = 'relay-test-secret-all-0001';
const FILTERED_SECRET = 'relay-test-secret-filtered-02';

interface Seed {
  organization: { OrganizationId: string };
  operator: { UserId: string };
  templates: { TemplateId: string; shape: string | null }[];
  groupMembers: { ProxyOrganizationId: string; operator: { UserId: string } }[];
}

describe('partner events and webhooks: every family, main organization and group member', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-'));
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let bff: RelayBff;
  let all: Receiver;
  let filtered: Receiver;
  let tagged: Receiver;
  let stream: SseClient;
  let seed: Seed;
  let member: string;
  const emu = (path: string, body: unknown, method = 'POST') =>
    fetch(`${emulator.url}/_emulator${path}`, { method, headers: JSON_HEADERS, body: JSON.stringify(body) });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, flowCostCallbacks: true }); // fee events: FlowCost is opt-in
    emulator.handle.ctx.callbacks.sender.retryDelaysMs = [50, 100, 200];
    seed = await (await fetch(`${emulator.url}/_emulator/seed`)).json();
    member = seed.groupMembers[0]?.ProxyOrganizationId as string;
    all = await startReceiver();
    filtered = await startReceiver();
    tagged = await startReceiver();
    bff = await startRelayBff({
      storeUrl: join(dir, 'relay.sqlite'),
      emulatorUrl: emulator.url,
      file: {
        callbacks: { targets: [{ name: 'default', key: DEV_KEY, token: DEV_TOKEN }] },
        groupMembers: [{ organizationId: member, operatorUserId: seed.groupMembers[0]?.operator.UserId }],
        relay: {
          ...FAST_RELAY,
          targets: [
            { name: 'all', url: all.url, secret: ALL_SECRET, includeOriginal: true },
            {
              name: 'member-seals',
              url: filtered.url,
              secret: FILTERED_SECRET,
              families: ['seal', 'staff'],
              organizationIds: [member],
            },
            { name: 'order-42', url: tagged.url, secret: FILTERED_SECRET, tags: { userData: ['order-42'] } },
          ],
        },
      },
    });
    const put = await emu(
      '/callback-targets',
      [{ url: `${bff.url}/v1/callbacks/ess`, key: DEV_KEY, token: DEV_TOKEN, format: 'v2' }],
      'PUT',
    );
    expect(put.status).toBe(200);
    stream = await openSse(`${bff.url}/v1/partner/events`, PARTNER);
    expect(stream.status).toBe(200);
  });

  afterAll(async () => {
    stream?.close();
    await bff?.close();
    await all?.close();
    await filtered?.close();
    await tagged?.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers flow, fee, seal, template, staff and QR-failure events of both organizations, signed', async () => {
    const org = seed.organization.OrganizationId;
    const { state } = emulator.handle;
    // flow + fee (main and member)
    for (const [organizationId, operatorUserId] of [
      [org, seed.operator.UserId],
      [member, seed.groupMembers[0]?.operator.UserId as string],
    ]) {
      const flow = state.createFileFlow({
        organizationId,
        operatorUserId,
        flowName: 'relay families',
        fileId: state.seedFileId(),
        approvers: [{ approverType: 1, name: 'Signer', mobile: '13800000001' }],
      });
      const res = await emu(`/flows/${flow.FlowId}/approvers/${flow.approvers[0]?.RecipientId}/sign`, {});
      expect(res.status).toBe(200);
    }
    // seal (main and member), template, staff
    expect((await emu('/seals', { SealName: 'Relay seal' })).status).toBe(201);
    expect((await emu('/seals', { SealName: 'Member seal', organizationId: member })).status).toBe(201);
    expect(
      (
        await emu('/templates', {
          TemplateName: 'Relay template',
          recipients: [{ RecipientType: 'INDIVIDUAL', RoleName: 'Customer' }],
        })
      ).status,
    ).toBe(201);
    expect((await emu(`/staff/${seed.operator.UserId}/verify`, {})).status).toBe(200);
    expect((await emu(`/staff/${seed.groupMembers[0]?.operator.UserId}/verify`, {})).status).toBe(200);
    // QR failure: a code whose scan finds no quota
    const template = seed.templates.find((t) => t.shape === 'single-c');
    const qr = await fetch(`${bff.url}/v1/qr-codes`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...PARTNER },
      body: JSON.stringify({ TemplateId: template?.TemplateId, FlowName: 'relay qr', MaxFlowNum: 3 }),
    });
    const qrCode = (await qr.json()) as { qrCodeId: string };
    expect(qr.status).toBeLessThan(300);
    expect((await emu(`/organizations/${org}`, { quota: 0 }, 'PUT')).status).toBe(200);
    const scan = await emu(`/qr-codes/${qrCode.qrCodeId}/scan`, { name: 'Scanner', mobile: '13900000009' });
    expect(scan.status).toBe(403);
    expect((await emu(`/organizations/${org}`, { quota: 1000 }, 'PUT')).status).toBe(200);

    const families = ['flow', 'fee', 'seal', 'template', 'staff', 'qr'];
    const has = (list: { family: string; organizationId: string | null; msgType: string }[]) =>
      families.every((f) => list.some((e) => e.family === f)) &&
      ['flow', 'fee', 'seal', 'staff'].every((f) =>
        list.some((e) => e.family === f && e.organizationId === member),
      ) &&
      list.some((e) => e.msgType === 'CreateFlowByQrCode');
    await all.waitUntil((r) => has(r.map((x) => x.json)), 10_000);
    await stream.waitFor(() => has(stream.messages.map((m) => m.data as never)), 5000);

    // Every webhook verifies with the target's secret and names its event.
    for (const r of all.received) {
      const verdict = await verifyWebhookSignature(
        r.body,
        r.headers['x-ess-kit-signature'] as string,
        ALL_SECRET,
      );
      expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
      expect(r.headers['x-ess-kit-event-id']).toBe(r.json.id);
      // The decrypted ESS message rides along for callbacks (entries the BFF logs itself have none).
      if (r.json.event) expect((r.json.original as { MsgData: unknown }).MsgData).toBeTruthy();
    }
    const wrong = all.received[0] as (typeof all.received)[0];
    expect(
      (
        await verifyWebhookSignature(
          wrong.body,
          wrong.headers['x-ess-kit-signature'] as string,
          FILTERED_SECRET,
        )
      ).ok,
    ).toBe(false);
    // The webhook and the stream carry the same events with the same ids.
    const ids = all.received.map((r) => r.json.id);
    expect(new Set(ids).size).toBe(ids.length);
    const streamIds = new Set(stream.messages.map((m) => m.id));
    for (const id of ids) expect(streamIds.has(id)).toBe(true);
    const qrFailure = all.received.find((r) => r.json.msgType === 'CreateFlowByQrCode');
    expect(qrFailure?.json.family).toBe('qr');
    // Stream messages never leak raw MsgData unless asked for (mobiles stay out).
    expect(JSON.stringify(stream.messages)).not.toMatch(/1390000000|1380000000/);
  });

  it('forwards an unknown MsgType as it is, and a tag filter picks events by UserData', async () => {
    const plaintext = JSON.stringify({
      MsgId: `relay-unknown-${Date.now()}`,
      MsgType: 'SomethingNewFromEss',
      MsgVersion: 'ONE',
      MsgData: { UserData: 'order-42', Whatever: { nested: [1, 2] } },
    });
    const body = JSON.stringify({ encrypt: await encryptCallback(plaintext, DEV_KEY) });
    const res = await fetch(`${bff.url}/v1/callbacks/ess`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'content-signature': await signContentSignature(body, DEV_TOKEN) },
      body,
    });
    expect(res.status).toBe(200);
    await all.waitUntil((r) => r.some((x) => x.json.msgType === 'SomethingNewFromEss'));
    const got = all.received.find((x) => x.json.msgType === 'SomethingNewFromEss');
    expect(got?.json.family).toBe('unknown');
    expect((got?.json.original as { MsgData: unknown } | undefined)?.MsgData).toEqual({
      UserData: 'order-42',
      Whatever: { nested: [1, 2] },
    });
    // Nothing else reached the tagged target: a later tagged marker (same partition, so delivered
    // after everything queued before it there) arrives next.
    const marker = JSON.stringify({
      MsgId: `relay-marker-${Date.now()}`,
      MsgType: 'TaggedMarker',
      MsgVersion: 'ONE',
      MsgData: { UserData: 'order-42' },
    });
    const markerBody = JSON.stringify({ encrypt: await encryptCallback(marker, DEV_KEY) });
    const sent = await fetch(`${bff.url}/v1/callbacks/ess`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'content-signature': await signContentSignature(markerBody, DEV_TOKEN) },
      body: markerBody,
    });
    expect(sent.status).toBe(200);
    await tagged.waitUntil((r) => r.some((x) => x.json.msgType === 'TaggedMarker'));
    expect(tagged.received.map((x) => x.json.msgType)).toEqual(['SomethingNewFromEss', 'TaggedMarker']);
  });

  it('holds the family and organization filters of a target', async () => {
    await filtered.waitUntil(
      (r) => r.some((x) => x.json.family === 'seal') && r.some((x) => x.json.family === 'staff'),
    );
    for (const r of filtered.received) {
      expect(['seal', 'staff']).toContain(r.json.family);
      expect(r.json.organizationId).toBe(member);
      expect(r.json.original).toBeUndefined();
      const verdict = await verifyWebhookSignature(
        r.body,
        r.headers['x-ess-kit-signature'] as string,
        FILTERED_SECRET,
      );
      expect(verdict.ok).toBe(true);
    }
    // The partner stream filters the same way.
    const res = await fetch(
      `${bff.url}/v1/partner/events?format=json&since=0&family=seal&organizationId=main`,
      {
        headers: PARTNER,
      },
    );
    const page = (await res.json()) as { events: { family: string; organizationId: string | null }[] };
    expect(page.events.length).toBeGreaterThan(0);
    for (const e of page.events) {
      expect(e.family).toBe('seal');
      expect(e.organizationId).not.toBe(member);
    }
  });

  it('replays from an id on the stream (Last-Event-ID) and pages the same log as JSON', async () => {
    const res = await fetch(`${bff.url}/v1/partner/events?format=json&since=0&limit=1000`, {
      headers: PARTNER,
    });
    const page = (await res.json()) as { events: { id: string }[]; more: boolean };
    expect(page.events.length).toBeGreaterThan(6);
    const middle = page.events[3]?.id as string;
    const expected = page.events.slice(4).map((e) => e.id);
    const replay = await openSse(`${bff.url}/v1/partner/events`, { ...PARTNER, 'last-event-id': middle });
    try {
      await replay.waitFor(() => replay.messages.length >= expected.length, 5000);
      expect(replay.messages.map((m) => m.id)).toEqual(expected);
    } finally {
      replay.close();
    }
    // Two JSON pages of 3 continue each other.
    const first = (await (
      await fetch(`${bff.url}/v1/partner/events?format=json&since=0&limit=3`, { headers: PARTNER })
    ).json()) as { events: { id: string }[]; next: string };
    const second = (await (
      await fetch(`${bff.url}/v1/partner/events?format=json&since=${first.next}&limit=3`, {
        headers: PARTNER,
      })
    ).json()) as { events: { id: string }[] };
    expect([...first.events, ...second.events].map((e) => e.id)).toEqual(
      page.events.slice(0, 6).map((e) => e.id),
    );
  });

  it('sends resync to a cursor older than the retained log, then continues live', async () => {
    const head = (await bff.deps.store.head()) as string;
    await bff.deps.store.trim({ maxEvents: 1 });
    const stale = await openSse(`${bff.url}/v1/partner/events?since=1`, PARTNER);
    try {
      const resync = await stale.waitFor((m) => m.event === 'resync', 3000);
      expect(resync.id).toBe(head);
      expect(resync.data).toEqual({ v: 1, type: 'resync', reason: 'cursor-older-than-log' });
      expect((await emu('/seals', { SealName: 'After resync' })).status).toBe(201);
      const next = await stale.waitFor((m) => m.event === 'seal', 5000);
      expect(Number(next.id)).toBeGreaterThan(Number(head));
    } finally {
      stale.close();
    }
    const page = (await (
      await fetch(`${bff.url}/v1/partner/events?format=json&since=1`, { headers: PARTNER })
    ).json()) as { stale: boolean };
    expect(page.stale).toBe(true);
  });

  it('refuses browser tokens, bad cursors and bad limits with clear errors', async () => {
    const noKey = await fetch(`${bff.url}/v1/partner/events?format=json`);
    expect(noKey.status).toBe(401);
    const badCursor = await fetch(`${bff.url}/v1/partner/events?format=json&since=abc`, { headers: PARTNER });
    expect(badCursor.status).toBe(400);
    expect(((await badCursor.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const badLimit = await fetch(`${bff.url}/v1/partner/events?format=json&limit=0`, { headers: PARTNER });
    expect(badLimit.status).toBe(400);
    const token = await fetch(`${bff.url}/v1/tokens`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...PARTNER },
      body: JSON.stringify({ flowIds: ['yDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'] }),
    });
    const { token: browserToken } = (await token.json()) as { token: string };
    const asBrowser = await fetch(`${bff.url}/v1/partner/events?format=json`, {
      headers: { authorization: `Bearer ${browserToken}` },
    });
    expect(asBrowser.status).toBe(403);
    const badState = await fetch(`${bff.url}/v1/partner/deliveries?state=lost`, { headers: PARTNER });
    expect(badState.status).toBe(400);
    const unknown = await fetch(`${bff.url}/v1/partner/deliveries/999999/redeliver`, {
      method: 'POST',
      headers: PARTNER,
    });
    expect(unknown.status).toBe(404);
  });
});
