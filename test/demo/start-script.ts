import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The real `npm start` script running as a child process. */
export interface StartedScript {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGINT (Ctrl-C) and waits for the exit code, killing it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Spawns `scripts/start.ts` exactly as `npm start` does (tsx with the source condition) and waits
 * until it prints that it is running, or fails with its output when it exits or takes too long.
 */
export async function spawnStart(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<StartedScript> {
  const child = spawn(
    process.execPath,
    [resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs'), '--conditions=source', 'scripts/start.ts', ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const started: StartedScript = {
    child,
    output: () => output,
    async stop(stopTimeoutMs = 10_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('ess-kit is running')) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await started.stop();
      throw new Error(`npm start did not come up within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return started;
}

/** Runs the start script to completion (for start-up failures) and returns its exit code and output. */
export function runStartToExit(args: string[], env: Record<string, string>, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(
      process.execPath,
      [
        resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
        '--conditions=source',
        'scripts/start.ts',
        ...args,
      ],
      { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/**
 * `npm start` on four free ports (elements bundle not rebuilt): the running script and the base
 * URLs of the BFF, the emulator, the demo and the platform (第三方应用) BFF.
 */
export async function spawnStartOnFreePorts(env: Record<string, string>) {
  const { claimPort } = await import('../../demo/server/ports.js');
  const ports = {
    bff: await claimPort(0, '127.0.0.1', 'bff', 'test'),
    emulator: await claimPort(0, '127.0.0.1', 'emulator', 'test'),
    demo: await claimPort(0, '127.0.0.1', 'demo', 'test'),
    platform: await claimPort(0, '127.0.0.1', 'platform', 'test'),
  };
  const args = ['--port', String(ports.bff), '--emulator-port', String(ports.emulator)];
  const started = await spawnStart(
    ['--skip-build', ...args, '--demo-port', String(ports.demo), '--platform-port', String(ports.platform)],
    env,
  );
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return {
    started,
    bff: url(ports.bff),
    emulator: url(ports.emulator),
    demo: url(ports.demo),
    platformBff: url(ports.platform),
  };
}
