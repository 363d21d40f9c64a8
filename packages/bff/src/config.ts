/**
 * Configuration: environment variables plus an optional JSON/YAML file (`BFF_CONFIG`), merged as
 * defaults < file < environment and validated with zod. A bad setting stops start-up with a
 * {@link ConfigError} that names the setting (the env var or the file path) — never its value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_FAILED_ATTEMPTS_PER_MINUTE } from './auth/failed-attempts.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { isAddressOrRange } from './http/client-address.js';
import { ESS_MAX_UPLOAD_BYTES } from './http/upload-limit.js';
import {
  normalizePartnerKey,
  type PartnerKeyInput,
  partnerKeySchema,
  partnerKeyStrings,
  scopeProblems,
} from './partner-scope.js';
import { ESSBASIC_HOSTS, essApiOf, platformProblems } from './platform/config.js';
import { DEFAULT_RELAY_CONFIG, relayConfigSchema } from './relay/config.js';
import { secretProblems } from './secret-rules.js';

/** Development values shared by every package (docs/internals.md): they only unlock the emulator. */
export const BFF_DEV_DEFAULTS = DEV_DEFAULTS;

/** API and file hosts per environment (ess-api.md §1.1). */
export const ESS_HOSTS = {
  test: { endpoint: 'https://ess.test.ess.tencent.cn', fileEndpoint: 'https://file.test.ess.tencent.cn' },
  production: { endpoint: 'https://ess.tencentcloudapi.com', fileEndpoint: 'https://file.ess.tencent.cn' },
} as const;

const essId = z.string().min(1).max(64);

const url = z.string().url();

const organizationSchema = z.strictObject({
  /** ESS OrganizationId; for group members this is the Agent.ProxyOrganizationId. */
  organizationId: essId.optional(),
  name: z.string().min(1).max(200).optional(),
  /** Operator used for calls made for this organization (defaults to the main operator). */
  operatorUserId: essId.optional(),
});

const callbackTargetSchema = z.strictObject({
  /** Path segment: the target is served at `/v1/callbacks/ess/<name>` ("default" also at `/v1/callbacks/ess`). */
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, "_" and "-" only'),
  /** CallbackUrlKey: exactly 32 bytes (AES-256). */
  key: z.string(),
  /** Token for the `Content-Signature` header (optional: unsigned deliveries then pass). */
  token: z.string().min(1).optional(),
  /** Organization the target belongs to (group members). */
  organizationId: essId.optional(),
  /**
   * The pair in use before a rotation (ESS's console switches at one moment): callbacks that verify
   * and decrypt with it are still accepted until `until` (ISO time; default 24 h after start-up).
   */
  previous: z
    .strictObject({
      key: z.string(),
      token: z.string().min(1).optional(),
      until: z.iso.datetime({ offset: true }),
    })
    .optional(),
});

const configSchema = z.strictObject({
  env: z.enum(['emulator', 'test', 'production']),
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  ess: z.strictObject({
    /** The product: `ess` (企业版, 自建应用) or `essbasic` (第三方应用, the partner platform; docs/partner-platform.md). */
    api: z.enum(['ess', 'essbasic']),
    /** The platform application's AppId (essbasic only; sent as Agent.AppId, never a secret). */
    appId: essId.optional(),
    endpoint: url,
    fileEndpoint: url,
    secretId: z.string().min(1, 'is required'),
    secretKey: z.string().min(1, 'is required'),
    /** X-TC-Region; ess treats it as optional, so empty means "not sent". */
    region: z.string(),
    operatorUserId: z.string().min(1, 'is required'),
    timeoutMs: z.number().int().min(100).max(120_000),
    maxRetries: z.number().int().min(0).max(10),
    retryBaseMs: z.number().int().min(1).max(10_000),
    /** Requests per second per action, overriding the documented limits (ess-api.md §4). */
    rateLimits: z.record(z.string(), z.number().positive()),
    /** Total time the by-template scenario waits for the document to compose. */
    composeWaitMs: z.number().int().min(0).max(120_000),
    /** How often readiness re-checks the credentials with a cheap signed read (0 = only at start). */
    probeIntervalMs: z.number().int().min(0),
  }),
  organization: organizationSchema,
  groupMembers: z.array(organizationSchema.extend({ organizationId: essId })),
  /** Partner keys: strings (unscoped) or `{ key, organizations, name? }` (partner-scope.ts). */
  apiKeys: z.array(partnerKeySchema).transform((keys) => keys.map(normalizePartnerKey)),
  /** JSON access log line per request at info (`ACCESS_LOG=off` silences it). */
  accessLog: z.enum(['on', 'off']),
  /** How long SIGTERM/SIGINT waits for in-flight requests, the relay and the store before exiting. */
  shutdownTimeoutMs: z.number().int().min(100).max(120_000),
  /** `GET /metrics` (Prometheus): off unless a token is set, then `Authorization: Bearer <token>`. */
  metrics: z.strictObject({ token: z.string().min(16, 'needs at least 16 characters').optional() }),
  tokens: z.strictObject({
    secret: z.string().min(32, 'needs at least 32 characters'),
    /** Earlier signing secrets still accepted during a rotation (`BFF_TOKEN_SECRET=new,old`). */
    previousSecrets: z.array(z.string().min(32, 'needs at least 32 characters')),
    audience: z.string().min(1),
    issuer: z.string().min(1),
    defaultTtlSeconds: z.number().int().min(10).max(86_400),
    maxTtlSeconds: z.number().int().min(10).max(86_400),
  }),
  allowedOrigins: z.array(
    z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be an origin like https://shop.example'),
  ),
  callbacks: z.strictObject({ targets: z.array(callbackTargetSchema) }),
  store: z.strictObject({
    url: z.string().min(1),
    /** Event log retention (store defaults: 100,000 events / 7 days; personal data 30 days). */
    retention: z
      .strictObject({
        maxEvents: z.number().int().min(1).optional(),
        maxAgeSeconds: z.number().int().min(1).optional(),
        /** Age after which MsgData, names and free text leave events and deliveries (store/personal-data.ts). */
        personalDataMaxAgeSeconds: z.number().int().min(60).optional(),
      })
      .optional(),
    /** Redis key prefix (default `ess-kit:`). */
    prefix: z.string().min(1).max(100).optional(),
    /** ioredis options (config file only): Sentinel (`sentinels`, `name`), TLS, timeouts… */
    redis: z.record(z.string(), z.unknown()).optional(),
  }),
  limits: z.strictObject({
    bodyBytes: z.number().int().min(1024),
    /** Largest file an upload route takes, decoded bytes (http/upload-limit.ts); at most ESS's 60 MB. */
    uploadBytes: z
      .number()
      .int()
      .min(1024)
      .max(
        ESS_MAX_UPLOAD_BYTES,
        `must be at most ${ESS_MAX_UPLOAD_BYTES} (60 MB, ESS's own limit for a PDF in UploadFiles)`,
      ),
    tokenRequestsPerSecond: z.number().positive(),
    keyRequestsPerSecond: z.number().positive(),
    /** Failed authentications and callbacks per source address and minute (auth/failed-attempts.ts). */
    failedAttemptsPerMinute: z.number().positive(),
  }),
  /** Proxies in front of the BFF whose `X-Forwarded-For` names the source address (http/client-address.ts). */
  trustedProxies: z.array(
    z.string().refine(isAddressOrRange, 'each entry must be an IP address or a CIDR range like 10.0.0.0/8'),
  ),
  reconcile: z.strictObject({
    /** How often open flows are re-read from ESS (0 = off). */
    intervalMs: z.number().int().min(0),
    /** A flow is reconciled after this long without news (default 5 minutes). */
    quietMs: z.number().int().min(0).optional(),
  }),
  sse: z.strictObject({
    heartbeatMs: z.number().int().min(1000),
    maxConnections: z.number().int().min(1),
    maxConnectionsPerToken: z.number().int().min(1),
    /** Partner streams (`GET /v1/partner/events`) one partner key may hold open at once. */
    maxStreamsPerPartnerKey: z.number().int().min(1),
    maxIdsPerConnection: z.number().int().min(1),
    queueLimit: z.number().int().min(1),
  }),
  /** Partner webhook targets and delivery schedule (relay/config.ts, docs/relay.md). */
  relay: relayConfigSchema.default(DEFAULT_RELAY_CONFIG),
});

/** The validated BFF configuration. */
export type BffConfig = z.infer<typeof configSchema>;
/** One callback target (the other engineer's intake uses it). */
export type CallbackTargetConfig = z.infer<typeof callbackTargetSchema>;
/** An organization the BFF acts for. */
export type OrganizationConfig = z.infer<typeof organizationSchema>;

type DeepPartial<T> = T extends (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
/** What a config file or a test may provide; everything is optional. */
export type BffConfigInput = Omit<DeepPartial<BffConfig>, 'apiKeys'> & { apiKeys?: PartnerKeyInput[] };

/** How an environment variable's text becomes a setting. */
type EnvKind = 'string' | 'int' | 'list' | 'rotating';

/** One environment variable the BFF reads. */
export interface EnvVar {
  /** Config path it sets (dotted); absent for variables that steer loading itself. */
  path?: string;
  kind?: EnvKind;
  /** One line for `ess-bff --help` and the docs. */
  help: string;
}

/**
 * Every environment variable the BFF reads, in one table: loading, error messages (which name the
 * variable the operator set) and `ess-bff --help` all come from here. `rotating` lists are
 * "current,previous": the first value is used, the others are still accepted.
 */
export const ENV_VARS: Record<string, EnvVar> = {
  ESS_ENV: { path: 'env', help: 'emulator (default), test or production: picks the ESS hosts and the rules' },
  BFF_CONFIG: {
    help: 'JSON or YAML file with further settings (group members, callback targets, relay, Redis options)',
  },
  ESS_EMULATOR_PORT: { kind: 'int', help: 'emulator port when ESS_ENV=emulator (default 8788)' },
  ESS_API: {
    path: 'ess.api',
    help: 'ess (default: 企业版, one organization and its group) or essbasic (第三方应用: a platform for sub-companies)',
  },
  ESS_APP_ID: {
    path: 'ess.appId',
    help: "essbasic only: the AppId of the 第三方应用 (console → 应用集成; the emulator's by default)",
  },
  ESS_ENDPOINT: { path: 'ess.endpoint', help: 'ESS API base URL (overrides the ESS_ENV host)' },
  ESS_FILE_ENDPOINT: {
    path: 'ess.fileEndpoint',
    help: 'ESS file host for UploadFiles (overrides the ESS_ENV host)',
  },
  ESS_SECRET_ID: { path: 'ess.secretId', help: 'SecretId of the ESS application (secret)' },
  ESS_SECRET_KEY: { path: 'ess.secretKey', help: 'SecretKey of the ESS application (secret)' },
  ESS_REGION: { path: 'ess.region', help: 'X-TC-Region header, sent only when set' },
  ESS_OPERATOR_USER_ID: {
    path: 'ess.operatorUserId',
    help: 'UserId of the employee every call acts as (essbasic: the ProxyOperator.OpenId of each sub-company)',
  },
  ESS_TIMEOUT_MS: {
    path: 'ess.timeoutMs',
    kind: 'int',
    help: 'timeout of one ESS attempt in ms (default 10000)',
  },
  ESS_PROBE_INTERVAL_MS: {
    path: 'ess.probeIntervalMs',
    kind: 'int',
    help: 'readiness re-checks ESS credentials this often in ms (default 300000; 0 = at start only)',
  },
  ESS_CALLBACK_KEY: { path: 'callbacks.targets.0.key', help: 'CallbackUrlKey, exactly 32 bytes (secret)' },
  ESS_CALLBACK_TOKEN: { path: 'callbacks.targets.0.token', help: 'callback signature token (secret)' },
  ESS_CALLBACK_KEY_PREVIOUS: {
    path: 'callbacks.targets.0.previous.key',
    help: 'the CallbackUrlKey before a rotation, still accepted for a while (secret)',
  },
  ESS_CALLBACK_TOKEN_PREVIOUS: {
    path: 'callbacks.targets.0.previous.token',
    help: 'the callback token before a rotation (secret)',
  },
  ESS_CALLBACK_PREVIOUS_UNTIL: {
    path: 'callbacks.targets.0.previous.until',
    help: 'ISO time until which the previous callback key/token pair is accepted (default: 24 h after start)',
  },
  BFF_API_KEYS: { path: 'apiKeys', kind: 'list', help: 'comma-separated partner API keys (secret)' },
  BFF_TOKEN_SECRET: {
    path: 'tokens.secret',
    kind: 'rotating',
    help: 'browser-token signing secret, >= 32 characters; "new,old" during a rotation (secret)',
  },
  BFF_ALLOWED_ORIGINS: {
    path: 'allowedOrigins',
    kind: 'list',
    help: 'comma-separated origins allowed by CORS',
  },
  BFF_TRUSTED_PROXIES: {
    path: 'trustedProxies',
    kind: 'list',
    help: 'comma-separated proxies (IPs or CIDR ranges) whose X-Forwarded-For names the client address',
  },
  STORE_URL: {
    path: 'store.url',
    help: 'SQLite file path, or redis://[:password@]host:port/db[?prefix=p:] (rediss:// for TLS)',
  },
  STORE_MAX_EVENTS: {
    path: 'store.retention.maxEvents',
    kind: 'int',
    help: 'events kept in the log (default 100000)',
  },
  STORE_MAX_AGE_SECONDS: {
    path: 'store.retention.maxAgeSeconds',
    kind: 'int',
    help: 'age in seconds after which events leave the log (default 604800)',
  },
  STORE_PERSONAL_DATA_MAX_AGE_SECONDS: {
    path: 'store.retention.personalDataMaxAgeSeconds',
    kind: 'int',
    help: "age in seconds after which callbacks' MsgData, signers' names and messages are removed from events and relay deliveries; the events stay (default 2592000 = 30 days, minimum 60)",
  },
  PORT: { path: 'port', kind: 'int', help: 'port to listen on (default 8787; 0 = any free port)' },
  HOST: { path: 'host', help: 'interface to listen on (default 127.0.0.1)' },
  LOG_LEVEL: { path: 'logLevel', help: 'debug, info (default), warn or error' },
  ACCESS_LOG: { path: 'accessLog', help: 'on (default): one JSON line per request at info; off' },
  METRICS_TOKEN: {
    path: 'metrics.token',
    help: 'enables GET /metrics, answered only with "Authorization: Bearer <token>" (secret)',
  },
  BFF_UPLOAD_MAX_BYTES: {
    path: 'limits.uploadBytes',
    kind: 'int',
    help: "largest file (PDF) the upload routes take, in bytes, JSON (base64) or multipart alike (default 20971520 = 20 MB; at most 62914560 = 60 MB, ESS's limit)",
  },
  SHUTDOWN_TIMEOUT_MS: {
    path: 'shutdownTimeoutMs',
    kind: 'int',
    help: 'how long SIGTERM waits for in-flight work before exiting (default 10000)',
  },
};

/** Env var → config path, so errors name what the operator actually set. */
const ENV_SETTINGS: Record<string, string> = Object.fromEntries(
  Object.entries(ENV_VARS).flatMap(([name, v]) => (v.path ? [[name, v.path]] : [])),
);

/** `ess-bff --help`'s list of variables, generated from {@link ENV_VARS}. */
export function describeEnvironment(): string {
  const width = Math.max(...Object.keys(ENV_VARS).map((name) => name.length));
  return Object.entries(ENV_VARS)
    .map(([name, v]) => `  ${name.padEnd(width)}  ${v.help}`)
    .join('\n');
}

type Env = Record<string, string | undefined>;

/** The env var and config path of each secret `secretProblems` checks. */
const SECRET_SETTINGS = {
  apiKeys: ['BFF_API_KEYS', 'apiKeys'],
  tokenSecret: ['BFF_TOKEN_SECRET', 'tokens.secret'],
  essSecretId: ['ESS_SECRET_ID', 'ess.secretId'],
  essSecretKey: ['ESS_SECRET_KEY', 'ess.secretKey'],
} as const;

/** The env var of a secret unless only the config file set it (a missing secret is named by its env var). */
function secretSettingName(name: keyof typeof SECRET_SETTINGS, env: Env, file: BffConfigInput): string {
  const [envName, dotted] = SECRET_SETTINGS[name];
  let node: unknown = file;
  for (const key of dotted.split('.')) node = isPlainObject(node) ? node[key] : undefined;
  return env[envName] || node === undefined ? envName : `BFF_CONFIG:${dotted}`;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function int(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new ConfigError(name, 'must be a whole number');
  return Number(value.trim());
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = merge(out[k], v);
  return out as T;
}

/** Reads a JSON or YAML config file; errors name the file, never its content. */
export function readConfigFile(file: string): BffConfigInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('BFF_CONFIG', `cannot read the file ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(
      'BFF_CONFIG',
      `${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'} (${(err as Error).message.split('\n')[0]})`,
    );
  }
  if (parsed == null) return {};
  if (!isPlainObject(parsed)) throw new ConfigError('BFF_CONFIG', `${file} must contain an object`);
  return parsed as BffConfigInput;
}

/** Problems found while loading; every one is reported, not just the first. */
type Problems = ConfigProblem[];

/** Runs `step`, recording a ConfigError it throws instead of stopping there. */
function collect<T>(problems: Problems, step: () => T, fallback: T): T {
  try {
    return step();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
    return fallback;
  }
}

function envLayer(
  env: Env,
  essEnv: BffConfig['env'],
  problems: Problems,
  api: BffConfig['ess']['api'],
): BffConfigInput {
  const layer: BffConfigInput = { ess: {} };
  const ess = layer.ess!;
  if (essEnv === 'emulator') {
    const port = env.ESS_EMULATOR_PORT
      ? collect(
          problems,
          () => int('ESS_EMULATOR_PORT', env.ESS_EMULATOR_PORT!),
          BFF_DEV_DEFAULTS.emulatorPort,
        )
      : BFF_DEV_DEFAULTS.emulatorPort;
    ess.endpoint = `http://127.0.0.1:${port}`;
    ess.fileEndpoint = `http://127.0.0.1:${port}`;
  } else {
    const hosts = api === 'essbasic' ? ESSBASIC_HOSTS : ESS_HOSTS;
    ess.endpoint = hosts[essEnv].endpoint;
    ess.fileEndpoint = hosts[essEnv].fileEndpoint;
  }
  for (const [name, { path: dotted, kind }] of Object.entries(ENV_VARS)) {
    const raw = env[name];
    // ESS_ENV chose the layer; the callback pair becomes the "default" target in loadConfig.
    if (raw === undefined || raw === '' || !dotted || name === 'ESS_ENV' || name.startsWith('ESS_CALLBACK_'))
      continue;
    if (kind === 'int') {
      const value = collect(problems, () => int(name, raw), undefined);
      if (value !== undefined) setPath(layer as Record<string, unknown>, dotted.split('.'), value);
    } else if (kind === 'rotating') {
      // "current,previous…": the first is used, the rest stay accepted (`previousSecrets` beside it).
      const [current, ...previous] = list(raw);
      const parts = dotted.split('.');
      setPath(layer as Record<string, unknown>, parts, current);
      setPath(layer as Record<string, unknown>, [...parts.slice(0, -1), 'previousSecrets'], previous);
    } else {
      setPath(layer as Record<string, unknown>, dotted.split('.'), kind === 'list' ? list(raw) : raw);
    }
  }
  if (env.ACCESS_LOG !== undefined && env.ACCESS_LOG !== '' && !/^(on|off)$/.test(env.ACCESS_LOG))
    problems.push({ setting: 'ACCESS_LOG', message: 'must be on or off' });
  return layer;
}

function defaults(essEnv: BffConfig['env'], cwd: string, api: BffConfig['ess']['api']): BffConfigInput {
  // The public development values unlock the emulator only (secret-rules.ts).
  const dev = essEnv === 'emulator';
  return {
    env: essEnv,
    host: '127.0.0.1',
    port: BFF_DEV_DEFAULTS.bffPort,
    logLevel: 'info',
    accessLog: 'on',
    shutdownTimeoutMs: 10_000,
    metrics: {},
    ess: {
      api,
      // The emulator's platform application unless ESS_APP_ID names another.
      ...(essEnv === 'emulator' && api === 'essbasic' ? { appId: BFF_DEV_DEFAULTS.platformAppId } : {}),
      region: '',
      timeoutMs: 10_000,
      maxRetries: 3,
      retryBaseMs: 200,
      rateLimits: {},
      composeWaitMs: 20_000,
      probeIntervalMs: 300_000,
      ...(essEnv === 'emulator'
        ? {
            secretId: BFF_DEV_DEFAULTS.emulatorSecretId,
            secretKey: BFF_DEV_DEFAULTS.emulatorSecretKey,
            operatorUserId: BFF_DEV_DEFAULTS.emulatorOperatorUserId,
          }
        : {}),
    },
    organization: {},
    groupMembers: [],
    apiKeys: dev ? [BFF_DEV_DEFAULTS.partnerApiKey] : [],
    tokens: {
      secret: dev ? BFF_DEV_DEFAULTS.tokenSecret : undefined,
      previousSecrets: [],
      audience: 'ess-kit-bff',
      issuer: 'ess-kit-bff',
      defaultTtlSeconds: 900,
      maxTtlSeconds: 86_400,
    },
    allowedOrigins: [],
    callbacks: { targets: [] },
    store: { url: path.join(cwd, '.data', 'ess-kit.sqlite') },
    limits: {
      bodyBytes: 1024 * 1024,
      uploadBytes: 20 * 1024 * 1024,
      tokenRequestsPerSecond: 50,
      keyRequestsPerSecond: 200,
      failedAttemptsPerMinute: DEFAULT_FAILED_ATTEMPTS_PER_MINUTE,
    },
    trustedProxies: [],
    reconcile: { intervalMs: 60_000 },
    sse: {
      heartbeatMs: 15_000,
      maxConnections: 10_000,
      maxConnectionsPerToken: 8,
      maxStreamsPerPartnerKey: 16,
      maxIdsPerConnection: 100,
      queueLimit: 256,
    },
  };
}

/** Where a config path came from, for error messages. */
function settingName(issuePath: PropertyKey[], env: Env, fromFile: boolean): string {
  const dotted = issuePath.map(String).join('.');
  for (const [name, p] of Object.entries(ENV_SETTINGS)) {
    if (env[name] === undefined || env[name] === '') continue;
    // A rotating variable also sets the `previousSecrets` beside its path.
    const paths = ENV_VARS[name]?.kind === 'rotating' ? [p, p.replace(/[^.]+$/, 'previousSecrets')] : [p];
    if (paths.some((q) => dotted === q || dotted.startsWith(`${q}.`))) return name;
  }
  return fromFile ? `BFF_CONFIG:${dotted}` : dotted;
}

/** A previous callback pair without an end is accepted this long after start-up. */
const PREVIOUS_CALLBACK_PAIR_MS = 24 * 3600 * 1000;

/**
 * Loads and validates the configuration.
 * @param env environment variables (default `process.env`)
 * @param file a config object or a JSON/YAML path; defaults to `env.BFF_CONFIG` when set
 * @throws ConfigError listing every bad setting at once (each by its env var or file key)
 */
export function loadConfig(env: Env = process.env, file?: string | BffConfigInput): BffConfig {
  const rawEnv = env.ESS_ENV ?? 'emulator';
  if (rawEnv !== 'emulator' && rawEnv !== 'test' && rawEnv !== 'production')
    throw new ConfigError('ESS_ENV', 'must be one of emulator, test, production');
  const essEnv = rawEnv as BffConfig['env'];
  const problems: Problems = [];
  const fileSource = file ?? (env.BFF_CONFIG ? env.BFF_CONFIG : undefined);
  const fileLayer: BffConfigInput =
    typeof fileSource === 'string'
      ? collect(problems, () => readConfigFile(fileSource), {})
      : (fileSource ?? {});
  if (fileLayer.env && fileLayer.env !== essEnv && env.ESS_ENV === undefined) {
    // The file may choose the environment when the env var does not.
    return loadConfig({ ...env, ESS_ENV: fileLayer.env }, fileLayer);
  }

  // `npm run bff -w` runs in the package folder; INIT_CWD is where the user typed the command.
  const api = essApiOf(env, fileLayer, problems);
  let merged = merge(defaults(essEnv, env.INIT_CWD || process.cwd(), api), fileLayer);
  const envKeys = envLayer(env, essEnv, problems, api);
  merged = merge(merged, envKeys);
  // Keys from BFF_API_KEYS (unscoped) join the file's scoped keys instead of replacing them.
  if (envKeys.apiKeys && fileLayer.apiKeys)
    merged.apiKeys = [...(fileLayer.apiKeys as unknown[]), ...envKeys.apiKeys] as typeof merged.apiKeys;
  // Endpoints in the file win over the env-chosen hosts unless ESS_ENDPOINT* is set.
  if (fileLayer.ess?.endpoint && !env.ESS_ENDPOINT) merged.ess!.endpoint = fileLayer.ess.endpoint;
  if (fileLayer.ess?.fileEndpoint && !env.ESS_FILE_ENDPOINT)
    merged.ess!.fileEndpoint = fileLayer.ess.fileEndpoint;

  // The env callback key/token form the "default" target; more targets come from the file.
  type PairInput = { key?: string; token?: string; until?: string };
  type TargetInput = PairInput & { name?: string; organizationId?: string; previous?: PairInput };
  const targets: TargetInput[] = [...((merged.callbacks?.targets ?? []) as TargetInput[])];
  const envKey = env.ESS_CALLBACK_KEY || undefined;
  const envToken = env.ESS_CALLBACK_TOKEN || undefined;
  const envPrevious: PairInput | undefined =
    env.ESS_CALLBACK_KEY_PREVIOUS || env.ESS_CALLBACK_TOKEN_PREVIOUS || env.ESS_CALLBACK_PREVIOUS_UNTIL
      ? {
          key: env.ESS_CALLBACK_KEY_PREVIOUS || undefined,
          token: env.ESS_CALLBACK_TOKEN_PREVIOUS || undefined,
          until: env.ESS_CALLBACK_PREVIOUS_UNTIL || undefined,
        }
      : undefined;
  const existingDefault = targets.findIndex((t) => t.name === 'default');
  if (envKey || envToken || envPrevious) {
    const base: TargetInput = existingDefault >= 0 ? targets[existingDefault] : { name: 'default' };
    const next = {
      ...base,
      name: 'default',
      key: envKey ?? base.key,
      token: envToken ?? base.token,
      ...(envPrevious ? { previous: { ...base.previous, ...stripUndefined(envPrevious) } } : {}),
    };
    if (existingDefault >= 0) targets[existingDefault] = next;
    else targets.unshift(next);
  } else if (existingDefault < 0 && essEnv === 'emulator') {
    // The emulator signs platform callbacks with its application's pair, ess ones with the organization's.
    targets.unshift({
      name: 'default',
      key: api === 'essbasic' ? BFF_DEV_DEFAULTS.platformCallbackKey : BFF_DEV_DEFAULTS.callbackKey,
      token: api === 'essbasic' ? BFF_DEV_DEFAULTS.platformCallbackToken : BFF_DEV_DEFAULTS.callbackToken,
    });
  }
  const previousUntil = new Date(Date.now() + PREVIOUS_CALLBACK_PAIR_MS).toISOString();
  for (const t of targets)
    if (t.previous && !t.previous.until) t.previous = { ...t.previous, until: previousUntil };
  merged.callbacks = { targets: targets as BffConfig['callbacks']['targets'] };
  const fromFile = typeof fileSource === 'string' || fileSource !== undefined;
  const problem = (setting: string, message: string) => problems.push({ setting, message });

  // Secrets per environment (secret-rules.ts): every problem joins the others, each naming its setting.
  problems.push(
    ...secretProblems({
      env: essEnv,
      essSecretId: merged.ess?.secretId,
      essSecretKey: merged.ess?.secretKey,
      tokenSecret: merged.tokens?.secret,
      previousTokenSecrets: merged.tokens?.previousSecrets ?? [],
      apiKeys: partnerKeyStrings(merged.apiKeys),
      targets,
      nameOf: (setting) => secretSettingName(setting, env, fileLayer),
      targetNameOf: (i, field, previous) =>
        targets[i].name === 'default'
          ? `ESS_CALLBACK_${field === 'key' ? 'KEY' : 'TOKEN'}${previous ? '_PREVIOUS' : ''}`
          : `callbacks.targets.${i}.${previous ? 'previous.' : ''}${field}`,
    }),
  );
  if (essEnv !== 'emulator' && /^(sqlite:(\/\/)?)?:memory:$/i.test(merged.store?.url?.trim() ?? ''))
    problem(
      settingName(['store', 'url'], env, fromFile),
      `:memory: keeps events only until the process stops; it is for the emulator only, not ESS_ENV=${essEnv}`,
    );
  targets.forEach((t, i) => {
    const fromEnv = i === 0 && t.name === 'default';
    for (const [pair, envName, where] of [
      [t, (envKey || envToken) && fromEnv ? 'ESS_CALLBACK_KEY' : undefined, `callbacks.targets.${i}.key`],
      [
        t.previous,
        env.ESS_CALLBACK_KEY_PREVIOUS && fromEnv ? 'ESS_CALLBACK_KEY_PREVIOUS' : undefined,
        `callbacks.targets.${i}.previous.key`,
      ],
    ] as const) {
      if (!pair) continue;
      const name = envName ?? (fromFile ? `BFF_CONFIG:${where}` : where);
      if (pair.key === undefined) {
        // secret-rules.ts may already have named it (required outside the emulator).
        if (!problems.some((p) => p.setting === name)) problem(name, 'is required for every callback target');
        continue;
      }
      const bytes = new TextEncoder().encode(pair.key).length;
      if (bytes !== 32)
        problem(name, `must be exactly 32 bytes (AES-256 CallbackUrlKey); this one has ${bytes}`);
    }
  });

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const where = settingName(issue.path, env, fromFile);
      const message =
        issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
      // The key and secret checks above already named a missing or wrong callback key or secret.
      const secret = Object.entries(SECRET_SETTINGS).find(
        ([, [, dotted]]) => dotted === issue.path.join('.'),
      );
      const named = secret
        ? secretSettingName(secret[0] as keyof typeof SECRET_SETTINGS, env, fileLayer)
        : where;
      const callbackKey = /^callbacks\.targets\.\d+\.(previous\.)?key$/.test(issue.path.join('.'));
      if (!callbackKey && !problems.some((p) => p.setting === where || p.setting === named))
        problem(where, message);
    }
    throw new ConfigError(problems);
  }
  const config = result.data;
  const ids = new Set<string>();
  for (const [i, m] of config.groupMembers.entries()) {
    if (ids.has(m.organizationId)) problem(`groupMembers.${i}.organizationId`, 'is listed twice');
    ids.add(m.organizationId);
  }
  problems.push(...platformProblems(config, env, fromFile));
  // Sub-companies are named at run time, so only 企业版 scopes can be checked against the configuration.
  if (config.ess.api === 'ess') problems.push(...scopeProblems(config));
  const names = new Set<string>();
  for (const [i, t] of config.callbacks.targets.entries()) {
    if (names.has(t.name)) problem(`callbacks.targets.${i}.name`, 'is used by two targets');
    names.add(t.name);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Every secret value of a config, for log redaction and the leak-scanning test. */
export function secretValues(config: BffConfig): string[] {
  return [
    config.ess.secretKey,
    config.tokens.secret,
    ...config.tokens.previousSecrets,
    ...config.apiKeys.map((k) => k.key),
    ...config.callbacks.targets.flatMap((t) => [
      t.key,
      t.token ?? '',
      t.previous?.key ?? '',
      t.previous?.token ?? '',
    ]),
    config.metrics.token ?? '',
    ...config.relay.targets.map((t) => t.secret),
  ].filter((s) => s.length > 0);
}

/** The organization id a call acts for, or null for the main organization. */
export function findGroupMember(config: BffConfig, organizationId: string | undefined | null) {
  if (!organizationId) return null;
  return config.groupMembers.find((m) => m.organizationId === organizationId) ?? null;
}
