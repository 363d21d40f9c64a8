/**
 * Secrets per environment, at start-up: the public development values unlock the emulator only. With
 * `ESS_ENV=test` or `production`, each missing secret and each public value — alone, every other setting
 * valid — stops `npm run bff` with exit 78 naming the variable, never printing the value.
 */
import os from 'node:os';
import path from 'node:path';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer } from './start-server.js';

/** A complete, valid set of secrets for a real ESS environment (none of them public). */
const VALID = {
  ESS_SECRET_ID: 'AKIDRealTestEnvironmentSecretId01',
  ESS_SECRET_KEY: 'real-test-environment-secret-key-0001',
  ESS_OPERATOR_USER_ID: 'yDRealOperator000000000000000001',
  ESS_CALLBACK_KEY: 'RealCallbackUrlKey00000000000001',
  ESS_CALLBACK_TOKEN: 'real-callback-token-from-the-ess-console',
  BFF_API_KEYS: 'real-partner-key-0123456789abcdef0123456789',
  BFF_TOKEN_SECRET: 'real-token-secret-0123456789abcdef0123456789',
  // A file, not `:memory:` (the emulator only); nothing is written unless a refusal regresses.
  STORE_URL: path.join(os.tmpdir(), `ess-kit-startup-secrets-${process.pid}.sqlite`),
  // Should a refusal regress, the server that starts instead must not collide with anything.
  PORT: '0',
};

const SECRETS = ['ESS_CALLBACK_KEY', 'ESS_CALLBACK_TOKEN', 'BFF_TOKEN_SECRET', 'BFF_API_KEYS'] as const;
const PUBLIC_VALUE: Record<(typeof SECRETS)[number], string> = {
  ESS_CALLBACK_KEY: DEV_DEFAULTS.callbackKey,
  ESS_CALLBACK_TOKEN: DEV_DEFAULTS.callbackToken,
  BFF_TOKEN_SECRET: DEV_DEFAULTS.tokenSecret,
  BFF_API_KEYS: DEV_DEFAULTS.partnerApiKey,
};

const ROWS = (['test', 'production'] as const).flatMap((essEnv) =>
  SECRETS.flatMap((name) => [
    { essEnv, name, case: 'missing', value: '' },
    { essEnv, name, case: 'public', value: PUBLIC_VALUE[name] },
  ]),
);

describe('secrets per environment', () => {
  it('the valid base configuration loads in test and production (so each row below changes one thing)', () => {
    for (const essEnv of ['test', 'production']) {
      const config = loadConfig({ ...VALID, ESS_ENV: essEnv });
      expect(config.env).toBe(essEnv);
    }
  });

  it('in emulator mode the public defaults apply for every missing secret', () => {
    const config = loadConfig({ ESS_ENV: 'emulator', STORE_URL: ':memory:' });
    expect(config.apiKeys.map((k) => k.key)).toContain(DEV_DEFAULTS.partnerApiKey);
    expect(config.tokens.secret).toBe(DEV_DEFAULTS.tokenSecret);
    expect(config.callbacks.targets[0]).toMatchObject({
      key: DEV_DEFAULTS.callbackKey,
      token: DEV_DEFAULTS.callbackToken,
    });
    // And setting them explicitly is fine there too.
    expect(() => loadConfig({ ESS_ENV: 'emulator', ...PUBLIC_VALUE })).not.toThrow();
  });

  it.concurrent.each(ROWS)(
    'ESS_ENV=$essEnv with $name $case (everything else valid) exits 78 naming $name',
    async ({ essEnv, name, value }) => {
      const { code, stderr, stdout } = await startServer({ ...VALID, ESS_ENV: essEnv, [name]: value });
      expect(code, stdout + stderr).toBe(78);
      // One JSON line listing every problem (config.ts collects them): here exactly this variable.
      const line = JSON.parse(stderr.trim().split('\n')[0]) as { problems: { setting: string }[] };
      expect(line.problems.map((p) => p.setting)).toEqual([name]);
      expect(stderr).not.toMatch(/\n\s+at /);
      if (value) expect(stderr).not.toContain(value);
      for (const secret of SECRETS.map((n) => VALID[n])) expect(stderr).not.toContain(secret);
    },
    90_000,
  );
});
