/**
 * Every fault mode against a real emulator over HTTP: API latency, real 5xx, ESS-style
 * RequestLimitExceeded / InternalError (by share with a seed, by action, first N calls), and
 * callbacks duplicated, reordered and delayed — observed at a real local receiver.
 */
import { buildEssHeaders, DEV_DEFAULTS } from '@ess-kit/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallbackReceiver, startCallbackReceiver } from './callbacks/receiver.js';
import { Faults } from './faults.js';
import { startEmulator } from './index.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;

/** A correctly signed ESS call, as any SDK would send it. */
async function ess(action: string, body: Record<string, unknown>) {
  const text = JSON.stringify(body);
  const { host } = new URL(emulator.url);
  const headers = await buildEssHeaders({
    secretId: DEV_DEFAULTS.emulatorSecretId,
    secretKey: DEV_DEFAULTS.emulatorSecretKey,
    service: 'ess',
    host,
    timestamp: Math.floor(Date.now() / 1000),
    body: text,
    action,
  });
  const started = Date.now();
  const response = await fetch(`${emulator.url}/`, {
    method: 'POST',
    headers,
    body: text,
    signal: AbortSignal.timeout(10_000),
  });
  const raw = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(raw);
  } catch {}
  return { status: response.status, json, raw, ms: Date.now() - started };
}

const operator = { Operator: { UserId: DEV_DEFAULTS.emulatorOperatorUserId } };
const describeTemplates = () => ess('DescribeFlowTemplates', operator);

async function setFaults(config: unknown) {
  const response = await fetch(`${emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(config),
  });
  return { status: response.status, json: (await response.json()) as any };
}

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterEach(async () => {
  await emulator.close();
});

describe('API faults', () => {
  it('answers normally without faults', async () => {
    const result = await describeTemplates();
    expect(result.status).toBe(200);
    expect(result.json.Response.Error).toBeUndefined();
    expect(result.json.Response.Templates.length).toBeGreaterThan(0);
  });

  it('adds latency to the named actions only', async () => {
    expect((await setFaults({ latency: { ms: 300, actions: ['DescribeFlowTemplates'] } })).status).toBe(200);
    const slow = await describeTemplates();
    expect(slow.ms).toBeGreaterThanOrEqual(290);
    expect(slow.json.Response.Templates).toBeDefined();
    const fast = await ess('DescribeOrganizationSeals', { ...operator, Limit: 10 });
    expect(fast.ms).toBeLessThan(250);
  });

  it('answers a real HTTP 5xx', async () => {
    await setFaults({ errors: [{ kind: 'http5xx', status: 502 }] });
    const result = await describeTemplates();
    expect(result.status).toBe(502);
    expect(result.raw).toMatch(/502 injected/);
  });

  it('answers ESS-style RequestLimitExceeded for the first N calls of an action, then lets calls through', async () => {
    await setFaults({
      errors: [{ kind: 'RequestLimitExceeded', actions: ['DescribeFlowTemplates'], first: 2 }],
    });
    for (let i = 0; i < 2; i++) {
      const limited = await describeTemplates();
      expect(limited.status).toBe(200);
      expect(limited.json.Response.Error.Code).toBe('RequestLimitExceeded');
      expect(limited.json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await describeTemplates()).json.Response.Templates).toBeDefined();
    const faults = await (await fetch(`${emulator.url}/_emulator/faults`)).json();
    expect(faults.counters.failed).toBe(2);
  });

  it('answers InternalError for a seeded share of calls, the same calls on every run', async () => {
    const outcomes = async () => {
      await setFaults({ seed: 7, errors: [{ kind: 'InternalError', rate: 0.5 }] });
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) codes.push((await describeTemplates()).json.Response.Error?.Code ?? 'ok');
      return codes;
    };
    const first = await outcomes();
    expect(first).toContain('InternalError');
    expect(first).toContain('ok');
    expect(await outcomes()).toEqual(first);
  });

  it('DELETE clears every fault; bad configs are refused with 400', async () => {
    await setFaults({ errors: [{ kind: 'InternalError' }] });
    const cleared = await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    expect((await cleared.json()).faults).toBeNull();
    expect((await describeTemplates()).json.Response.Error).toBeUndefined();
    const bad = await setFaults({ errors: [{ kind: 'Teapot', rate: 2 }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('INVALID_BODY');
    expect(bad.json.error.message).toMatch(/errors\.0\.kind/);
    const unknown = await setFaults({ latencyMs: 5 });
    expect(unknown.status).toBe(400);
  });

  it('the seeded RNG is deterministic on its own', () => {
    const run = () => {
      const faults = new Faults();
      faults.configure({ seed: 3, errors: [{ kind: 'InternalError', rate: 0.3 }] });
      return Array.from({ length: 50 }, () => faults.planApiCall('X').error?.kind ?? '-').join('');
    };
    expect(run()).toBe(run());
    expect(run()).toMatch(/InternalError/);
  });
});

describe('callback faults', () => {
  let receiver: CallbackReceiver;
  beforeEach(async () => {
    receiver = await startCallbackReceiver();
    const response = await fetch(`${emulator.url}/_emulator/callback-targets`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        targets: [{ url: `${receiver.url}/cb`, format: 'v2' }],
        retryDelaysMs: [20, 20, 20, 20, 20],
      }),
    });
    expect(response.status).toBe(200);
  });
  afterEach(async () => {
    await receiver.close();
  });

  const state = () => emulator.handle.state;
  const mainOrg = () => state().data.mainOrganizationId;
  const bodies = () => receiver.at('/cb').map((r) => JSON.parse(r.body));

  it('duplicates: every message arrives twice with the same MsgId', async () => {
    await setFaults({ callbacks: { duplicate: {} } });
    state().createSeal({ organizationId: mainOrg(), SealName: '甲章' });
    const [a, b] = (await receiver.waitFor('/cb', 2)).map((r) => JSON.parse(r.body));
    expect(a.MsgId).toBe(b.MsgId);
    expect(a).toEqual(b);
    await emulator.handle.ctx.callbacks.idle(5000);
    const log = emulator.handle.ctx.callbacks.list();
    expect(log.map((d) => d.fault.duplicate)).toEqual([false, true]);
  });

  it('reorders: a held-back message arrives right after the next one', async () => {
    await setFaults({ callbacks: { reorder: { rate: 1 } } });
    // First seal is held; the second is sent, then the first is released; the third is held again.
    state().createSeal({ organizationId: mainOrg(), SealName: '第一' });
    state().createSeal({ organizationId: mainOrg(), SealName: '第二' });
    await receiver.waitFor('/cb', 2);
    expect(bodies().map((m) => m.MsgData.SealName)).toEqual(['第二', '第一']);
  });

  it('reorders: a held message is released after maxHoldMs when nothing follows', async () => {
    await setFaults({ callbacks: { reorder: { maxHoldMs: 150 } } });
    const started = Date.now();
    state().createSeal({ organizationId: mainOrg(), SealName: '孤单' });
    const [request] = await receiver.waitFor('/cb', 1, 5000);
    expect(request.at - started).toBeGreaterThanOrEqual(140);
  });

  it('delays: the first attempt waits the configured time', async () => {
    await setFaults({ callbacks: { delay: { ms: 300 } } });
    const started = Date.now();
    state().createSeal({ organizationId: mainOrg(), SealName: '慢章' });
    const [request] = await receiver.waitFor('/cb', 1, 5000);
    expect(request.at - started).toBeGreaterThanOrEqual(290);
    expect(emulator.handle.ctx.callbacks.list()[0].fault.delayMs).toBe(300);
  });
});
