// Scale-out: two BFF processes on one Redis. Callbacks posted to A reach SSE clients connected to B,
// in order, once each; both processes see the same log.
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../support/redis.js';
import { type BffProcess, spawnBff, tokenFrom } from './process.js';
import { DEV_KEY, DEV_TOKEN, openSse } from './support.js';

const available = await redisAvailable('live scale-out (two BFF processes on Redis)');
const id32 = (prefix: string, n: number) => `${prefix}${String(n).padStart(32 - prefix.length, '0')}`;

async function post(url: string, msg: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify({ encrypt: await encryptCallback(JSON.stringify(msg), DEV_KEY) });
  const res = await fetch(`${url}/v1/callbacks/ess`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-signature': await signContentSignature(body, DEV_TOKEN),
    },
    body,
    signal: AbortSignal.timeout(5000),
  });
  await res.body?.cancel();
  return res.status;
}

describe.skipIf(!available)('scale-out on Redis', () => {
  const prefix = `ess-kit-test-scale-${process.pid}-${Date.now()}:`;
  const storeUrl = `${REDIS_URL}?prefix=${encodeURIComponent(prefix)}`;
  const env = { STORE_URL: storeUrl, ESS_CALLBACK_KEY: DEV_KEY, ESS_CALLBACK_TOKEN: DEV_TOKEN };
  const running: BffProcess[] = [];
  afterAll(async () => {
    for (const p of running) await p.stop();
    await deleteRedisKeys(prefix);
  });

  it('delivers callbacks received by A to SSE clients on B, in order', { timeout: 60_000 }, async () => {
    const [a, b] = await Promise.all([spawnBff(env), spawnBff(env)]);
    running.push(a as BffProcess, b as BffProcess);
    const flows = [id32('yDscaleA', 1), id32('yDscaleB', 2)];
    const token = await tokenFrom((b as BffProcess).url, { flowIds: flows });
    const client = await openSse(
      `${(b as BffProcess).url}/v1/events?flowIds=${flows.join(',')}&token=${token}`,
    );
    try {
      let n = 0;
      const steps: [string, number, string][] = [];
      for (const flowId of flows)
        steps.push([flowId, 1, 'start'], [flowId, 2, 'sign'], [flowId, 4, 'finish']);
      for (const [flowId, status, operate] of steps) {
        n++;
        const msg = {
          MsgId: id32('yDscaleMsg', n),
          MsgType: 'FlowStatusChange',
          MsgVersion: 'CustomApp',
          MsgData: {
            FlowId: flowId,
            FlowCallbackStatus: status,
            Operate: operate,
            OccurTime: 1_800_000_000 + n,
          },
        };
        expect(await post((a as BffProcess).url, msg)).toBe(200);
      }
      await client.waitFor(
        (m) => m.event === 'flow' && m.data.flowId === flows[1] && m.data.flowStatus === 4,
        5000,
      );
      const seen = client.messages
        .filter((m) => m.event === 'flow')
        .map((m) => [m.data.flowId, m.data.flowStatus]);
      expect(seen).toEqual(steps.map(([f, s]) => [f, s]));
      const ids = client.messages.filter((m) => m.event === 'flow').map((m) => m.id as string);
      expect(ids.every((id) => /^\d+-\d+$/.test(id))).toBe(true);
      // B replays from A's writes too: the log is shared.
      const replay = await openSse(
        `${(b as BffProcess).url}/v1/events?flowIds=${flows.join(',')}&since=${ids[0]}&token=${token}`,
      );
      try {
        await replay.waitFor((m) => m.id === ids.at(-1), 5000);
        expect(replay.messages.map((m) => m.id)).toEqual(ids.slice(1));
      } finally {
        replay.close();
      }
    } finally {
      client.close();
    }
  });
});
