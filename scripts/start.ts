/**
 * `npm start`: the emulator, the BFF (SQLite store by default) and the demo partner site, wired to
 * each other, on one machine, offline.
 *
 * Usage: npm start [-- --port N --emulator-port N --demo-port N --platform-port N --host H]
 * Ports also come from PORT (BFF), ESS_EMULATOR_PORT, DEMO_PORT and PLATFORM_PORT (the second BFF,
 * in 第三方应用 mode, for the demo's platform page); 0 picks a free port. Every BFF
 * and emulator environment variable (ESS_SECRET_ID, ESS_CALLBACK_KEY, BFF_API_KEYS, STORE_URL, ...)
 * applies to both sides at once; see docs/troubleshooting.md when something does not start.
 */
import { parseArgs } from 'node:util';
import { describeCjkFont } from '@ess-kit/emulator';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import { ensureElementsBundle } from '../demo/server/elements-bundle.js';
import { claimPort, PortInUseError, parsePort } from '../demo/server/ports.js';
import { keepRunningOnStrayRejections } from '../demo/server/process-guard.js';
import { type Stack, startStack } from '../demo/server/stack.js';

const usage = `Usage: npm start [-- --port N --emulator-port N --demo-port N --platform-port N --host H]

  --port N            BFF port (env PORT, default ${DEV_DEFAULTS.bffPort})
  --emulator-port N   emulator port (env ESS_EMULATOR_PORT, default ${DEV_DEFAULTS.emulatorPort})
  --demo-port N       demo site port (env DEMO_PORT, default ${DEV_DEFAULTS.demoPort})
  --platform-port N   port of the 第三方应用 (ESS_API=essbasic) BFF of the demo's platform page
                      (env PLATFORM_PORT; default ${DEV_DEFAULTS.platformBffPort}, or a free port when --port is given)
  --host H            interface to listen on (env HOST, default 127.0.0.1)
  --skip-build        do not build the elements bundle even when it is missing or stale`;

function fail(message: string): never {
  console.error(`\nnpm start: ${message}\n`);
  process.exit(1);
}

/** The command line, or a usage message and exit 1 for an unknown flag or a flag without its value. */
function parseOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        'emulator-port': { type: 'string' },
        'demo-port': { type: 'string' },
        'platform-port': { type: 'string' },
        host: { type: 'string' },
        'skip-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`);
  }
}

const args = parseOptions();
if (args.help) {
  console.log(usage);
  process.exit(0);
}

// A client closing a stream must never end the servers: log stray rejections instead of exiting.
keepRunningOnStrayRejections();

const env = process.env;
const host = args.host ?? env.HOST ?? '127.0.0.1';
let stack: Stack | undefined;
try {
  const wanted = {
    bff: parsePort(args.port ?? env.PORT, DEV_DEFAULTS.bffPort, args.port ? '--port' : 'PORT'),
    emulator: parsePort(
      args['emulator-port'] ?? env.ESS_EMULATOR_PORT,
      DEV_DEFAULTS.emulatorPort,
      args['emulator-port'] ? '--emulator-port' : 'ESS_EMULATOR_PORT',
    ),
    demo: parsePort(
      args['demo-port'] ?? env.DEMO_PORT,
      DEV_DEFAULTS.demoPort,
      args['demo-port'] ? '--demo-port' : 'DEMO_PORT',
    ),
    // Beside a BFF on a chosen port, the platform BFF takes any free port unless one is named.
    platform: parsePort(
      args['platform-port'] ?? env.PLATFORM_PORT,
      args.port || env.PORT ? 0 : DEV_DEFAULTS.platformBffPort,
      args['platform-port'] ? '--platform-port' : 'PLATFORM_PORT',
    ),
  };
  // Claim every port before starting anything, so a clash is reported with nothing left half-running.
  const ports = {
    emulator: await claimPort(wanted.emulator, host, 'emulator', 'ESS_EMULATOR_PORT or --emulator-port'),
    bff: await claimPort(wanted.bff, host, 'BFF', 'PORT or --port'),
    demo: await claimPort(wanted.demo, host, 'demo site', 'DEMO_PORT or --demo-port'),
    // Only the emulator has a platform application to show (ESS_ENV=emulator, ESS_API not essbasic).
    platform:
      (env.ESS_ENV ?? 'emulator') === 'emulator' && env.ESS_API !== 'essbasic'
        ? await claimPort(wanted.platform, host, 'platform BFF', 'PLATFORM_PORT or --platform-port')
        : undefined,
  };
  const claimed = Object.values(ports).filter((p) => p !== undefined);
  if (new Set(claimed).size < claimed.length)
    fail('the BFF, emulator, demo and platform ports must all differ');

  if (!args['skip-build']) ensureElementsBundle((line) => console.log(line));

  stack = await startStack({ env, host, ports });
} catch (error) {
  if (error instanceof PortInUseError) fail(error.message);
  const { code } = error as NodeJS.ErrnoException;
  if (code === 'EADDRINUSE') fail(`a port is already in use (${(error as Error).message}).`);
  fail((error as Error).message);
}

const { urls } = stack;
const essTarget = urls.emulator ?? `${stack.essEndpoint} (ESS_ENV=${env.ESS_ENV})`;
console.log(`
ess-kit is running (Ctrl-C stops everything)

  Demo partner site  ${urls.demo}
  Callbacks & events ${urls.events}
  BFF                ${urls.bff}   (API reference ${urls.bff}/docs)${urls.platformBff ? `\n  BFF 第三方应用       ${urls.platformBff}   (ESS_API=essbasic; demo page ${urls.demo}/platform)` : ''}
  ESS                ${essTarget}${urls.emulator ? `   (control API ${urls.emulator}/_emulator/seed)` : ''}
  Store              ${/^rediss?:/.test(stack.storeUrl) ? 'Redis (STORE_URL)' : `SQLite ${stack.storeUrl}`}
  Allowed origins    ${stack.allowedOrigins.join(', ')}
                     (pages elsewhere: add their origin to BFF_ALLOWED_ORIGINS)${urls.emulator ? `\n  Signed PDFs        ${describeCjkFont()}` : ''}
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    console.log('\nForced exit.');
    process.exit(130);
  }
  stopping = true;
  console.log(`\n${signal}: stopping the demo site, the BFF and the emulator …`);
  // A bounded wait: a server that will not close must not keep the terminal hostage.
  const timer = setTimeout(() => {
    console.error('Some servers did not close within 5 s; exiting anyway.');
    process.exit(1);
  }, 5_000);
  timer.unref();
  await stack?.close();
  console.log('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
