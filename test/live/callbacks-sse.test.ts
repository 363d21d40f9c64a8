// The live path end to end: the emulator sends real encrypted callbacks over HTTP to the BFF's intake,
// the BFF stores them in SQLite and pushes them to SSE clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@ess-kit/emulator';
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvent } from '../../packages/bff/src/ingest/intake.js';
import { flowCallback } from '../../packages/bff/test/support/backends.js';
import { readVector } from '../../packages/shared/test/vectors.js';
import { DEV_KEY, DEV_TOKEN, type LiveBff, openSse, post, sendCallbacksTo, startLiveBff } from './support.js';

const GUIDE_KEY = 'TencentEssEncryptTestKey12345678';
const V2 = readVector<{
  callbackUrlKey: string;
  token: string;
  plaintext: string;
  body?: string;
  encrypt?: string;
  contentSignature?: string;
}>('callback-v2-signed.json');
const SAMPLE = readVector<{ callbackUrlKey: string; ciphertextBase64: string }>('callback-sample.json');

describe('callbacks → store → SSE (SQLite, emulator over HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-live-'));
  const logLines: string[] = [];
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let bff: LiveBff;
  let org: string;
  let operator: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    bff = await startLiveBff({
      storeUrl: join(dir, 'live.sqlite'),
      emulatorUrl: emulator.url,
      logLines,
      targets: [
        { name: 'default', key: DEV_KEY, token: DEV_TOKEN },
        { name: 'guide', key: GUIDE_KEY },
        { name: 'vector', key: V2.callbackUrlKey, token: V2.token },
      ],
    });
    emulator.handle.ctx.callbacks.sender.retryDelaysMs = [50, 100, 200];
    expect(await sendCallbacksTo(emulator.url, bff.url)).toBe(200);
    const main = emulator.handle.state.mainOrganization();
    org = main.OrganizationId;
    operator = main.operatorUserId;
  });

  afterAll(async () => {
    await bff?.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const createFlow = (signers = 1) =>
    emulator.handle.state.createFileFlow({
      organizationId: org,
      operatorUserId: operator,
      flowName: 'live test',
      fileId: emulator.handle.state.seedFileId(),
      unordered: true,
      approvers: Array.from({ length: signers }, (_, i) => ({
        approverType: 1 as const,
        name: `Signer ${i}`,
        mobile: `1380000000${i}`,
      })),
    });
  const sign = (flowId: string, recipientId: string) =>
    fetch(`${emulator.url}/_emulator/flows/${flowId}/approvers/${recipientId}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
  const waitStored = async (flowId: string, status: number) => {
    for (let i = 0; i < 100; i++) {
      if ((await bff.deps.store.getFlow(flowId))?.snapshot.flowStatus === status) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`flow ${flowId} never reached ${status}`);
  };

  it('pushes a flow signed in the emulator to an SSE client within one second', async () => {
    const flow = createFlow();
    await waitStored(flow.FlowId, 1);
    const token = await bff.token({ flowIds: [flow.FlowId] });
    const client = await openSse(`${bff.url}/v1/events?flowIds=${flow.FlowId}&token=${token}`);
    try {
      expect(client.status).toBe(200);
      const snapshot = await client.waitFor((m) => m.event === 'snapshot');
      expect((snapshot.data.flow as { flowStatus: number }).flowStatus).toBe(1);
      const started = Date.now();
      expect((await sign(flow.FlowId, flow.approvers[0]?.RecipientId as string)).status).toBe(200);
      const signed = await client.waitFor((m) => m.event === 'flow' && m.data.flowStatus === 4, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(signed.id).toMatch(/^\d+$/);
      expect(signed.data).toMatchObject({ v: 1, type: 'flow', flowId: flow.FlowId, flowStatus: 4 });
      expect(JSON.stringify(client.messages)).not.toMatch(/1380000000/); // no mobiles reach the browser
    } finally {
      client.close();
    }
  });

  it("accepts the guide's sample vector (legacy text/plain) and the signed v2 vector", async () => {
    const guide = await post(`${bff.url}/v1/callbacks/ess/guide`, SAMPLE.ciphertextBase64, {
      'content-type': 'text/plain',
    });
    expect(guide).toMatchObject({ status: 200, json: { ok: true } });
    const encrypt = await encryptCallback(V2.plaintext, V2.callbackUrlKey);
    const body = JSON.stringify({ encrypt });
    const signature = await signContentSignature(body, V2.token);
    const v2 = await post(`${bff.url}/v1/callbacks/ess/vector`, body, {
      'content-type': 'application/json',
      'content-signature': signature,
    });
    expect(v2).toMatchObject({ status: 200, json: { ok: true, duplicate: false } });
    const again = await post(`${bff.url}/v1/callbacks/ess/vector`, body, {
      'content-type': 'application/json',
      'content-signature': signature,
    });
    expect(again).toMatchObject({ status: 200, json: { ok: true, duplicate: true } });
    expect((await bff.deps.store.getFlow('yDtestFlow000000000000000000001'))?.snapshot.flowStatus).toBe(4);
    const probe = await post(`${bff.url}/v1/callbacks/ess`, '{}', { 'content-type': 'application/json' });
    expect(probe.status).toBe(200);
  });

  it('refuses bad input with a 4xx, a stable code and a log line without secrets', async () => {
    const good = JSON.stringify({ encrypt: await encryptCallback(V2.plaintext, DEV_KEY) });
    const signed = async (body: string) => ({
      'content-type': 'application/json',
      'content-signature': await signContentSignature(body, DEV_TOKEN),
    });
    const wrongKey = JSON.stringify({
      encrypt: await encryptCallback(V2.plaintext, '0123456789abcdef0123456789abcdeX'),
    });
    const cases: [string, string, Record<string, string>, number, string][] = [
      ['wrong key', wrongKey, await signed(wrongKey), 400, 'CALLBACK_REJECTED'],
      [
        'bad signature',
        good,
        { 'content-type': 'application/json', 'content-signature': `sha256=${'0'.repeat(64)}` },
        401,
        'CALLBACK_BAD_SIGNATURE',
      ],
      ['unsigned', good, { 'content-type': 'application/json' }, 401, 'CALLBACK_BAD_SIGNATURE'],
      [
        'bad base64',
        '{"encrypt":"%%%not base64%%%"}',
        await signed('{"encrypt":"%%%not base64%%%"}'),
        400,
        'CALLBACK_REJECTED',
      ],
      ['garbage', 'hello <xml/>', await signed('hello <xml/>'), 400, 'CALLBACK_REJECTED'],
      ['plaintext', V2.plaintext, await signed(V2.plaintext), 400, 'CALLBACK_UNENCRYPTED'],
      [
        'oversize',
        'A'.repeat(1024 * 1024 + 10),
        { 'content-type': 'text/plain' },
        413,
        'CALLBACK_TOO_LARGE|BODY_TOO_LARGE',
      ],
    ];
    for (const [name, body, headers, status, code] of cases) {
      const res = await post(`${bff.url}/v1/callbacks/ess`, body, headers);
      // The app-wide body limit may answer oversize bodies before the intake does (BODY_TOO_LARGE).
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(res.json?.error?.code).toMatch(new RegExp(`^(${code})$`));
      expect(res.json.error?.message).toEqual(expect.any(String));
    }
    const unknown = await post(`${bff.url}/v1/callbacks/ess/nope`, good, {
      'content-type': 'application/json',
    });
    expect(unknown.status).toBe(404);
    const refusals = logLines.filter((l) => l.includes('callback refused'));
    expect(refusals.length).toBeGreaterThanOrEqual(cases.length);
    for (const line of logLines) {
      expect(line).not.toContain(DEV_KEY);
      expect(line).not.toContain(DEV_TOKEN);
      expect(line).not.toContain(V2.callbackUrlKey);
    }
  });

  it('ends duplicated and shuffled deliveries with the right status and no regression', async () => {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: 7,
        callbacks: { duplicate: { rate: 1 }, reorder: { rate: 0.6, maxHoldMs: 200 } },
      }),
    });
    try {
      const flows = Array.from({ length: 4 }, () => createFlow(3));
      const token = await bff.token({ flowIds: flows.map((f) => f.FlowId) });
      const client = await openSse(`${bff.url}/v1/events?token=${token}`);
      try {
        for (const flow of flows) for (const a of flow.approvers) await sign(flow.FlowId, a.RecipientId);
        for (const flow of flows) await waitStored(flow.FlowId, 4);
        await fetch(`${emulator.url}/_emulator/callbacks?settle=3000`);
        for (const flow of flows) {
          const statuses = client.messages
            .filter(
              (m) =>
                (m.data.flowId ?? (m.data.flow as { flowId?: string } | undefined)?.flowId) === flow.FlowId,
            )
            .map((m) => (m.data.flowStatus ?? (m.data.flow as { flowStatus: number }).flowStatus) as number);
          const rank = (s: number) => ({ 1: 1, 2: 2, 4: 3 })[s] ?? 0;
          for (let i = 1; i < statuses.length; i++)
            expect(rank(statuses[i] as number)).toBeGreaterThanOrEqual(rank(statuses[i - 1] as number));
          expect(statuses.at(-1)).toBe(4);
          const stored = await bff.deps.store.getFlow(flow.FlowId);
          expect(stored?.snapshot.approvers.every((a) => a.approveStatus === 3)).toBe(true);
        }
        const ids = client.messages.map((m) => m.id);
        expect(new Set(ids.filter((_, i) => client.messages[i]?.event !== 'snapshot')).size).toBe(
          ids.filter((_, i) => client.messages[i]?.event !== 'snapshot').length,
        );
      } finally {
        client.close();
      }
    } finally {
      await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    }
  });

  it('replays exactly the missed events to Last-Event-ID, then a stale cursor gets resync', async () => {
    const flow = createFlow(3);
    await waitStored(flow.FlowId, 1);
    const token = await bff.token({ flowIds: [flow.FlowId] });
    const first = await openSse(`${bff.url}/v1/events?flowIds=${flow.FlowId}&token=${token}`);
    const snapshot = await first.waitFor((m) => m.event === 'snapshot');
    first.close();
    await first.closed;
    for (const a of flow.approvers) await sign(flow.FlowId, a.RecipientId);
    await waitStored(flow.FlowId, 4);
    await fetch(`${emulator.url}/_emulator/callbacks?settle=3000`);
    const missed = (await bff.deps.store.readEvents(snapshot.id, 1000)).events.filter(
      (e) => e.flowId === flow.FlowId && e.data,
    );
    expect(missed.length).toBeGreaterThanOrEqual(3);

    const again = await openSse(`${bff.url}/v1/events?flowIds=${flow.FlowId}&token=${token}`, {
      'last-event-id': snapshot.id as string,
    });
    try {
      await again.waitFor((m) => m.id === missed.at(-1)?.id);
      // Nothing repeated after the replay: a later marker event arrives next, and nothing before it.
      const marker = await ingestEvent(
        bff.deps.store,
        flowCallback({ flowId: flow.FlowId, status: 4, occurTime: 4_000_000_000, msgId: 'yDmarker' }),
      );
      const markerId = marker.duplicate ? '' : (marker.events[0]?.id ?? '');
      await again.waitFor((m) => m.id === markerId);
      expect(again.messages.map((m) => m.id)).toEqual([...missed.map((e) => e.id), markerId]);
      expect(again.messages.every((m) => m.event === 'flow')).toBe(true);
    } finally {
      again.close();
    }

    await bff.deps.store.trim({ maxEvents: 1 });
    const stale = await openSse(
      `${bff.url}/v1/events?flowIds=${flow.FlowId}&since=${snapshot.id}&token=${token}`,
    );
    try {
      const resync = await stale.waitFor((m) => m.event === 'resync');
      expect(resync.data).toMatchObject({ v: 1, type: 'resync' });
      const after = await stale.waitFor((m) => m.event === 'snapshot');
      expect((after.data.flow as { flowStatus: number }).flowStatus).toBe(4);
    } finally {
      stale.close();
    }
  });

  it('refuses streams outside the token, malformed cursors and missing tokens', async () => {
    const token = await bff.token({ flowIds: ['yDaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'] });
    const outside = await fetch(
      `${bff.url}/v1/events?flowIds=yDbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&token=${token}`,
    );
    expect(outside.status).toBe(403);
    expect((await outside.json()).error.code).toBe('OUT_OF_SCOPE');
    const bad = await fetch(`${bff.url}/v1/events?since=abc&token=${token}`);
    expect(bad.status).toBe(400);
    await bad.body?.cancel();
    const none = await fetch(`${bff.url}/v1/events?flowIds=x`);
    expect(none.status).toBe(401);
    await none.body?.cancel();
    const forged = await fetch(`${bff.url}/v1/events?token=${token.slice(0, -3)}abc`);
    expect(forged.status).toBe(401);
    await forged.body?.cancel();
  });
});
