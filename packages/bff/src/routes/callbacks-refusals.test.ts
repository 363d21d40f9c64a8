// Callback intake refusals in-process (issue 15), on a real SQLite store: every refusal's status,
// code and message; no decryption oracle (one answer for every failure after the signature); the
// failed-attempt budget spent by refusals only; named targets, the organization they stamp, key
// rotation, the legacy text/plain body and the reachability probe.
import { encryptCallback, MAX_CALLBACK_BYTES, signContentSignature } from '@ess-kit/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.js';
import { failedAttempts } from '../auth/failed-attempts.js';
import { loadConfig } from '../config.js';
import type { BffDeps } from '../deps.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import type { Store } from '../store/types.js';
import { callbackRoutes } from './callbacks.js';

const KEY = 'RefusalTestCallbackKey0000000000';
const TOKEN = 'refusal-test-callback-token';
const MEMBER_KEY = 'RefusalTestMemberKey000000000000';
const OLD_KEY = 'RefusalTestOldCallbackKey0000000';
const OLD_TOKEN = 'refusal-test-old-token';
const REJECTED =
  'The callback could not be decrypted into an ESS callback message; check the CallbackUrlKey configured for this URL (details are in the BFF log)';

const [sqlite] = backends('callbacks-refusals');
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  await sqlite?.cleanup();
});

let seq = 0;
const message = (flowId = `yDrefusalFlow${++seq}`) =>
  JSON.stringify({
    MsgId: `yDrefusalMsg${seq}-${flowId}`,
    MsgType: 'FlowStatusChange',
    MsgVersion: 'CustomApp',
    MsgData: { FlowId: flowId, FlowCallbackStatus: 1, Operate: 'start', OccurTime: 1_700_000_000 + seq },
  });

async function intake(options: { perMinute?: number; now?: number; until?: string } = {}) {
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
            previous: { key: OLD_KEY, token: OLD_TOKEN, until: options.until ?? '2100-01-01T00:00:00Z' },
          },
          { name: 'member', key: MEMBER_KEY, organizationId: 'yDmemberOrg' },
        ],
      },
    },
  );
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', sink: (line) => lines.push(line) });
  let clock = options.now ?? Date.now();
  const deps = {
    config,
    store,
    logger,
    clock: { now: () => clock },
    metrics: createMetrics(),
    failedAttempts: failedAttempts({
      perMinute: options.perMinute ?? 600,
      trustedProxies: [],
      now: () => clock,
    }),
  } as unknown as BffDeps;
  const app = callbackRoutes(deps);
  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { method: 'POST', headers, body });
    const json = (await res.json()) as Record<string, unknown> & {
      error?: { code: string; message: string; requestId: string };
    };
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: json };
  };
  return {
    store,
    lines,
    deps,
    advance: (ms: number) => {
      clock += ms;
    },
    post,
    /** A v2 delivery sealed with `key`, signed with `token` (unsigned when null). */
    async deliver(
      msg: string,
      key = KEY,
      token: string | null = TOKEN,
      path = '/v1/callbacks/ess',
    ): Promise<Awaited<ReturnType<typeof post>>> {
      const body = JSON.stringify({ encrypt: await encryptCallback(msg, key) });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers['content-signature'] = await signContentSignature(body, token);
      return post(path, body, headers);
    },
  };
}

describe('callback intake refusals', () => {
  it('answers the unsigned {} probe with 200 and refuses a wrongly signed one', async () => {
    const t = await intake();
    expect(await t.post('/v1/callbacks/ess', '{}', { 'content-type': 'application/json' })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    const wrong = await t.post('/v1/callbacks/ess', '{}', {
      'content-type': 'application/json',
      'content-signature': await signContentSignature('{}', 'another-token'),
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'CALLBACK_BAD_SIGNATURE' } } });
  });

  it('refuses an unsigned or wrongly signed delivery (401), a plaintext one and a wrong key (400, one message)', async () => {
    const t = await intake();
    expect(await t.deliver(message(), KEY, null)).toMatchObject({
      status: 401,
      body: { error: { code: 'CALLBACK_BAD_SIGNATURE' } },
    });
    expect(await t.deliver(message(), KEY, 'another-token')).toMatchObject({
      status: 401,
      body: { error: { code: 'CALLBACK_BAD_SIGNATURE' } },
    });
    const plain = message();
    expect(
      await t.post('/v1/callbacks/ess', plain, {
        'content-type': 'application/json',
        'content-signature': await signContentSignature(plain, TOKEN),
      }),
    ).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'CALLBACK_UNENCRYPTED',
          message: 'Unencrypted callbacks are refused: configure the CallbackUrlKey in ESS',
        },
      },
    });
    const wrongKey = await t.deliver(message(), 'SomeOtherCallbackKey000000000000');
    expect(wrongKey).toMatchObject({
      status: 400,
      body: { error: { code: 'CALLBACK_REJECTED', message: REJECTED } },
    });
    const notAMessage = await t.deliver('{"hello":"world"}');
    expect(notAMessage.body.error).toMatchObject({ code: 'CALLBACK_REJECTED', message: REJECTED });
    const garbage = '{"encrypt":"!!!"}';
    expect(
      (
        await t.post('/v1/callbacks/ess', garbage, {
          'content-type': 'application/json',
          'content-signature': await signContentSignature(garbage, TOKEN),
        })
      ).body.error,
    ).toMatchObject({ code: 'CALLBACK_REJECTED', message: REJECTED });
    // The detail stays in the log, with the target and no secret.
    const refused = t.lines.filter((l) => l.includes('callback refused'));
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expect(refused.some((l) => l.includes('"target":"default"') && l.includes('"detail"'))).toBe(true);
    for (const line of t.lines)
      for (const secret of [KEY, TOKEN, OLD_KEY, MEMBER_KEY]) expect(line).not.toContain(secret);
    expect((await t.store.readEvents(null, 100)).events).toEqual([]);
  });

  it('names an unknown target (404) and serves each named target with its own key and organization', async () => {
    const t = await intake();
    const unknown = await t.deliver(message(), KEY, TOKEN, `/v1/callbacks/ess/${'x'.repeat(80)}`);
    expect(unknown).toMatchObject({
      status: 404,
      body: {
        error: {
          code: 'CALLBACK_UNKNOWN_TARGET',
          message: `No callback target named "${'x'.repeat(64)}" is configured`,
        },
      },
    });
    const flowId = 'yDmemberFlow0001';
    expect(await t.deliver(message(flowId), MEMBER_KEY, null, '/v1/callbacks/ess/member')).toMatchObject({
      status: 200,
      body: { ok: true, duplicate: false },
    });
    const [event] = (await t.store.readEvents(null, 100)).events.filter((e) => e.flowId === flowId);
    expect(event?.organizationId).toBe('yDmemberOrg');
    expect(await t.deliver(message(), KEY, TOKEN, '/v1/callbacks/ess/default')).toMatchObject({
      status: 200,
    });
    // The member target's key does not open the default target.
    expect((await t.deliver(message(), MEMBER_KEY, TOKEN)).body.error?.code).toBe('CALLBACK_REJECTED');
  });

  it('accepts the legacy text/plain base64 body', async () => {
    const t = await intake();
    const body = await encryptCallback(message('yDlegacyFlow0001'), KEY);
    const answer = await t.post('/v1/callbacks/ess', body, {
      'content-type': 'text/plain',
      'content-signature': await signContentSignature(body, TOKEN),
    });
    expect(answer).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });
  });

  it('accepts the previous key and token during a rotation, and not after its end', async () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const t = await intake({ now, until: '2030-01-01T01:00:00Z' });
    expect(await t.deliver(message(), OLD_KEY, OLD_TOKEN)).toMatchObject({ status: 200 });
    expect((await t.deliver(message(), KEY, TOKEN)).status).toBe(200);
    // Mixed pairs fit neither: the current pair's refusal is what the caller sees.
    expect((await t.deliver(message(), OLD_KEY, TOKEN)).body.error?.code).toBe('CALLBACK_REJECTED');
    expect((await t.deliver(message(), KEY, OLD_TOKEN)).body.error?.code).toBe('CALLBACK_BAD_SIGNATURE');
    t.advance(3_600_000);
    expect((await t.deliver(message(), OLD_KEY, OLD_TOKEN)).body.error?.code).toBe('CALLBACK_BAD_SIGNATURE');
    expect((await t.deliver(message(), KEY, TOKEN)).status).toBe(200);
  });

  it('refuses a body over the limit with 413 and its size', async () => {
    const t = await intake();
    const big = JSON.stringify({ encrypt: 'A'.repeat(MAX_CALLBACK_BYTES + 10) });
    expect(await t.post('/v1/callbacks/ess', big, { 'content-type': 'application/json' })).toMatchObject({
      status: 413,
      body: {
        error: {
          code: 'CALLBACK_TOO_LARGE',
          message: `Callback bodies are limited to ${MAX_CALLBACK_BYTES} bytes`,
        },
      },
    });
  });

  it('spends the address budget on refusals, then answers 429 with Retry-After until it refills', async () => {
    const t = await intake({ perMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await t.deliver(message(), KEY, null)).status).toBe(401);
    const blocked = await t.deliver(message());
    expect(blocked).toMatchObject({
      status: 429,
      retryAfter: '20',
      body: {
        error: {
          code: 'RATE_LIMITED',
          message: 'Too many refused callbacks from this address; retry after 20 s',
        },
      },
    });
    // 429s themselves do not dig the hole deeper.
    expect((await t.deliver(message())).status).toBe(429);
    t.advance(20_000);
    expect(await t.deliver(message())).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('does not spend the budget when the store fails (ESS retries a genuine callback)', async () => {
    const t = await intake({ perMinute: 1 });
    const store = t.store;
    t.deps.store = Object.assign(Object.create(store) as Store, {
      record: () => Promise.reject(new Error('disk full')),
    });
    for (let i = 0; i < 3; i++)
      expect((await t.deliver(message())).body.error).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: 'The event could not be stored; retry later',
      });
    t.deps.store = store;
    expect(await t.deliver(message())).toMatchObject({ status: 200, body: { ok: true } });
  });
});
