import { join } from 'node:path';
import { type BffConfig, loadConfig, startBff } from '@ess-kit/bff';
import {
  type CallbackTarget,
  exposureWarning,
  parseCallbackTargets,
  type SeedInfo,
  startEmulator,
} from '@ess-kit/emulator';
import { serve } from '@hono/node-server';
import { createDemoApp } from './app.js';
import { elementsBundleFile, repoRoot } from './elements-bundle.js';

/** Ports of the three servers; each must already be resolved (not 0) and free. */
export interface StackPorts {
  bff: number;
  emulator: number;
  demo: number;
  /** The second BFF, in 第三方应用 mode (ESS_API=essbasic); started only with the emulator. */
  platform?: number;
}

/** What `startStack` needs: the environment to honour, the interface and the ports. */
export interface StackOptions {
  /** Environment variables (usually `process.env`): every BFF and emulator setting is read from here. */
  env: Record<string, string | undefined>;
  host: string;
  ports: StackPorts;
}

/** The running emulator, BFF and demo site. */
export interface Stack {
  urls: { bff: string; emulator: string | null; demo: string; events: string; platformBff: string | null };
  /** The origins the BFF answers browsers from (`BFF_ALLOWED_ORIGINS` plus the demo's own). */
  allowedOrigins: string[];
  /** Where the BFF keeps events and snapshots (a SQLite path or a redis:// URL). */
  storeUrl: string;
  /** The ESS API base URL the BFF calls. */
  essEndpoint: string;
  close(): Promise<void>;
}

/**
 * The environment the BFF is configured from under `npm start`: the person's settings, plus the
 * emulator as ESS endpoint (unless `ESS_ENV` or `ESS_ENDPOINT` says otherwise), the chosen port and
 * a SQLite file under `.data/` as the default store. Everything else (credentials, callback key and
 * token, API keys, token secret) is left to the BFF's own defaults, env and `BFF_CONFIG` file, and
 * the emulator is then configured from the BFF's resolved configuration, so both always agree.
 */
export function bffEnvironment(
  env: Record<string, string | undefined>,
  emulatorUrl: string | null,
  bff: { host: string; port: number },
): Record<string, string | undefined> {
  const useEmulator = (env.ESS_ENV ?? 'emulator') === 'emulator' && emulatorUrl !== null;
  return {
    ...env,
    HOST: bff.host,
    PORT: String(bff.port),
    ESS_ENDPOINT: env.ESS_ENDPOINT ?? (useEmulator ? emulatorUrl : undefined),
    ESS_FILE_ENDPOINT: env.ESS_FILE_ENDPOINT ?? (useEmulator ? emulatorUrl : undefined),
    STORE_URL: env.STORE_URL ?? join(repoRoot, '.data', 'ess-kit.sqlite'),
  };
}

/** The emulator's callback targets: one per BFF callback target, with that target's key and token. */
export function emulatorCallbackTargets(config: BffConfig, bffUrl: string): CallbackTarget[] {
  return config.callbacks.targets.map((target) => ({
    url:
      target.name === 'default' ? `${bffUrl}/v1/callbacks/ess` : `${bffUrl}/v1/callbacks/ess/${target.name}`,
    key: target.key,
    ...(target.token ? { token: target.token } : {}),
    ...(target.organizationId ? { organizationId: target.organizationId } : {}),
    format: 'v2' as const,
  }));
}

/**
 * The demo's 第三方应用 BFF: the person's settings with ESS_API=essbasic (the emulator's platform
 * application), its own port and its own store (a second SQLite file, or the Redis prefix + "platform:").
 */
export function platformBffConfig(
  bffEnv: Record<string, string | undefined>,
  port: number,
  origins: string[],
): BffConfig {
  const storeUrl = bffEnv.STORE_URL ?? join(repoRoot, '.data', 'ess-kit.sqlite');
  const redis = /^rediss?:/i.test(storeUrl);
  const config = loadConfig({
    ...bffEnv,
    ESS_API: 'essbasic',
    PORT: String(port),
    // The ess callback pair belongs to the ess BFF; the platform one uses the application's.
    ESS_CALLBACK_KEY: undefined,
    ESS_CALLBACK_TOKEN: undefined,
    STORE_URL: redis ? storeUrl : storeUrl.replace(/(\.sqlite)?$/i, '-platform.sqlite'),
  } as NodeJS.ProcessEnv);
  if (redis) config.store.prefix = `${config.store.prefix ?? 'ess-kit:'}platform:`;
  config.allowedOrigins = [...new Set([...config.allowedOrigins, ...origins])];
  return config;
}

/** Extra receivers from `ESS_CALLBACK_URLS`, parsed exactly as `npm run emulator` parses them. */
function extraCallbackTargets(value: string | undefined): CallbackTarget[] {
  if (!value?.trim()) return [];
  return parseCallbackTargets(value);
}

/**
 * With no organizations configured, the BFF acts for the emulator's seeded main organization and its
 * group members, so the demo can act for a member out of the box. Configured ones are left alone.
 */
export function adoptEmulatorOrganizations(config: BffConfig, seed: SeedInfo): void {
  config.organization = {
    ...config.organization,
    organizationId: config.organization.organizationId ?? seed.organization.OrganizationId,
    name: config.organization.name ?? seed.organization.OrganizationName,
  };
  if (config.groupMembers.length === 0) {
    config.groupMembers = seed.groupMembers.map((member) => ({
      organizationId: member.ProxyOrganizationId,
      name: member.OrganizationName,
    }));
  }
}

/**
 * Starts the emulator (unless `ESS_ENV` points the BFF at Tencent), the BFF wired to it, and the demo
 * partner site, in that order. If any of them fails, the ones already started are closed again.
 */
export async function startStack({ env, host, ports }: StackOptions): Promise<Stack> {
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const bffUrl = `http://${shownHost}:${ports.bff}`;
  const demoUrl = `http://${shownHost}:${ports.demo}`;
  const demoOrigins = [demoUrl, `http://localhost:${ports.demo}`, `http://127.0.0.1:${ports.demo}`];
  const runEmulator = (env.ESS_ENV ?? 'emulator') === 'emulator';
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    closers.length = 0;
  };

  try {
    const emulatorBase = runEmulator ? `http://${shownHost}:${ports.emulator}` : null;
    const bffEnv = bffEnvironment(env, emulatorBase, { host, port: ports.bff });
    const config = loadConfig(bffEnv as NodeJS.ProcessEnv);
    // The demo page calls the BFF from its own origin: allow it beside whatever is configured.
    config.allowedOrigins = [...new Set([...config.allowedOrigins, ...demoOrigins])];

    const platformUrl = `http://${shownHost}:${ports.platform}`;
    const platformConfig =
      runEmulator && ports.platform && env.ESS_API !== 'essbasic'
        ? platformBffConfig(bffEnv, ports.platform, demoOrigins)
        : null;
    let emulatorUrl: string | null = null;
    if (runEmulator) {
      const emulator = await startEmulator({
        port: ports.emulator,
        host,
        secretId: config.ess.secretId,
        secretKey: config.ess.secretKey,
        dataFile: env.ESS_EMULATOR_DATA || undefined,
        publicUrl: emulatorBase!,
        // The emulator delivers callbacks to this BFF with the BFF's own keys and tokens, plus any
        // extra receivers named in ESS_CALLBACK_URLS.
        callbackTargets: [
          ...emulatorCallbackTargets(config, bffUrl),
          ...extraCallbackTargets(env.ESS_CALLBACK_URLS),
        ],
        // The platform application's callbacks go to the platform BFF, with its key and token.
        ...(platformConfig
          ? {
              essbasic: {
                callbackKey: platformConfig.callbacks.targets[0]?.key,
                callbackToken: platformConfig.callbacks.targets[0]?.token,
                callbackTargets: [{ url: `${platformUrl}/v1/callbacks/ess`, format: 'v2' as const }],
              },
            }
          : {}),
      });
      closers.push(() => emulator.close());
      emulatorUrl = emulator.url;
      adoptEmulatorOrganizations(config, emulator.handle.seed());
    }

    const bff = await startBff({ ...config, host, port: ports.bff });
    closers.push(() => bff.close());

    // 第三方应用: the same BFF code, switched by configuration (ESS_API=essbasic), own store.
    let platform: { bffUrl: string; partnerApiKey: string } | null = null;
    if (platformConfig && ports.platform) {
      const started = await startBff({ ...platformConfig, host, port: ports.platform });
      closers.push(() => started.close());
      platform = { bffUrl: platformUrl, partnerApiKey: platformConfig.apiKeys[0]?.key ?? '' };
    }

    const partnerApiKey = config.apiKeys[0].key;
    if (!partnerApiKey) throw new Error('BFF_API_KEYS is empty: the demo site needs one partner API key');
    const app = createDemoApp({
      bffUrl,
      emulatorUrl,
      partnerApiKey,
      bundleFile: elementsBundleFile,
      platform,
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
      const started = serve({ fetch: app.fetch, port: ports.demo, hostname: host }, () =>
        resolveServer(started),
      );
      started.once('error', reject);
    });
    const warning = exposureWarning(`the demo site (its /api/* holds a partner API key) at ${demoUrl}`, host);
    if (warning) console.warn(warning);
    closers.push(
      () =>
        new Promise<void>((done) => {
          // Open EventSource connections would keep close() waiting forever.
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => done());
        }),
    );

    return {
      urls: {
        bff: bffUrl,
        emulator: emulatorUrl,
        demo: demoUrl,
        events: `${demoUrl}/events`,
        platformBff: platform?.bffUrl ?? null,
      },
      allowedOrigins: config.allowedOrigins,
      storeUrl: config.store.url,
      essEndpoint: config.ess.endpoint,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
