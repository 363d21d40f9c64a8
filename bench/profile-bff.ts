/**
 * CPU profiles of the BFF's hot paths under load, for issue 17: the cached `GET /v1/flows/:flowId`
 * and the proxied `POST /v1/ess/DescribeFlowBriefs` (and, for comparison, the bare route and the
 * same ESS call signed once and sent straight to the emulator: `direct`), each
 * driven by autocannon in a child process, so this process holds only the servers (the BFF, and the
 * emulator behind the proxy) and its CPU time per request is theirs.
 * Writes reports/profiles/<name>.cpuprofile (open in Chrome DevTools or speedscope for a flame graph)
 * and prints the top functions by self time (bench/profile-summary.ts).
 *
 * Usage: npx tsx --conditions=source bench/profile-bff.ts [cached|bare|proxy|direct ...] [seconds=5]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { buildEssHeaders } from '@ess-kit/shared';
import { Hono } from 'hono';
import { autocannonChild, type LoadTarget } from './autocannon-child.js';
import { listen, startBenchBff } from './bff-setup.js';
import { formatSummary } from './profile-summary.js';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const wanted = args.filter((a) => !/^\d+$/.test(a));
const modes = wanted.length > 0 ? wanted : ['cached', 'proxy'];

const setup = await startBenchBff();
const bare = new Hono();
bare.get('/v1/flows/:flowId', (c) => c.body(setup.snapshotText, 200, { 'content-type': 'application/json' }));
const bareServer = await listen(bare.fetch);

const directBody = JSON.stringify({
  Operator: { UserId: setup.seed.operator.UserId },
  FlowIds: [setup.flowId],
});
const targets: Record<string, LoadTarget> = {
  cached: { url: `${setup.bffServer.url}/v1/flows/${setup.flowId}`, headers: setup.auth },
  bare: { url: `${bareServer.url}/v1/flows/${setup.flowId}`, headers: setup.auth },
  // Signed once: the emulator accepts a timestamp for minutes, longer than a run.
  direct: {
    url: `${setup.emulator.url}/`,
    method: 'POST',
    headers: await buildEssHeaders({
      secretId: setup.secretId,
      secretKey: setup.secretKey,
      service: 'ess',
      host: new URL(setup.emulator.url).host,
      timestamp: Math.floor(Date.now() / 1000),
      body: directBody,
      action: 'DescribeFlowBriefs',
    }),
    body: directBody,
  },
  proxy: {
    url: `${setup.bffServer.url}/v1/ess/DescribeFlowBriefs`,
    method: 'POST',
    headers: { ...setup.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ FlowIds: [setup.flowId] }),
  },
};

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await mkdir('reports/profiles', { recursive: true });

try {
  for (const mode of modes) {
    const target = targets[mode];
    if (!target) throw new Error(`unknown mode ${mode} (${Object.keys(targets).join(', ')})`);
    await autocannonChild(target, 3); // warm-up: JIT tiers and heap sizing
    const measured = await autocannonChild(target, seconds);
    await session.post('Profiler.start');
    const profiled = await autocannonChild(target, seconds);
    const { profile } = await session.post('Profiler.stop');
    const file = `reports/profiles/${mode}.cpuprofile`;
    await writeFile(file, JSON.stringify(profile));
    console.log(
      `\n▶ ${mode}: ${measured.rps.toFixed(0)} req/s, ${(measured.userUs + measured.systemUs).toFixed(1)} µs CPU per request (user ${measured.userUs.toFixed(1)}, system ${measured.systemUs.toFixed(1)}; ${measured.failed + profiled.failed} failed); profiled run (${profiled.requests} requests) → ${file}`,
    );
    console.log(formatSummary(profile as never, 30));
  }
} finally {
  session.disconnect();
  await bareServer.close();
  await setup.close();
}
process.exit(0);
