// Graceful stop: SIGTERM to a BFF in the middle of a callback burst, with SSE clients open. Every
// callback it acknowledged is in the log after a restart, every client got a reconnect hint
// (`retry:`) before its stream closed, and the process exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deliver, id32, loggedMsgIds, type SealedCallback, sealedFlowCallback } from './burst.js';
import { type BffProcess, spawnBff, tokenFrom } from './process.js';
import { DEV_KEY, DEV_TOKEN, openSse } from './support.js';

describe('graceful stop (SIGTERM)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-stop-'));
  const storeUrl = join(dir, 'stop.sqlite');
  const env = {
    STORE_URL: storeUrl,
    ESS_CALLBACK_KEY: DEV_KEY,
    ESS_CALLBACK_TOKEN: DEV_TOKEN,
    ESS_PROBE_INTERVAL_MS: '0',
  };
  const running: BffProcess[] = [];
  afterAll(async () => {
    for (const p of running) await p.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged callback, hints SSE clients to reconnect and exits 0', {
    timeout: 60_000,
  }, async () => {
    const first = await spawnBff(env);
    running.push(first);
    const exitCode = new Promise<number | null>((r) => first.child.once('exit', (code) => r(code)));
    const flows = Array.from({ length: 20 }, (_, n) => id32('yDstopflow', n));
    const token = await tokenFrom(first.url, { flowIds: flows });
    const clients = await Promise.all(
      Array.from({ length: 5 }, () =>
        openSse(`${first.url}/v1/events?flowIds=${flows.join(',')}&token=${token}`),
      ),
    );
    expect(clients.every((c) => c.status === 200)).toBe(true);

    const total = 600;
    const bodies = await Promise.all(
      Array.from({ length: total }, (_, n) =>
        sealedFlowCallback(id32('yDstop', n), id32('yDstopflow', n % 20), n),
      ),
    );
    const acknowledged: number[] = [];
    let signalled = false;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const n = next++;
        // 503 SHUTTING_DOWN or a refused connection: not acknowledged, ESS would retry it.
        if ((await deliver(first.url, bodies[n] as SealedCallback)) === 200) acknowledged.push(n);
        if (!signalled && acknowledged.length >= 150) {
          signalled = true;
          first.child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(signalled).toBe(true);
    expect(await exitCode).toBe(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(acknowledged.length).toBeLessThan(total); // the stop really cut the burst

    // Each client: the open frame's retry, then the shutdown hint, then the end of the stream.
    await Promise.all(clients.map((c) => c.closed));
    for (const client of clients) {
      expect(client.retries).toEqual([3000, 500]);
      expect(client.messages.some((m) => m.event === 'flow')).toBe(true);
    }
    const output = first.output.join('');
    expect(output).toMatch(/"msg":"stopping","signal":"SIGTERM"/);
    expect(output).toMatch(/"msg":"stopped"/);

    // Restart on the same file: every acknowledged MsgId is in the log.
    const second = await spawnBff(env);
    running.push(second);
    const logged = await loggedMsgIds(storeUrl);
    expect(acknowledged.filter((n) => !logged.has(id32('yDstop', n)))).toEqual([]);
  });
});
