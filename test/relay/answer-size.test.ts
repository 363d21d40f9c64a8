// A webhook target that answers 200 with a body of hundreds of MB must not cost the BFF memory: the
// relay reads at most a few KB of an answer and cancels the rest (it never uses the answer).
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_KEY,
  DEV_TOKEN,
  eventually,
  JSON_HEADERS,
  PARTNER,
  type RelayBff,
  startRelayBff,
} from './support.js';

const ANSWER_BYTES = 400 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Answers every webhook 200 with ANSWER_BYTES, streamed with backpressure (the receiver holds 64 KB). */
function startFloodingReceiver(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': ANSWER_BYTES });
      let sent = 0;
      const pump = () => {
        while (sent < ANSWER_BYTES) {
          sent += CHUNK.length;
          if (!res.write(CHUNK)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => {
        sent = ANSWER_BYTES;
      });
      pump();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        requests: () => requests,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      }),
    ),
  );
}

describe('relay: a huge webhook answer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-answer-'));
  let receiver: Awaited<ReturnType<typeof startFloodingReceiver>>;
  let bff: RelayBff;

  beforeAll(async () => {
    receiver = await startFloodingReceiver();
    bff = await startRelayBff({
      storeUrl: join(dir, 'answer.sqlite'),
      emulatorUrl: 'http://127.0.0.1:9',
      file: {
        callbacks: { targets: [{ name: 'default', key: DEV_KEY, token: DEV_TOKEN }] },
        relay: {
          concurrency: 8,
          // Long enough that a relay reading the whole answer would read all of it.
          timeoutMs: 60_000,
          pollMs: 50,
          retry: { attempts: 2, baseMs: 50, maxMs: 100 },
          targets: [{ name: 'flood', url: receiver.url, secret: 'relay-answer-secret-000001' }],
        },
      },
    });
  });
  afterAll(async () => {
    await bff?.close();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers while the BFF stays within tens of MB of where it started', async () => {
    const sample = () => process.memoryUsage().rss;
    globalThis.gc?.();
    const baseline = sample();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, sample());
    }, 10);
    try {
      // Three events at once, so that concurrent deliveries would multiply a buffered answer.
      for (let i = 0; i < 3; i++) {
        const body = JSON.stringify({
          encrypt: await encryptCallback(
            JSON.stringify({
              MsgId: `yDanswer-size-${i}`,
              MsgType: 'FlowStatusChange',
              MsgData: {
                FlowId: `yDanswerFlow0000000000000000000${i}`,
                FlowStatus: 1,
                OccurTime: 1_732_800_000 + i,
              },
            }),
            DEV_KEY,
          ),
        });
        const res = await fetch(`${bff.url}/v1/callbacks/ess`, {
          method: 'POST',
          body,
          headers: { ...JSON_HEADERS, 'content-signature': await signContentSignature(body, DEV_TOKEN) },
        });
        expect(res.status).toBe(200);
      }
      const delivered = await eventually(
        async () =>
          (await fetch(`${bff.url}/v1/partner/deliveries?state=delivered`, { headers: PARTNER })
            .then((res) => res.json())
            // A BFF busy buffering may drop a poll; the next one asks again.
            .catch(() => ({ deliveries: [] }))) as { deliveries: unknown[] },
        (page) => page.deliveries.length === 3,
        60_000,
      );
      expect(delivered.deliveries).toHaveLength(3);
      expect(receiver.requests()).toBe(3);
    } finally {
      clearInterval(sampler);
    }
    const grewMb = (peak - baseline) / 1024 / 1024;
    expect(grewMb, `rss grew by ${grewMb.toFixed(0)} MB`).toBeLessThan(60);
  }, 90_000);
});
