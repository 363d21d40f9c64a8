/**
 * Webhook relay benchmark (issue 8): events delivered per second from the durable log (SQLite) to
 * a local node:http receiver — scan, queue, sign, POST, record — with 100 flows in parallel and
 * in order within each flow. Bounded: at most about 30 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EssEvent } from '@ess-kit/shared';
import { silentLogger } from '../packages/bff/src/logger.js';
import { relayConfigSchema } from '../packages/bff/src/relay/config.js';
import { organizationScope } from '../packages/bff/src/relay/payload.js';
import { startRelay } from '../packages/bff/src/relay/relay.js';
import { openSqliteRelayStore } from '../packages/bff/src/relay/store-sqlite.js';
import { openStore } from '../packages/bff/src/store/index.js';

type Figures = Record<string, { value: number; unit: string }>;

const EVENTS = 4000;
const FLOWS = 100;
const DEADLINE_MS = 30_000;

export async function run(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-bench-relay-'));
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204).end();
      if (++received >= EVENTS) done();
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const storePath = join(dir, 'bench.sqlite');
  const store = await openStore({ store: { url: storePath } });
  const relayStore = openSqliteRelayStore(storePath, 3_600_000);
  const config = relayConfigSchema.parse({
    concurrency: 16,
    pollMs: 50,
    targets: [{ name: 'bench', url, secret: 'bench-relay-secret-000000' }],
  });
  // Start at the log's beginning; the log is written before the relay starts, so this measures the relay alone.
  await relayStore.setCursor('bench', '0');
  for (let i = 0; i < EVENTS; i += 200) {
    await store.record({
      plan: () => ({
        events: Array.from({ length: Math.min(200, EVENTS - i) }, (_, k) => {
          const n = i + k;
          const flowId = `yDbenchFlow${String(n % FLOWS).padStart(21, '0')}`;
          return {
            kind: 'ess' as const,
            organizationId: null,
            flowId,
            family: 'flow',
            msgType: 'FlowStatusChange',
            data: null,
            ess: {
              family: 'flow',
              msgType: 'FlowStatusChange',
              flowId,
              flowStatus: 1,
              occurredAt: n,
              data: { FlowId: flowId },
            } as Partial<EssEvent> as EssEvent,
          };
        }),
      }),
    });
  }
  const started = performance.now();
  const relay = startRelay({
    config,
    store,
    relayStore,
    logger: silentLogger,
    scope: organizationScope({ organization: {}, groupMembers: [] }),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, DEADLINE_MS);
  });
  await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const counts = await relayStore.counts();
  await relay.close();
  await relayStore.close();
  await store.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  rmSync(dir, { recursive: true, force: true });
  if (received < EVENTS)
    console.warn(`  ! relay bench: only ${received}/${EVENTS} delivered within ${DEADLINE_MS} ms`);
  return {
    'relay.perSecond': { value: Math.round(counts.delivered / seconds), unit: 'events/s' },
  };
}
