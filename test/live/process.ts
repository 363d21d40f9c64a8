/**
 * A BFF in a child process (`packages/bff/src/server.ts`, the `npm run bff` entry, or any command
 * that starts one, such as the `ess-bff` bin or a systemd ExecStart line), for tests that kill it,
 * stop it or run two of them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

export interface BffProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), then wait for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** The exit code, once it has exited. */
  exited: Promise<number | null>;
}

/** Spawns the BFF with `env` on a random port and resolves once it listens. */
export function spawnBff(env: Record<string, string>, timeoutMs = 20_000): Promise<BffProcess> {
  return spawnListening(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'packages/bff/src/server.ts'],
    {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ESS_ENV: 'emulator', ...env },
    },
    timeoutMs,
  );
}

/**
 * Runs `command` (which starts a BFF) with exactly `options.env`, and resolves once its start-up line
 * names the URL it listens on; rejects with its output when it exits first or takes too long.
 */
export function spawnListening(
  command: string,
  args: string[],
  options: { cwd?: string; env: Record<string, string | undefined> },
  timeoutMs = 20_000,
): Promise<BffProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitExit = async (signal: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`BFF did not start within ${timeoutMs} ms:\n${output.join('')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
        ok({
          url: match[1] as string,
          child,
          output,
          kill: () => waitExit('SIGKILL', 0),
          stop: () => waitExit('SIGTERM', 5000),
          exited,
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`BFF exited (${code}) before listening:\n${output.join('')}`));
    });
  });
}

/** A browser token from the BFF's own `POST /v1/tokens` (dev partner key). */
export async function tokenFrom(url: string, scope: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${url}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev-partner-key', 'content-type': 'application/json' },
    body: JSON.stringify(scope),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`no token: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}
