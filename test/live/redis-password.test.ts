// Redis with a password and TLS, as production runs it: a redis-server started by this test on free
// ports with --requirepass and a TLS port (self-signed certificate made with openssl). The BFF
// stores callbacks through `redis://:<password>@host:port/db?prefix=…` and through `rediss://` with
// the CA given as ioredis options in its config file, reports the store ready, and with a wrong
// password stops with an error that does not print it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasOpenssl, selfSignedCertificate } from '../support/local.js';
import { type BffProcess, spawnBff } from './process.js';
import { DEV_KEY, DEV_TOKEN } from './support.js';

const PASSWORD = 'redis-pass-6f1c0e2b9a';
const dir = mkdtempSync(join(tmpdir(), 'ess-kit-redis-auth-'));
let redisServer: ChildProcess | undefined;
let port = 0;
let tlsPort = 0;
const running: BffProcess[] = [];

const hasRedisServer = await new Promise<boolean>((done) => {
  const check = spawn('redis-server', ['--version'], { stdio: 'ignore' });
  check.once('error', () => done(false));
  check.once('exit', (code) => done(code === 0));
});
if (!hasRedisServer && process.env.REQUIRE_REDIS === '1')
  throw new Error('REQUIRE_REDIS=1 but redis-server is not installed');

describe.skipIf(!hasRedisServer)('Redis with a password', () => {
  beforeAll(async () => {
    port = await freePort();
    const tls: string[] = [];
    if (hasOpenssl) {
      tlsPort = await freePort();
      const { key, cert } = selfSignedCertificate(dir);
      tls.push(
        '--tls-port',
        String(tlsPort),
        '--tls-cert-file',
        cert,
        '--tls-key-file',
        key,
        '--tls-auth-clients',
        'no',
      );
    }
    redisServer = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--requirepass',
        PASSWORD,
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        ...tls,
      ],
      { stdio: 'ignore' },
    );
    // Up within 10 s, or the suite fails (no fixed sleep: PING until it answers).
    const client = new Redis({
      port,
      password: PASSWORD,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {}); // refused until the server is up: the loop below retries
    for (let i = 0; ; i++) {
      try {
        await client.connect();
        if ((await client.ping()) === 'PONG') break;
      } catch (error) {
        if (i >= 100) throw error;
        client.disconnect();
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    client.disconnect();
  }, 20_000);

  afterAll(async () => {
    for (const p of running) await p.kill();
    if (redisServer && redisServer.exitCode === null) {
      const gone = new Promise((r) => redisServer?.once('exit', r));
      redisServer.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores callbacks and is ready with the right password', { timeout: 30_000 }, async () => {
    const bff = await spawnBff({
      STORE_URL: `redis://:${PASSWORD}@127.0.0.1:${port}/0?prefix=pw-test:`,
      ESS_CALLBACK_KEY: DEV_KEY,
      ESS_CALLBACK_TOKEN: DEV_TOKEN,
      ESS_PROBE_INTERVAL_MS: '0',
    });
    running.push(bff);
    const plaintext = JSON.stringify({
      MsgId: 'yDredisauth000000000000000000001',
      MsgType: 'FlowStatusChange',
      MsgVersion: 'CustomApp',
      MsgData: {
        FlowId: 'yDredisauthflow00000000000000001',
        FlowCallbackStatus: 1,
        Operate: 'start',
        OccurTime: 1_800_000_000,
      },
    });
    const body = JSON.stringify({ encrypt: await encryptCallback(plaintext, DEV_KEY) });
    const res = await fetch(`${bff.url}/v1/callbacks/ess`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-signature': await signContentSignature(body, DEV_TOKEN),
      },
      body,
    });
    expect(res.status).toBe(200);
    const ready = (await (await fetch(`${bff.url}/readyz`)).json()) as { checks: { store: { ok: boolean } } };
    expect(ready.checks.store.ok).toBe(true);
    const admin = new Redis({ port, password: PASSWORD });
    try {
      expect(await admin.xlen('pw-test:log')).toBe(1);
      expect(await admin.get('pw-test:schema-version')).toBe('3');
    } finally {
      admin.disconnect();
    }
    expect(bff.output.join('')).not.toContain(PASSWORD);
  });

  it.skipIf(!hasOpenssl)(
    'connects over TLS (rediss://) with the CA from the config file',
    { timeout: 30_000 },
    async () => {
      const config = join(dir, 'bff.yaml');
      const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
      writeFileSync(
        config,
        `store:\n  redis:\n    tls:\n      ca: |\n${ca
          .trim()
          .split('\n')
          .map((l) => `        ${l}`)
          .join('\n')}\n`,
      );
      const bff = await spawnBff({
        STORE_URL: `rediss://:${PASSWORD}@127.0.0.1:${tlsPort}/0?prefix=tls-test:`,
        BFF_CONFIG: config,
        ESS_PROBE_INTERVAL_MS: '0',
      });
      running.push(bff);
      const ready = (await (await fetch(`${bff.url}/readyz`)).json()) as {
        store: string;
        checks: { store: { ok: boolean } };
      };
      expect(ready.store).toBe('redis');
      expect(ready.checks.store.ok).toBe(true);
      const admin = new Redis({ port, password: PASSWORD });
      try {
        // The TLS port and the plain port are one server: the layout stamp written over TLS is here.
        expect(await admin.get('tls-test:schema-version')).toBe('3');
      } finally {
        admin.disconnect();
      }
    },
  );

  it('stops with a readable error, not the password, when the password is wrong', {
    timeout: 30_000,
  }, async () => {
    const wrong = 'wrong-pass-0d9e8f7a6b';
    const failure = await spawnBff({
      STORE_URL: `redis://:${wrong}@127.0.0.1:${port}/0?prefix=pw-test:`,
    }).then(
      (p) => {
        running.push(p);
        throw new Error('the BFF started with a wrong Redis password');
      },
      (error: Error) => error.message,
    );
    // A store that cannot be opened is a configuration problem: exit 78 naming STORE_URL (issue 12).
    expect(failure).toMatch(/exited \(78\) before listening/);
    expect(failure).toMatch(/STORE_URL/);
    expect(failure).toMatch(/WRONGPASS|NOAUTH|invalid username-password/i);
    expect(failure).not.toContain(wrong);
  });
});
