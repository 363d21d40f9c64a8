/**
 * The `ess-bff` command as an operator runs it (the package's bin, from the sources here): `--help`
 * lists every environment variable, `--check` validates without calling ESS or touching the store
 * (so it passes with both unreachable), a bad configuration lists every problem and exits 78, and
 * every line a running BFF writes is JSON.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnListening } from '../../../test/live/process.js';
import { ENV_VARS } from '../src/config.js';

const BIN = path.resolve(import.meta.dirname, '../bin/ess-bff.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'ess-bff-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROD = {
  ESS_ENV: 'production',
  ESS_SECRET_ID: 'AKIDcli',
  ESS_SECRET_KEY: 'cli-secret-key-never-printed',
  ESS_OPERATOR_USER_ID: 'yDoperator',
  ESS_CALLBACK_KEY: 'CliCallbackKey-0123456789abcdef0',
  ESS_CALLBACK_TOKEN: 'cli-callback-token-from-the-console',
  BFF_API_KEYS: 'cli-partner-key-0123456789abcdef0123456789',
  BFF_TOKEN_SECRET: 'cli-token-secret-0123456789abcdef0123',
};

function essBff(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('ess-bff', () => {
  it('--help lists every environment variable', () => {
    const run = essBff(['--help'], {});
    expect(run.status).toBe(0);
    for (const name of Object.keys(ENV_VARS)) expect(run.stdout).toMatch(new RegExp(`^ {2}${name} `, 'm'));
    expect(run.stdout).toMatch(/--check/);
    expect(essBff(['--frobnicate'], {}).status).toBe(64);
  });

  it('--check passes with ESS and Redis unreachable and writes nothing', () => {
    const redis = essBff(['--check'], {
      ...PROD,
      ESS_ENDPOINT: 'http://127.0.0.1:1',
      STORE_URL: 'redis://:pw@127.0.0.1:1/0?prefix=never:',
    });
    expect(redis.status).toBe(0);
    expect(JSON.parse(redis.stdout.trim())).toMatchObject({ level: 'info', msg: 'configuration is valid' });
    expect(redis.stdout + redis.stderr).not.toContain(PROD.ESS_SECRET_KEY);

    const sqliteDir = path.join(dir, 'never-created');
    const sqlite = essBff(['--check'], { ...PROD, STORE_URL: path.join(sqliteDir, 'ess.sqlite') });
    expect(sqlite.status).toBe(0);
    expect(existsSync(sqliteDir)).toBe(false);
  });

  it('--check lists every problem, by env var, and exits 78', () => {
    const run = essBff(['--check'], {
      ...PROD,
      ESS_CALLBACK_KEY: 'wrong-length-callback-key',
      BFF_API_KEYS: '',
      STORE_URL: ':memory:',
      PORT: 'http',
    });
    expect(run.status).toBe(78);
    const line = JSON.parse(run.stderr.trim());
    expect(line.level).toBe('error');
    expect(line.problems.map((p: { setting: string }) => p.setting).sort()).toEqual(
      ['BFF_API_KEYS', 'ESS_CALLBACK_KEY', 'PORT', 'STORE_URL'].sort(),
    );
    expect(run.stderr).not.toContain('wrong-length-callback-key');
  });

  it('writes JSON lines only, from the start-up line to the stop after SIGTERM', async () => {
    const bff = await spawnListening(process.execPath, [BIN], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        STORE_URL: path.join(dir, 'run.sqlite'),
        ESS_PROBE_INTERVAL_MS: '0',
      },
    });
    expect((await fetch(`${bff.url}/livez`)).status).toBe(200);
    bff.child.kill('SIGTERM');
    expect(await bff.exited).toBe(0);
    const parsed = bff.output
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; level: string });
    // Every line parsed as JSON above; the start-up line among them (the ESS probe may log first).
    expect(parsed.some((l) => /^ess-kit BFF listening on http/.test(l.msg))).toBe(true);
    expect(parsed.map((l) => l.msg)).toEqual(expect.arrayContaining(['stopping', 'stopped']));
    expect(parsed.find((l) => l.msg === 'access')).toMatchObject({ route: '/livez', status: 200 });
  }, 30_000);
});
