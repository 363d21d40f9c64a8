// SSE stream limits and the replay/live seam, over real HTTP against the real app.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEventData, NewEvent } from '../../packages/bff/src/store/types.js';
import { type LiveBff, openSse, startLiveBff } from './support.js';

const FLOW = 'yDseam000000000000000000000000001';

function event(data: Record<string, unknown>, flowId = FLOW): NewEvent {
  return {
    kind: 'flow',
    organizationId: null,
    flowId,
    family: 'flow',
    msgType: 'test',
    data: { v: 1, type: 'flow', flowId, ...data } as LiveEventData,
  };
}

describe('SSE limits and seam', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-sse-'));
  let bff: LiveBff;
  beforeAll(async () => {
    bff = await startLiveBff({
      storeUrl: join(dir, 'sse.sqlite'),
      sse: { maxConnectionsPerToken: 3, maxStreamsPerPartnerKey: 2, queueLimit: 8, heartbeatMs: 1000 },
    });
  });
  afterAll(async () => {
    await bff?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('caps streams per token and frees the slot on disconnect', async () => {
    const token = await bff.token({ flowIds: [FLOW] });
    const url = `${bff.url}/v1/events?flowIds=${FLOW}&token=${token}`;
    const open = await Promise.all([openSse(url), openSse(url), openSse(url)]);
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await refused.json()).error.code).toBe('RATE_LIMITED');
    open[0]?.close();
    await open[0]?.closed;
    for (let i = 0; i < 50 && bff.deps.live.hub.size > 2; i++) await new Promise((r) => setTimeout(r, 20));
    const again = await openSse(url);
    expect(again.status).toBe(200);
    for (const c of [...open, again]) c.close();
  });

  it('caps partner streams per key and frees the slot on disconnect', async () => {
    const partner = { authorization: `Bearer ${bff.config.apiKeys[0].key}` };
    const url = `${bff.url}/v1/partner/events`;
    const open = await Promise.all([openSse(url, partner), openSse(url, partner)]);
    expect(open.map((c) => c.status)).toEqual([200, 200]);
    const refused = await fetch(url, { headers: partner });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await refused.json()).error.code).toBe('RATE_LIMITED');
    // JSON pages are not streams: they stay available while the cap is reached.
    expect((await fetch(`${url}?format=json&limit=1`, { headers: partner })).status).toBe(200);
    open[0]?.close();
    await open[0]?.closed;
    let again = await fetch(url, { headers: partner });
    for (let i = 0; i < 50 && again.status === 429; i++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await fetch(url, { headers: partner });
    }
    expect(again.status).toBe(200);
    await again.body?.cancel();
    open[1]?.close();
  });

  it('drops a client that does not read while others get every event', { timeout: 30_000 }, async () => {
    const token = await bff.token({ flowIds: [FLOW] });
    const path = `/v1/events?flowIds=${FLOW}&token=${token}`;
    const { port } = new URL(bff.url);
    const stalled = net.connect(Number(port), '127.0.0.1');
    stalled.setNoDelay(true);
    await new Promise<void>((r) => stalled.once('connect', () => r()));
    stalled.write(`GET ${path} HTTP/1.1\r\nHost: t\r\n\r\n`);
    await new Promise<void>((r) => stalled.once('data', () => r()));
    stalled.pause(); // reads nothing more: the kernel buffers fill, then the server's backlog
    const stalledClosed = new Promise<void>((r) => stalled.once('close', () => r()));
    stalled.on('error', () => {});
    const reader = await openSse(`${bff.url}${path}`);
    const before = bff.deps.live.hub.size;
    const big = 'x'.repeat(64 * 1024);
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const result = await bff.deps.store.record({ plan: () => ({ events: [event({ n: i, big })] }) });
      if (!result.duplicate) ids.push(...result.events.map((e) => e.id));
    }
    await reader.waitFor((m) => m.id === ids.at(-1), 15_000);
    expect(reader.messages.filter((m) => m.event === 'flow').map((m) => m.id)).toEqual(ids);
    for (let i = 0; i < 100 && bff.deps.live.hub.size >= before; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(bff.deps.live.hub.size).toBe(before - 1); // the stalled one is gone, the reader stays
    stalled.resume();
    await stalledClosed;
    reader.close();
  });

  it('continues from Last-Event-ID into live events with no gap and no duplicate', {
    timeout: 30_000,
  }, async () => {
    const token = await bff.token({ flowIds: [FLOW] });
    const first = await bff.deps.store.record({ plan: () => ({ events: [event({ n: 'cursor' })] }) });
    if (first.duplicate) throw new Error('unexpected duplicate');
    const cursor = first.events[0]?.id as string;
    const written: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 400; i++) {
        const r = await bff.deps.store.record({ plan: () => ({ events: [event({ n: i })] }) });
        if (!r.duplicate) written.push(...r.events.map((e) => e.id));
        if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    // Connect while the writer is busy (a condition, not a sleep): part of the stream is replay, the
    // rest is live. The seam itself is driven deterministically in packages/bff/src/live/stream.test.ts.
    await expect.poll(() => written.length, { interval: 1 }).toBeGreaterThanOrEqual(20);
    const client = await openSse(`${bff.url}/v1/events?flowIds=${FLOW}&token=${token}`, {
      'last-event-id': cursor,
    });
    await writer;
    writing = false;
    try {
      await client.waitFor((m) => m.id === written.at(-1), 10_000);
      expect(client.messages.map((m) => m.id)).toEqual(written);
    } finally {
      client.close();
    }
  });

  it('ends a stream at the first heartbeat after its token expired', { timeout: 15_000 }, async () => {
    const { mintToken } = await import('../../packages/bff/src/auth/tokens.js');
    // Three seconds, not one: on a loaded machine the connection alone may take a second, and a
    // token that expired before the stream opened tests the 401 instead.
    const { token, expiresAt } = await mintToken(
      bff.config.tokens,
      { flowIds: [FLOW], qrCodeIds: [], templateIds: [], actions: [], organizationId: null },
      3,
    );
    const client = await openSse(`${bff.url}/v1/events?flowIds=${FLOW}&token=${token}`);
    expect(client.status).toBe(200);
    // The stream's end is the condition waited for (the test's timeout bounds it); it must not come
    // before the expiry (whole seconds, so a second's grace).
    await client.closed;
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt) - 1000);
  });

  it('sends heartbeat comments', { timeout: 10_000 }, async () => {
    const token = await bff.token({ flowIds: [FLOW] });
    const { port } = new URL(bff.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (c) => {
      text += c.toString();
    });
    socket.write(`GET /v1/events?flowIds=${FLOW}&token=${token} HTTP/1.1\r\nHost: t\r\n\r\n`);
    for (let i = 0; i < 40 && !text.includes(': ping'); i++) await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    expect(text).toContain('text/event-stream');
    expect(text).toContain(': ping');
    expect(text.toLowerCase()).not.toContain('content-encoding: gzip');
  });
});
