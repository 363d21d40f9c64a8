/**
 * Callback intake benchmark (issue 5): decrypt + normalize + dedupe + durable write + publish, on
 * SQLite and on Redis, beside a bare decrypt loop measured in the same run
 * (`callbacks.sqlite.ratioToDecrypt`), plus the same through HTTP (`POST /v1/callbacks/ess` of the
 * real app, 16 concurrent senders). Redis figures are skipped with a loud message when no Redis
 * answers. Bounded: about 15 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decryptCallback,
  encryptCallback,
  normalizeCallback,
  parseCallbackDelivery,
  signContentSignature,
} from '@ess-kit/shared';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { createBff } from '../packages/bff/src/app.js';
import { loadConfig } from '../packages/bff/src/config.js';
import { ingestEvent } from '../packages/bff/src/ingest/intake.js';
import { silentLogger } from '../packages/bff/src/logger.js';
import { openStore } from '../packages/bff/src/store/index.js';
import type { Store } from '../packages/bff/src/store/types.js';
import { REDIS_URL, redisAnswers } from '../test/support/redis.js';

type Figures = Record<string, { value: number; unit: string }>;

const DURATION_MS = 2500;
const CONCURRENCY = 16;
const DEV_KEY = 'EssKitDevCallbackKey000000000000';
const DEV_TOKEN = 'ess-kit-dev-callback-token';

let seq = 0;
/** A distinct FlowStatusChange per call (new MsgId, 50 flows moving forward), encrypted as ESS sends it. */
async function nextBody(): Promise<string> {
  const n = ++seq;
  const plaintext = JSON.stringify({
    MsgId: `yDbenchCb${String(n).padStart(23, '0')}`,
    MsgType: 'FlowStatusChange',
    MsgVersion: 'CustomApp',
    MsgData: {
      FlowId: `yDbenchCbFlow${String(n % 50).padStart(19, '0')}`,
      FlowCallbackStatus: 1,
      Operate: 'sign',
      OccurTime: 1_800_000_000 + n,
      FlowName: 'bench',
      Approvers: [
        {
          RecipientId: `yDrecipient${String(n % 3).padStart(21, '0')}`,
          ApproveCallbackStatus: 2,
          ApproverName: 'A',
        },
      ],
    },
  });
  return JSON.stringify({ encrypt: await encryptCallback(plaintext, DEV_KEY) });
}

/** Pre-encrypts enough bodies so that encryption (the sender's work) is not measured. */
async function bodies(n: number): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, () => nextBody()));
}

/** Closed loop: `concurrency` workers take bodies until the time is up; returns per second. */
async function loop(
  items: string[],
  concurrency: number,
  work: (body: string) => Promise<void>,
): Promise<number> {
  let next = 0;
  let done = 0;
  const until = performance.now() + DURATION_MS;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < until && next < items.length) {
      await work(items[next++] as string);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

/** The intake path without HTTP: what the route does between reading the body and answering 200. */
async function intake(store: Store, body: string): Promise<void> {
  const delivery = parseCallbackDelivery(body, 'application/json');
  if (delivery.kind !== 'encrypted') throw new Error('bench body not encrypted');
  const event = normalizeCallback(await decryptCallback(delivery.ciphertext, DEV_KEY));
  await ingestEvent(store, event);
}

/** Runs the benchmark (called by bench/run.ts). */
export async function run(): Promise<Figures> {
  const figures: Figures = {};
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-bench-cb-'));
  try {
    const items = await bodies(30_000);
    const ciphertexts = items.map((b) => (JSON.parse(b) as { encrypt: string }).encrypt);
    let i = 0;
    const decryptRate = await loop(items, 1, async () => {
      await decryptCallback(ciphertexts[i++ % ciphertexts.length] as string, DEV_KEY);
    });
    figures['callbacks.decrypt.perSecond'] = { value: decryptRate, unit: 'callbacks/s' };

    // SQLite: every record is durable (WAL, synchronous=FULL) before it counts.
    const sqlite = await openStore({ store: { url: join(dir, 'bench.sqlite') } });
    let published = 0;
    const unsubscribe = sqlite.subscribe(() => published++);
    const sqliteRate = await loop(await bodies(30_000), CONCURRENCY, (body) => intake(sqlite, body));
    unsubscribe();
    await sqlite.close();
    if (published === 0) throw new Error('no event was published');
    figures['callbacks.sqlite.perSecond'] = { value: sqliteRate, unit: 'callbacks/s' };
    figures['callbacks.sqlite.ratioToDecrypt'] = { value: sqliteRate / decryptRate, unit: 'ratio' };

    if (await redisAnswers()) {
      const prefix = `ess-kit-bench-cb-${process.pid}-${Date.now()}:`;
      const redis = await openStore({ store: { url: REDIS_URL, prefix } });
      const redisRate = await loop(await bodies(30_000), CONCURRENCY, (body) => intake(redis, body));
      await redis.close();
      figures['callbacks.redis.perSecond'] = { value: redisRate, unit: 'callbacks/s' };
      const cleanup = new Redis(REDIS_URL);
      let cursor = '0';
      do {
        const [nextCursor, keys] = await cleanup.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = nextCursor;
        if (keys.length > 0) await cleanup.del(...keys);
      } while (cursor !== '0');
      await cleanup.quit();
    } else {
      console.warn(`\n  !!! bench/callbacks: Redis figures SKIPPED — no Redis answers at ${REDIS_URL}\n`);
    }

    // Through HTTP: the real app, signed bodies, 16 concurrent senders.
    const config = loadConfig(
      {
        ESS_ENV: 'emulator',
        STORE_URL: join(dir, 'http.sqlite'),
        ESS_CALLBACK_KEY: DEV_KEY,
        ESS_CALLBACK_TOKEN: DEV_TOKEN,
        LOG_LEVEL: 'error',
      },
      { reconcile: { intervalMs: 0 } },
    );
    const bff = await createBff(config, { logger: silentLogger });
    const server = serve({ fetch: bff.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/callbacks/ess`;
    const signed = await Promise.all(
      (await bodies(20_000)).map(async (body) => ({
        body,
        signature: await signContentSignature(body, DEV_TOKEN),
      })),
    );
    const byBody = new Map(signed.map((s) => [s.body, s.signature]));
    const httpRate = await loop(
      signed.map((s) => s.body),
      CONCURRENCY,
      async (body) => {
        const res = await fetch(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'content-signature': byBody.get(body) as string },
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`intake answered ${res.status}`);
      },
    );
    figures['callbacks.sqlite.httpPerSecond'] = { value: httpRate, unit: 'callbacks/s' };
    await new Promise<void>((r) => {
      server.close(() => r());
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    });
    await bff.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
