// The SSE route without a Node response (app.request / other runtimes): a Web ReadableStream carries
// the frames, and cancelling it releases the hub connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff } from '../app.js';
import { mintToken } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import { silentLogger } from '../logger.js';
import type { LiveEventData } from '../store/types.js';

describe('GET /v1/events over a Web stream', () => {
  let bff: Awaited<ReturnType<typeof createBff>>;
  let token: string;
  beforeAll(async () => {
    const config = loadConfig(
      { ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error' },
      { reconcile: { intervalMs: 0 } },
    );
    bff = await createBff(config, { logger: silentLogger });
    ({ token } = await mintToken(
      config.tokens,
      { flowIds: ['yDweb'], qrCodeIds: [], templateIds: [], actions: [], organizationId: null },
      60,
    ));
    await bff.deps.store.putFlow({
      snapshot: {
        flowId: 'yDweb',
        flowStatus: 1,
        flowName: 'w',
        flowMessage: null,
        deadline: 0,
        createdOn: 0,
        unordered: false,
        updatedAt: new Date().toISOString(),
        eventId: null,
        approvers: [],
      },
      organizationId: null,
      occurredAt: 0,
      touchedAt: Date.now(),
    });
  });
  afterAll(async () => {
    await bff?.close();
  });

  it('streams the snapshot, then a live event, and releases everything on cancel', async () => {
    const res = await bff.app.request(`/v1/events?flowIds=yDweb&token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value);
      }
    };
    await readUntil('event: snapshot');
    expect(bff.deps.live.hub.size).toBe(1);
    await bff.deps.store.record({
      plan: () => ({
        events: [
          {
            kind: 'flow',
            organizationId: null,
            flowId: 'yDweb',
            family: 'flow',
            msgType: 't',
            data: { v: 1, type: 'flow', flowStatus: 2 } as LiveEventData,
          },
        ],
      }),
    });
    await readUntil('event: flow');
    expect(text).toMatch(/id: \d+\nevent: flow\ndata: \{"v":1,"type":"flow","flowStatus":2\}/);
    await reader.cancel();
    expect(bff.deps.live.hub.size).toBe(0);
    expect(bff.deps.live.hub.topicCount).toBe(0);
  });
});
