import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEnvironment, ENV_VARS, loadConfig, secretValues } from './config.js';
import { ConfigError } from './errors.js';

const PROD = {
  ESS_ENV: 'production',
  ESS_SECRET_ID: 'AKIDprod',
  ESS_SECRET_KEY: 'prod-secret-key-value-123',
  ESS_OPERATOR_USER_ID: 'yDoperator',
  ESS_CALLBACK_KEY: 'ProdCallbackKey-0123456789abcdef',
  ESS_CALLBACK_TOKEN: 'prod-callback-token-from-the-console',
  BFF_API_KEYS: 'prod-partner-key-0123456789abcdef0123456789',
  BFF_TOKEN_SECRET: 'prod-token-secret-0123456789abcdef0123',
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the emulator on 127.0.0.1:8788 with the dev values', () => {
    const config = loadConfig({});
    expect(config.env).toBe('emulator');
    expect(config.ess.endpoint).toBe('http://127.0.0.1:8788');
    expect(config.ess.fileEndpoint).toBe('http://127.0.0.1:8788');
    expect(config.port).toBe(8787);
    expect(config.apiKeys).toEqual([{ key: 'dev-partner-key', organizations: null }]);
    expect(config.callbacks.targets[0]).toMatchObject({
      name: 'default',
      key: 'EssKitDevCallbackKey000000000000',
    });
    expect(config.store.url).toMatch(/\.data[/\\]ess-kit\.sqlite$/);
  });

  it('follows ESS_EMULATOR_PORT, ESS_ENV=test hosts and explicit endpoints', () => {
    expect(loadConfig({ ESS_EMULATOR_PORT: '9999' }).ess.endpoint).toBe('http://127.0.0.1:9999');
    const test = loadConfig({ ...PROD, ESS_ENV: 'test' });
    expect(test.ess.endpoint).toBe('https://ess.test.ess.tencent.cn');
    expect(test.ess.fileEndpoint).toBe('https://file.test.ess.tencent.cn');
    const prod = loadConfig(PROD);
    expect(prod.ess.endpoint).toBe('https://ess.tencentcloudapi.com');
    expect(prod.ess.fileEndpoint).toBe('https://file.ess.tencent.cn');
    const explicit = loadConfig({
      ...PROD,
      ESS_ENDPOINT: 'https://ess.example',
      ESS_FILE_ENDPOINT: 'https://file.example',
    });
    expect([explicit.ess.endpoint, explicit.ess.fileEndpoint]).toEqual([
      'https://ess.example',
      'https://file.example',
    ]);
  });

  it('production refuses to start without callback key, token secret or an API key', () => {
    expect(configError(() => loadConfig({ ...PROD, ESS_CALLBACK_KEY: '' })).setting).toBe('ESS_CALLBACK_KEY');
    expect(configError(() => loadConfig({ ...PROD, BFF_TOKEN_SECRET: '' })).setting).toBe('BFF_TOKEN_SECRET');
    expect(configError(() => loadConfig({ ...PROD, BFF_API_KEYS: '' })).setting).toBe('BFF_API_KEYS');
    expect(configError(() => loadConfig({ ...PROD, BFF_API_KEYS: 'dev-partner-key' })).setting).toBe(
      'BFF_API_KEYS',
    );
  });

  it('outside the emulator refuses each public development value alone and short partner keys, naming the variable', () => {
    const publicValues = {
      ESS_CALLBACK_KEY: 'EssKitDevCallbackKey000000000000',
      ESS_CALLBACK_TOKEN: 'ess-kit-dev-callback-token',
      BFF_TOKEN_SECRET: 'ess-kit-dev-token-secret-change-me-0000000000',
      BFF_API_KEYS: 'dev-partner-key',
      ESS_SECRET_KEY: 'EssKitEmulatorSecretKey000000000',
    };
    for (const essEnv of ['test', 'production'])
      for (const [name, value] of Object.entries(publicValues)) {
        const err = configError(() => loadConfig({ ...PROD, ESS_ENV: essEnv, [name]: value }));
        expect(err.setting, `${essEnv} ${name}`).toBe(name);
        expect(err.message).toMatch(/public development/);
        expect(err.message).not.toContain(value);
      }
    const short = configError(() => loadConfig({ ...PROD, BFF_API_KEYS: 'eight-chars-is-not-enough' }));
    expect(short.setting).toBe('BFF_API_KEYS');
    expect(short.message).toMatch(/at least 32 characters/);
    // Keys set in the config file are named by their path there.
    const fromFile = configError(() =>
      loadConfig({ ...PROD, BFF_API_KEYS: '' }, { apiKeys: ['short-file-key-000000'] }),
    );
    expect(fromFile.setting).toBe('BFF_CONFIG:apiKeys');
    // The emulator keeps its short dev key.
    expect(loadConfig({}).apiKeys).toEqual([{ key: 'dev-partner-key', organizations: null }]);
  });

  it('refuses a callback key that is not exactly 32 bytes, in every mode, without printing it', () => {
    for (const env of [{}, PROD, { ...PROD, ESS_ENV: 'test' }]) {
      const err = configError(() => loadConfig({ ...env, ESS_CALLBACK_KEY: 'short-but-secret-key' }));
      expect(err.setting).toBe('ESS_CALLBACK_KEY');
      expect(err.message).toMatch(/exactly 32 bytes/);
      expect(err.message).not.toContain('short-but-secret-key');
    }
    // 32 characters but 34 bytes (two 2-byte characters) is refused too.
    expect(() => loadConfig({ ESS_CALLBACK_KEY: `éé${'a'.repeat(30)}` })).toThrow(/exactly 32 bytes/);
  });

  it('names the bad setting for malformed values and never echoes secrets', () => {
    expect(configError(() => loadConfig({ PORT: 'eighty' })).setting).toBe('PORT');
    expect(configError(() => loadConfig({ ESS_ENV: 'staging' })).setting).toBe('ESS_ENV');
    expect(configError(() => loadConfig({ BFF_TRUSTED_PROXIES: '10.0.0.1,proxy.internal' })).setting).toBe(
      'BFF_TRUSTED_PROXIES',
    );
    expect(configError(() => loadConfig({ ESS_ENDPOINT: 'not a url' })).setting).toBe('ESS_ENDPOINT');
    expect(
      configError(() => loadConfig({ BFF_ALLOWED_ORIGINS: 'https://ok.example,ftp://x/y' })).setting,
    ).toBe('BFF_ALLOWED_ORIGINS');
    const err = configError(() => loadConfig({ BFF_TOKEN_SECRET: 'too-short-secret' }));
    expect(err.setting).toBe('BFF_TOKEN_SECRET');
    expect(err.message).not.toContain('too-short-secret');
    expect(configError(() => loadConfig({ ...PROD, ESS_ENV: 'test', ESS_SECRET_ID: '' })).setting).toBe(
      'ess.secretId',
    );
  });

  it('reads organizations and callback targets from a YAML or JSON file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bff-config-'));
    const yamlFile = path.join(dir, 'bff.yaml');
    writeFileSync(
      yamlFile,
      [
        'organization: { organizationId: yDmain000000000000000000000000001, name: Main }',
        'groupMembers:',
        '  - { organizationId: yDmember0000000000000000000000001, name: Member A }',
        'callbacks:',
        '  targets:',
        '    - { name: member-a, key: MemberACallbackKey00000000000000, organizationId: yDmember0000000000000000000000001 }',
      ].join('\n'),
    );
    const config = loadConfig({ BFF_CONFIG: yamlFile });
    expect(config.groupMembers).toEqual([
      { organizationId: 'yDmember0000000000000000000000001', name: 'Member A' },
    ]);
    expect(config.callbacks.targets.map((t) => t.name)).toEqual(['default', 'member-a']);

    const jsonFile = path.join(dir, 'bff.json');
    writeFileSync(jsonFile, JSON.stringify({ groupMembers: [{ name: 'no id' }] }));
    expect(configError(() => loadConfig({ BFF_CONFIG: jsonFile })).setting).toBe(
      'BFF_CONFIG:groupMembers.0.organizationId',
    );
    writeFileSync(jsonFile, '{ not json');
    expect(configError(() => loadConfig({ BFF_CONFIG: jsonFile })).setting).toBe('BFF_CONFIG');
    expect(configError(() => loadConfig({ BFF_CONFIG: path.join(dir, 'missing.yaml') })).message).toMatch(
      /cannot read/,
    );
    writeFileSync(jsonFile, JSON.stringify({ surprise: true }));
    expect(configError(() => loadConfig({ BFF_CONFIG: jsonFile })).message).toMatch(/surprise/);
  });

  it('reads scoped partner keys from the file beside unscoped env keys, and refuses scopes naming unknown organizations', () => {
    const file = {
      organization: { organizationId: 'yDmain000000000000000000000000001' },
      apiKeys: [
        {
          key: 'scoped-key-0123456789abcdef0123456789',
          organizations: ['yDmain000000000000000000000000001'],
        },
      ],
    };
    const config = loadConfig({ ...PROD }, file);
    expect(config.apiKeys).toEqual([
      { key: 'scoped-key-0123456789abcdef0123456789', organizations: ['yDmain000000000000000000000000001'] },
      { key: PROD.BFF_API_KEYS, organizations: null },
    ]);
    const unknown = configError(() =>
      loadConfig(
        { ...PROD },
        { ...file, apiKeys: [{ key: 'scoped-key-0123456789abcdef0123456789', organizations: ['yDother'] }] },
      ),
    );
    expect(unknown.setting).toBe('BFF_CONFIG:apiKeys.0.organizations');
  });

  it('lists every secret for redaction', () => {
    const config = loadConfig(PROD);
    expect(secretValues(config)).toEqual(
      expect.arrayContaining([
        PROD.ESS_SECRET_KEY,
        PROD.BFF_TOKEN_SECRET,
        PROD.BFF_API_KEYS,
        PROD.ESS_CALLBACK_KEY,
      ]),
    );
  });
});

// Operator-facing rules: every problem at once, the one table behind `ess-bff --help`, rotation
// settings, `:memory:` only with the emulator.
describe('configuration errors', () => {
  it('lists every problem in one error, each by its env var, never a value', () => {
    const secrets = {
      ESS_CALLBACK_KEY: 'short-secret-callback-key',
      BFF_TOKEN_SECRET: 'short-token-secret',
      METRICS_TOKEN: 'tiny-metric',
    };
    const err = configError(() =>
      loadConfig({
        ...PROD,
        ESS_SECRET_ID: '',
        PORT: 'eighty',
        ACCESS_LOG: 'loud',
        ESS_ENDPOINT: 'not a url',
        STORE_URL: ':memory:',
        ...secrets,
      }),
    );
    expect(err.problems.map((p) => p.setting).sort()).toEqual(
      [
        'ACCESS_LOG',
        'BFF_TOKEN_SECRET',
        'ESS_CALLBACK_KEY',
        'ESS_ENDPOINT',
        'METRICS_TOKEN',
        'PORT',
        'STORE_URL',
        'ess.secretId',
      ].sort(),
    );
    expect(err.message).toMatch(/^Invalid BFF configuration \(8 problems\):\n {2}- /);
    for (const value of Object.values(secrets)) expect(err.message).not.toContain(value);
  });

  it('names the config-file key when the value came from the file', () => {
    const err = configError(() =>
      loadConfig(
        { ...PROD, ESS_ENV: 'test' },
        { port: -1, store: { url: ':memory:' }, shutdownTimeoutMs: 5 },
      ),
    );
    expect(err.problems.map((p) => p.setting).sort()).toEqual(
      ['BFF_CONFIG:port', 'BFF_CONFIG:shutdownTimeoutMs', 'BFF_CONFIG:store.url'].sort(),
    );
  });

  it('refuses STORE_URL=:memory: outside the emulator only', () => {
    expect(loadConfig({ STORE_URL: ':memory:' }).store.url).toBe(':memory:');
    for (const env of [PROD, { ...PROD, ESS_ENV: 'test' }]) {
      const err = configError(() => loadConfig({ ...env, STORE_URL: 'sqlite::memory:' }));
      expect(err.problems).toEqual([
        { setting: 'STORE_URL', message: expect.stringMatching(/emulator only/) },
      ]);
    }
  });
});

describe('the environment variable table', () => {
  it('holds every variable the loader reads, and --help lists them all', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]));
    // INIT_CWD is npm's, not a setting.
    read.delete('INIT_CWD');
    expect(read.size).toBeGreaterThan(10);
    for (const name of read) expect(Object.keys(ENV_VARS)).toContain(name);
    const help = describeEnvironment();
    for (const name of Object.keys(ENV_VARS)) expect(help).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
  });

  it('reads the operational settings from the environment', () => {
    const config = loadConfig({
      ACCESS_LOG: 'off',
      METRICS_TOKEN: 'metrics-token-0123456789',
      SHUTDOWN_TIMEOUT_MS: '3000',
      ESS_PROBE_INTERVAL_MS: '0',
      STORE_MAX_EVENTS: '500',
      STORE_MAX_AGE_SECONDS: '3600',
      STORE_PERSONAL_DATA_MAX_AGE_SECONDS: '86400',
    });
    expect(config.accessLog).toBe('off');
    expect(config.metrics.token).toBe('metrics-token-0123456789');
    expect(config.shutdownTimeoutMs).toBe(3000);
    expect(config.ess.probeIntervalMs).toBe(0);
    expect(config.store.retention).toEqual({
      maxEvents: 500,
      maxAgeSeconds: 3600,
      personalDataMaxAgeSeconds: 86_400,
    });
    // Below a minute the sweep could not keep up: refused, naming the variable.
    expect(() => loadConfig({ STORE_PERSONAL_DATA_MAX_AGE_SECONDS: '10' })).toThrow(
      /STORE_PERSONAL_DATA_MAX_AGE_SECONDS/,
    );
    const defaults = loadConfig({});
    expect([defaults.accessLog, defaults.metrics.token, defaults.ess.probeIntervalMs]).toEqual([
      'on',
      undefined,
      300_000,
    ]);
  });
});

describe('rotation settings', () => {
  it('BFF_TOKEN_SECRET="new,old" signs with the new one and keeps the old one', () => {
    const config = loadConfig({ ...PROD, BFF_TOKEN_SECRET: `${'n'.repeat(32)}, ${'o'.repeat(32)}` });
    expect(config.tokens.secret).toBe('n'.repeat(32));
    expect(config.tokens.previousSecrets).toEqual(['o'.repeat(32)]);
    const err = configError(() => loadConfig({ ...PROD, BFF_TOKEN_SECRET: `${'n'.repeat(32)},short-old` }));
    expect(err.setting).toBe('BFF_TOKEN_SECRET');
    expect(err.message).not.toContain('short-old');
  });

  it('the previous callback pair comes from the environment, for 24 h unless an end is given', () => {
    const before = Date.now();
    const config = loadConfig({
      ...PROD,
      ESS_CALLBACK_KEY_PREVIOUS: 'OldCallbackKey-0123456789abcdef0',
      ESS_CALLBACK_TOKEN_PREVIOUS: 'old-token',
    });
    const previous = config.callbacks.targets[0]?.previous;
    expect(previous).toMatchObject({ key: 'OldCallbackKey-0123456789abcdef0', token: 'old-token' });
    const until = Date.parse(previous?.until ?? '');
    expect(until - before).toBeGreaterThanOrEqual(24 * 3600 * 1000 - 1000);
    expect(until - before).toBeLessThan(24 * 3600 * 1000 + 60_000);
    const fixed = loadConfig({
      ...PROD,
      ESS_CALLBACK_KEY_PREVIOUS: 'OldCallbackKey-0123456789abcdef0',
      ESS_CALLBACK_PREVIOUS_UNTIL: '2030-01-01T00:00:00+08:00',
    });
    expect(fixed.callbacks.targets[0]?.previous?.until).toBe('2030-01-01T00:00:00+08:00');
    const err = configError(() =>
      loadConfig({
        ...PROD,
        ESS_CALLBACK_KEY_PREVIOUS: 'old-short-key',
        ESS_CALLBACK_PREVIOUS_UNTIL: 'soon',
      }),
    );
    expect(err.problems.map((p) => p.setting).sort()).toEqual([
      'ESS_CALLBACK_KEY_PREVIOUS',
      'ESS_CALLBACK_PREVIOUS_UNTIL',
    ]);
    expect(err.message).not.toContain('old-short-key');
  });
});
