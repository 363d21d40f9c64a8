/**
 * The BFF as the benchmarks (bench/bff.ts) and the profiler (bench/profile-bff.ts) run it: beside an
 * emulator, configured as an operator runs it — the default access log on (one JSON line per request,
 * written synchronously as the default stdout sink does, here to /dev/null so the run stays readable)
 * and metrics enabled (`METRICS_TOKEN`) — with one flow created and its snapshot cached.
 */
import { openSync, readFileSync, writeSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@ess-kit/emulator';
import { serve } from '@hono/node-server';
import { type Bff, createBff } from '../packages/bff/src/app.js';
import { type BffConfig, loadConfig, secretValues } from '../packages/bff/src/config.js';
import { createLogger, jsonLinesSink } from '../packages/bff/src/logger.js';
import { bffListener } from '../packages/bff/src/server.js';

export const PARTNER_KEY = 'bench-partner-key-000000';

/**
 * A started @hono/node-server on a random loopback port; or, given a Node listener (the BFF's own,
 * `bffListener`, as server.ts serves it), a node:http server with that listener.
 */
export function listen(
  handler: ((req: Request) => Response | Promise<Response>) | { node: RequestListener },
) {
  const server =
    'node' in handler
      ? createServer(handler.node).listen(0, '127.0.0.1')
      : serve({ fetch: handler, port: 0, hostname: '127.0.0.1' });
  return new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    server.once('listening', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections(): void }).closeAllConnections();
          }),
      }),
    );
  });
}

/** What {@link startBenchBff} started. */
export interface BenchBff {
  secretId: string;
  secretKey: string;
  emulator: Awaited<ReturnType<typeof startEmulator>>;
  seed: { operator: { UserId: string }; organization: { OrganizationId: string } };
  config: BffConfig;
  bff: Bff;
  bffServer: { url: string; close(): Promise<void> };
  auth: { authorization: string };
  flowId: string;
  /** The cached read's body and headers (for bare routes that answer the same). */
  snapshotText: string;
  cachedHeaders: Record<string, string>;
  close(): Promise<void>;
}

/** Emulator + BFF + one flow whose snapshot the store holds. */
export async function startBenchBff(): Promise<BenchBff> {
  const secretId = 'AKIDBenchSecretId0000000000000001';
  const secretKey = 'BenchSecretKey-00000000000000001';
  const emulator = await startEmulator({ port: 0, secretId, secretKey, composeDelayMs: 50 });
  const seed = (await (await fetch(`${emulator.url}/_emulator/seed`)).json()) as {
    operator: { UserId: string };
    organization: { OrganizationId: string; OrganizationName: string };
  };
  const config = loadConfig(
    {
      ESS_ENV: 'emulator',
      ESS_ENDPOINT: emulator.url,
      ESS_FILE_ENDPOINT: emulator.url,
      ESS_SECRET_ID: secretId,
      ESS_SECRET_KEY: secretKey,
      ESS_OPERATOR_USER_ID: seed.operator.UserId,
      BFF_API_KEYS: PARTNER_KEY,
      STORE_URL: ':memory:',
      METRICS_TOKEN: 'bench-metrics-token-0000',
    },
    {
      organization: { organizationId: seed.organization.OrganizationId },
      ess: { rateLimits: { DescribeFlowBriefs: 1_000_000 } },
      limits: { keyRequestsPerSecond: 1_000_000, tokenRequestsPerSecond: 1_000_000 },
      reconcile: { intervalMs: 0 },
    },
  );
  if (config.accessLog !== 'on') throw new Error('the benchmark measures the BFF with its access log on');
  // The default sink's writes (stdout is synchronous on Linux for files and pipes), to /dev/null.
  // Left open: a batch may still be written after close() (at the latest when the process exits).
  const devNull = openSync('/dev/null', 'w');
  const toDevNull = (chunk: string) => {
    writeSync(devNull, chunk);
  };
  const logger = createLogger({
    level: config.logLevel,
    secrets: secretValues(config),
    sink: jsonLinesSink(toDevNull, toDevNull),
  });
  const bff = await createBff(config, { logger });
  // Served as server.ts serves it: cached reads answered before the app (http/cached-read.ts).
  const bffServer = await listen({ node: bffListener(bff, { hostname: '127.0.0.1' }) as RequestListener });
  const auth = { authorization: `Bearer ${PARTNER_KEY}` };

  const pdf = readFileSync(new URL('../packages/emulator/assets/contract.pdf', import.meta.url)).toString(
    'base64',
  );
  const created = await fetch(`${bffServer.url}/v1/flows/by-file`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      FlowName: '基准合同',
      File: { Name: 'c.pdf', ContentBase64: pdf },
      Approvers: [
        {
          ApproverType: 1,
          ApproverName: '李四',
          ApproverMobile: '13800000002',
          SignComponents: [
            {
              ComponentType: 'SIGN_SIGNATURE',
              FileIndex: 0,
              ComponentPage: 1,
              ComponentPosX: 100,
              ComponentPosY: 600,
              ComponentWidth: 120,
              ComponentHeight: 60,
            },
          ],
        },
      ],
    }),
  });
  const { FlowId: flowId } = (await created.json()) as { FlowId: string };
  if (!flowId) throw new Error('could not create the benchmark flow');
  // First read caches the snapshot in the store.
  const first = await fetch(`${bffServer.url}/v1/flows/${flowId}`, { headers: auth });
  const snapshotText = await first.text();
  /** The headers the cached read answers with (for a bare route that answers the same). */
  const cachedHeaders: Record<string, string> = {};
  first.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'content-length'].includes(name)) cachedHeaders[name] = value;
  });

  return {
    secretId,
    secretKey,
    emulator,
    seed,
    config,
    bff,
    bffServer,
    auth,
    flowId,
    snapshotText,
    cachedHeaders,
    async close() {
      await bffServer.close();
      await bff.close();
      await emulator.close();
    },
  };
}
