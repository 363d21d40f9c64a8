// GET /v1/events in-process (issue 15), second part: scoped partner keys (the organization they act
// for, each key's own stream cap), the server-wide cap's message, how long a browser token's stream
// lives, and what the refusals name (cut to a readable length).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff } from '../app.js';
import { mintToken } from '../auth/tokens.js';
import { type BffConfig, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';

const MAIN = 'yDeventsScopeMainOrg';
const MEMBER = 'yDeventsScopeMemberOrg';
const FLOW = 'yDeventsScopeFlow00000000000001';
const SCOPED_KEY = 'events-scope-member-key';
const OTHER_KEY = 'events-scope-other-key';
const THIRD_KEY = 'events-scope-third-key';

let bff: Awaited<ReturnType<typeof createBff>>;
let config: BffConfig;
const lines: string[] = [];
const open: Response[] = [];

beforeAll(async () => {
  config = loadConfig(
    { ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error' },
    {
      organization: { organizationId: MAIN },
      groupMembers: [{ organizationId: MEMBER }],
      apiKeys: [{ key: SCOPED_KEY, organizations: [MEMBER] }, OTHER_KEY, THIRD_KEY],
      reconcile: { intervalMs: 0 },
      sse: { maxConnections: 3, maxConnectionsPerToken: 1, maxIdsPerConnection: 3, heartbeatMs: 1000 },
    },
  );
  bff = await createBff(config, { logger: createLogger({ level: 'info', sink: (l) => lines.push(l) }) });
  await bff.deps.store.putOwner('flow', 'yDmainOwnedFlow', MAIN);
  await bff.deps.store.putOwner('flow', FLOW, MEMBER);
});
afterAll(async () => {
  for (const res of open) await res.body?.cancel().catch(() => {});
  await bff?.close();
});

async function events(query: string, headers: Record<string, string> = {}) {
  const res = await bff.app.request(`/v1/events${query}`, { headers });
  if (res.status === 200) open.push(res);
  const body =
    res.status === 200 ? null : ((await res.json()) as { error: { code: string; message: string } });
  return { status: res.status, code: body?.error.code ?? null, message: body?.error.message ?? '', res };
}
const as = (key: string) => ({ authorization: `Bearer ${key}` });
async function close(res: Response) {
  await res.body?.cancel();
  open.splice(open.indexOf(res), 1);
}

describe('GET /v1/events: partner keys and caps', () => {
  it('lets a scoped partner key act only for its organizations', async () => {
    const member = await events(`?flowIds=${FLOW}&organizationId=${MEMBER}`, as(SCOPED_KEY));
    expect(member.status).toBe(200);
    await close(member.res);
    expect(await events(`?flowIds=${FLOW}`, as(SCOPED_KEY))).toMatchObject({
      status: 403,
      code: 'OUT_OF_SCOPE',
      message: `This partner key is not scoped to organization ${MAIN}`,
    });
    expect(await events(`?flowIds=${FLOW}&organizationId=yDelsewhere`, as(SCOPED_KEY))).toMatchObject({
      status: 403,
      message: 'This partner key is not scoped to organization yDelsewhere',
    });
    expect(await events(`?flowIds=yDmainOwnedFlow&organizationId=${MEMBER}`, as(SCOPED_KEY))).toMatchObject({
      status: 403,
      message: 'Flow yDmainOwnedFlow belongs to an organization this partner key is not scoped to',
    });
  });

  it('counts flow and QR code ids together against the per-connection cap', async () => {
    expect(await events('?flowIds=a1,a2&qrCodeIds=q1,q2', as(OTHER_KEY))).toMatchObject({
      status: 400,
      message: 'At most 3 ids per connection; open another stream for the rest',
    });
  });

  it("caps each partner key's streams on its own, then all streams with their own message", async () => {
    const first = await events(`?flowIds=${FLOW}`, as(OTHER_KEY));
    expect(first.status).toBe(200);
    expect(await events(`?flowIds=${FLOW}`, as(OTHER_KEY))).toMatchObject({
      status: 429,
      message: 'This token already has 1 open streams; close one (one stream carries many ids)',
    });
    const second = await events(`?flowIds=${FLOW}&organizationId=${MEMBER}`, as(SCOPED_KEY));
    expect(second.status).toBe(200);
    const third = await events(`?flowIds=${FLOW}`, as(THIRD_KEY));
    expect(third.status).toBe(200);
    const t = (
      await mintToken(
        config.tokens,
        { flowIds: [FLOW], qrCodeIds: [], templateIds: [], actions: [], organizationId: null },
        60,
      )
    ).token;
    expect(await events(`?token=${t}`)).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'The server holds its maximum number of streams; retry shortly',
    });
    for (const r of [first, second, third]) await close(r.res);
  });
});

describe('GET /v1/events: browser tokens', () => {
  it('names at most five ids the token does not cover, and cuts a malformed id to 80 characters', async () => {
    const t = (
      await mintToken(
        config.tokens,
        { flowIds: [FLOW], qrCodeIds: [], templateIds: [], actions: [], organizationId: null },
        60,
      )
    ).token;
    expect((await events(`?flowIds=z1,z2,z3,z4,z5,z6,z7&token=${t}`)).message).toBe(
      'The token does not cover: z1, z2, z3, z4, z5',
    );
    const long = `bad${'x'.repeat(100)}!`;
    expect((await events(`?flowIds=${long}&token=${t}`)).message).toBe(
      `flowIds holds a malformed id: ${JSON.stringify(long.slice(0, 80))}`,
    );
  });

  it('keeps a stream open until its token expires (past a heartbeat), not a moment less', async () => {
    const t = (
      await mintToken(
        config.tokens,
        { flowIds: [FLOW], qrCodeIds: [], templateIds: [], actions: [], organizationId: null },
        60,
      )
    ).token;
    const stream = await events(`?token=${t}`);
    expect(stream.status).toBe(200);
    const reader = (stream.res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The heartbeat (every second) either pings an open stream or closes an expired one.
    while (!text.includes(': ping') && !text.includes(':ping')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toMatch(/:\s?ping/);
    await reader.cancel();
    open.splice(open.indexOf(stream.res), 1);
  });

  it('logs a stream whose replay fails as "sse start failed" and ends it', async () => {
    const t = (
      await mintToken(
        config.tokens,
        { flowIds: [FLOW], qrCodeIds: [], templateIds: [], actions: [], organizationId: null },
        60,
      )
    ).token;
    const store = bff.deps.store;
    bff.deps.store = Object.assign(Object.create(store) as typeof store, {
      readEvents: () => Promise.reject(new Error('replay store gone')),
    });
    try {
      const stream = await events(`?token=${t}&since=0`);
      expect(stream.status).toBe(200);
      await stream.res.text(); // ends rather than hangs
      open.splice(open.indexOf(stream.res), 1);
    } finally {
      bff.deps.store = store;
    }
    expect(lines.map((l) => JSON.parse(l)).filter((l) => l.error === 'replay store gone')).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'sse start failed' }),
    ]);
  });
});
