/**
 * Node entry: `npm run bff` serves the BFF with @hono/node-server on `127.0.0.1:${PORT:-8787}`.
 * `startBff(config)` does the same programmatically (tests use `port: 0`).
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { type CreateBffOptions, createBff } from './app.js';
import type { BffConfig } from './config.js';
import { ConfigError } from './errors.js';

/** A running BFF. */
export interface StartedBff {
  url: string;
  close(): Promise<void>;
}

/** Starts the BFF on `port` (default `config.port`; 0 = a random free port). */
export async function startBff(
  config: BffConfig & { port?: number },
  options: CreateBffOptions = {},
): Promise<StartedBff> {
  const bff = await createBff(config, options);
  const server = serve({ fetch: bff.app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open SSE streams would keep close() waiting forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await bff.close();
    },
  };
}

/** The `npm run bff` / `ess-bff` entry: config from the environment, then serve until SIGINT/SIGTERM. */
export async function runServer(): Promise<void> {
  const { loadConfig } = await import('./config.js');
  let config: BffConfig;
  let started: StartedBff;
  try {
    config = loadConfig();
    // Opening the store can fail on configuration too (STORE_URL a directory, Redis unreachable).
    started = await startBff(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  process.stdout.write(
    `ess-kit BFF listening on ${started.url} (ESS ${config.env}: ${config.ess.endpoint})\n`,
  );
  const stop = () => {
    started.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only when this file is the entry point (`npm run bff`), not when imported as a library.
const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (entry && import.meta.url === pathToFileURL(entry).href) {
  runServer().catch((err) => {
    process.stderr.write(`BFF failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
