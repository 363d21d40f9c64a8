// Receivers that fail: a target failing its first attempts gets every event later, in order per
// flow; an always-failing target ends in the dead-letter list and is redelivered through the API;
// hanging and unreachable targets slow neither the intake, nor the stream, nor the other targets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@ess-kit/emulator';
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseClient, sendCallbacksTo } from '../live/support.js';
import {
  DEV_KEY,
  DEV_TOKEN,
  eventually,
  FAST_RELAY,
  JSON_HEADERS,
  PARTNER,
  type Receiver,
  type RelayBff,
  startReceiver,
  startRelayBff,
} from './support.js';

const SECRET = 'relay-faults-secret-000001';

interface DeliveryView {
  id: string;
  target: string;
  eventId: string;
  state: string;
  attempts: number;
  lastError: string | null;
}

describe('webhook relay under failing receivers (emulator over HTTP, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-faults-'));
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let bff: RelayBff;
  let flaky: Receiver;
  let down: Receiver;
  let hanging: Receiver;
  let healthy: Receiver;
  let downFailing = true;
  let stream: SseClient;
  const attemptsById = new Map<string, number>();

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    emulator.handle.ctx.callbacks.sender.retryDelaysMs = [50, 100, 200];
    // Fails each event's first two attempts: first by dropping the connection, then with a 500.
    flaky = await startReceiver((json) => {
      const n = (attemptsById.get(json.id) ?? 0) + 1;
      attemptsById.set(json.id, n);
      return n === 1 ? 'close' : n === 2 ? 500 : 200;
    });
    down = await startReceiver(() => (downFailing ? 503 : 200));
    hanging = await startReceiver(() => 'hang');
    healthy = await startReceiver();
    const target = (name: string, url: string, extra = {}) => ({
      name,
      url,
      secret: SECRET,
      families: ['flow'],
      ...extra,
    });
    bff = await startRelayBff({
      storeUrl: join(dir, 'faults.sqlite'),
      emulatorUrl: emulator.url,
      file: {
        callbacks: { targets: [{ name: 'default', key: DEV_KEY, token: DEV_TOKEN }] },
        relay: {
          ...FAST_RELAY,
          retry: { attempts: 4, baseMs: 30, maxMs: 120 },
          targets: [
            target('flaky', flaky.url),
            target('down', down.url),
            target('hanging', hanging.url, { timeoutMs: 1500 }),
            target('unreachable', 'http://127.0.0.1:9/hook'),
            target('healthy', healthy.url),
          ],
        },
      },
    });
    expect(await sendCallbacksTo(emulator.url, bff.url)).toBe(200);
    stream = await openSse(`${bff.url}/v1/partner/events?family=flow`, PARTNER);
  });

  afterAll(async () => {
    stream?.close();
    await bff?.close();
    for (const r of [flaky, down, hanging, healthy]) await r?.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const flowIds: string[] = [];
  let expectedIds: string[] = [];

  it('delivers to a target that fails first attempts later, in order per flow, while others stay fast', async () => {
    const { state } = emulator.handle;
    const main = state.mainOrganization();
    const flows = [0, 1, 2].map(() =>
      state.createFileFlow({
        organizationId: main.OrganizationId,
        operatorUserId: main.operatorUserId,
        flowName: 'relay order',
        fileId: state.seedFileId(),
        unordered: true,
        approvers: [0, 1, 2].map((i) => ({
          approverType: 1 as const,
          name: `S${i}`,
          mobile: `1380000001${i}`,
        })),
      }),
    );
    flowIds.push(...flows.map((f) => f.FlowId));
    const signedAt = Date.now();
    for (const flow of flows) {
      for (const approver of flow.approvers) {
        const res = await fetch(
          `${emulator.url}/_emulator/flows/${flow.FlowId}/approvers/${approver.RecipientId}/sign`,
          { method: 'POST', headers: JSON_HEADERS, body: '{}' },
        );
        expect(res.status).toBe(200);
      }
    }
    // The log's events per flow, in log order.
    const page = (await (
      await fetch(`${bff.url}/v1/partner/events?format=json&since=0&limit=1000&family=flow`, {
        headers: PARTNER,
      })
    ).json()) as { events: { id: string; flowId: string }[] };
    const expected = await eventually(
      async () =>
        (
          (await (
            await fetch(`${bff.url}/v1/partner/events?format=json&since=0&limit=1000&family=flow`, {
              headers: PARTNER,
            })
          ).json()) as { events: { id: string; flowId: string; event: { flowStatus?: number } | null }[] }
        ).events,
      // Complete: every flow reached status 4 (its last callback), each with at least 4 events.
      (events) =>
        flowIds.every(
          (id) =>
            events.some((e) => e.flowId === id && e.event?.flowStatus === 4) &&
            events.filter((e) => e.flowId === id).length >= 4,
        ),
    );
    expect(page.events.length).toBeGreaterThan(0);
    expectedIds = expected.map((e) => e.id);
    // Healthy target and the stream are not held back by the hanging, down and unreachable ones.
    await healthy.waitUntil((r) => expected.every((e) => r.some((x) => x.json.id === e.id)), 5000);
    await stream.waitFor(() => expected.every((e) => stream.messages.some((m) => m.id === e.id)), 2000);
    expect(Date.now() - signedAt).toBeLessThan(4000);

    // The intake answers at once while the hanging target holds its sockets.
    const body = JSON.stringify({
      encrypt: await encryptCallback(
        JSON.stringify({
          MsgId: `faults-${Date.now()}`,
          MsgType: 'OperateSeal',
          MsgData: { SealId: 'yDsealX', Operate: 'Create' },
        }),
        DEV_KEY,
      ),
    });
    const intakeStarted = performance.now();
    const intake = await fetch(`${bff.url}/v1/callbacks/ess`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'content-signature': await signContentSignature(body, DEV_TOKEN) },
      body,
    });
    expect(intake.status).toBe(200);
    expect(performance.now() - intakeStarted).toBeLessThan(1000);
    await flaky.waitUntil(
      (r) => expected.every((e) => r.some((x) => x.json.id === e.id && x.answer === 200)),
      10_000,
    );
    for (const flowId of flowIds) {
      const want = expected.filter((e) => e.flowId === flowId).map((e) => e.id);
      const accepted = flaky
        .accepted()
        .filter((r) => r.json.flowId === flowId)
        .map((r) => r.json.id);
      expect(accepted).toEqual(want);
      // Strictly in order: no attempt of a later event before the earlier one was accepted.
      const attempts = flaky.received.filter((r) => r.json.flowId === flowId).map((r) => r.json.id);
      const firstTry = want.map((id) => attempts.indexOf(id));
      const lastTry = want.map((id) => attempts.lastIndexOf(id));
      for (let i = 1; i < want.length; i++)
        expect(firstTry[i] as number).toBeGreaterThan(lastTry[i - 1] as number);
    }
    for (const id of expected.map((e) => e.id)) expect(attemptsById.get(id)).toBe(3);
  });

  it('dead-letters an always-failing target with its last error, and redelivers one and all through the API', async () => {
    const list = async (state: string, target: string) =>
      (
        (await (
          await fetch(`${bff.url}/v1/partner/deliveries?state=${state}&target=${target}&limit=1000`, {
            headers: PARTNER,
          })
        ).json()) as { deliveries: DeliveryView[] }
      ).deliveries;
    // Only the head of each flow is attempted while it fails; once dead, the next one is tried.
    // Done when nothing of the target is pending any more and every flow event was tried.
    const failed = (
      await eventually(
        async () => ({ pending: await list('pending', 'down'), failed: await list('failed', 'down') }),
        (lists) => lists.pending.length === 0 && lists.failed.length >= expectedIds.length,
        15_000,
      )
    ).failed;
    expect(failed[0]?.attempts).toBe(4);
    expect(failed[0]?.lastError).toMatch(/503/);
    const unreachable = (await (
      await fetch(`${bff.url}/v1/partner/deliveries?state=failed&target=unreachable`, { headers: PARTNER })
    ).json()) as { deliveries: DeliveryView[] };
    expect(unreachable.deliveries[0]?.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    const hung = await eventually(
      async () =>
        (
          (await (
            await fetch(`${bff.url}/v1/partner/deliveries?state=failed&target=hanging`, { headers: PARTNER })
          ).json()) as { deliveries: DeliveryView[] }
        ).deliveries,
      (list) => list.length > 0,
      15_000,
    );
    expect(hung[0]?.lastError).toMatch(/timed out after 1500 ms/);

    downFailing = false;
    const one = failed[0] as DeliveryView;
    const res = await fetch(`${bff.url}/v1/partner/deliveries/${one.id}/redeliver`, {
      method: 'POST',
      headers: PARTNER,
    });
    expect(res.status).toBe(202);
    await down.waitUntil((r) => r.some((x) => x.json.id === one.eventId && x.answer === 200));
    const all = await fetch(`${bff.url}/v1/partner/deliveries/redeliver?state=failed&target=down`, {
      method: 'POST',
      headers: PARTNER,
    });
    expect(all.status).toBe(202);
    expect(((await all.json()) as { redelivered: number }).redelivered).toBe(failed.length - 1);
    await down.waitUntil(
      (r) => failed.every((d) => r.some((x) => x.json.id === d.eventId && x.answer === 200)),
      10_000,
    );
    const stillFailed = (await (
      await fetch(`${bff.url}/v1/partner/deliveries?state=failed&target=down`, { headers: PARTNER })
    ).json()) as { deliveries: DeliveryView[] };
    expect(stillFailed.deliveries).toEqual([]);
    // The log never says what the secrets are.
    expect(bff.logLines.join('\n')).not.toContain(SECRET);
  });
});
