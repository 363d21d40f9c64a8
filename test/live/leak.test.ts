// 2,000 SSE connects and disconnects leave nothing behind: no connections, topics, timers, sockets or
// listeners in the BFF process.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEventData } from '../../packages/bff/src/store/types.js';
import { type LiveBff, startLiveBff } from './support.js';

const agent = new http.Agent({ keepAlive: false, maxSockets: 64 });

/** Opens a stream, waits for its first bytes, then drops it (client side or via a server-side close). */
function connectOnce(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.once('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

const resources = () => {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
};

describe('SSE leak check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-leak-'));
  let bff: LiveBff;
  beforeAll(async () => {
    bff = await startLiveBff({ storeUrl: join(dir, 'leak.sqlite'), sse: { maxConnectionsPerToken: 100 } });
  });
  afterAll(async () => {
    await bff?.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no connections, handles or listeners after 2,000 connects and disconnects', {
    timeout: 90_000,
  }, async () => {
    const flowIds = Array.from({ length: 5 }, (_, i) => `yDleak${String(i).padStart(26, '0')}`);
    const token = await bff.token({ flowIds });
    const url = `${bff.url}/v1/events?flowIds=${flowIds.join(',')}&token=${token}`;
    const hub = bff.deps.live.hub;
    const store = bff.deps.store;
    // warm up (lazy modules, pools), then measure
    await Promise.all(Array.from({ length: 20 }, () => connectOnce(url)));
    await new Promise((r) => setTimeout(r, 300));
    const before = resources();
    const listenersBefore = process.listenerCount('warning') + process.listenerCount('exit');

    for (let round = 0; round < 40; round++) {
      await Promise.all(Array.from({ length: 50 }, () => connectOnce(url)));
      if (round === 20) {
        // while connected, events still flow (the hub is really in use during the check)
        await store.record({
          plan: () => ({
            events: [
              {
                kind: 'flow',
                organizationId: null,
                flowId: flowIds[0],
                family: 'flow',
                msgType: 'x',
                data: { v: 1 } as LiveEventData,
              },
            ],
          }),
        });
      }
    }
    for (let i = 0; i < 50 && hub.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));

    expect(hub.size).toBe(0);
    expect(hub.topicCount).toBe(0);
    const after = resources();
    // Sockets and timers come back to where they were (±2 for in-flight keep-alive bookkeeping).
    for (const kind of new Set([...Object.keys(before), ...Object.keys(after)])) {
      expect({ kind, n: after[kind] ?? 0 }).toEqual({ kind, n: expect.any(Number) });
      expect(after[kind] ?? 0).toBeLessThanOrEqual((before[kind] ?? 0) + 2);
    }
    expect(process.listenerCount('warning') + process.listenerCount('exit')).toBe(listenersBefore);
  });
});
