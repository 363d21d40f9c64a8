// The partner layer in-process (issue 8): its relay counts each attempt by state in the metrics, and
// closeStreams() ends every open partner stream with the reconnect hint, also a stream whose client
// stopped reading (the hint is written past the live backlog limit). Real SQLite log, config and
// metrics; the partner routes are mounted behind a stand-in for the auth middleware that sets a
// partner caller; the relay's transport is the injected `fetch`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { flowCallback } from '../test/support/backends.js';
import { waitFor } from '../test/support/wait-for.js';
import { loadConfig } from './config.js';
import type { BffDeps, BffEnv } from './deps.js';
import { ingestEvent } from './ingest/intake.js';
import { SHUTDOWN_FRAME } from './live/frames.js';
import { silentLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createPartnerLayer } from './partner-layer.js';
import { DEFAULT_RETENTION, openStore } from './store/index.js';
import { eventHasPersonalData } from './store/personal-data.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-partner-layer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** The BFF clock the layer gets (retention reads it); tests move it. */
let nowMs = Date.now();
async function layer(fetchImpl: typeof fetch) {
  n++;
  const config = loadConfig(
    { ESS_ENV: 'emulator', STORE_URL: join(dir, `log-${n}.sqlite`), LOG_LEVEL: 'error' },
    {
      sse: { queueLimit: 1 },
      relay: {
        targets: [
          { name: 'partner', url: 'http://127.0.0.1:9/hook', secret: 'partner-layer-secret-0123456789' },
        ],
        pollMs: 20,
      },
    },
  );
  const store = await openStore(config);
  const metrics = createMetrics();
  const clock = { now: () => nowMs };
  const deps = { config, store, logger: silentLogger, metrics, clock } as unknown as BffDeps;
  const partner = await createPartnerLayer(deps, { fetch: fetchImpl });
  const app = new Hono<BffEnv>();
  app.use('*', async (c, next) => {
    c.set('caller', { kind: 'partner', keyIndex: 0, organizations: null });
    await next();
  });
  app.route('/', partner.routes);
  return {
    partner,
    store,
    metrics,
    app,
    async close() {
      await partner.close();
      await store.close();
    },
  };
}

/** The partner stream from the start of the log, read as text: up to a marker, or to its end. */
async function openStream(app: Hono<BffEnv>) {
  const res = await app.request('/v1/partner/events?since=0');
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    status: res.status,
    async readUntil(marker: string) {
      while (!text.includes(marker)) text += decoder.decode((await reader.read()).value);
    },
    /** Everything read so far and up to the end of the stream. */
    async readToEnd() {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return text;
        text += decoder.decode(chunk.value);
      }
    },
  };
}

let clock = 1_700_900_000;
const write = (store: Awaited<ReturnType<typeof openStore>>) =>
  ingestEvent(
    store,
    flowCallback({ flowId: `yDpartnerLayer${++clock}`.padEnd(32, '0'), status: 1, occurTime: clock }),
  );

describe('partner layer', () => {
  it('sweeps personal data after the default retention, by the BFF clock, from the log and the deliveries', async () => {
    nowMs = Date.now();
    const l = await layer(async () => new Response(null, { status: 500 }));
    try {
      await waitFor(
        async () => (await l.partner.relay.relayStore.cursor('partner')) !== null,
        'the first cursor',
      );
      await write(l.store);
      await waitFor(
        async () => (await l.partner.relay.relayStore.counts()).pending === 1,
        'a delivery queued',
      );
      // Recorded just now: nothing is old enough yet.
      expect(await l.partner.retention.runOnce()).toEqual({ events: 0, deliveries: 0 });
      // One second past the default age by the BFF clock (no retention configured).
      nowMs += DEFAULT_RETENTION.personalDataMaxAgeSeconds * 1000 + 1000;
      expect(await l.partner.retention.runOnce()).toEqual({ events: 1, deliveries: 1 });
      const { events } = await l.store.readEvents(null, 10);
      expect(events.some(eventHasPersonalData)).toBe(false);
    } finally {
      nowMs = Date.now();
      await l.close();
    }
  });

  it('close() ends every open partner stream', async () => {
    const l = await layer(async () => new Response(null, { status: 200 }));
    let closed = false;
    try {
      await write(l.store);
      const stream = await openStream(l.app);
      await stream.readUntil('event: flow');
      await l.close();
      closed = true;
      await stream.readToEnd();
      expect(l.partner.streamCount()).toBe(0);
    } finally {
      if (!closed) await l.close();
    }
  });

  it("counts the relay's attempts by the state they left the delivery in", async () => {
    const l = await layer(async () => new Response(null, { status: 200 }));
    try {
      await waitFor(
        async () => (await l.partner.relay.relayStore.cursor('partner')) !== null,
        'the first cursor',
      );
      await write(l.store);
      await waitFor(async () => (await l.partner.relay.relayStore.counts()).delivered === 1, 'delivered');
      const counted = (await l.metrics.relayDeliveries.get()).values;
      expect(counted).toEqual([expect.objectContaining({ labels: { state: 'delivered' }, value: 1 })]);
    } finally {
      await l.close();
    }
  });

  it('closeStreams() ends every partner stream with the reconnect hint, also one whose client stopped reading', async () => {
    const l = await layer(async () => new Response(null, { status: 200 }));
    try {
      for (let i = 0; i < 3; i++) await write(l.store);
      // Replayed from the start: three events on a stream whose live backlog limit is one frame.
      const stream = await openStream(l.app);
      expect(stream.status).toBe(200);
      await stream.readUntil('event: flow');
      expect(l.partner.streamCount()).toBe(1);
      l.partner.closeStreams();
      expect(l.partner.streamCount()).toBe(0);
      const text = await stream.readToEnd();
      expect(text.match(/event: flow/g)).toHaveLength(3);
      expect(text.endsWith(new TextDecoder().decode(SHUTDOWN_FRAME))).toBe(true);
    } finally {
      await l.close();
    }
  });
});
