/** `npx ess-emulator`: the bin starts the CLI, prints what a developer needs, serves, and stops on SIGTERM. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/ess-emulator.mjs', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  child = undefined;
});

function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { output: () => string; exited: Promise<number | null> } {
  let output = '';
  child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
  return { output: () => output, exited };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out waiting for the emulator CLI');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('ess-emulator CLI', () => {
  it('prints base URL, credentials (never a SecretKey it was given), operator and seeded ids; serves; stops on SIGTERM', async () => {
    const cli = run(['--port', '0'], {
      ESS_SECRET_ID: 'AKIDCliTestSecretId',
      ESS_SECRET_KEY: 'my-private-key-123',
    });
    await waitFor(() => /Control API/.test(cli.output()), 45_000);
    const text = cli.output();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(url).toBeDefined();
    expect(text).toContain('AKIDCliTestSecretId');
    expect(text).not.toContain('my-private-key-123');
    expect(text).toContain('(from ESS_SECRET_KEY)');
    expect(text).toContain(DEV_DEFAULTS.emulatorOperatorUserId);
    expect(text).toMatch(/Template\s+yD\w{30}\s+b2c-ordered-b-silent/);
    const seed = (await (
      await fetch(`${url}/_emulator/seed`, { signal: AbortSignal.timeout(5000) })
    ).json()) as { operator: { UserId: string } };
    expect(seed.operator.UserId).toBe(DEV_DEFAULTS.emulatorOperatorUserId);
    child?.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  }, 60_000);

  it('refuses unknown options with exit code 1 and the usage', async () => {
    const bad = run(['--bogus']);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('Unknown option --bogus');
    expect(bad.output()).toContain('usage: ess-emulator');
  }, 60_000);
});
