/**
 * `npm run emulator` / `npx ess-emulator`: serves the emulator on 127.0.0.1 and prints what a
 * developer needs to point an SDK or the BFF at it.
 *
 *   --port N        (or ESS_EMULATOR_PORT; default 8788; 0 = random)
 *   --host H        (default 127.0.0.1)
 *   --data FILE     persist state to FILE (loaded at start, saved on change)
 *   --compose-delay MS   CreateDocument composition time (default 300)
 *   --flow-cost     send the deprecated FlowCost callback (or ESS_EMULATOR_FLOW_COST=1)
 *   env ESS_SECRET_ID / ESS_SECRET_KEY   credentials (default: DEV_DEFAULTS, public dev values)
 *   env ESS_CALLBACK_URLS                callback targets (JSON array or url|key|token|format list)
 */

import { DEV_DEFAULTS } from '@ess-kit/shared';
import { parseCallbackTargets } from './callbacks/index.js';
import { describeCjkFont } from './files/glyphs.js';
import { startEmulator } from './index.js';

interface CliOptions {
  port: number;
  host: string;
  dataFile?: string;
  composeDelayMs?: number;
  flowCostCallbacks?: boolean;
}

const USAGE = 'usage: ess-emulator [--port N] [--host H] [--data FILE] [--compose-delay MS] [--flow-cost]';

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const options: CliOptions = {
    port: Number(env.ESS_EMULATOR_PORT ?? DEV_DEFAULTS.emulatorPort),
    host: '127.0.0.1',
    flowCostCallbacks: env.ESS_EMULATOR_FLOW_COST === '1',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value.\n${USAGE}`);
      return v;
    };
    if (flag === '--port') options.port = Number(value());
    else if (flag === '--host') options.host = value();
    else if (flag === '--data') options.dataFile = value();
    else if (flag === '--compose-delay') options.composeDelayMs = Number(value());
    else if (flag === '--flow-cost') options.flowCostCallbacks = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown option ${flag}.\n${USAGE}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535)
    throw new Error(`Invalid port ${options.port}: use 0–65535.`);
  if (options.composeDelayMs !== undefined && !(options.composeDelayMs >= 0))
    throw new Error('--compose-delay takes milliseconds (≥ 0).');
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2), process.env);
  const secretId = process.env.ESS_SECRET_ID || DEV_DEFAULTS.emulatorSecretId;
  const secretKey = process.env.ESS_SECRET_KEY || DEV_DEFAULTS.emulatorSecretKey;
  const callbackTargets = parseCallbackTargets(process.env.ESS_CALLBACK_URLS);
  const emulator = await startEmulator({ ...options, secretId, secretKey, callbackTargets });
  const seed = emulator.handle.seed();
  const customKey = Boolean(process.env.ESS_SECRET_KEY);
  const lines = [
    `ess-kit ESS emulator (ess 2020-11-11) listening on ${emulator.url}`,
    `  API endpoint   POST ${emulator.url}/   (any Host; also the file host)`,
    `  SecretId       ${secretId}`,
    // A key chosen by the user is theirs to know; only the public development default is printed.
    `  SecretKey      ${customKey ? '(from ESS_SECRET_KEY)' : secretKey}`,
    `  Operator       ${seed.operator.UserId}`,
    `  Organization   ${seed.organization.OrganizationId}  ${seed.organization.OrganizationName}`,
    ...seed.seals.map((s) => `  Seal           ${s.SealId}  ${s.SealType}  ${s.SealName}`),
    ...seed.templates.map((t) => `  Template       ${t.TemplateId}  ${t.shape}`),
    ...seed.groupMembers.map((m) => `  Group member   ${m.ProxyOrganizationId}  ${m.OrganizationName}`),
    `  Seed PDF       ${seed.fileId}`,
    ...(seed.application
      ? [
          `  Platform AppId ${seed.application.AppId}  (essbasic 2021-05-26, same port and credentials)`,
          ...seed.application.subCompanies.map(
            (s) =>
              `  Sub-company    ${s.ProxyOrganizationOpenId}  operator ${s.operator.OpenId}  ${s.OrganizationName}`,
          ),
        ]
      : []),
    `  Control API    ${emulator.url}/_emulator/seed  (see packages/emulator/README.md)`,
    `  Signed PDFs    ${describeCjkFont()}`,
    `  Callbacks      ${callbackTargets.length} target(s)${options.dataFile ? `\n  State file     ${options.dataFile}` : ''}`,
  ];
  console.log(lines.join('\n'));
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  console.error(`ess-emulator: ${error.message}`);
  process.exit(1);
});
