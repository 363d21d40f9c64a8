// The reference receiver printed in docs/relay.md, run as written (its code block, in a child
// process), receives real relay deliveries and refuses tampered or unsigned ones.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type EssEvent, signWebhook } from '@ess-kit/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteRelayStore } from '../../packages/bff/src/relay/store-sqlite.js';
import { eventually, FAST_RELAY, PARTNER, type RelayBff, startRelayBff } from './support.js';

const root = resolve(__dirname, '../..');
const SECRET = 'reference-receiver-secret-01';

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

describe('the reference receiver of docs/relay.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-relay-doc-'));
  // Inside the repository, so that `@ess-kit/shared` resolves as it would in a partner's project.
  const codeDir = join(root, 'node_modules', '.cache', `ess-kit-relay-doc-${process.pid}`);
  let child: ChildProcess | undefined;
  let bff: RelayBff | undefined;

  afterAll(async () => {
    child?.kill('SIGKILL');
    await bff?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(codeDir, { recursive: true, force: true });
  });

  it('verifies real deliveries and refuses bad signatures', async () => {
    const doc = readFileSync(join(root, 'docs/relay.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Reference receiver'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toContain('verifyWebhookSignature');
    mkdirSync(codeDir, { recursive: true });
    const file = join(codeDir, 'receiver.ts');
    writeFileSync(file, code as string);
    const port = await freePort();
    child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
      cwd: root,
      env: { ...process.env, PORT: String(port), ESS_KIT_WEBHOOK_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`receiver did not start: ${output.join('')}`)), 15_000);
      child?.stdout?.on('data', (c: Buffer) => {
        if (c.toString().includes('receiver ready')) {
          clearTimeout(timer);
          ok();
        }
      });
    });
    const url = `http://127.0.0.1:${port}/`;
    const body = '{"v":1,"id":"1","family":"flow"}';
    const post = (signature: string | null, payload = body) =>
      fetch(url, {
        method: 'POST',
        body: payload,
        headers: { 'x-ess-kit-event-id': '1', ...(signature ? { 'x-ess-kit-signature': signature } : {}) },
      });
    expect((await post(await signWebhook(body, SECRET))).status).toBe(204);
    expect((await post(await signWebhook(body, SECRET), `${body} `)).status).toBe(401);
    expect((await post(await signWebhook(body, SECRET, Math.floor(Date.now() / 1000) - 3600))).status).toBe(
      401,
    );
    expect((await post(null)).status).toBe(401);

    // Real deliveries from the relay end delivered.
    bff = await startRelayBff({
      storeUrl: join(dir, 'doc.sqlite'),
      emulatorUrl: 'http://127.0.0.1:9',
      file: { relay: { ...FAST_RELAY, targets: [{ name: 'doc', url, secret: SECRET }] } },
    });
    // The new target starts at the log head on its first pass: wait until its cursor is written.
    const relayState = openSqliteRelayStore(join(dir, 'doc.sqlite'), 60_000);
    try {
      await expect.poll(() => relayState.cursor('doc'), { timeout: 10_000 }).not.toBeNull();
    } finally {
      await relayState.close();
    }
    for (const sealId of ['yDdocSeal1', 'yDdocSeal2']) {
      await bff.deps.store.record({
        plan: () => ({
          events: [
            {
              kind: 'ess',
              organizationId: null,
              family: 'seal',
              msgType: 'OperateSeal',
              data: null,
              ess: {
                family: 'seal',
                msgType: 'OperateSeal',
                sealId,
                occurredAt: 1,
                data: { SealId: sealId },
              } as Partial<EssEvent> as EssEvent,
            },
          ],
        }),
      });
    }
    const delivered = await eventually(
      async () =>
        (
          (await (
            await fetch(`${bff?.url}/v1/partner/deliveries?state=delivered`, { headers: PARTNER })
          ).json()) as { deliveries: { lastStatus: number }[] }
        ).deliveries,
      (list) => list.length === 2,
    );
    expect(delivered.map((d) => d.lastStatus)).toEqual([204, 204]);
  }, 40_000);
});
