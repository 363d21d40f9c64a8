// GET /v1/events in-process (app.request, a Web stream): who may open a stream on what, and the
// error code of every refusal. The stream itself (replay, seam, resync) is live/stream.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff } from '../app.js';
import { mintToken } from '../auth/tokens.js';
import { type BffConfig, loadConfig } from '../config.js';
import { silentLogger } from '../logger.js';

const FLOW = 'yDeventsRouteFlow000000000000001';
const OTHER = 'yDeventsRouteFlow000000000000002';
const PARTNER_KEY = 'events-route-partner-key';

let bff: Awaited<ReturnType<typeof createBff>>;
let config: BffConfig;
const open: Response[] = [];

beforeAll(async () => {
  config = loadConfig(
    { ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error', BFF_API_KEYS: PARTNER_KEY },
    { reconcile: { intervalMs: 0 }, sse: { maxConnectionsPerToken: 2, maxIdsPerConnection: 3 } },
  );
  bff = await createBff(config, { logger: silentLogger });
  await bff.deps.store.putQrCode({
    qrCodeId: 'yDqrFromTemplate',
    qrCodeUrl: 'u',
    templateId: 'yDtemplateA',
    flowName: 'n',
    maxFlowNum: 1,
    flowCount: 0,
    flowIds: [],
    expiredTime: 0,
    state: 'active',
    failure: null,
    updatedAt: new Date().toISOString(),
    organizationId: null,
    link: null,
  });
});
afterAll(async () => {
  for (const res of open) await res.body?.cancel();
  await bff?.close();
});

async function token(scope: { flowIds?: string[]; qrCodeIds?: string[]; templateIds?: string[] } = {}) {
  const minted = await mintToken(
    config.tokens,
    {
      flowIds: scope.flowIds ?? [FLOW],
      qrCodeIds: scope.qrCodeIds ?? [],
      templateIds: scope.templateIds ?? [],
      actions: [],
      organizationId: null,
    },
    60,
  );
  return minted.token;
}

/** Opens the stream; keeps it for closing at the end when it opened. */
async function events(query: string, headers: Record<string, string> = {}) {
  const res = await bff.app.request(`/v1/events${query}`, { headers });
  if (res.status === 200) open.push(res);
  const body =
    res.status === 200 ? null : ((await res.json()) as { error: { code: string; message: string } });
  return { status: res.status, code: body?.error.code ?? null, message: body?.error.message ?? '', res };
}

describe('GET /v1/events: who may watch what', () => {
  it('takes the browser token from ?token=, a Bearer header or the cookie', async () => {
    const t = await token();
    const viaQuery = await events(`?token=${t}`);
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.res.headers.get('content-type')).toContain('text/event-stream');
    await viaQuery.res.body?.cancel();
    const viaBearer = await events('', { authorization: `Bearer ${t}` });
    expect(viaBearer.status).toBe(200);
    await viaBearer.res.body?.cancel();
    const viaCookie = await events('', { cookie: `ess_kit_token=${t}` });
    expect(viaCookie.status).toBe(200);
    await viaCookie.res.body?.cancel();
  });

  it('refuses a missing or forged credential with 401', async () => {
    expect(await events('?flowIds=x')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await events(`?flowIds=${FLOW}&token=a.b.c`)).toMatchObject({
      status: 401,
      code: 'TOKEN_INVALID',
    });
  });

  it('refuses ids outside the token, except QR codes of a template the token names', async () => {
    const t = await token();
    expect(await events(`?flowIds=${OTHER}&token=${t}`)).toMatchObject({ status: 403, code: 'OUT_OF_SCOPE' });
    expect(await events(`?qrCodeIds=yDqrFromTemplate&token=${t}`)).toMatchObject({
      status: 403,
      code: 'OUT_OF_SCOPE',
    });
    const byTemplate = await events(
      `?qrCodeIds=yDqrFromTemplate&token=${await token({ templateIds: ['yDtemplateA'] })}`,
    );
    expect(byTemplate.status).toBe(200);
    await byTemplate.res.body?.cancel();
    const otherTemplate = await token({ templateIds: ['yDtemplateB'] });
    expect(await events(`?qrCodeIds=yDqrFromTemplate&token=${otherTemplate}`)).toMatchObject({
      status: 403,
      code: 'OUT_OF_SCOPE',
    });
  });

  it('validates the ids and the cursor', async () => {
    const t = await token({ flowIds: [FLOW, OTHER, 'a', 'b'] });
    expect(await events(`?flowIds=bad%20id&token=${t}`)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await events(`?flowIds=${FLOW},${OTHER},a,b&token=${t}`)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await events(`?flowIds=${FLOW}&since=not-an-id&token=${t}`)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const resumed = await events(`?flowIds=${FLOW}&since=0&token=${t}`);
    expect(resumed.status).toBe(200);
    await resumed.res.body?.cancel();
  });

  it('lets a partner key watch any ids it names, and asks for at least one', async () => {
    const partner = { authorization: `Bearer ${PARTNER_KEY}` };
    expect(await events('', partner)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const watching = await events(`?flowIds=${OTHER}`, partner);
    expect(watching.status).toBe(200);
    await watching.res.body?.cancel();
  });

  it('caps the streams of one token with 429 and Retry-After', async () => {
    const t = await token();
    const first = await events(`?token=${t}`);
    const second = await events(`?token=${t}`);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await events(`?token=${t}`);
    expect(third).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(third.message).toContain('2 open streams');
    expect(third.res.headers.get('retry-after')).toBe('5');
    await first.res.body?.cancel();
    await expect.poll(async () => (await events(`?token=${t}`)).status).toBe(200);
  });

  it('says exactly what is wrong, counting each id once', async () => {
    const t = await token({ flowIds: [FLOW, OTHER, 'a', 'b'] });
    expect((await events(`?flowIds=ok,bad%20id&token=${t}`)).message).toBe(
      'flowIds holds a malformed id: "bad id"',
    );
    expect((await events(`?qrCodeIds=${'q'.repeat(65)}&token=${t}`)).message).toMatch(
      /^qrCodeIds holds a malformed id/,
    );
    expect((await events(`?flowIds=${FLOW},${OTHER}&flowIds=a,b&token=${t}`)).message).toBe(
      'At most 3 ids per connection; open another stream for the rest',
    );
    expect((await events(`?flowIds=${FLOW}&since=not-an-id&token=${t}`)).message).toBe(
      'Last-Event-ID / since must be an event id this server sent',
    );
    expect((await events(`?flowIds=${FLOW},zz1,zz2&token=${t}`)).message).toBe(
      'The token does not cover: zz1, zz2',
    );
    expect((await events(`?flowIds=,%20,&token=${t}`)).message).toBe(
      'Name at least one id to watch: flowIds=… or qrCodeIds=…',
    );
    // Repeated and blank entries collapse: four mentions of three ids fit the cap of three.
    const deduped = await events(`?flowIds=${FLOW},${FLOW},%20${OTHER}%20,,a&token=${t}`);
    expect(deduped.status).toBe(200);
    await deduped.res.body?.cancel();
    // A blank Last-Event-ID is no cursor; a valid one is accepted from the header too.
    for (const id of ['  ', '0']) {
      const resumed = await events(`?flowIds=${FLOW}&token=${t}`, { 'last-event-id': id });
      expect(resumed.status).toBe(200);
      await resumed.res.body?.cancel();
    }
    expect((await events(`?flowIds=${FLOW}&token=${t}`, { 'last-event-id': 'x' })).status).toBe(400);
  });
});
