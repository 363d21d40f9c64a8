/**
 * Erasing one flow's personal data over HTTP (`DELETE /v1/flows/:flowId/personal-data`), with the
 * real emulator delivering real callbacks (signers' names and mobiles in MsgData) and a real relay
 * target that refuses them, so the flow has events, a snapshot, deliveries and dead letters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../../test/relay/support.js';
import { b2cFileApprovers, CONTRACT_PDF, type Stack, startStack } from './harness.js';

const DESK_KEY = 'privacy-desk-partner-key-0123456789abcdef';
const MEMBER_KEY = 'member-scoped-partner-key-0123456789abcdef';
/** What b2cFileApprovers puts in the flow, and the emulator then puts in every callback. */
const PERSONAL = ['13800000001', '13800000002', '张三', '李四'];

let stack: Stack;
let receiver: Receiver;
let flowId: string;

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 150; i++) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} never happened; last: ${JSON.stringify(last)?.slice(0, 500)}`);
}

const flowEvents = () =>
  stack.call(`/v1/partner/events?format=json&includeOriginal=true&flowId=${flowId}&limit=1000`);
const deadLetters = () => stack.call('/v1/partner/deliveries?state=failed&limit=1000');
const ofFlow = (deliveries: { flowId: string | null }[]) => deliveries.filter((d) => d.flowId === flowId);

beforeAll(async () => {
  receiver = await startReceiver(() => 500);
  stack = await startStack((seed) => ({
    apiKeys: [
      { key: DESK_KEY, organizations: [seed.organization.OrganizationId], name: 'privacy desk' },
      { key: MEMBER_KEY, organizations: [seed.groupMembers[0].ProxyOrganizationId], name: 'member A' },
    ],
    relay: {
      // One attempt: every delivery becomes a dead letter at once.
      targets: [{ name: 'crm', url: receiver.url, secret: 'crm-webhook-secret-0123', includeOriginal: true }],
      pollMs: 50,
      timeoutMs: 2000,
      retry: { attempts: 1, baseMs: 10, maxMs: 10 },
    },
  }));
  await stack.routeCallbacksHere();
  const created = await stack.call('/v1/flows/by-file', {
    json: {
      FlowName: '个人数据',
      File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
    },
  });
  expect(created.status).toBe(201);
  flowId = created.body.FlowId;
  for (const a of created.body.Approvers)
    await stack.control(`/flows/${flowId}/approvers/${a.RecipientId}/sign`, {});
  // Signed, every callback logged, and every one of them a dead letter of the relay target.
  await eventually(
    () => stack.call(`/v1/flows/${flowId}`),
    (r) => r.body.flowStatus === 4,
    'the flow to be signed',
  );
  // Settled: every logged event of the flow is a dead letter, and nothing new came for a while.
  let previous = '';
  await eventually(
    async () => {
      const counts = [
        (await flowEvents()).body.events.length,
        ofFlow((await deadLetters()).body.deliveries).length,
      ];
      await new Promise((r) => setTimeout(r, 300));
      const same = JSON.stringify(counts) === previous;
      previous = JSON.stringify(counts);
      return { counts, same };
    },
    ({ counts: [logged, dead], same }) => same && logged > 0 && dead === logged,
    'every callback of the flow to be logged and dead-lettered',
  );
}, 90_000);
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

describe('DELETE /v1/flows/:flowId/personal-data', () => {
  it('refuses browser tokens, malformed flow ids and keys scoped to another organization', async () => {
    const token = await stack.token({ flowIds: [flowId] });
    const browser = await stack.call(`/v1/flows/${flowId}/personal-data`, { method: 'DELETE', key: token });
    expect(browser.status).toBe(403);
    expect(browser.body.error.code).toBe('FORBIDDEN');
    for (const bad of ['not%20an%20id', 'x'.repeat(65), 'a%2Fb']) {
      const res = await stack.call(`/v1/flows/${bad}/personal-data`, { method: 'DELETE' });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toMatch(/flowId/);
    }
    const member = await stack.call(`/v1/flows/${flowId}/personal-data`, {
      method: 'DELETE',
      key: MEMBER_KEY,
    });
    expect(member.status).toBe(403);
    expect(member.body.error.code).toBe('OUT_OF_SCOPE');
    // Nothing was erased by the refused calls.
    expect(JSON.stringify((await flowEvents()).body)).toContain('13800000002');
  });

  it('erases the flow everywhere the BFF keeps it; the events stay; a repeat answers the same with zero counts', async () => {
    const before = (await flowEvents()).body.events as { id: string; state: unknown }[];
    expect(before.length).toBeGreaterThan(1);
    // Before: the partner stream replays the names and mobiles (includeOriginal), and so do the dead letters.
    const replayed = JSON.stringify(before);
    for (const value of PERSONAL) expect(replayed).toContain(value);
    expect(receiver.received.some((r) => r.body.includes('13800000002'))).toBe(true);
    expect(JSON.stringify((await stack.call(`/v1/flows/${flowId}`)).body)).toContain('李四');
    const dead = ofFlow((await deadLetters()).body.deliveries).length;
    const logsBefore = stack.logs.length;

    const erased = await stack.call(`/v1/flows/${flowId}/personal-data`, { method: 'DELETE', key: DESK_KEY });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({
      flowId,
      erased: { events: expect.any(Number), flows: 1, deliveries: dead },
    });
    expect(erased.body.erased.events).toBeGreaterThanOrEqual(before.length - 1);

    // The partner stream (log replay): the same events, ids and states, without any personal data.
    const after = (await flowEvents()).body.events as { id: string; original: { MsgData: unknown } | null }[];
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    const afterText = JSON.stringify(after);
    for (const value of PERSONAL) expect(afterText).not.toContain(value);
    expect(after.filter((e) => e.original).every((e) => e.original?.MsgData === null)).toBe(true);
    // The snapshot: still signed, signers without names.
    const snapshot = await stack.call(`/v1/flows/${flowId}`);
    expect(snapshot.body.flowStatus).toBe(4);
    for (const value of PERSONAL) expect(JSON.stringify(snapshot.body)).not.toContain(value);
    // The dead letters: sent again, their bodies no longer carry it.
    const seen = receiver.received.length;
    const again = await stack.call('/v1/partner/deliveries/redeliver?state=failed', { method: 'POST' });
    expect(again.body.redelivered).toBeGreaterThanOrEqual(dead);
    await receiver.waitUntil((received) => received.length >= seen + dead, 15_000);
    const resent = receiver.received.slice(seen).filter((r) => r.json.flowId === flowId);
    expect(resent.length).toBe(dead);
    for (const value of PERSONAL) expect(resent.map((r) => r.body).join('\n')).not.toContain(value);

    // Audited: one line naming the flow, the key and the counts — never the data.
    const lines = stack.logs.slice(logsBefore);
    const audit = lines.map((l) => JSON.parse(l)).filter((l) => l.audit === 'personal-data-erased');
    expect(audit).toEqual([
      expect.objectContaining({
        flowId,
        key: 'privacy desk',
        events: erased.body.erased.events,
        deliveries: dead,
      }),
    ]);
    for (const value of PERSONAL) expect(lines.join('\n')).not.toContain(value);

    // Idempotent: the same answer, nothing left to erase.
    const repeat = await stack.call(`/v1/flows/${flowId}/personal-data`, { method: 'DELETE' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ flowId, erased: { events: 0, flows: 0, deliveries: 0 } });
  });

  it('answers a flow the BFF never saw with zero counts', async () => {
    const unknown = 'yDneverSeenFlow0000000000000001';
    const res = await stack.call(`/v1/flows/${unknown}/personal-data`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ flowId: unknown, erased: { events: 0, flows: 0, deliveries: 0 } });
  });

  it('is in the OpenAPI document', async () => {
    const doc = await stack.call('/openapi.json', { key: null });
    expect(doc.body.paths['/v1/flows/{flowId}/personal-data']?.delete?.summary).toMatch(/personal data/);
  });
});
