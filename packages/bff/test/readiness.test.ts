/**
 * `/readyz` knows whether ESS accepts the configuration: a signed read against the real emulator at
 * start-up. Wrong credentials or an unknown operator make the instance unready (503, naming ESS's
 * code); an ESS that does not answer shows in the body but keeps 200; before the first answer the
 * ESS check is `ok: null`.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './harness.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Polls `/readyz` until the ESS check has an answer. */
async function readyOnceProbed(s: Stack) {
  for (let i = 0; i < 100; i++) {
    const res = await s.call('/readyz', { key: null });
    if (res.body.checks.ess.ok !== null) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the ESS probe never answered');
}

describe('/readyz and ESS', () => {
  it('is ready when ESS accepts the credentials', async () => {
    stack = await startStack();
    const res = await readyOnceProbed(stack);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      checks: { store: { ok: true }, ess: { ok: true, checkedAt: expect.any(String) } },
    });
    expect(res.body.checks.store.ms).toBeGreaterThanOrEqual(0);
    expect((await stack.call('/livez', { key: null })).status).toBe(200);
  });

  it('answers 503 naming AuthFailure.SignatureFailure when the SecretKey is wrong', async () => {
    stack = await startStack({}, { ESS_SECRET_KEY: 'WrongSecretKey-000000000000000' });
    const res = await readyOnceProbed(stack);
    expect(res.status).toBe(503);
    expect(res.body.ok).toBe(false);
    expect(res.body.checks.ess).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
    expect(res.body.checks.store.ok).toBe(true);
    // /healthz, the older name, says the same.
    expect((await stack.call('/healthz', { key: null })).status).toBe(503);
    expect(stack.logs.some((l) => l.includes('ess refuses the configuration'))).toBe(true);
  });

  it('answers 503 for an unknown SecretId and for an unknown operator', async () => {
    stack = await startStack({}, { ESS_SECRET_ID: 'AKIDnotKnownToTheEmulator0000001' });
    let res = await readyOnceProbed(stack);
    expect([res.status, res.body.checks.ess.code]).toEqual([503, 'AuthFailure.SecretIdNotFound']);
    await stack.close();
    stack = await startStack({}, { ESS_OPERATOR_USER_ID: 'yDnotAnEmployee00000000000000001' });
    res = await readyOnceProbed(stack);
    expect([res.status, res.body.checks.ess.code]).toEqual([503, 'ResourceNotFound']);
  });

  it('stays ready while ESS does not answer: ok null first, then the timeout in the body', async () => {
    // An ESS that accepts connections and never answers.
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      stack = await startStack(
        { ess: { timeoutMs: 800, retryBaseMs: 20, composeWaitMs: 1000 } },
        { ESS_ENDPOINT: `http://127.0.0.1:${port}` },
      );
      const first = await stack.call('/readyz', { key: null });
      expect(first.status).toBe(200);
      expect(first.body.checks.ess).toEqual({ ok: null });
      const later = await readyOnceProbed(stack);
      expect(later.status).toBe(200);
      expect(later.body.ok).toBe(true);
      expect(later.body.checks.ess).toMatchObject({ ok: false, code: 'ESS_TIMEOUT' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
