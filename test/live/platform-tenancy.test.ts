/**
 * 第三方应用 end to end: a BFF with ESS_API=essbasic against the emulator's platform application.
 * Two sub-companies are onboarded through the emulator's console login pages (over HTTP, as their
 * administrators would); each gets a contract from a file and one from a template; everything is
 * signed in the emulator; the platform's callbacks reach the BFF. Each sub-company's browser stream
 * and webhook sees exactly its own events (proved with a marker event per sub-company that comes
 * after all the others in the log), and a partner key scoped to one sub-company gets 403 on the
 * other's flows, tokens and streams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, type Stack } from '../../packages/bff/test/harness.js';
import {
  onboardSubCompany,
  routePlatformCallbacksHere,
  startProductStack,
} from '../../packages/bff/test/platform-harness.js';
import { FAST_RELAY, type Receiver, startReceiver } from '../relay/support.js';
import { openSse, type SseClient } from './support.js';

const KEY = { a: 'scoped-key-sub-company-a-0123456789', b: 'scoped-key-sub-company-b-0123456789' };
const OPEN_ID = { a: 'sub_tenancy_a', b: 'sub_tenancy_b' } as const;
type Side = keyof typeof OPEN_ID;
const NAME = { a: '甲方租户科技有限公司', b: '乙方租户科技有限公司' };

let stack: Stack;
const hooks = {} as Record<Side, Receiver>;
const streams = {} as Record<Side, SseClient>;
/** Per side: its two contracts (file, template) and a marker flow cancelled last. */
const flows = {} as Record<
  Side,
  { file: string; template: string; marker: string; signers: Record<string, string[]> }
>;

beforeAll(async () => {
  hooks.a = await startReceiver();
  hooks.b = await startReceiver();
  stack = await startProductStack('essbasic', {
    apiKeys: [
      { key: KEY.a, organizations: [OPEN_ID.a], name: 'sub-company A backend' },
      { key: KEY.b, organizations: [OPEN_ID.b], name: 'sub-company B backend' },
    ],
    relay: {
      ...FAST_RELAY,
      targets: (['a', 'b'] as const).map((side) => ({
        name: `hook-${side}`,
        url: hooks[side].url,
        secret: `webhook-secret-${side}-0123456789abcdef`,
        organizationIds: [OPEN_ID[side]],
      })),
    },
  });
  await routePlatformCallbacksHere(stack);
}, 60_000);
afterAll(async () => {
  for (const s of Object.values(streams)) s.close();
  await stack?.close();
  for (const h of Object.values(hooks)) await h.close();
});

const fileFlow = (side: Side, FlowName: string) =>
  stack.call('/v1/flows/by-file', {
    key: KEY[side],
    json: {
      FlowName,
      File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers(NAME[side]),
      ProxyOrganizationOpenId: OPEN_ID[side],
    },
  });

describe('two sub-companies on one platform BFF', () => {
  it('a sub-company must finish onboarding first: 409 ORGANIZATION_NOT_ONBOARDED with the link', async () => {
    const unknown = await fileFlow('a', '太早了');
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.code).toBe('ORGANIZATION_NOT_ONBOARDED');
    expect(unknown.body.error.details).toMatchObject({
      organizationOpenId: OPEN_ID.a,
      onboardingRoute: `POST /v1/organizations/${OPEN_ID.a}/onboarding-url`,
      onboardingUrl: null,
    });
    // Once the BFF knows the company's name, the 409 carries a fresh console link.
    const link = await stack.call(`/v1/organizations/${OPEN_ID.a}/onboarding-url`, {
      key: KEY.a,
      json: { organizationName: NAME.a },
    });
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({ organizationOpenId: OPEN_ID.a, activated: false });
    const again = await fileFlow('a', '还是太早');
    expect(again.status).toBe(409);
    expect(again.body.error.details.onboardingUrl).toMatch(/\/console\/login\//);
    // A browser never gets the link (it logs into the sub-company's console), only the route's name.
    const token = await stack.call('/v1/tokens', {
      key: KEY.a,
      json: { templateIds: ['yDsomeTemplate000000000000000001'], organizationId: OPEN_ID.a },
    });
    const fromBrowser = await stack.call('/v1/qr-codes', {
      key: token.body.token,
      json: { TemplateId: 'yDsomeTemplate000000000000000001', FlowName: '扫码' },
    });
    expect(fromBrowser.status).toBe(409);
    expect(fromBrowser.body.error.code).toBe('ORGANIZATION_NOT_ONBOARDED');
    expect(fromBrowser.body.error.details.onboardingRoute).toContain(OPEN_ID.a);
    expect(fromBrowser.body.error.details).not.toHaveProperty('onboardingUrl');
    // A key scoped to A cannot onboard B.
    const other = await stack.call(`/v1/organizations/${OPEN_ID.b}/onboarding-url`, {
      key: KEY.a,
      json: { organizationName: NAME.b },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('onboards both through the console pages, then creates a file and a template contract each', async () => {
    await onboardSubCompany(stack, OPEN_ID.a, NAME.a, 1, KEY.a);
    await onboardSubCompany(stack, OPEN_ID.b, NAME.b, 2, KEY.b);
    for (const side of ['a', 'b'] as const) {
      const file = await fileFlow(side, `${side}-文件合同`);
      expect(file.status).toBe(201);
      const templates = await stack.call(`/v1/templates?organizationId=${OPEN_ID[side]}`, { key: KEY[side] });
      const single = templates.body.Templates.find(
        (t: { TemplateName: string }) => t.TemplateName === '单C个人签署模板',
      );
      const template = await stack.call('/v1/flows/by-template', {
        key: KEY[side],
        json: {
          TemplateId: single.TemplateId,
          FlowName: `${side}-模板合同`,
          Approvers: [{ ApproverType: 1, ApproverName: '赵六', ApproverMobile: '13900000010' }],
          ProxyOrganizationOpenId: OPEN_ID[side],
        },
      });
      expect(template.status).toBe(201);
      const marker = await fileFlow(side, `${side}-标记`);
      expect(marker.status).toBe(201);
      const ids = (res: typeof file) => res.body.Approvers.map((a: { RecipientId: string }) => a.RecipientId);
      flows[side] = {
        file: file.body.FlowId,
        template: template.body.FlowId,
        marker: marker.body.FlowId,
        signers: { [file.body.FlowId]: ids(file), [template.body.FlowId]: ids(template) },
      };
    }
  });

  it("a key scoped to one sub-company gets 403 on the other's flows, tokens, streams and scenarios", async () => {
    const bFlow = flows.b.file;
    const expect403 = (res: { status: number; body: { error?: { code: string } } }) => {
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('OUT_OF_SCOPE');
    };
    expect403(await stack.call(`/v1/flows/${bFlow}`, { key: KEY.a }));
    expect403(await stack.call(`/v1/flows/${bFlow}/sign-url`, { key: KEY.a }));
    expect403(await stack.call(`/v1/flows/${bFlow}/cancel`, { key: KEY.a, json: { CancelMessage: '越权' } }));
    expect403(
      await stack.call('/v1/tokens', { key: KEY.a, json: { flowIds: [bFlow], organizationId: OPEN_ID.b } }),
    );
    expect403(
      await stack.call('/v1/tokens', { key: KEY.a, json: { flowIds: [bFlow], organizationId: OPEN_ID.a } }),
    );
    expect403(await stack.call(`/v1/events?flowIds=${bFlow}`, { key: KEY.a }));
    expect403(await stack.call(`/v1/partner/events?format=json&organizationId=${OPEN_ID.b}`, { key: KEY.a }));
    expect403(
      await fileFlow('a', '越权').then(() =>
        stack.call('/v1/flows/by-file', {
          key: KEY.a,
          json: {
            FlowName: '越权',
            File: { Name: 'c.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
            Approvers: b2cFileApprovers(NAME.b),
            ProxyOrganizationOpenId: OPEN_ID.b,
          },
        }),
      ),
    );
    expect403(await stack.call(`/v1/templates?organizationId=${OPEN_ID.b}`, { key: KEY.a }));
    // A browser token of A cannot watch B's flow either.
    const tokenA = await stack.call('/v1/tokens', {
      key: KEY.a,
      json: { flowIds: [flows.a.file], organizationId: OPEN_ID.a },
    });
    expect(tokenA.status).toBe(201);
    expect403(await stack.call(`/v1/events?flowIds=${bFlow}&token=${tokenA.body.token}`, { key: null }));
    expect403(await stack.call(`/v1/flows/${bFlow}`, { key: tokenA.body.token }));
  });

  it('signing in the emulator: each browser stream and webhook sees exactly its own sub-company', async () => {
    for (const side of ['a', 'b'] as const) {
      const f = flows[side];
      const token = await stack.call('/v1/tokens', {
        key: KEY[side],
        json: { flowIds: [f.file, f.template, f.marker], organizationId: OPEN_ID[side] },
      });
      expect(token.status).toBe(201);
      streams[side] = await openSse(`${stack.bffUrl}/v1/events?token=${token.body.token}`);
      expect(streams[side].status).toBe(200);
    }
    for (const side of ['a', 'b'] as const)
      for (const [flowId, signers] of Object.entries(flows[side].signers))
        for (const recipient of signers)
          await stack.control(`/flows/${flowId}/approvers/${recipient}/sign`, {});
    const flowIdOf = (m: { data: Record<string, unknown> }) =>
      (m.data.flowId ?? (m.data.flow as { flowId?: string } | undefined)?.flowId) as string | undefined;
    for (const side of ['a', 'b'] as const) {
      for (const flowId of [flows[side].file, flows[side].template])
        await streams[side].waitFor(
          (m) => m.event === 'flow' && m.data.flowId === flowId && m.data.flowStatus === 4,
          10_000,
        );
    }
    // Markers last: cancelled after everything else, so each is the newest event of the log for its side.
    for (const side of ['a', 'b'] as const) {
      const cancelled = await stack.call(`/v1/flows/${flows[side].marker}/cancel`, {
        key: KEY[side],
        json: { CancelMessage: '标记' },
      });
      expect(cancelled.status).toBe(200);
    }
    for (const side of ['a', 'b'] as const) {
      const marker = flows[side].marker;
      await streams[side].waitFor(
        (m) => m.event === 'flow' && m.data.flowId === marker && m.data.flowStatus === 6,
        10_000,
      );
      await hooks[side].waitUntil(
        (r) =>
          r.some(
            (x) =>
              x.json.flowId === marker &&
              x.json.kind === 'flow' &&
              (x.json.state as { flowStatus?: number } | null)?.flowStatus === 6,
          ),
        15_000,
      );
    }
    for (const side of ['a', 'b'] as const) {
      const own = new Set([flows[side].file, flows[side].template, flows[side].marker]);
      const seen = streams[side].messages.map(flowIdOf).filter((id): id is string => !!id);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.filter((id) => !own.has(id))).toEqual([]);
      const delivered = hooks[side].received.map((r) => r.json);
      expect(delivered.filter((e) => e.organizationId !== OPEN_ID[side])).toEqual([]);
      const flowsSeen = new Set(delivered.map((e) => e.flowId).filter(Boolean));
      expect([...own].every((id) => flowsSeen.has(id))).toBe(true);
      // Both contracts reached "all signed" (4) in the webhook's state.
      for (const id of [flows[side].file, flows[side].template])
        expect(
          delivered.some(
            (e) => e.flowId === id && (e.state as { flowStatus?: number } | null)?.flowStatus === 4,
          ),
        ).toBe(true);
    }
    // The scoped partner stream of A carries A's events only.
    const events = await stack.call('/v1/partner/events?format=json&limit=1000', { key: KEY.a });
    expect(events.status).toBe(200);
    expect(events.body.events.length).toBeGreaterThan(0);
    expect(
      events.body.events.filter((e: { organizationId: string }) => e.organizationId !== OPEN_ID.a),
    ).toEqual([]);
  });
});
