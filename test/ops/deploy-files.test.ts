// The systemd unit, its environment file and the Sentinel config of docs/production.md, exercised as
// far as this machine allows: the env file parses and passes `ess-bff --check` as written, every
// variable in it is one the BFF reads, the unit passes `systemd-analyze verify` (where installed)
// and carries the settings the doc promises, and its ExecStart line starts the BFF, which stops
// with exit 0 on SIGTERM. (nginx -t runs in `npm run test:ops`, which installs nginx.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV_VARS, loadConfig } from '../../packages/bff/src/config.js';
import { spawnListening } from '../live/process.js';
import { parseEnvironmentFile, parseUnit, repoRoot, snippet } from './snippets.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-deploy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const envFile = parseEnvironmentFile(snippet('bff.env'));
const unitText = snippet('ess-bff.service');
const unit = parseUnit(unitText);
const service = unit.Service ?? {};
const one = (key: string) => service[key]?.[0];

describe('the environment file', () => {
  it('parses, names only variables the BFF reads, and passes ess-bff --check as written', () => {
    expect(Object.keys(envFile).length).toBeGreaterThan(8);
    for (const name of Object.keys(envFile)) expect(Object.keys(ENV_VARS)).toContain(name);
    const check = spawnSync(
      process.execPath,
      [resolve(repoRoot, 'packages/bff/bin/ess-bff.mjs'), '--check'],
      { env: { PATH: process.env.PATH ?? '', ...envFile }, encoding: 'utf8', timeout: 20_000 },
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('the systemd unit', () => {
  it('restarts on failure but not on a configuration error, as a non-root user with a state directory', () => {
    expect(one('Restart')).toBe('on-failure');
    expect(one('RestartPreventExitStatus')).toBe('78');
    expect(one('EnvironmentFile')).toBe('/etc/ess-kit/bff.env');
    expect(one('User')).toBeDefined();
    expect(one('User')).not.toBe('root');
    const state = one('StateDirectory');
    expect(state).toBeDefined();
    // The SQLite file lives in the one writable directory (ProtectSystem=strict).
    expect(envFile.STORE_URL?.startsWith(`/var/lib/${state}/`)).toBe(true);
    expect(one('ProtectSystem')).toBe('strict');
    // systemd's stop budget leaves room for the BFF's own graceful stop (10 s by default).
    expect(Number.parseInt(one('TimeoutStopSec') ?? '0', 10)).toBeGreaterThan(10);
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  it.skipIf(analyze.status !== 0)('passes systemd-analyze verify', () => {
    const file = join(dir, 'ess-bff.service');
    // The doc names /usr/bin/node; where node lives elsewhere, verify the same unit with that path.
    const text = existsSync('/usr/bin/node') ? unitText : unitText.replace('/usr/bin/node', process.execPath);
    writeFileSync(file, text);
    const run = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('its ExecStart line starts the BFF, which stops with exit 0 on SIGTERM', {
    timeout: 40_000,
  }, async () => {
    // WorkingDirectory as an install leaves it: node_modules/@ess-kit/bff (here: this repo's package).
    const work = join(dir, 'opt-ess-kit');
    mkdirSync(join(work, 'node_modules/@ess-kit'), { recursive: true });
    symlinkSync(resolve(repoRoot, 'packages/bff'), join(work, 'node_modules/@ess-kit/bff'), 'dir');
    const [command, ...args] = (one('ExecStart') ?? '').split(/\s+/);
    expect(command).toBe('/usr/bin/node');
    const bff = await spawnListening(
      existsSync(command as string) ? (command as string) : process.execPath,
      args,
      {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          ...envFile,
          // This test's own port and state directory, and no call to Tencent's hosts.
          PORT: '0',
          STORE_URL: join(dir, 'state', 'ess.sqlite'),
          ESS_ENDPOINT: 'http://127.0.0.1:9',
          ESS_FILE_ENDPOINT: 'http://127.0.0.1:9',
          ESS_PROBE_INTERVAL_MS: '0',
        },
      },
    );
    try {
      expect((await fetch(`${bff.url}/livez`)).status).toBe(200);
      bff.child.kill('SIGTERM');
      expect(await bff.exited).toBe(0);
      expect(bff.output.join('')).not.toContain(envFile.ESS_SECRET_KEY);
    } finally {
      await bff.kill();
    }
  });
});

describe('the Sentinel configuration file', () => {
  it('is a config file the BFF accepts, with the ioredis options under store.redis', () => {
    const file = join(dir, 'bff.yaml');
    writeFileSync(file, snippet('bff-sentinel.yaml'));
    const config = loadConfig({
      ...envFile,
      BFF_CONFIG: file,
      STORE_URL: 'redis://sentinel/0?prefix=ess-kit:',
    });
    expect(config.store.redis).toMatchObject({ name: 'ess-kit-primary', sentinels: expect.any(Array) });
    expect(config.store.redis?.sentinels).toHaveLength(3);
  });
});
