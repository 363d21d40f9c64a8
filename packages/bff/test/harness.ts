/**
 * Test stack: the real emulator and a real BFF, each on a random port, talking HTTP. Every response
 * the tests read and every log line the BFF writes is kept, so a suite can scan them for secrets.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SeedInfo, startEmulator } from '@ess-kit/emulator';
import { type Bff, createBff } from '../src/app.js';
import { type BffConfig, type BffConfigInput, loadConfig, secretValues } from '../src/config.js';
import type { BffDeps } from '../src/deps.js';
import { createLogger } from '../src/logger.js';
import { bffListener } from '../src/server.js';

/** Secrets unique to the test run, so a leak cannot hide behind a public dev value. */
export const TEST_SECRETS = {
  essSecretId: 'AKIDTestStackSecretId000000000001',
  essSecretKey: 'TestStackSecretKey-9f3a1c7e55d0b2',
  partnerKey: 'partner-key-7c1f0e9a4b2d6e8f',
  otherPartnerKey: 'partner-key-second-31b9d0aa77c4',
  tokenSecret: 'token-secret-b71e4c0a9d2f3e6a8c5b1d7e0f9a2c4b',
  callbackKey: 'TestCallbackKey-0123456789abcdef',
  callbackToken: 'callback-token-5d8e2a1f9c0b',
};

/** The seeded contract PDF of the emulator. */
export const CONTRACT_PDF = readFileSync(new URL('../../emulator/assets/contract.pdf', import.meta.url));

export interface Stack {
  emulatorUrl: string;
  bffUrl: string;
  seed: SeedInfo;
  config: BffConfig;
  /** The BFF's dependencies (its store, for arranging ownership records). */
  deps: BffDeps;
  /** The BFF itself (its app, its cached-read fast path). */
  bff: Bff;
  /** Every log line written by the BFF. */
  logs: string[];
  /** Every response body (and header block) read through `call`. */
  seen: string[];
  /** Calls the BFF; records the response text. */
  call(
    path: string,
    init?: RequestInit & { key?: string | null; json?: unknown },
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Mints a browser token through the BFF. */
  token(scope: Record<string, unknown>): Promise<string>;
  /** Points the emulator's callbacks at this BFF (v2, the stack's callback key and token). */
  routeCallbacksHere(): Promise<void>;
  /** Calls the emulator's control API. */
  // biome-ignore lint/suspicious/noExplicitAny: control API answers arbitrary JSON
  control(path: string, json?: unknown, method?: string): Promise<any>;
  close(): Promise<void>;
}

/**
 * Starts emulator + BFF. `overrides` are merged into the config file layer; `options.fetch` is what the
 * BFF reaches the emulator with (a test may put a faulty ESS answer in front of the real one).
 */
export async function startStack(
  overrides: BffConfigInput | ((seed: SeedInfo) => BffConfigInput) = {},
  env: Record<string, string> = {},
  options: { fetch?: typeof fetch } = {},
): Promise<Stack> {
  const emulator = await startEmulator({
    port: 0,
    secretId: TEST_SECRETS.essSecretId,
    secretKey: TEST_SECRETS.essSecretKey,
    composeDelayMs: 300,
  });
  const seed = (await (await fetch(`${emulator.url}/_emulator/seed`)).json()) as SeedInfo;
  const config = loadConfig(
    {
      ESS_ENV: 'emulator',
      ESS_ENDPOINT: emulator.url,
      ESS_FILE_ENDPOINT: emulator.url,
      ESS_SECRET_ID: TEST_SECRETS.essSecretId,
      ESS_SECRET_KEY: TEST_SECRETS.essSecretKey,
      ESS_OPERATOR_USER_ID: seed.operator.UserId,
      ESS_CALLBACK_KEY: TEST_SECRETS.callbackKey,
      ESS_CALLBACK_TOKEN: TEST_SECRETS.callbackToken,
      BFF_API_KEYS: `${TEST_SECRETS.partnerKey},${TEST_SECRETS.otherPartnerKey}`,
      BFF_TOKEN_SECRET: TEST_SECRETS.tokenSecret,
      BFF_ALLOWED_ORIGINS: 'https://shop.example',
      STORE_URL: ':memory:',
      ...env,
    },
    {
      organization: {
        organizationId: seed.organization.OrganizationId,
        name: seed.organization.OrganizationName,
      },
      groupMembers: seed.groupMembers.map((m) => ({
        organizationId: m.ProxyOrganizationId,
        name: m.OrganizationName,
      })),
      ess: { retryBaseMs: 20, composeWaitMs: 10_000, timeoutMs: 5000 },
      reconcile: { intervalMs: 0 },
      ...(typeof overrides === 'function' ? overrides(seed) : overrides),
    },
  );
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: secretValues(config),
    sink: (line) => logs.push(line),
  });
  const bff = await createBff(config, { logger, fetch: options.fetch });
  // As server.ts serves it: cached reads answered before the app (http/cached-read.ts).
  const server = createServer(bffListener(bff, { hostname: '127.0.0.1' })).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const bffUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const seen: string[] = [];

  const call: Stack['call'] = async (path, init = {}) => {
    const { key = TEST_SECRETS.partnerKey, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (key !== null && !headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
    if (json !== undefined) {
      headers.set('content-type', 'application/json');
      rest.body = JSON.stringify(json);
      rest.method ??= 'POST';
    }
    const res = await fetch(`${bffUrl}${path}`, { ...rest, headers, signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    seen.push(text, JSON.stringify([...res.headers]));
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: res.status, body, headers: res.headers };
  };

  const control: Stack['control'] = async (path, json, method) => {
    const res = await fetch(`${emulator.url}/_emulator${path}`, {
      method: method ?? (json === undefined ? 'GET' : 'POST'),
      headers: json === undefined ? {} : { 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${path} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };

  const token: Stack['token'] = async (scope) => {
    const res = await call('/v1/tokens', { json: scope });
    if (res.status !== 201) throw new Error(`token → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.token;
  };

  const routeCallbacksHere: Stack['routeCallbacksHere'] = async () => {
    await control(
      '/callback-targets',
      [
        {
          url: `${bffUrl}/v1/callbacks/ess`,
          key: TEST_SECRETS.callbackKey,
          token: TEST_SECRETS.callbackToken,
          format: 'v2',
        },
      ],
      'PUT',
    );
  };

  return {
    token,
    routeCallbacksHere,
    emulatorUrl: emulator.url,
    bffUrl,
    deps: bff.deps,
    bff,
    seed,
    config,
    logs,
    seen,
    call,
    control,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      });
      await bff.close();
      await emulator.close();
    },
  };
}

/** Approvers for a B2C file flow on the seeded contract (the organization is the main one). */
export function b2cFileApprovers(orgName: string) {
  const sign = (page: number, x: number) => ({
    ComponentType: 'SIGN_SIGNATURE',
    FileIndex: 0,
    ComponentPage: page,
    ComponentPosX: x,
    ComponentPosY: 600,
    ComponentWidth: 120,
    ComponentHeight: 60,
  });
  return [
    {
      ApproverType: 0,
      OrganizationName: orgName,
      ApproverName: '张三',
      ApproverMobile: '13800000001',
      SignComponents: [
        { ...sign(1, 100), ComponentType: 'SIGN_SEAL', ComponentWidth: 120, ComponentHeight: 120 },
      ],
    },
    { ApproverType: 1, ApproverName: '李四', ApproverMobile: '13800000002', SignComponents: [sign(1, 350)] },
  ];
}

/** Fails when any response read or any log line written contains a secret value of the stack. */
export function findSecretLeaks(stack: Stack): string[] {
  const haystack = [...stack.seen, ...stack.logs];
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(TEST_SECRETS)) {
    if (haystack.some((text) => text.includes(value))) leaks.push(name);
  }
  return leaks;
}
