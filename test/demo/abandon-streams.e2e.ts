/**
 * No client going away may ever end a server (issue 13, bug 1): `npm start` runs, every streaming
 * route of the demo, the BFF and the emulator is opened and abandoned mid-stream — responses that
 * stream out (SSE, files, the elements bundle) and request bodies that stream in (uploads) — and
 * afterwards all three servers still answer and nothing logged a stray rejection.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureElementsBundle } from '../../demo/server/elements-bundle.js';
import { STRAY_REJECTION } from '../../demo/server/process-guard.js';
import { type StartedScript, spawnStartOnFreePorts } from './start-script.js';

let workDir: string;
let started: StartedScript;
let demo: string;
let bff: string;
let emulator: string;
const partner = { authorization: 'Bearer dev-partner-key' };

beforeAll(async () => {
  ensureElementsBundle(() => {});
  workDir = await mkdtemp(join(tmpdir(), 'ess-kit-abandon-'));
  ({ started, bff, emulator, demo } = await spawnStartOnFreePorts({
    STORE_URL: join(workDir, 'ess-kit.sqlite'),
  }));
});

afterAll(async () => {
  await started?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Opens a streaming response, waits for its first bytes, then drops the connection. */
async function abandonResponse(url: string, headers: Record<string, string> = {}): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const reader = response.body?.getReader();
  if (reader) await reader.read();
  controller.abort();
  await reader?.cancel().catch(() => {});
  return response.status;
}

/** Starts an upload announcing `declared` bytes, sends a part of it, then destroys the socket. */
function abandonUpload(url: string, headers: Record<string, string>, declared = 4_000_000): Promise<void> {
  return new Promise((done, fail) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(declared) },
    });
    req.on('error', () => done());
    req.on('close', () => done());
    req.write(Buffer.alloc(64 * 1024, 0x20), (error) => {
      if (error) return fail(error);
      // Give the server the first chunk, then vanish as a closed laptop lid would.
      setImmediate(() => req.destroy());
    });
  });
}

async function createFlow(): Promise<{ flowId: string; recipientId: string }> {
  const response = await fetch(`${demo}/api/contracts/by-file`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      preset: 'single-c',
      flowName: 'abandoned streams',
      parties: {
        ownOrganizationName: 'unused',
        employee: { name: '张经办', mobile: '13800000001' },
        person: { name: '李小明', mobile: '13800000002' },
        otherCompany: { organizationName: 'x', name: 'y', mobile: '13800000003' },
      },
    }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { FlowId: string; Approvers: { RecipientId: string }[] };
  return { flowId: body.FlowId, recipientId: body.Approvers[0]!.RecipientId };
}

it('keeps the emulator, the BFF and the demo running when every streaming route is abandoned', async () => {
  const { flowId } = await createFlow();
  const token = (await (await fetch(`${demo}/api/token`)).json()) as { token: string };
  expect(token.token).toBeTruthy();

  const opened: [string, number][] = [];
  for (let round = 0; round < 2; round++) {
    // Responses streaming out.
    opened.push(['demo /api/debug/stream', await abandonResponse(`${demo}/api/debug/stream`)]);
    opened.push(['demo /assets/ess-elements.js', await abandonResponse(`${demo}/assets/ess-elements.js`)]);
    opened.push([
      'BFF /v1/events',
      await abandonResponse(`${bff}/v1/events?token=${encodeURIComponent(token.token)}`),
    ]);
    opened.push([
      'BFF /v1/partner/events',
      await abandonResponse(`${bff}/v1/partner/events?since=0`, partner),
    ]);
    opened.push([
      'emulator /sign/:flowId/document.pdf',
      await abandonResponse(`${emulator}/sign/${flowId}/document.pdf`),
    ]);
    // Request bodies streaming in.
    await abandonUpload(`${bff}/v1/flows/by-file`, { ...partner, 'content-type': 'application/json' });
    await abandonUpload(`${bff}/v1/pdf/keyword-positions`, {
      ...partner,
      'content-type': 'multipart/form-data; boundary=x',
    });
    await abandonUpload(`${emulator}/`, { 'content-type': 'application/json' });
    await abandonUpload(`${emulator}/_emulator/clock`, { 'content-type': 'application/json' });
    await abandonUpload(`${demo}/api/contracts/by-file`, { 'content-type': 'application/json' });
  }
  for (const [route, status] of opened) expect([route, status]).toEqual([route, 200]);

  // A later marker: one more full SSE round trip through all three servers (the demo relays the
  // BFF's partner stream, which reports the callbacks the emulator sent) and each server's own check.
  const controller = new AbortController();
  const relay = await fetch(`${demo}/api/debug/stream`, { signal: controller.signal });
  const reader = relay.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  expect(first).toContain('retry:');
  controller.abort();
  await reader.cancel().catch(() => {});
  expect((await fetch(`${bff}/healthz`)).status).toBe(200);
  expect((await fetch(`${emulator}/_emulator/clock`)).status).toBe(200);
  expect((await fetch(`${demo}/`)).status).toBe(200);

  expect(started.child.exitCode).toBeNull();
  // Neither a crash nor the dev stack's guard catching a rejection nor an error-level log entry.
  expect(started.output()).not.toContain(STRAY_REJECTION);
  expect(started.output()).not.toMatch(
    /UnhandledPromiseRejection|ERR_UNHANDLED|"level":"error"|\[ess-emulator\].*failed/,
  );
});
