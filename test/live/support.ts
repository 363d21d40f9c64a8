/**
 * Test support for the live path: the real BFF app (`createBff`) on a random port with a store the
 * test chose, and a small SSE client over node:http.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { startEmulator } from '@ess-kit/emulator';
import { serve } from '@hono/node-server';
import { createBff } from '../../packages/bff/src/app.js';
import { mintToken } from '../../packages/bff/src/auth/tokens.js';
import { type BffConfig, loadConfig } from '../../packages/bff/src/config.js';
import type { BffDeps } from '../../packages/bff/src/deps.js';
import { createLogger } from '../../packages/bff/src/logger.js';
import { openStore } from '../../packages/bff/src/store/index.js';

export interface LiveBffOptions {
  storeUrl: string;
  /** Redis key prefix, so that parallel runs do not meet. */
  prefix?: string;
  emulatorUrl?: string;
  targets?: { name: string; key: string; token?: string; organizationId?: string }[];
  sse?: Partial<BffConfig['sse']>;
  limits?: Partial<BffConfig['limits']>;
  retention?: { maxEvents?: number; maxAgeSeconds?: number };
  port?: number;
  logLines?: string[];
  groupMembers?: { organizationId: string; operatorUserId?: string }[];
}

export interface LiveBff {
  url: string;
  deps: BffDeps;
  config: BffConfig;
  token(scope: {
    flowIds?: string[];
    qrCodeIds?: string[];
    templateIds?: string[];
    organizationId?: string | null;
  }): Promise<string>;
  close(): Promise<void>;
}

export const DEV_KEY = 'EssKitDevCallbackKey000000000000';
export const DEV_TOKEN = 'ess-kit-dev-callback-token';

/** Starts a BFF made of the real live-path modules on a random port. */
export async function startLiveBff(options: LiveBffOptions): Promise<LiveBff> {
  const emulatorUrl = options.emulatorUrl ?? 'http://127.0.0.1:9';
  const config = loadConfig(
    {
      ESS_ENV: 'emulator',
      ESS_ENDPOINT: emulatorUrl,
      ESS_FILE_ENDPOINT: emulatorUrl,
      STORE_URL: options.storeUrl,
      LOG_LEVEL: 'warn',
    },
    {
      callbacks: { targets: options.targets ?? [{ name: 'default', key: DEV_KEY, token: DEV_TOKEN }] },
      reconcile: { intervalMs: 0 },
      ...(options.sse ? { sse: options.sse } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.groupMembers ? { groupMembers: options.groupMembers } : {}),
    },
  );
  const logger = createLogger({
    level: 'info',
    secrets: [
      config.ess.secretKey,
      config.tokens.secret,
      ...config.callbacks.targets.flatMap((t) => [t.key, t.token ?? '']),
    ],
    sink: (line) => options.logLines?.push(line),
  });
  const store = await openStore({
    store: { url: options.storeUrl, prefix: options.prefix, retention: options.retention },
  });
  // The real app (auth, CORS, request ids, every route), with this test's store and log sink.
  const bff = await createBff(config, { store, logger });
  const { deps } = bff;
  const server = await new Promise<http.Server>((resolve) => {
    const s = serve({ fetch: bff.app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () =>
      resolve(s as http.Server),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    config,
    async token(scope) {
      const { token } = await mintToken(
        config.tokens,
        {
          flowIds: scope.flowIds ?? [],
          qrCodeIds: scope.qrCodeIds ?? [],
          templateIds: scope.templateIds ?? [],
          actions: [],
          organizationId: scope.organizationId ?? null,
        },
        600,
      );
      return token;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await bff.close();
      await store.close();
    },
  };
}

export interface SseMessage {
  id: string | null;
  event: string;
  data: Record<string, unknown>;
}

export interface SseClient {
  status: number;
  messages: SseMessage[];
  /** Every `retry:` value the server sent, in order (the open frame's, then a shutdown hint's). */
  retries: number[];
  /** Resolves with the first message (from the start) matching `predicate`, or rejects after `timeoutMs`. */
  waitFor(predicate: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
  closed: Promise<void>;
}

/** Opens an SSE stream with node:http and parses it. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      req.setTimeout(0);
      const messages: SseMessage[] = [];
      const retries: number[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      let endResolve!: () => void;
      const closed = new Promise<void>((r) => {
        endResolve = r;
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
          let id: string | null = null;
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
            else if (line.startsWith('retry: ')) retries.push(Number(line.slice(7)));
          }
          if (data) messages.push({ id, event, data: JSON.parse(data) });
        }
        for (const w of waiters) w();
      });
      res.on('close', () => {
        endResolve();
        for (const w of waiters) w();
      });
      resolve({
        status: res.statusCode ?? 0,
        messages,
        retries,
        closed,
        waitFor(predicate, timeoutMs = 3000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const found = messages.find(predicate);
              if (found) {
                waiters.delete(check);
                clearTimeout(timer);
                ok(found);
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(
                  `no matching SSE message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => [m.event, m.id]))}`,
                ),
              );
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('SSE connect timeout')));
  });
}

/** What the intake answers (or an error envelope). */
export interface PostAnswer {
  ok?: boolean;
  duplicate?: boolean;
  error?: { code: string; message: string; requestId: string };
}

/** Reads a JSON (or text) response with a bounded wait. */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; json: PostAnswer }> {
  const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let json: PostAnswer = {};
  try {
    json = JSON.parse(text) as PostAnswer;
  } catch {}
  return { status: res.status, json };
}

/**
 * A one-signer file flow made straight in the emulator's state (as if another system created it),
 * still open: what reconciliation and lost-callback tests start from.
 */
export function createOpenFlowInEmulator(
  emulator: Awaited<ReturnType<typeof startEmulator>>,
  flowName: string,
  mobile: string,
) {
  const main = emulator.handle.state.mainOrganization();
  return emulator.handle.state.createFileFlow({
    organizationId: main.OrganizationId,
    operatorUserId: main.operatorUserId,
    flowName,
    fileId: emulator.handle.state.seedFileId(),
    approvers: [{ approverType: 1, name: 'L', mobile }],
  });
}

/** Points the emulator's callbacks at `bffUrl` (v2, the dev key and token); resolves to the HTTP status. */
export async function sendCallbacksTo(emulatorUrl: string, bffUrl: string): Promise<number> {
  const res = await fetch(`${emulatorUrl}/_emulator/callback-targets`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      { url: `${bffUrl}/v1/callbacks/ess`, key: DEV_KEY, token: DEV_TOKEN, format: 'v2' },
    ]),
  });
  await res.body?.cancel();
  return res.status;
}
