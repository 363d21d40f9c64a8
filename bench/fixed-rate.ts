/**
 * Latency at a fixed request rate (open loop), from a worker thread so the generator has its own
 * core: requests fall due at `rate` per second from the start and are released in batches every
 * millisecond or so (the timer's grain) over `connections` keep-alive connections, one request in
 * flight on each. A request that finds every connection busy waits for one, and its latency is
 * counted from its release, so a slow server cannot hide its stalls by slowing the generator down
 * (coordinated omission); the generator's own timer lateness is not counted.
 */
import { Worker } from 'node:worker_threads';

/** What one fixed-rate run measured (milliseconds; the first `warmupMs` left out). */
export interface FixedRateResult {
  /** Requests answered per second over the measured part. */
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  count: number;
  errors: number;
}

// Plain JavaScript, run with `eval`: the worker needs no TypeScript loader.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const net = require('node:net');
const { host, port, path, headers, rate, durationMs, warmupMs, connections } = workerData;
const lines = Object.entries(headers).map(([k, v]) => k + ': ' + v + '\\r\\n').join('');
const request = Buffer.from('GET ' + path + ' HTTP/1.1\\r\\nHost: ' + host + ':' + port + '\\r\\n' + lines + '\\r\\n');
const latencies = new Float64Array(Math.ceil((rate * (durationMs + warmupMs)) / 1000) + 1000);
let recorded = 0, errors = 0, issued = 0, answered = 0, measuredStart = 0;
const idle = [];
const backlog = [];
let t0 = 0, done = false;

function send(conn, due) {
  conn.due = due;
  conn.socket.write(request);
}
function finished(conn, ok) {
  const now = performance.now();
  if (!ok) errors++;
  else if (conn.due >= t0 + warmupMs && recorded < latencies.length) latencies[recorded++] = now - conn.due;
  if (conn.due >= t0 + warmupMs) answered++;
  if (backlog.length > 0) send(conn, backlog.shift());
  else idle.push(conn);
}
function open() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true }, () => resolve(conn));
    const conn = { socket, buf: Buffer.alloc(0), due: 0 };
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      conn.buf = conn.buf.length ? Buffer.concat([conn.buf, chunk]) : chunk;
      for (;;) {
        const end = conn.buf.indexOf('\\r\\n\\r\\n');
        if (end < 0) return;
        const head = conn.buf.toString('latin1', 0, end);
        const length = Number(/\\r\\ncontent-length:\\s*(\\d+)/i.exec(head)?.[1] ?? 0);
        if (conn.buf.length < end + 4 + length) return;
        conn.buf = conn.buf.subarray(end + 4 + length);
        finished(conn, head.startsWith('HTTP/1.1 200'));
      }
    });
  });
}
(async () => {
  for (let i = 0; i < connections; i++) idle.push(await open());
  t0 = performance.now();
  const stopAt = t0 + warmupMs + durationMs;
  const tick = () => {
    const now = performance.now();
    const due = Math.min(Math.floor(((Math.min(now, stopAt) - t0) * rate) / 1000), Math.floor(((stopAt - t0) * rate) / 1000));
    // Released at this tick (not at the instant each was due: the timer's own lateness is the
    // generator's, not the server's); one that waits for a connection counts from here.
    for (; issued < due; issued++) {
      const conn = idle.pop();
      if (conn) send(conn, now);
      else backlog.push(now);
    }
    if (now < stopAt) setTimeout(tick, 1);
    else waitForAnswers();
  };
  const waitForAnswers = () => {
    if (idle.length === connections || performance.now() > stopAt + 5000) {
      const sorted = latencies.subarray(0, recorded).sort();
      const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
      for (const c of idle) c.socket.destroy();
      parentPort.postMessage({
        rps: (answered / durationMs) * 1000,
        p50: at(50), p99: at(99), p999: at(99.9), max: sorted[sorted.length - 1],
        count: recorded, errors: errors + (connections - idle.length),
      });
    } else setTimeout(waitForAnswers, 5);
  };
  tick();
})().catch((err) => parentPort.postMessage({ error: String(err) }));
`;

/** One fixed-rate run against `url` (GET). */
export function fixedRateLatency(options: {
  url: string;
  headers: Record<string, string>;
  rate: number;
  durationMs: number;
  warmupMs?: number;
  connections?: number;
}): Promise<FixedRateResult> {
  const url = new URL(options.url);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      host: url.hostname,
      port: Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: options.headers,
      rate: options.rate,
      durationMs: options.durationMs,
      warmupMs: options.warmupMs ?? 500,
      connections: options.connections ?? 32,
    },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: FixedRateResult & { error?: string }) => {
      void worker.terminate();
      if (result.error) reject(new Error(result.error));
      else resolve(result);
    });
    worker.once('error', reject);
  });
}
