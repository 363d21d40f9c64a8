/**
 * Partner keys with scopes: a key from the config file that names its organizations can read,
 * create and stream only their flows, templates, QR codes, tokens and events (403 OUT_OF_SCOPE
 * otherwise); keys from BFF_API_KEYS stay unscoped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../../test/relay/support.js';
import { ingestEvent } from '../src/ingest/intake.js';
import { type Stack, startStack } from './harness.js';
import { flowCallback } from './support/backends.js';

const MEMBER_KEY = 'scoped-partner-key-member-0123456789abcdef';
const FLOW_MAIN = 'yDscopeMainFlow00000000000000001';
const FLOW_MEMBER = 'yDscopeMemberFlow000000000000001';
let stack: Stack;
let mainOrg: string;
let memberOrg: string;
let receiver: Receiver;

beforeAll(async () => {
  // A webhook target that refuses everything: each event becomes a dead letter at once.
  receiver = await startReceiver(() => 500);
  stack = await startStack((seed) => ({
    relay: {
      targets: [{ name: 'crm', url: receiver.url, secret: 'crm-webhook-secret-0123' }],
      pollMs: 50,
      retry: { attempts: 1, baseMs: 10, maxMs: 10 },
    },
    apiKeys: [
      {
        key: MEMBER_KEY,
        organizations: [seed.groupMembers[0].ProxyOrganizationId],
        name: 'member A backend',
      },
    ],
  }));
  mainOrg = stack.seed.organization.OrganizationId;
  memberOrg = stack.seed.groupMembers[0].ProxyOrganizationId;
  await stack.deps.store.putOwner('flow', FLOW_MAIN, mainOrg);
  await stack.deps.store.putOwner('flow', FLOW_MEMBER, memberOrg);
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

const asMember = { key: MEMBER_KEY };

describe('a partner key scoped to one group member', () => {
  it("cannot read, stream or mint tokens for the main organization's flows", async () => {
    const flow = await stack.call(`/v1/flows/${FLOW_MAIN}`, asMember);
    expect(flow.status).toBe(403);
    expect(flow.body.error.code).toBe('OUT_OF_SCOPE');
    const proxy = await stack.call('/v1/ess/DescribeFlowBriefs', {
      ...asMember,
      json: { FlowIds: [FLOW_MAIN] },
    });
    expect(proxy.body.error?.code).toBe('OUT_OF_SCOPE');
    const stream = await stack.call(`/v1/events?flowIds=${FLOW_MAIN}`, asMember);
    expect(stream.body.error?.code).toBe('OUT_OF_SCOPE');
    const token = await stack.call('/v1/tokens', {
      ...asMember,
      json: { flowIds: [FLOW_MAIN], organizationId: memberOrg },
    });
    expect(token.status).toBe(403);
    expect(token.body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('cannot act for another organization: tokens, templates, partner events', async () => {
    const token = await stack.call('/v1/tokens', { ...asMember, json: { flowIds: [FLOW_MEMBER] } });
    expect(token.status).toBe(403);
    const templates = await stack.call('/v1/templates', asMember);
    expect(templates.body.error?.code).toBe('OUT_OF_SCOPE');
    const events = await stack.call(`/v1/partner/events?format=json&organizationId=${mainOrg}`, asMember);
    expect(events.body.error?.code).toBe('OUT_OF_SCOPE');
  });

  it('works for its own organization', async () => {
    const token = await stack.call('/v1/tokens', {
      ...asMember,
      json: { flowIds: [FLOW_MEMBER], organizationId: memberOrg },
    });
    expect(token.status).toBe(201);
    const templates = await stack.call(`/v1/templates?organizationId=${memberOrg}`, asMember);
    expect(templates.status).toBe(200);
    const events = await stack.call('/v1/partner/events?format=json', asMember);
    expect(events.status).toBe(200);
  });

  it('keys from BFF_API_KEYS stay unscoped', async () => {
    const main = await stack.call('/v1/tokens', { json: { flowIds: [FLOW_MAIN] } });
    expect(main.status).toBe(201);
    const member = await stack.call('/v1/tokens', {
      json: { flowIds: [FLOW_MEMBER], organizationId: memberOrg },
    });
    expect(member.status).toBe(201);
  });
});

describe('deliveries and dead letters under a scoped key', () => {
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  let all: any[];
  beforeAll(async () => {
    // One event per organization, recorded as callbacks are; the relay then queues one delivery each.
    for (const [flowId, organizationId, at] of [
      [FLOW_MAIN, mainOrg, 1],
      [FLOW_MEMBER, memberOrg, 2],
    ] as const)
      await ingestEvent(
        stack.deps.store,
        flowCallback({ flowId, status: 1, occurTime: 1_700_000_000 + at, organizationId }),
      );
    const deadline = Date.now() + 15_000;
    do {
      all = (await stack.call('/v1/partner/deliveries?state=failed')).body.deliveries;
      if (all.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } while (Date.now() < deadline);
    // The unscoped key sees both organizations' dead letters.
    expect(all.map((d) => d.flowId).sort()).toEqual([FLOW_MAIN, FLOW_MEMBER].sort());
  });
  const of = (flowId: string) => all.find((d) => d.flowId === flowId);

  it("never lists, reads or redelivers another organization's deliveries", async () => {
    for (const query of ['', '?state=failed', '?state=failed&limit=1', '?target=crm']) {
      const listed = await stack.call(`/v1/partner/deliveries${query}`, asMember);
      expect(listed.status, query).toBe(200);
      expect(
        listed.body.deliveries.map((d: { flowId: string }) => d.flowId),
        query,
      ).toEqual([FLOW_MEMBER]);
      expect(listed.body.deliveries[0].organizationId).toBe(memberOrg);
    }
    const main = of(FLOW_MAIN).id;
    const read = await stack.call(`/v1/partner/deliveries/${main}`, asMember);
    expect(read.status).toBe(403);
    expect(read.body.error.code).toBe('OUT_OF_SCOPE');
    const redeliver = await stack.call(`/v1/partner/deliveries/${main}/redeliver`, {
      ...asMember,
      method: 'POST',
    });
    expect(redeliver.status).toBe(403);
    expect(redeliver.body.error.code).toBe('OUT_OF_SCOPE');
    expect((await stack.call(`/v1/partner/deliveries/${of(FLOW_MEMBER).id}`, asMember)).status).toBe(200);
    // The partner stream's JSON pages: the same boundary.
    const events = await stack.call('/v1/partner/events?format=json&limit=1000', asMember);
    const orgs = new Set(events.body.events.map((e: { organizationId: string }) => e.organizationId));
    expect([...orgs]).toEqual([memberOrg]);
  });

  it("redelivers in bulk only its organizations' dead letters", async () => {
    const bulk = await stack.call('/v1/partner/deliveries/redeliver?state=failed', {
      ...asMember,
      method: 'POST',
    });
    expect(bulk.status).toBe(202);
    expect(bulk.body.redelivered).toBe(1);
    // The main organization's dead letter was not touched: still failed, attempted once.
    const main = await stack.call(`/v1/partner/deliveries/${of(FLOW_MAIN).id}`);
    expect(main.body.delivery).toMatchObject({ state: 'failed', attempts: 1 });
  });
});
