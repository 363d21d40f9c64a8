/**
 * @ess-kit/emulator — an offline, faithful Tencent E-Sign (ess 2020-11-11) for development,
 * demos and tests. `createEmulator()` gives a Hono app plus a handle; `startEmulator()` serves it.
 */

import { DEV_DEFAULTS } from '@ess-kit/shared';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { CallbackDispatcher } from './callbacks/index.js';
import type { EmulatorConfig, EmulatorContext } from './context.js';
import { PlatformCallbacks } from './essbasic/callbacks.js';
import { type PlatformOptions, seedPlatform } from './essbasic/seed.js';
import { exposureWarning } from './exposure.js';
import { Faults } from './faults.js';
import { buildSeed, type SeedInfo } from './seed.js';
import { Clock } from './state/clock.js';
import { EmulatorState } from './state/store.js';
import type { CallbackTarget } from './state/types.js';

export { startCallbackReceiver } from './callbacks/receiver.js';
export { parseCallbackTargets } from './callbacks/targets.js';
export type { EmulatorConfig, EmulatorContext } from './context.js';
export type { PlatformOptions, PlatformSeedInfo } from './essbasic/seed.js';
export type { Application, PlatformData, PlatformOperator, SubCompany } from './essbasic/types.js';
export { BASELINE_HEADERS, baselineHeaders, exposureWarning, isLoopbackHost } from './exposure.js';
export { describeCjkFont } from './files/glyphs.js';
export type { SeedInfo } from './seed.js';
export * from './state/index.js';

export interface EmulatorOptions {
  /** Default DEV_DEFAULTS.emulatorSecretId. */
  secretId?: string;
  /** Default DEV_DEFAULTS.emulatorSecretKey. */
  secretKey?: string;
  /** Persist state to this JSON file and load it at start. */
  dataFile?: string;
  /** Base clock in unix seconds (default: wall clock). `POST /_emulator/clock` adds to it. */
  now?: () => number;
  /** CreateDocument composition delay in ms (default 300). */
  composeDelayMs?: number;
  callbackTargets?: CallbackTarget[];
  /** Base URL used in links (sign pages, QR codes, files); startEmulator sets it from the bound port. */
  publicUrl?: string;
  /** Largest request body in bytes (default 84 MiB: a 60 MB PDF, ESS's limit, in base64). */
  maxBodyBytes?: number;
  /**
   * Send the FlowCost callback (quota charged at start, refunded by an early cancel). Tencent marks
   * it deprecated (已废弃), so it is off unless asked for (default false).
   */
  flowCostCallbacks?: boolean;
  /** Platform mode: the partner-platform API (essbasic 2021-05-26) on the same port; on by default. */
  essbasic?: PlatformOptions;
}

export interface EmulatorHandle {
  ctx: EmulatorContext;
  state: EmulatorState;
  clock: Clock;
  /** The seeded ids (`GET /_emulator/seed`). */
  seed(): SeedInfo;
  /** Back to the seeded state. */
  reset(): void;
  /** Changes the base URL of handed-out links. */
  setPublicUrl(url: string): void;
  /** Stops timers and callback delivery and saves pending state. */
  close(): Promise<void>;
}

function resolveConfig(options: EmulatorOptions): EmulatorConfig {
  return {
    secretId: options.secretId ?? DEV_DEFAULTS.emulatorSecretId,
    secretKey: options.secretKey ?? DEV_DEFAULTS.emulatorSecretKey,
    composeDelayMs: options.composeDelayMs ?? 300,
    dataFile: options.dataFile,
    callbackTargets: options.callbackTargets ?? [],
    // ESS takes PDFs up to 60 MB in UploadFiles: 80 MiB of base64, plus room for the rest of the body.
    maxBodyBytes: options.maxBodyBytes ?? 84 * 1024 * 1024,
    // Derived from the SecretKey so links stay valid across restarts of the same configuration.
    fileUrlSecret: `ess-kit-files:${options.secretKey ?? DEV_DEFAULTS.emulatorSecretKey}`,
    maxClockSkewSeconds: 300,
    flowCostCallbacks: options.flowCostCallbacks ?? false,
    essbasic: {
      enabled: options.essbasic?.enabled ?? true,
      secretId: options.essbasic?.secretId ?? options.secretId ?? DEV_DEFAULTS.emulatorSecretId,
      secretKey: options.essbasic?.secretKey ?? options.secretKey ?? DEV_DEFAULTS.emulatorSecretKey,
    },
  };
}

/** The seeded state: the ess organizations, and in platform mode the essbasic application beside them. */
function seedAll(config: EmulatorConfig, platform: PlatformOptions | undefined) {
  const seeded = buildSeed(config.callbackTargets);
  if (config.essbasic.enabled) seeded.info.application = seedPlatform(seeded.data, platform ?? {});
  return seeded;
}

/** Builds the emulator in-process: a Hono app (mount it or serve it) and a handle on its state. */
export function createEmulator(options: EmulatorOptions = {}): { app: Hono; handle: EmulatorHandle } {
  const config = resolveConfig(options);
  const clock = new Clock(options.now);
  const seeded = seedAll(config, options.essbasic);
  const state = new EmulatorState({
    clock,
    seed: () => seedAll(config, options.essbasic).data,
    dataFile: config.dataFile,
    composeDelayMs: config.composeDelayMs,
  });
  let publicUrl = (options.publicUrl ?? `http://127.0.0.1:${DEV_DEFAULTS.emulatorPort}`).replace(/\/+$/, '');
  const faults = new Faults();
  const callbacks = new CallbackDispatcher({ state, faults, flowCostCallbacks: config.flowCostCallbacks });
  const ctx: EmulatorContext = {
    config,
    clock,
    state,
    callbacks,
    faults,
    ...(config.essbasic.enabled ? { platformCallbacks: new PlatformCallbacks({ state, callbacks }) } : {}),
    publicUrl: () => publicUrl,
  };
  const app = createApp(ctx);
  const handle: EmulatorHandle = {
    ctx,
    state,
    clock,
    seed: () => structuredClone(seeded.info),
    reset: () => state.reset(),
    setPublicUrl: (url) => {
      publicUrl = url.replace(/\/+$/, '');
    },
    close: async () => {
      ctx.platformCallbacks?.close();
      await ctx.callbacks.close();
      state.close();
    },
  };
  return { app, handle };
}

/** Serves the emulator over HTTP (port 0 = random) and returns its base URL. */
export async function startEmulator(
  options: EmulatorOptions & { port?: number; host?: string } = {},
): Promise<{ url: string; handle: EmulatorHandle; close(): Promise<void> }> {
  const { app, handle } = createEmulator(options);
  const host = options.host ?? '127.0.0.1';
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve(
      { fetch: app.fetch, port: options.port ?? DEV_DEFAULTS.emulatorPort, hostname: host },
      (info) => resolve(info.port),
    );
    server.once('error', reject);
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const warning = exposureWarning(`the ESS emulator (control API, signing pages) at ${url}`, host);
  if (warning) console.warn(warning);
  if (!options.publicUrl) handle.setPublicUrl(url);
  // Real time passing also expires deadlines and QR codes, not only POST /_emulator/clock.
  const ticker = setInterval(() => handle.state.expireDue(), 1000);
  ticker.unref();
  return {
    url,
    handle,
    close: async () => {
      clearInterval(ticker);
      await handle.close();
      await new Promise<void>((resolve) => {
        const s = server as ServerType & { closeAllConnections?: () => void };
        s.close(() => resolve());
        s.closeAllConnections?.();
      });
    },
  };
}
