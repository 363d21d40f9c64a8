/** Test support: an emulator on a random port and the official SDK client pointed at it. */
import { existsSync, readFileSync } from 'node:fs';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { type EmulatorOptions, startEmulator } from '../src/index.js';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, composeDelayMs: 150, ...options });
}

/** Tencent's own CommonClient, exactly as a partner would configure it for a test host. */
export function officialClient(
  url: string,
  credential: { secretId: string; secretKey: string } = {
    secretId: DEV_DEFAULTS.emulatorSecretId,
    secretKey: DEV_DEFAULTS.emulatorSecretKey,
  },
) {
  const { protocol, host } = new URL(url);
  return new CommonClient(host, '2020-11-11', {
    credential,
    region: '',
    profile: { httpProfile: { protocol: `${protocol}//`, endpoint: host, reqTimeout: 10 } },
  });
}

/** Runs an SDK call that must fail and returns the ESS error code. */
export async function essErrorCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as { code?: string }).code ?? `no code: ${(error as Error).message}`;
  }
  throw new Error('expected an ESS error, the call succeeded');
}

export function contractPdfBase64(): string {
  return readFileSync(new URL('../assets/contract.pdf', import.meta.url)).toString('base64');
}

/** POST JSON to the control API. */
export async function control(url: string, path: string, body?: unknown, method = 'POST') {
  const response = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A raw signed call (shared's signer), for cases the SDK cannot produce (bad headers, bodies). */
export async function rawCall(
  url: string,
  action: string,
  body: string,
  overrides: {
    secretId?: string;
    secretKey?: string;
    timestamp?: number;
    version?: string;
    service?: string;
    keepPort?: boolean;
    headers?: Record<string, string>;
  } = {},
): Promise<{
  status: number;
  json: {
    Response: { Error?: { Code: string; Message: string }; RequestId: string } & Record<string, unknown>;
  };
}> {
  const { buildEssHeaders } = await import('@ess-kit/shared');
  const host = new URL(url).host;
  const headers = await buildEssHeaders({
    secretId: overrides.secretId ?? DEV_DEFAULTS.emulatorSecretId,
    secretKey: overrides.secretKey ?? DEV_DEFAULTS.emulatorSecretKey,
    service: overrides.service ?? 'ess',
    host,
    keepPort: overrides.keepPort,
    timestamp: overrides.timestamp ?? Math.floor(Date.now() / 1000),
    body,
    action,
    version: overrides.version,
  });
  const response = await fetch(`${url}/`, {
    method: 'POST',
    headers: { ...headers, ...overrides.headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: (await response.json()) as never };
}

/** Debian's Chromium (CHROME_PATH, else /usr/bin/chromium), headless — never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`Chromium not found at ${executablePath}; set CHROME_PATH (never download one).`);
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    protocolTimeout: 20_000,
  });
}
