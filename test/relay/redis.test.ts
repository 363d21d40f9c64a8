// Two BFF processes on one Redis share the relay: each event reaches the receiver once (partition
// leases, ingest lease, "already queued" markers), and the partner stream of either instance carries
// the events received by the other.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@ess-kit/emulator';
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { type BffProcess, spawnBff } from '../live/process.js';
import { openSse, sendCallbacksTo } from '../live/support.js';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../support/redis.js';
import {
  DEV_KEY,
  DEV_TOKEN,
  eventually,
  JSON_HEADERS,
  PARTNER,
  type Receiver,
  startReceiver,
} from './support.js';

const SECRET = 'relay-redis-secret-000001';
const available = await redisAvailable('relay on Redis');

describe.skipIf(!available)('relay with two BFF instances on Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-redis-'));
  const prefix = `ess-kit-relay-test-${process.pid}-${Date.now()}:`;
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  let receiver: Receiver | undefined;
  const processes: BffProcess[] = [];

  afterAll(async () => {
    for (const p of processes) await p.stop();
    await receiver?.close();
    await emulator?.close();
    await deleteRedisKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each event once, in order per flow, whichever instance took the callback', async () => {
    emulator = await startEmulator({ port: 0 });
    emulator.handle.ctx.callbacks.sender.retryDelaysMs = [50, 100, 200];
    // Every fifth attempt fails, so retries and leases change hands between the instances too.
    let n = 0;
    receiver = await startReceiver(() => (++n % 5 === 0 ? 503 : 200), { delayMs: 15 });
    const configFile = join(dir, 'bff.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        reconcile: { intervalMs: 0 },
        relay: {
          concurrency: 4,
          timeoutMs: 2000,
          pollMs: 30,
          retry: { attempts: 8, baseMs: 30, maxMs: 200 },
          targets: [{ name: 'crm', url: receiver.url, secret: SECRET }],
        },
      }),
    );
    const url = new URL(REDIS_URL);
    url.searchParams.set('prefix', prefix);
    const env = {
      BFF_CONFIG: configFile,
      STORE_URL: url.toString(),
      ESS_ENDPOINT: emulator.url,
      ESS_FILE_ENDPOINT: emulator.url,
      ESS_CALLBACK_KEY: DEV_KEY,
      ESS_CALLBACK_TOKEN: DEV_TOKEN,
    };
    const [a, b] = await Promise.all([spawnBff(env), spawnBff(env)]);
    processes.push(a as BffProcess, b as BffProcess);
    const streamOnB = await openSse(`${b?.url}/v1/partner/events?family=flow`, PARTNER);
    // Callbacks go to instance A only; B must still relay and stream them.
    expect(await sendCallbacksTo(emulator.url, (a as BffProcess).url)).toBe(200);
    try {
      const { state } = emulator.handle;
      const main = state.mainOrganization();
      const flowIds: string[] = [];
      for (let i = 0; i < 10; i++) {
        const flow = state.createFileFlow({
          organizationId: main.OrganizationId,
          operatorUserId: main.operatorUserId,
          flowName: `redis ${i}`,
          fileId: state.seedFileId(),
          unordered: true,
          approvers: [0, 1].map((k) => ({
            approverType: 1 as const,
            name: `S${k}`,
            mobile: `1380000003${k}`,
          })),
        });
        flowIds.push(flow.FlowId);
        for (const approver of flow.approvers) {
          const res = await fetch(
            `${emulator.url}/_emulator/flows/${flow.FlowId}/approvers/${approver.RecipientId}/sign`,
            { method: 'POST', headers: JSON_HEADERS, body: '{}' },
          );
          expect(res.status).toBe(200);
        }
      }
      type Page = {
        events: {
          id: string;
          family: string;
          flowId: string | null;
          event: { flowStatus?: number } | null;
        }[];
      };
      const log = await eventually(
        async () =>
          (
            (await (
              await fetch(`${b?.url}/v1/partner/events?format=json&since=0&limit=1000`, { headers: PARTNER })
            ).json()) as Page
          ).events,
        (events) => flowIds.every((id) => events.some((e) => e.flowId === id && e.event?.flowStatus === 4)),
        15_000,
      );
      await receiver.waitUntil(
        (r) => log.every((e) => r.some((x) => x.json.id === e.id && x.answer === 200)),
        20_000,
      );
      // Nothing arrives twice afterwards either: one more (later) callback per flow, straight to B.
      // Deliveries of a flow go one at a time in log order, so once its marker is accepted no
      // earlier event of that flow can be attempted again.
      for (const [i, flowId] of flowIds.entries()) {
        const plaintext = JSON.stringify({
          MsgId: `redis-marker-${i}-${Date.now()}`,
          MsgType: 'FlowStatusChange',
          MsgVersion: 'ThirdPartyApp',
          MsgData: { FlowId: flowId, FlowCallbackStatus: 4, Operate: 'sign', OccurTime: 4_000_000_000 + i },
        });
        const body = JSON.stringify({ encrypt: await encryptCallback(plaintext, DEV_KEY) });
        const res = await fetch(`${b?.url}/v1/callbacks/ess`, {
          method: 'POST',
          headers: { ...JSON_HEADERS, 'content-signature': await signContentSignature(body, DEV_TOKEN) },
          body,
        });
        expect(res.status).toBe(200);
      }
      await receiver.waitUntil(
        (r) =>
          flowIds.every((id) =>
            r.some(
              (x) =>
                x.json.flowId === id &&
                x.answer === 200 &&
                String((x.json.event as { msgId?: string } | null)?.msgId).startsWith('redis-marker-'),
            ),
          ),
        20_000,
      );
      // The log as it ends up (fee callbacks may trail the last status change), all delivered too.
      const finalLog = (
        (await (
          await fetch(`${b?.url}/v1/partner/events?format=json&since=0&limit=1000`, { headers: PARTNER })
        ).json()) as Page
      ).events;
      await receiver.waitUntil(
        (r) => finalLog.every((e) => r.some((x) => x.json.id === e.id && x.answer === 200)),
        20_000,
      );
      const accepted = receiver.accepted().map((r) => r.json.id);
      expect(accepted.length).toBe(new Set(accepted).size);
      expect(new Set(accepted)).toEqual(new Set(finalLog.map((e) => e.id)));
      // Never two attempts of one flow at once, and per flow in log order.
      for (const flowId of flowIds) {
        const want = finalLog.filter((e) => e.flowId === flowId).map((e) => e.id);
        expect(
          receiver
            .accepted()
            .filter((r) => r.json.flowId === flowId)
            .map((r) => r.json.id),
        ).toEqual(want);
      }
      // The stream on B carried the flow events A received.
      const flowEvents = finalLog.filter((e) => e.family === 'flow').map((e) => e.id);
      await streamOnB.waitFor(
        () => flowEvents.every((id) => streamOnB.messages.some((m) => m.id === id)),
        5000,
      );
    } finally {
      streamOnB.close();
    }
  }, 60_000);
});
