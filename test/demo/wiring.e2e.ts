/**
 * `npm start` honours the BFF's and the emulator's settings for both sides at once: with custom
 * credentials, callback key and token, partner key and token secret, ESS still accepts the BFF's
 * calls and the BFF still accepts ESS's callbacks (checked through the emulator's delivery log).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimPort } from '../../demo/server/ports.js';
import { type StartedScript, spawnStart } from './start-script.js';

const custom = {
  ESS_SECRET_ID: 'AKIDCustomWiringTest000000000000',
  ESS_SECRET_KEY: 'CustomWiringSecretKey00000000000',
  ESS_CALLBACK_KEY: 'CustomCallbackKeyForWiring000000', // 32 bytes
  ESS_CALLBACK_TOKEN: 'custom-wiring-token',
  BFF_API_KEYS: 'custom-partner-key-0001',
  BFF_TOKEN_SECRET: 'custom-token-secret-for-the-wiring-test-000',
};

let workDir: string;
let started: StartedScript;
let demo: string;
let bff: string;
let emulator: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'ess-kit-wiring-'));
  const [bffPort, emulatorPort, demoPort] = [
    await claimPort(0, '127.0.0.1', 'bff', 'test'),
    await claimPort(0, '127.0.0.1', 'emulator', 'test'),
    await claimPort(0, '127.0.0.1', 'demo', 'test'),
  ];
  started = await spawnStart(
    [
      '--skip-build',
      '--port',
      String(bffPort),
      '--emulator-port',
      String(emulatorPort),
      '--demo-port',
      String(demoPort),
    ],
    { ...custom, STORE_URL: join(workDir, 'ess-kit.sqlite'), BFF_ALLOWED_ORIGINS: 'https://shop.example' },
  );
  demo = `http://127.0.0.1:${demoPort}`;
  bff = `http://127.0.0.1:${bffPort}`;
  emulator = `http://127.0.0.1:${emulatorPort}`;
});

afterAll(async () => {
  const code = await started?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  // Ctrl-C must stop everything cleanly.
  if (started) expect(code).toBe(0);
});

interface Delivery {
  flowId: string | null;
  status: string;
  target: { encrypted: boolean; signed: boolean };
}
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of several routes, read field by field
type Body = Record<string, any>;
const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Body,
});

it('uses the custom keys on both sides: calls are accepted, callbacks are decrypted and verified', async () => {
  // The dev partner key is not accepted any more; the custom one is.
  expect(
    (await fetch(`${bff}/v1/templates`, { headers: { authorization: 'Bearer dev-partner-key' } })).status,
  ).toBe(401);
  const created = await json(
    await fetch(`${demo}/api/contracts/by-file`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        preset: 'single-c',
        flowName: 'wiring test',
        parties: {
          ownOrganizationName: 'unused for single C',
          employee: { name: '张经办', mobile: '13800000001' },
          person: { name: '李小明', mobile: '13800000002' },
          otherCompany: { organizationName: 'x', name: 'y', mobile: '13800000003' },
        },
      }),
      signal: AbortSignal.timeout(30_000),
    }),
  );
  expect(created.status).toBe(201);
  const flowId = created.body.FlowId as string;
  const recipientId = created.body.Approvers[0].RecipientId as string;

  const signed = await fetch(`${emulator}/_emulator/flows/${flowId}/approvers/${recipientId}/sign`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(signed.status).toBe(200);

  // The BFF learns about the signature only from the callback: it must have decrypted and verified it.
  const deadline = Date.now() + 10_000;
  let flowStatus = 0;
  while (Date.now() < deadline && flowStatus !== 4) {
    const flow = await json(
      await fetch(`${bff}/v1/flows/${flowId}`, {
        headers: { authorization: `Bearer ${custom.BFF_API_KEYS}` },
      }),
    );
    flowStatus = flow.body.flowStatus;
    if (flowStatus !== 4) await new Promise((done) => setTimeout(done, 200));
  }
  expect(flowStatus).toBe(4);
  // Status 4 arrives with the 'sign' callback; 'finish' may still be on its way: let deliveries settle.
  const log = await json(await fetch(`${emulator}/_emulator/callbacks?settle=5000`));
  const mine = (log.body.deliveries as Delivery[]).filter((d) => d.flowId === flowId);
  expect(mine.length).toBeGreaterThan(0);
  expect(mine.every((d) => d.status === 'delivered' && d.target.encrypted && d.target.signed)).toBe(true);

  // The demo's origin was added to the allowed origins beside the configured one.
  const preflight = await fetch(`${bff}/v1/flows/${flowId}`, {
    method: 'OPTIONS',
    headers: {
      origin: demo,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    },
  });
  expect(preflight.headers.get('access-control-allow-origin')).toBe(demo);
  const configured = await fetch(`${bff}/v1/flows/${flowId}`, {
    method: 'OPTIONS',
    headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' },
  });
  expect(configured.headers.get('access-control-allow-origin')).toBe('https://shop.example');

  // npm start says which origins the BFF allows: the configured one and the demo's own.
  expect(started.output()).toMatch(/Allowed origins +.*https:\/\/shop\.example/);
  expect(started.output()).toContain(demo);

  // None of the secrets was printed.
  for (const secret of [
    custom.ESS_SECRET_KEY,
    custom.ESS_CALLBACK_KEY,
    custom.ESS_CALLBACK_TOKEN,
    custom.BFF_API_KEYS,
    custom.BFF_TOKEN_SECRET,
  ]) {
    expect(started.output()).not.toContain(secret);
  }
});
