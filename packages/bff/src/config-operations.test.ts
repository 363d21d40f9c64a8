/**
 * The operator-facing rules of the configuration loader: every problem at once, each named by its
 * environment variable (or config-file key) and never by its value; the one table of environment
 * variables behind `ess-bff --help`; rotation settings; `:memory:` only with the emulator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeEnvironment, ENV_VARS, loadConfig } from './config.js';
import { ConfigError } from './errors.js';

const PROD = {
  ESS_ENV: 'production',
  ESS_SECRET_ID: 'AKIDprod',
  ESS_SECRET_KEY: 'prod-secret-key-value-123',
  ESS_OPERATOR_USER_ID: 'yDoperator',
  ESS_CALLBACK_KEY: 'ProdCallbackKey-0123456789abcdef',
  BFF_API_KEYS: 'prod-partner-key-1',
  BFF_TOKEN_SECRET: 'prod-token-secret-0123456789abcdef0123',
  STORE_URL: '/var/lib/ess-kit/ess.sqlite',
};

function problemsOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration errors', () => {
  it('lists every problem in one error, each by its env var, never a value', () => {
    const secrets = {
      ESS_CALLBACK_KEY: 'short-secret-callback-key',
      BFF_TOKEN_SECRET: 'short-token-secret',
      METRICS_TOKEN: 'tiny-metric',
    };
    const err = problemsOf(() =>
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
    const err = problemsOf(() =>
      loadConfig(
        { ESS_ENV: 'test', ESS_SECRET_ID: 'a', ESS_SECRET_KEY: 'b', ESS_OPERATOR_USER_ID: 'c' },
        { port: -1, store: { url: ':memory:' }, shutdownTimeoutMs: 5 },
      ),
    );
    expect(err.problems.map((p) => p.setting).sort()).toEqual(
      ['BFF_CONFIG:port', 'BFF_CONFIG:shutdownTimeoutMs', 'BFF_CONFIG:store.url'].sort(),
    );
  });

  it('refuses STORE_URL=:memory: outside the emulator only', () => {
    expect(loadConfig({ STORE_URL: ':memory:' }).store.url).toBe(':memory:');
    for (const env of [
      PROD,
      { ESS_ENV: 'test', ESS_SECRET_ID: 'a', ESS_SECRET_KEY: 'b', ESS_OPERATOR_USER_ID: 'c' },
    ]) {
      const err = problemsOf(() => loadConfig({ ...env, STORE_URL: 'sqlite::memory:' }));
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
    });
    expect(config.accessLog).toBe('off');
    expect(config.metrics.token).toBe('metrics-token-0123456789');
    expect(config.shutdownTimeoutMs).toBe(3000);
    expect(config.ess.probeIntervalMs).toBe(0);
    expect(config.store.retention).toEqual({ maxEvents: 500, maxAgeSeconds: 3600 });
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
    const err = problemsOf(() => loadConfig({ ...PROD, BFF_TOKEN_SECRET: `${'n'.repeat(32)},short-old` }));
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
    const err = problemsOf(() =>
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
