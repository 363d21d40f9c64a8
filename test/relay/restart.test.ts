// A BFF process killed (SIGKILL) while it delivers webhooks resumes after a restart from the
// durable store: every logged event reaches the receiver, none is lost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@ess-kit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { type BffProcess, spawnBff } from '../live/process.js';
import { sendCallbacksTo } from '../live/support.js';
import {
  DEV_KEY,
  DEV_TOKEN,
  eventually,
  JSON_HEADERS,
  PARTNER,
  type Receiver,
  startReceiver,
} from './support.js';

const SECRET = 'relay-restart-secret-00001';

describe('relay across a SIGKILL (child process, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-restart-'));
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  let receiver: Receiver | undefined;
  const processes: BffProcess[] = [];

  afterAll(async () => {
    for (const p of processes) await p.kill();
    await receiver?.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes deliveries after a restart without losses', async () => {
    emulator = await startEmulator({ port: 0 });
    emulator.handle.ctx.callbacks.sender.retryDelaysMs = [50, 100, 200];
    // While the first BFF runs, the receiver takes three deliveries and leaves every later one
    // hanging, so the kill always lands with deliveries queued and in flight (however fast or
    // slow the machine is); after the kill it answers everything.
    let firstRunning = true;
    receiver = await startReceiver((_json, index) => (firstRunning && index >= 3 ? 'hang' : 200), {
      delayMs: 20,
    });
    const configFile = join(dir, 'bff.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        reconcile: { intervalMs: 0 },
        relay: {
          concurrency: 2,
          timeoutMs: 2000,
          pollMs: 50,
          retry: { attempts: 5, baseMs: 50, maxMs: 200 },
          targets: [{ name: 'erp', url: receiver.url, secret: SECRET, families: ['flow'] }],
        },
      }),
    );
    const env = {
      BFF_CONFIG: configFile,
      STORE_URL: join(dir, 'bff.sqlite'),
      ESS_ENDPOINT: emulator.url,
      ESS_FILE_ENDPOINT: emulator.url,
      ESS_CALLBACK_KEY: DEV_KEY,
      ESS_CALLBACK_TOKEN: DEV_TOKEN,
    };
    const first = await spawnBff(env);
    processes.push(first);
    expect(await sendCallbacksTo(emulator.url, first.url)).toBe(200);

    const { state } = emulator.handle;
    const main = state.mainOrganization();
    const flowIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const flow = state.createFileFlow({
        organizationId: main.OrganizationId,
        operatorUserId: main.operatorUserId,
        flowName: `restart ${i}`,
        fileId: state.seedFileId(),
        approvers: [{ approverType: 1, name: 'S', mobile: '13800000021' }],
      });
      flowIds.push(flow.FlowId);
      const res = await fetch(
        `${emulator.url}/_emulator/flows/${flow.FlowId}/approvers/${flow.approvers[0]?.RecipientId}/sign`,
        { method: 'POST', headers: JSON_HEADERS, body: '{}' },
      );
      expect(res.status).toBe(200);
    }
    type Page = { events: { id: string; flowId: string; event: { flowStatus?: number } | null }[] };
    const readLog = async (url: string) =>
      (
        (await (
          await fetch(`${url}/v1/partner/events?format=json&since=0&limit=1000&family=flow`, {
            headers: PARTNER,
          })
        ).json()) as Page
      ).events;
    // Every callback acknowledged (each flow reached status 4 in the log) before the kill.
    await eventually(
      () => readLog(first.url),
      (events) => flowIds.every((id) => events.some((e) => e.flowId === id && e.event?.flowStatus === 4)),
      15_000,
    );
    await receiver.waitUntil((r) => r.length >= 3, 10_000);
    const beforeKill = receiver.accepted().length;
    await first.kill();
    firstRunning = false;
    const log = await (async () => {
      const second = await spawnBff(env);
      processes.push(second);
      return readLog(second.url);
    })();
    expect(beforeKill).toBeLessThan(log.length);
    await receiver.waitUntil(
      (r) => log.every((e) => r.some((x) => x.json.id === e.id && x.answer === 200)),
      20_000,
    );
    // Per flow, the accepted order is the log order (a redelivery after the kill may repeat the last one).
    for (const flowId of flowIds) {
      const want = log.filter((e) => e.flowId === flowId).map((e) => e.id);
      const got = receiver
        .accepted()
        .filter((r) => r.json.flowId === flowId)
        .map((r) => r.json.id)
        .filter((id, i, list) => list.indexOf(id) === i);
      expect(got).toEqual(want);
    }
  }, 60_000);
});
