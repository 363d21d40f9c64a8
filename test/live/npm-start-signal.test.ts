// `npm start` stopped the way a supervisor or `kill` stops it: SIGTERM to the npm process only (not
// its process group). The signal used to stop at the shell npm runs scripts with (`sh -c`), which
// died without passing it on, leaving tsx, the servers and their ports behind. Under load tsx's own
// relay could also SIGKILL the script (it waits only ~60 ms for the child to confirm a signal). The
// script now `exec`s node with tsx as a loader: npm's forwarded signal reaches the one node process,
// which stops every server gracefully.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ess-kit-npm-start-'));
let groupLeader: number | undefined;
afterAll(() => {
  // Only if the test failed half-way: nothing of this test's process group may outlive it.
  if (groupLeader && groupAlive(groupLeader)) process.kill(-groupLeader, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

it('SIGTERM to the npm process stops every server and frees the ports within 10 s', {
  timeout: 120_000,
}, async () => {
  const child = spawn(
    'npm',
    ['start', '--', '--skip-build', '--port', '0', '--emulator-port', '0', '--demo-port', '0'],
    {
      cwd: root,
      // Its own process group, so that the test can prove the whole group is gone afterwards.
      detached: true,
      env: { ...process.env, STORE_URL: join(dir, 'start.sqlite'), ESS_PROBE_INTERVAL_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  groupLeader = child.pid;
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 90_000;
  while (!output.includes('ess-kit is running')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const ports = [...output.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  const unique = [...new Set(ports)];
  // The BFF, the emulator, the demo and the demo's platform (第三方应用) BFF.
  expect(unique.length).toBe(4);
  for (const port of unique) expect(await portOpen(port)).toBe(true);

  const sent = Date.now();
  child.kill('SIGTERM'); // npm's pid only
  await exited;
  let free = false;
  while (Date.now() - sent < 10_000) {
    const open = await Promise.all(unique.map(portOpen));
    if (!open.some(Boolean) && !groupAlive(child.pid as number)) {
      free = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(free, `still running 10 s after SIGTERM:\n${output}`).toBe(true);
  expect(output).toMatch(/SIGTERM: stopping the demo site, the BFF and the emulator/);
  expect(output).toMatch(/Stopped\./);
});
