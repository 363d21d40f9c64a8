/**
 * Node entry: `npm run bff` / `ess-bff` serves the BFF with @hono/node-server on
 * `127.0.0.1:${PORT:-8787}`. `startBff(config)` does the same programmatically (tests use `port: 0`).
 *
 * Stopping (SIGTERM/SIGINT, or `close()`) is graceful and bounded by `SHUTDOWN_TIMEOUT_MS`: the
 * listener closes, requests still arriving on open connections get 503 `SHUTTING_DOWN`, every event
 * stream is told to reconnect (`retry:`) and closed, in-flight requests — callbacks among them, each
 * acknowledged only once durable — finish, the relay settles its deliveries, and the store closes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { type Bff, type CreateBffOptions, createBff } from './app.js';
import type { BffConfig } from './config.js';
import { BffError, ConfigError, errorBody } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { StoreLayoutError } from './store/layout.js';

/** A running BFF. */
export interface StartedBff {
  url: string;
  /** Graceful stop (see the module comment); resolves once everything is closed. */
  close(): Promise<void>;
}

/** Exit status for a configuration the BFF cannot run with (sysexits EX_CONFIG); systemd does not restart on it. */
export const EXIT_CONFIG = 78;

/**
 * The BFF's Node request listener: cached reads answered first (`bff.cachedReads`), everything else
 * by `fetch` (default: the app) through @hono/node-server. `hostname` is node-server's default host
 * for requests without a Host header. `active()` false sends every request to `fetch`.
 */
export function bffListener(
  bff: Bff,
  options: { fetch?: Bff['app']['fetch']; hostname?: string; active?: () => boolean } = {},
): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  const app = getRequestListener(options.fetch ?? bff.app.fetch, { hostname: options.hostname });
  const { cachedReads } = bff;
  const { active } = options;
  return active
    ? (incoming, outgoing) => (active() ? cachedReads(incoming, outgoing, app) : app(incoming, outgoing))
    : (incoming, outgoing) => cachedReads(incoming, outgoing, app);
}

/** Starts the BFF on `port` (default `config.port`; 0 = a random free port). */
export async function startBff(
  config: BffConfig & { port?: number },
  options: CreateBffOptions = {},
): Promise<StartedBff> {
  const bff = await createBff(config, options);
  let draining = false;
  const fetchOrRefuse: typeof bff.app.fetch = (request, env, ctx) => {
    if (!draining) return bff.app.fetch(request, env, ctx);
    const err = new BffError('SHUTTING_DOWN', 'This instance is stopping; retry (another instance answers)');
    return Response.json(errorBody(err, ''), {
      status: err.status,
      headers: { connection: 'close', 'retry-after': '1' },
    });
  };
  // While stopping, every request goes to fetchOrRefuse (503 SHUTTING_DOWN).
  const listener = bffListener(bff, { fetch: fetchOrRefuse, hostname: config.host, active: () => !draining });
  const server: Server = createServer(listener);
  server.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  // Requests being answered, so that a stop waits for them (event streams are closed first).
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | null = null;

  const stop = async () => {
    draining = true;
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    bff.closeStreams();
    // In-flight requests finish (a callback is answered only once durable); bounded by the deadline.
    while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    server.closeAllConnections();
    await closed;
    await bff.close();
  };

  return {
    url: `http://${host}:${port}`,
    close: () => {
      closing ??= stop();
      return closing;
    },
  };
}

const USAGE = `Usage: ess-bff [--check | --help]

Starts the ess-kit BFF, configured from environment variables (and BFF_CONFIG, a JSON/YAML file).

  --check   validate the configuration only (no ESS call, no store write); exit 0, or 78 naming
            every wrong setting
  --help    this text

Environment variables:
`;

/** One JSON line outside the configured logger (before the configuration is known). */
function plainLogger(): Logger {
  return createLogger({ level: 'info' });
}

/**
 * The `npm run bff` / `ess-bff` entry: `--help`, `--check`, or configuration from the environment,
 * then serve until SIGINT/SIGTERM (graceful stop, exit 0).
 */
export async function runServer(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { loadConfig, describeEnvironment, secretValues } = await import('./config.js');
  const unknown = argv.filter((a) => a !== '--help' && a !== '-h' && a !== '--check');
  if (argv.includes('--help') || argv.includes('-h') || unknown.length > 0) {
    const text = `${USAGE}${describeEnvironment()}\n`;
    if (unknown.length > 0) {
      process.stderr.write(`ess-bff: unknown option ${unknown[0]}\n\n${text}`);
      process.exit(64); // EX_USAGE
    }
    process.stdout.write(text);
    return;
  }
  let config: BffConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      plainLogger().error(err.message, { problems: err.problems });
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, secrets: secretValues(config) });
  // Start, stop and refusal lines are written whatever LOG_LEVEL says: they are how an operator
  // (and a supervisor) tells what the process is doing.
  const lifecycle = createLogger({ level: 'info', secrets: secretValues(config) });
  if (argv.includes('--check')) {
    lifecycle.info('configuration is valid', { essEnv: config.env, essEndpoint: config.ess.endpoint });
    return;
  }
  let started: StartedBff;
  try {
    // Opening the store can fail on configuration too (STORE_URL a directory, Redis unreachable).
    started = await startBff(config, { logger });
  } catch (err) {
    if (err instanceof ConfigError) {
      lifecycle.error(err.message, { problems: err.problems });
      process.exit(EXIT_CONFIG);
    }
    if (err instanceof StoreLayoutError) {
      lifecycle.error(err.message, { setting: 'STORE_URL' });
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
  lifecycle.info(`ess-kit BFF listening on ${started.url}`, {
    url: started.url,
    essEnv: config.env,
    essEndpoint: config.ess.endpoint,
    store: /^rediss?:/i.test(config.store.url) ? 'redis' : 'sqlite',
  });
  const stop = (signal: NodeJS.Signals) => {
    lifecycle.info('stopping', { signal, timeoutMs: config.shutdownTimeoutMs });
    // A second signal, or a stop that overruns its budget, ends the process anyway.
    const force = setTimeout(() => {
      lifecycle.error('stop did not finish in time; exiting', { timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs + 2000);
    force.unref();
    started.close().then(
      () => {
        lifecycle.info('stopped', { signal });
        process.exit(0);
      },
      (error) => {
        lifecycle.error('stop failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only when this file is the entry point (`npm run bff`), not when imported as a library.
const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (entry && import.meta.url === pathToFileURL(entry).href) {
  runServer().catch((err) => {
    plainLogger().error('BFF failed to start', { error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  });
}
