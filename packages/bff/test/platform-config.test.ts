/**
 * Platform mode by configuration: ESS_API picks the product, ESS_APP_ID names the 第三方应用. Every
 * problem names its variable (never a value) and `ess-bff --check` exits 78, like any bad setting.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { ESSBASIC_HOSTS } from '../src/platform/config.js';

const BIN = new URL('../bin/ess-bff.mjs', import.meta.url).pathname;
const PROD = {
  ESS_ENV: 'production',
  ESS_SECRET_ID: 'AKIDprod',
  ESS_SECRET_KEY: 'prod-secret-key-value-123',
  ESS_OPERATOR_USER_ID: 'yDoperator',
  ESS_CALLBACK_KEY: 'ProdCallbackKey-0123456789abcdef',
  ESS_CALLBACK_TOKEN: 'prod-callback-token-from-the-console',
  BFF_API_KEYS: 'prod-partner-key-0123456789abcdef0123456789',
  BFF_TOKEN_SECRET: 'prod-token-secret-0123456789abcdef0123',
  STORE_URL: '/tmp/never-opened.sqlite',
};

function settings(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => p.setting);
  }
  throw new Error('expected a ConfigError');
}

describe('ESS_API and ESS_APP_ID', () => {
  it('default to 企业版; essbasic on the emulator uses its application and platform callback key', () => {
    expect(loadConfig({}).ess).toMatchObject({ api: 'ess' });
    expect(loadConfig({}).ess.appId).toBeUndefined();
    const platform = loadConfig({ ESS_API: 'essbasic' });
    expect(platform.ess).toMatchObject({ api: 'essbasic', appId: 'yDEssKitPlatformApp0000000000001' });
    expect(platform.callbacks.targets[0].key).toBe('EssKitDevPlatformKey000000000000');
  });

  it('essbasic outside the emulator uses the essbasic hosts and needs ESS_APP_ID', () => {
    const config = loadConfig({ ...PROD, ESS_API: 'essbasic', ESS_APP_ID: 'yDappFromTheConsole' });
    expect(config.ess).toMatchObject({ api: 'essbasic', appId: 'yDappFromTheConsole' });
    expect(config.ess.endpoint).toBe(ESSBASIC_HOSTS.production.endpoint);
    expect(settings(() => loadConfig({ ...PROD, ESS_API: 'essbasic' }))).toEqual(['ESS_APP_ID']);
  });

  it('names ESS_API for a bad product and ESS_APP_ID when it is set without essbasic', () => {
    expect(settings(() => loadConfig({ ESS_API: 'essbasics' }))).toEqual(['ESS_API']);
    expect(settings(() => loadConfig({ ...PROD, ESS_APP_ID: 'yDappFromTheConsole' }))).toEqual([
      'ESS_APP_ID',
    ]);
  });

  it('ess-bff --check exits 78 naming ESS_APP_ID, never a secret', () => {
    const run = spawnSync(process.execPath, [BIN, '--check'], {
      env: { PATH: process.env.PATH ?? '', ...PROD, ESS_API: 'essbasic' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    const line = JSON.parse(run.stderr.trim());
    expect(line.problems.map((p: { setting: string }) => p.setting)).toEqual(['ESS_APP_ID']);
    expect(run.stderr).not.toContain(PROD.ESS_SECRET_KEY);
  });
});
