// Two BFF instances on one Redis store reconcile in turns: one round per interval in all, so ESS
// reads do not grow with the number of instances. Real emulator, real Redis, real ESS clients.
import { startEmulator } from '@ess-kit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReconciler } from '../../packages/bff/src/ingest/reconcile.js';
import { applyEventToSnapshot } from '../../packages/bff/src/ingest/snapshot.js';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../support/redis.js';
import { createOpenFlowInEmulator, type LiveBff, startLiveBff } from './support.js';

const haveRedis = await redisAvailable('reconcile lease (redis)');

describe.skipIf(!haveRedis)('reconciliation across instances sharing Redis', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  const logs: [string[], string[]] = [[], []];
  const bffs: LiveBff[] = [];
  const prefix = `ess-kit-lease-test:${process.pid}:${Date.now()}:`;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    for (const logLines of logs)
      bffs.push(await startLiveBff({ storeUrl: REDIS_URL, prefix, emulatorUrl: emulator.url, logLines }));
  });
  afterAll(async () => {
    for (const bff of bffs) await bff.close();
    await emulator?.close();
    if (haveRedis) await deleteRedisKeys(prefix);
  });

  it('runs a round on one instance per interval, not on each', async () => {
    const flow = createOpenFlowInEmulator(emulator, 'lease', '13600000001');
    const snapshot = applyEventToSnapshot(null, {
      flowId: flow.FlowId,
      flowStatus: 1,
      occurredAt: 1,
      data: { FlowId: flow.FlowId, FlowName: 'lease' },
    });
    await bffs[0]?.deps.store.putFlow({ snapshot, organizationId: null, occurredAt: 1, touchedAt: 0 });

    const reconcilers = bffs.map((bff) =>
      createReconciler({
        store: bff.deps.store,
        ess: bff.deps.ess,
        logger: bff.deps.logger,
        config: bff.config,
        intervalMs: 60_000,
        quietMs: 0,
      }),
    );
    try {
      // Both instances' timers fire at once: one of them reads ESS, the other sees the lease taken.
      await Promise.all(reconcilers.map((r) => r.runOnce()));
      const briefReads = logs.map(
        (lines) => lines.filter((l) => l.includes('"ess call"') && l.includes('"DescribeFlowBriefs"')).length,
      );
      expect(briefReads.reduce((a, b) => a + b, 0)).toBe(1);
      expect(briefReads.sort()).toEqual([0, 1]);
    } finally {
      for (const r of reconcilers) await r.stop();
    }
  });
});
