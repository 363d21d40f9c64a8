/**
 * SSE fan-out benchmark (issue 5), BFF beside a bare `node:http` baseline measured in the same run.
 *
 * Each server runs in its own child process (so its memory is its own and each side holds only
 * its half of the sockets); this process is the load generator: raw TCP clients that speak just
 * enough HTTP/1.1. For each server: connect 1,000 clients, publish rounds and time
 * publish → every client; grow to 10,000, measure RSS growth per added connection (after GC), publish again.
 * BFF rounds are real callbacks (encrypted, signed, POSTed to /v1/callbacks/ess: decrypt, dedupe,
 * SQLite write, hub fan-out); baseline rounds are a POST that makes it write the same-sized frame
 * to every response. Figures: sse.maxClients, sse.bytesPerConnection(+Ratio), sse.fanout1k.p99Ms,
 * sse.fanout10k.p99Ms(+Ratio), with the baseline's beside them. Bounded: about 1–2 minutes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Figures = Record<string, { value: number; unit: string }>;
type Role = 'baseline' | 'bff';
interface Ready {
  url: string;
  path: string;
  publishPath: string;
}

const ROLE = process.env.ESS_KIT_SSE_BENCH_ROLE as Role | undefined;
/** The soft open-file limit: each side holds one descriptor per client (run `ulimit -n 20000` first if low). */
function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isFinite(soft) ? soft : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
const WANTED_CLIENTS = Number(process.env.SSE_BENCH_CLIENTS ?? 10_000);
const TARGET_CLIENTS = Math.min(WANTED_CLIENTS, openFileLimit() - 500);
if (!process.env.ESS_KIT_SSE_BENCH_ROLE && TARGET_CLIENTS < WANTED_CLIENTS) {
  console.warn(
    `\n  !!! bench/sse: open-file limit ${openFileLimit()} allows only ${TARGET_CLIENTS} of ${WANTED_CLIENTS} clients — run \`ulimit -n 20000\` first\n`,
  );
}
const ROUNDS = 15;
const ROUND_TIMEOUT_MS = 10_000;
const FLOW_ID = 'yDbenchFlow000000000000000000001';
const DEV_KEY = 'EssKitDevCallbackKey000000000000';
const DEV_TOKEN = 'ess-kit-dev-callback-token';

// ─────────────────────────────── child: the servers ───────────────────────────────

const gcAndRss = () => {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
};

async function serveBaseline(): Promise<Ready> {
  const clients = new Set<http.ServerResponse>();
  // The same size and shape as a BFF `flow` frame.
  const sample = JSON.stringify({
    v: 1,
    type: 'flow',
    flowId: FLOW_ID,
    flowStatus: 1,
    operate: 'sign',
    occurredAt: new Date().toISOString(),
    flow: {
      flowId: FLOW_ID,
      flowStatus: 1,
      flowName: 'bench',
      flowMessage: null,
      deadline: 0,
      createdOn: 0,
      unordered: false,
      updatedAt: new Date().toISOString(),
      eventId: '1',
      approvers: [],
    },
  });
  let seq = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('retry: 3000\n: open\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
      return;
    }
    req.resume();
    req.on('end', () => {
      const frame = Buffer.from(`id: ${++seq}\nevent: flow\ndata: ${sample}\n\n`);
      for (const client of clients) client.write(frame);
      res.end('{"ok":true}');
    });
  });
  server.maxConnections = 100_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, path: '/events', publishPath: '/publish' };
}

async function serveBff(): Promise<Ready> {
  const { serve } = await import('@hono/node-server');
  const { createBff } = await import('../packages/bff/src/app.js');
  const { loadConfig } = await import('../packages/bff/src/config.js');
  const { mintToken } = await import('../packages/bff/src/auth/tokens.js');
  const { silentLogger } = await import('../packages/bff/src/logger.js');
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-bench-sse-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig(
    {
      ESS_ENV: 'emulator',
      STORE_URL: join(dir, 'bench.sqlite'),
      ESS_CALLBACK_KEY: DEV_KEY,
      ESS_CALLBACK_TOKEN: DEV_TOKEN,
      LOG_LEVEL: 'error',
    },
    {
      reconcile: { intervalMs: 0 },
      // Every connect is a request of the one bench token: lift the per-token request rate.
      limits: { tokenRequestsPerSecond: 1_000_000 },
      sse: { maxConnections: 50_000, maxConnectionsPerToken: 50_000, heartbeatMs: 15_000 },
    },
  );
  const bff = await createBff(config, { logger: silentLogger });
  const server = serve({ fetch: bff.app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
  server.maxConnections = 100_000;
  await new Promise<void>((r) => server.once('listening', () => r()));
  const { port } = server.address() as net.AddressInfo;
  const { token } = await mintToken(
    config.tokens,
    { flowIds: [FLOW_ID], qrCodeIds: [], templateIds: [], actions: [], organizationId: null },
    3600,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    path: `/v1/events?flowIds=${FLOW_ID}&token=${token}`,
    publishPath: '/v1/callbacks/ess',
  };
}

if (ROLE) {
  const ready = await (ROLE === 'bff' ? serveBff() : serveBaseline());
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'rss') process.send?.({ rss: gcAndRss() });
  });
  process.send?.({ ready, rss: gcAndRss() });
}

// ─────────────────────────────── parent: load generator ───────────────────────────────

class Clients {
  readonly sockets: net.Socket[] = [];
  /** Per round: receipt times (performance.now()) of clients that saw the frame. */
  receivedAt: number[] = [];
  round = 0;
  #marker = '';

  constructor(
    readonly port: number,
    readonly path: string,
  ) {}

  /** Expect frames containing `marker` for the next round. */
  arm(marker: string): void {
    this.#marker = marker;
    this.receivedAt = [];
    this.round++;
  }

  async grow(to: number): Promise<number> {
    const batch = 250;
    while (this.sockets.length < to) {
      const n = Math.min(batch, to - this.sockets.length);
      const opened = await Promise.allSettled(Array.from({ length: n }, () => this.#open()));
      const failed = opened.filter((r) => r.status === 'rejected');
      if (failed.length > 0) {
        console.warn(
          `  ! ${failed.length} of ${n} connects failed at ${this.sockets.length}: ${(failed[0] as PromiseRejectedResult).reason}`,
        );
        break;
      }
    }
    return this.sockets.length;
  }

  #open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, '127.0.0.1');
      let open = false;
      let seenRound = 0;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('connect timeout'));
      }, 15_000);
      socket.setNoDelay(true);
      socket.on('connect', () => {
        socket.write(`GET ${this.path} HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n`);
      });
      socket.on('data', (chunk: Buffer) => {
        if (!open) {
          if (!chunk.toString('latin1', 0, 12).startsWith('HTTP/1.1 200')) {
            clearTimeout(timer);
            socket.destroy();
            reject(new Error(`refused: ${chunk.toString('latin1', 0, 60)}`));
            return;
          }
          open = true;
          clearTimeout(timer);
          this.sockets.push(socket);
          resolve();
        }
        if (this.#marker && seenRound !== this.round && chunk.includes(this.#marker)) {
          seenRound = this.round;
          this.receivedAt.push(performance.now());
        }
      });
      socket.on('error', (e) => {
        clearTimeout(timer);
        if (!open) reject(e);
      });
    });
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.length = 0;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function callbackBody(n: number): Promise<{ body: string; headers: Record<string, string> }> {
  const { encryptCallback, signContentSignature } = await import('@ess-kit/shared');
  const plaintext = JSON.stringify({
    MsgId: `yDbenchMsg${String(n).padStart(22, '0')}`,
    MsgType: 'FlowStatusChange',
    MsgVersion: 'CustomApp',
    MsgData: {
      FlowId: FLOW_ID,
      FlowCallbackStatus: 1,
      Operate: 'sign',
      OccurTime: 1_800_000_000 + n,
      FlowName: 'bench',
    },
  });
  const body = JSON.stringify({ encrypt: await encryptCallback(plaintext, DEV_KEY) });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-signature': await signContentSignature(body, DEV_TOKEN),
    },
  };
}

let callbackSeq = 0;

/** Publishes ROUNDS events, one at a time; per-client latencies from publish to receipt. */
async function fanout(
  role: Role,
  server: Ready,
  clients: Clients,
): Promise<{ p50: number; p99: number; missed: number }> {
  const latencies: number[] = [];
  let missed = 0;
  // Round 0 warms up (JIT, first SQLite write) and is not counted.
  for (let r = -1; r < ROUNDS; r++) {
    const n = ++callbackSeq;
    const { body, headers } = role === 'bff' ? await callbackBody(n) : { body: '{}', headers: {} };
    clients.arm('event: flow');
    const started = performance.now();
    const res = await fetch(`${server.url}${server.publishPath}`, {
      method: 'POST',
      body,
      headers,
      signal: AbortSignal.timeout(5000),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`publish answered ${res.status}`);
    const deadline = started + ROUND_TIMEOUT_MS;
    while (clients.receivedAt.length < clients.sockets.length && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (r < 0) continue;
    missed += clients.sockets.length - clients.receivedAt.length;
    for (const at of clients.receivedAt) latencies.push(at - started);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), missed };
}

function spawnServer(role: Role): Promise<{ child: ChildProcess; ready: Ready; rss0: number }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, ESS_KIT_SSE_BENCH_ROLE: role },
    execArgv: ['--conditions=source', '--import', 'tsx', '--expose-gc', '--max-old-space-size=2048'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} server did not start`)), 30_000);
    child.once('message', (m: { ready: Ready; rss: number }) => {
      clearTimeout(timer);
      resolve({ child, ready: m.ready, rss0: m.rss });
    });
    child.once('exit', (code) => reject(new Error(`${role} server exited ${code}`)));
  });
}

function rssOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m: { rss: number }) => resolve(m.rss));
    child.send({ cmd: 'rss' });
  });
}

async function measure(role: Role) {
  const { child, ready, rss0 } = await spawnServer(role);
  const clients = new Clients(Number(new URL(ready.url).port), ready.path);
  try {
    const first = await clients.grow(Math.min(1000, TARGET_CLIENTS));
    const at1k = await fanout(role, ready, clients);
    // Memory per connection is the growth from 1,000 to 10,000 clients: one-time costs (lazy
    // modules, JIT code, SQLite cache, the first publish) stay out of it, for both servers alike.
    await new Promise((r) => setTimeout(r, 300));
    const rss1k = await rssOf(child);
    const held = await clients.grow(TARGET_CLIENTS);
    await new Promise((r) => setTimeout(r, 500));
    const rss = await rssOf(child);
    const at10k = await fanout(role, ready, clients);
    const bytesPerConnection = held > first ? (rss - rss1k) / (held - first) : (rss - rss0) / held;
    return { held, bytesPerConnection, at1k, at10k };
  } finally {
    // Server side closes first, so TIME_WAIT lands on its ports, not on this process's ephemeral range.
    child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    clients.close();
  }
}

/** Runs the benchmark (called by bench/run.ts). */
export async function run(): Promise<Figures> {
  const baseline = await measure('baseline');
  const bff = await measure('bff');
  const log = (name: string, m: typeof bff) =>
    console.log(
      `  ${name}: ${m.held} clients, ${(m.bytesPerConnection / 1024).toFixed(1)} KiB/conn, ` +
        `1k p50/p99 ${m.at1k.p50.toFixed(1)}/${m.at1k.p99.toFixed(1)} ms, 10k p50/p99 ${m.at10k.p50.toFixed(1)}/${m.at10k.p99.toFixed(1)} ms, missed ${m.at1k.missed + m.at10k.missed}`,
    );
  log('baseline node:http', baseline);
  log('BFF              ', bff);
  return {
    'sse.maxClients': { value: bff.held, unit: 'clients' },
    'sse.bytesPerConnection': { value: Math.round(bff.bytesPerConnection), unit: 'bytes' },
    'sse.bytesPerConnectionRatio': {
      value: bff.bytesPerConnection / baseline.bytesPerConnection,
      unit: 'ratio',
    },
    'sse.fanout1k.p50Ms': { value: bff.at1k.p50, unit: 'ms' },
    'sse.fanout1k.p99Ms': { value: bff.at1k.p99, unit: 'ms' },
    'sse.fanout10k.p50Ms': { value: bff.at10k.p50, unit: 'ms' },
    'sse.fanout10k.p99Ms': { value: bff.at10k.p99, unit: 'ms' },
    'sse.fanout10k.p99Ratio': { value: bff.at10k.p99 / baseline.at10k.p99, unit: 'ratio' },
    'sse.missedDeliveries': { value: bff.at1k.missed + bff.at10k.missed, unit: 'deliveries' },
    'sse.baseline.maxClients': { value: baseline.held, unit: 'clients' },
    'sse.baseline.bytesPerConnection': { value: Math.round(baseline.bytesPerConnection), unit: 'bytes' },
    'sse.baseline.fanout1k.p99Ms': { value: baseline.at1k.p99, unit: 'ms' },
    'sse.baseline.fanout10k.p99Ms': { value: baseline.at10k.p99, unit: 'ms' },
  };
}
