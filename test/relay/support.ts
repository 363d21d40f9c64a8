/**
 * Test support for the relay: the real BFF (`createBff`, every route, the relay started by it) with
 * relay targets, and local webhook receivers on node:http (port 0) whose behaviour a test scripts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createBff } from '../../packages/bff/src/app.js';
import { type BffConfig, type BffConfigInput, loadConfig } from '../../packages/bff/src/config.js';
import type { BffDeps } from '../../packages/bff/src/deps.js';
import { createLogger } from '../../packages/bff/src/logger.js';

export { DEV_KEY, DEV_TOKEN } from '../live/support.js';
export const PARTNER = { authorization: 'Bearer dev-partner-key' };
export const JSON_HEADERS = { 'content-type': 'application/json' };

export interface RelayBff {
  url: string;
  deps: BffDeps;
  config: BffConfig;
  logLines: string[];
  close(): Promise<void>;
}

/** Fast schedules for tests: short timeouts and retries in tens of milliseconds. */
export const FAST_RELAY = {
  concurrency: 8,
  timeoutMs: 1000,
  pollMs: 50,
  retry: { attempts: 4, baseMs: 40, maxMs: 200 },
};

/** Starts the real BFF app on a random port with `file` as its config file layer. */
export async function startRelayBff(options: {
  storeUrl: string;
  emulatorUrl: string;
  file: BffConfigInput;
}): Promise<RelayBff> {
  const config = loadConfig(
    {
      ESS_ENV: 'emulator',
      ESS_ENDPOINT: options.emulatorUrl,
      ESS_FILE_ENDPOINT: options.emulatorUrl,
      STORE_URL: options.storeUrl,
      LOG_LEVEL: 'warn',
    },
    { reconcile: { intervalMs: 0 }, ...options.file },
  );
  const logLines: string[] = [];
  const { secretValues } = await import('../../packages/bff/src/config.js');
  const logger = createLogger({
    level: 'info',
    secrets: secretValues(config),
    sink: (l) => logLines.push(l),
  });
  const bff = await createBff(config, { logger });
  const server = await new Promise<http.Server>((resolve) => {
    const s = serve({ fetch: bff.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(s as http.Server),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps: bff.deps,
    config,
    logLines,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await bff.close();
    },
  };
}

/** One request a receiver got. */
export interface Received {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: {
    id: string;
    family: string;
    msgType: string;
    flowId: string | null;
    organizationId: string | null;
  } & Record<string, unknown>;
  /** What the receiver answered. */
  answer: number | 'hang' | 'close';
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answered with 2xx. */
  accepted(): Received[];
  /** Resolves once `predicate` holds for the received requests, or rejects after `timeoutMs`. */
  waitUntil(predicate: (received: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A webhook receiver. `behave(request, index)` picks the answer: an HTTP status, `'hang'` (never
 * answers) or `'close'` (drops the connection). Default 200.
 */
export async function startReceiver(
  behave: (json: Received['json'], index: number) => number | 'hang' | 'close' = () => 200,
  options: { delayMs?: number } = {},
): Promise<Receiver> {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Received['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = { id: '', family: '', msgType: '', flowId: null, organizationId: null };
      }
      const answer = behave(json, received.length);
      received.push({ at: Date.now(), headers: req.headers, body, json, answer });
      for (const wake of waiters) wake();
      if (answer === 'hang') return;
      if (answer === 'close') {
        req.socket.destroy();
        return;
      }
      const reply = () => res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const accepted = () => received.filter((r) => typeof r.answer === 'number' && r.answer < 300);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    accepted,
    waitUntil(predicate, timeoutMs = 8000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`receiver: condition not met within ${timeoutMs} ms (${received.length} requests)`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Waits for `predicate` to become true (polling), or throws after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 8000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > until)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
