// Child processes for the packaging test: commands run to completion, and the installed bins kept
// running in their own process group so that stopping them also stops whatever npx started.
import { type ChildProcess, spawn } from 'node:child_process';

/** What a finished command printed. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; rejects with its output when it fails (unless `allowFailure`). */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; allowFailure?: boolean; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const result = { code, stdout, stderr };
      if (code === 0 || options.allowFailure) resolve(result);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

/** A server started from an installed bin. */
export interface RunningBin {
  url: string;
  output(): string;
  /** SIGTERM to its whole process group; SIGKILL after `timeoutMs`. Resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Starts `npx --no-install <bin> ...args` in `cwd` (never fetching a package of that name), told to
 * listen at `url`, and waits until `url + probePath` answers — whatever its start-up lines look like.
 */
export async function startBin(
  cwd: string,
  bin: string,
  args: string[],
  env: Record<string, string>,
  url: string,
  probePath = '/',
  timeoutMs = 60_000,
): Promise<RunningBin> {
  const child: ChildProcess = spawn('npx', ['--no-install', bin, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  // 'close', not 'exit': by then everything it printed has been read.
  let closed = false;
  const exited = new Promise<number | null>((done) =>
    child.once('close', (code) => {
      closed = true;
      done(code);
    }),
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const stop = async (stopTimeoutMs = 10_000) => {
    if (closed) return child.exitCode;
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), stopTimeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answered = await fetch(`${url}${probePath}`, { signal: AbortSignal.timeout(2_000) }).then(
      async (res) => {
        await res.body?.cancel();
        return res.status < 500;
      },
      () => false,
    );
    if (answered) return { url, output: () => output, stop };
    if (closed) throw new Error(`${bin} exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${bin} did not answer at ${url} within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
