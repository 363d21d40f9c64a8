// Callback intake answers in-process (issue 15), on a real SQLite store: the request id a refusal
// carries, the metrics and log lines operators watch (accepted / duplicate / refused by code, the
// content type of a refused delivery, a store failure), the deadline's own message, the timer it
// leaves behind (none), and a delivery whose bytes are not valid UTF-8 outside the sealed part.
import { encryptCallback, MAX_CALLBACK_BYTES, signContentSignature } from '@ess-kit/shared';
import { Hono } from 'hono';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { backends } from '../../test/support/backends.js';
import { failedAttempts } from '../auth/failed-attempts.js';
import { loadConfig } from '../config.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import type { Store } from '../store/types.js';
import { callbackRoutes } from './callbacks.js';

const KEY = 'AnswersTestCallbackKey0000000000';
const TOKEN = 'answers-test-callback-token';
const OLD_KEY = 'AnswersTestOldCallbackKey0000000';
const OLD_TOKEN = 'answers-test-old-token';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const [sqlite] = backends('callbacks-answers');
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  await sqlite?.cleanup();
});
afterEach(() => {
  vi.useRealTimers();
});

let seq = 0;
const message = (flowId = `yDanswersFlow${++seq}`) =>
  JSON.stringify({
    MsgId: `yDanswersMsg${seq}-${flowId}`,
    MsgType: 'FlowStatusChange',
    MsgVersion: 'CustomApp',
    MsgData: { FlowId: flowId, FlowCallbackStatus: 1, Operate: 'start', OccurTime: 1_700_000_000 + seq },
  });

interface Answer {
  ok?: boolean;
  duplicate?: boolean;
  error?: { code: string; message: string; requestId: string };
}

async function intake(options: { requestId?: string; perMinute?: number } = {}) {
  const store = (await sqlite?.open()) as Store;
  stores.push(store);
  const config = loadConfig(
    { ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error' },
    {
      callbacks: {
        targets: [
          {
            name: 'default',
            key: KEY,
            token: TOKEN,
            previous: { key: OLD_KEY, token: OLD_TOKEN, until: '2100-01-01T00:00:00Z' },
          },
        ],
      },
    },
  );
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) });
  const metrics = createMetrics();
  const deps = {
    config,
    store,
    logger,
    clock: { now: () => Date.now() },
    metrics,
    failedAttempts: failedAttempts({ perMinute: options.perMinute ?? 600, trustedProxies: [] }),
  } as unknown as BffDeps;
  const app = new Hono<BffEnv>();
  if (options.requestId) {
    const id = options.requestId;
    app.use('*', async (c, next) => {
      c.set('requestId', id);
      await next();
    });
  }
  app.route('/', callbackRoutes(deps));
  const post = async (
    path: string,
    body: string | Uint8Array | ReadableStream<Uint8Array>,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.request(path, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
    return { status: res.status, body: (await res.json()) as Answer };
  };
  return {
    store,
    lines,
    deps,
    post,
    /** Lines whose message is `msg`, parsed. */
    logged: (msg: string) =>
      lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg),
    /** The callbacks counter: value by `outcome/code`. */
    async counts(): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const v of (await metrics.callbacks.get()).values)
        out[`${v.labels.outcome}/${v.labels.code}`] = v.value;
      return out;
    },
    async deliver(msg: string, token: string | null = TOKEN, key = KEY) {
      const body = JSON.stringify({ encrypt: await encryptCallback(msg, key) });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers['content-signature'] = await signContentSignature(body, token);
      return post('/v1/callbacks/ess', body, headers);
    },
  };
}

describe('callback intake answers', () => {
  it("carries the request's id in a refusal and its log line, else a fresh uuid", async () => {
    const withId = await intake({ requestId: 'req-answers-1' });
    const refused = await withId.deliver(message(), null);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.requestId).toBe('req-answers-1');
    expect(withId.logged('callback refused')[0]).toMatchObject({
      component: 'callbacks',
      requestId: 'req-answers-1',
      code: 'CALLBACK_BAD_SIGNATURE',
    });
    const bare = await intake();
    const a = (await bare.deliver(message(), null)).body.error?.requestId;
    const b = (await bare.deliver(message(), null)).body.error?.requestId;
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('counts accepted, duplicate and refused deliveries by outcome and code, and logs each acceptance', async () => {
    const t = await intake({ requestId: 'req-answers-2' });
    const msg = message('yDanswersCounted');
    expect(await t.deliver(msg)).toEqual({ status: 200, body: { ok: true, duplicate: false } });
    expect(await t.deliver(msg)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect((await t.deliver(message(), null)).status).toBe(401);
    expect(await t.counts()).toEqual({
      'accepted/': 1,
      'duplicate/': 1,
      'refused/CALLBACK_BAD_SIGNATURE': 1,
    });
    expect(t.logged('callback')).toEqual([
      expect.objectContaining({
        level: 'info',
        component: 'callbacks',
        target: 'default',
        msgType: 'FlowStatusChange',
        flowId: 'yDanswersCounted',
        duplicate: false,
        requestId: 'req-answers-2',
      }),
      expect.objectContaining({ flowId: 'yDanswersCounted', duplicate: true }),
    ]);
  });

  it("logs a refused delivery's content type (null when it sent none)", async () => {
    const t = await intake();
    expect((await t.post('/v1/callbacks/ess', 'x', { 'content-type': 'text/xml' })).status).toBe(400);
    expect((await t.post('/v1/callbacks/ess', new TextEncoder().encode('x'))).status).toBe(400);
    expect(t.logged('callback refused').map((l) => l.contentType)).toEqual(['text/xml', null]);
  });

  it('logs an unknown or rate-limited target name cut to 64 characters', async () => {
    const t = await intake({ perMinute: 1 });
    const long = `/v1/callbacks/ess/${'y'.repeat(80)}`;
    expect((await t.post(long, '{}', { 'content-type': 'application/json' })).status).toBe(404);
    expect((await t.post(long, '{}', { 'content-type': 'application/json' })).status).toBe(429);
    expect(t.logged('callback refused').map((l) => [l.code, l.target])).toEqual([
      ['CALLBACK_UNKNOWN_TARGET', 'y'.repeat(64)],
      ['RATE_LIMITED', 'y'.repeat(64)],
    ]);
  });

  it("logs an oversized delivery's target by the path's name, or default", async () => {
    const t = await intake();
    const big = 'A'.repeat(MAX_CALLBACK_BYTES + 10);
    expect(
      (await t.post('/v1/callbacks/ess/elsewhere', big, { 'content-type': 'application/json' })).status,
    ).toBe(413);
    expect((await t.post('/v1/callbacks/ess', big, { 'content-type': 'application/json' })).status).toBe(413);
    expect(t.logged('callback refused').map((l) => [l.code, l.target])).toEqual([
      ['CALLBACK_TOO_LARGE', 'elsewhere'],
      ['CALLBACK_TOO_LARGE', 'default'],
    ]);
  });

  it('refuses a plaintext delivery signed with the previous token as unencrypted, not as badly signed', async () => {
    const t = await intake();
    const plain = message();
    const answer = await t.post('/v1/callbacks/ess', plain, {
      'content-type': 'application/json',
      'content-signature': await signContentSignature(plain, OLD_TOKEN),
    });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'CALLBACK_UNENCRYPTED' } } });
  });

  it('accepts a sealed delivery whose envelope also holds bytes that are not UTF-8', async () => {
    const t = await intake();
    const sealed = JSON.stringify({ encrypt: await encryptCallback(message('yDanswersLatin1'), KEY) });
    const raw = new Uint8Array([
      ...new TextEncoder().encode(`${sealed.slice(0, -1)},"note":"`),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"}'),
    ]);
    const answer = await t.post('/v1/callbacks/ess', raw, {
      'content-type': 'application/json',
      'content-signature': await signContentSignature(raw, TOKEN),
    });
    expect(answer).toEqual({ status: 200, body: { ok: true, duplicate: false } });
    expect(t.logged('callback failed')).toEqual([]);
  });

  it('answers a body that breaks off mid-read with the one refusal, logging the cause as unexpected', async () => {
    const t = await intake();
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"encrypt":"'));
        controller.error(new Error('connection reset'));
      },
    });
    const res = await t.post('/v1/callbacks/ess', broken, {
      'content-type': 'application/json',
      'content-length': '100',
    });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'CALLBACK_REJECTED' } } });
    expect(t.logged('callback failed')).toEqual([
      expect.objectContaining({ level: 'error', target: 'default', error: 'connection reset' }),
    ]);
    // A refusal the callback checks explain is not unexpected.
    expect((await t.deliver(message(), TOKEN, OLD_TOKEN.padEnd(32, '0'))).status).toBe(400);
    expect(t.logged('callback failed')).toHaveLength(1);
  });

  it('logs a store failure with its target, request id and cause, and does not spend the budget', async () => {
    const t = await intake({ requestId: 'req-answers-3', perMinute: 1 });
    const store = t.store;
    t.deps.store = Object.assign(Object.create(store) as Store, {
      record: () => Promise.reject(new Error('disk full')),
    });
    for (let i = 0; i < 2; i++)
      expect(await t.deliver(message())).toMatchObject({
        status: 503,
        body: { error: { code: 'STORE_UNAVAILABLE', message: 'The event could not be stored; retry later' } },
      });
    expect(t.logged('callback not stored')).toEqual([
      expect.objectContaining({
        level: 'error',
        target: 'default',
        requestId: 'req-answers-3',
        error: 'disk full',
      }),
      expect.objectContaining({ error: 'disk full' }),
    ]);
    t.deps.store = store;
    expect((await t.deliver(message())).status).toBe(200);
  });

  it('answers a store that does not answer with its own message, and leaves no timer after an answer', async () => {
    const t = await intake();
    const store = t.store;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect((await t.deliver(message())).status).toBe(200);
    expect(vi.getTimerCount()).toBe(0);
    let recordCalled!: () => void;
    const called = new Promise<void>((resolve) => {
      recordCalled = resolve;
    });
    t.deps.store = Object.assign(Object.create(store) as Store, {
      record: () => {
        recordCalled();
        return new Promise(() => {});
      },
    });
    const answer = t.deliver(message());
    await called;
    await vi.advanceTimersByTimeAsync(4000);
    expect(await answer).toMatchObject({
      status: 503,
      body: {
        error: { code: 'STORE_UNAVAILABLE', message: 'The event store did not answer in time; retry' },
      },
    });
    expect(t.logged('callback not stored')).toEqual([]);
  });
});
