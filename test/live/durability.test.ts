// Nothing acknowledged is lost: a BFF killed with SIGKILL during a burst of callbacks is restarted on
// the same SQLite file, and every callback it answered 200 is in the log and replayable over SSE.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deliver, id32, loggedMsgIds, type SealedCallback, sealedFlowCallback } from './burst.js';
import { type BffProcess, spawnBff, tokenFrom } from './process.js';
import { DEV_KEY, DEV_TOKEN, openSse } from './support.js';

describe('durability (SQLite, SIGKILL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-kill-'));
  const storeUrl = join(dir, 'kill.sqlite');
  const env = { STORE_URL: storeUrl, ESS_CALLBACK_KEY: DEV_KEY, ESS_CALLBACK_TOKEN: DEV_TOKEN };
  const running: BffProcess[] = [];
  afterAll(async () => {
    for (const p of running) await p.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged callback across kill -9 and replays it', { timeout: 60_000 }, async () => {
    const first = await spawnBff(env);
    running.push(first);
    const total = 400;
    const bodies = await Promise.all(
      Array.from({ length: total }, (_, n) => sealedFlowCallback(id32('yDmsg', n), id32('yDflow', n), n)),
    );
    const acknowledged: number[] = [];
    let killed = false;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const n = next++;
        if ((await deliver(first.url, bodies[n] as SealedCallback)) === 200) acknowledged.push(n);
        if (!killed && acknowledged.length >= 120) {
          killed = true;
          void first.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await first.kill();
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(120);
    expect(acknowledged.length).toBeLessThan(total); // the kill really cut the burst

    const second = await spawnBff(env);
    running.push(second);
    // Every acknowledged MsgId is in the log (read through a second handle on the same file).
    const logged = await loggedMsgIds(storeUrl);
    expect(acknowledged.filter((n) => !logged.has(id32('yDmsg', n)))).toEqual([]);
    // ...and replayable over SSE from the restarted process (first 50 acknowledged flows, from the start).
    const sample = acknowledged.slice(0, 50).map((n) => id32('yDflow', n));
    const token = await tokenFrom(second.url, { flowIds: sample });
    const client = await openSse(
      `${second.url}/v1/events?flowIds=${sample.join(',')}&since=0&token=${token}`,
    );
    try {
      await client.waitFor(
        () => new Set(client.messages.map((m) => m.data.flowId)).size === sample.length,
        5000,
      );
      expect(client.messages.every((m) => m.event === 'flow' && m.data.flowStatus === 1)).toBe(true);
    } finally {
      client.close();
    }
  });
});
