/**
 * Partner keys with scopes: a key from the config file that names its organizations can read,
 * create and stream only their flows, templates, QR codes, tokens and events (403 OUT_OF_SCOPE
 * otherwise); keys from BFF_API_KEYS stay unscoped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './harness.js';

const MEMBER_KEY = 'scoped-partner-key-member-0123456789abcdef';
const FLOW_MAIN = 'yDscopeMainFlow00000000000000001';
const FLOW_MEMBER = 'yDscopeMemberFlow000000000000001';
let stack: Stack;
let mainOrg: string;
let memberOrg: string;

beforeAll(async () => {
  stack = await startStack((seed) => ({
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
