/**
 * The experiment issue 17 asks for: is the gap between the cached `GET /v1/flows/:flowId` and the
 * bare route the BFF's JavaScript, or loopback wake-ups on this VM that any slower server pays?
 *
 * Beside the bare route and the cached read it serves the same snapshot from bare
 * @hono/node-server routes that
 * - answer the same head and bytes as the cached read (`same-head`: the extra headers' cost), and
 * - do that after burning a fixed amount of CPU per request (`spin-N`: N µs of busy work, the
 *   shape of "the BFF's own JavaScript" without any of its code).
 * autocannon runs in a child process, so this process's CPU time is the servers' alone: for each
 * variant it reports req/s, and user and system CPU per request (system time is mostly the socket
 * writes, where a wake-up of the sleeping client is paid). Rounds alternate the variants; medians.
 *
 * Usage: npx tsx --conditions=source bench/bff-wakeups.ts [rounds=3] [seconds=3]
 */
import { Hono } from 'hono';
import { autocannonChild, type ChildLoadResult, type LoadTarget } from './autocannon-child.js';
import { listen, startBenchBff } from './bff-setup.js';

const [rounds = 3, seconds = 3] = process.argv.slice(2).map(Number);
const SPINS_US = [5, 10, 20];

const setup = await startBenchBff();
const path = `/v1/flows/${setup.flowId}`;
const spin = (us: number) => {
  const until = performance.now() + us / 1000;
  while (performance.now() < until);
};
const servers: { name: string; url: string; close(): Promise<void> }[] = [];
const bareRoute = (name: string, headers: Record<string, string>, work: number) => {
  const app = new Hono();
  app.get('/v1/flows/:flowId', (c) => {
    if (work > 0) spin(work);
    return c.body(setup.snapshotText, 200, headers);
  });
  return listen(app.fetch).then((s) => servers.push({ name, ...s }));
};
await bareRoute('bare', { 'content-type': 'application/json' }, 0);
// The cached read's own head: content type, request id, nosniff, no-store (not the id's value).
const sameHead = { ...setup.cachedHeaders, 'x-request-id': 'abcdefgh-1a2b' };
await bareRoute('same-head', sameHead, 0);
for (const us of SPINS_US) await bareRoute(`spin-${us}`, sameHead, us);
servers.push({ name: 'cached read', url: setup.bffServer.url, close: async () => {} });

const target = (url: string): LoadTarget => ({ url: `${url}${path}`, headers: setup.auth });
const results = new Map<string, ChildLoadResult[]>(servers.map((s) => [s.name, []]));
try {
  for (const s of servers) await autocannonChild(target(s.url), 2); // warm-up
  for (let r = 0; r < rounds; r++)
    for (const s of servers) {
      const result = await autocannonChild(target(s.url), seconds);
      if (result.failed > 0) throw new Error(`${result.failed} requests failed (${s.name})`);
      results.get(s.name)?.push(result);
    }
} finally {
  for (const s of servers) await s.close();
  await setup.close();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bareRps = median((results.get('bare') ?? []).map((r) => r.rps));
const rows: Record<string, Record<string, string>> = {};
for (const [name, list] of results) {
  const rps = median(list.map((r) => r.rps));
  const user = median(list.map((r) => r.userUs));
  const system = median(list.map((r) => r.systemUs));
  rows[name] = {
    'req/s': rps.toFixed(0),
    'ratio to bare': (rps / bareRps).toFixed(3),
    'user µs/req': user.toFixed(1),
    'system µs/req': system.toFixed(1),
    'CPU µs/req': (user + system).toFixed(1),
    'CPU busy': `${((rps * (user + system)) / 1e4).toFixed(0)} %`,
  };
}
console.table(rows);
process.exit(0);
