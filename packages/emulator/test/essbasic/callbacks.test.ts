/**
 * The platform's callbacks for two sub-companies: encrypted with the application's key, signed with
 * its token, delivered with the guide's retries, and decrypted + normalized by @ess-kit/shared with
 * the sub-company's ProxyOrganizationOpenId as the event's tenant.
 */
import {
  assertContentSignature,
  DEV_DEFAULTS,
  decryptCallback,
  type EssEvent,
  normalizeCallback,
  parseCallbackDelivery,
} from '@ess-kit/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallbackReceiver } from '../../src/callbacks/receiver.js';
import { startCallbackReceiver } from '../../src/index.js';
import { contractPdfBase64, control, type Emulator, startTestEmulator } from '../helpers.js';
import {
  type EssbasicClient,
  officialEssbasicClient,
  SIGNATURE_COMPONENT,
  seededAgent,
  seedOf,
} from './helpers.js';

let emulator: Emulator;
let receiver: CallbackReceiver;
let client: EssbasicClient;

beforeAll(async () => {
  receiver = await startCallbackReceiver();
  emulator = await startTestEmulator();
  emulator.handle.ctx.callbacks.configureDelivery({ retryDelaysMs: [50, 50, 50, 50, 50] });
  client = officialEssbasicClient(emulator.url);
  const { application } = await seedOf(emulator.url);
  const answer = await control(
    emulator.url,
    `/applications/${application.AppId}/callback-targets`,
    [{ url: `${receiver.url}/platform` }],
    'PUT',
  );
  expect(answer.status).toBe(200);
});

afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

/** Decrypts and normalizes one delivery exactly as a platform's receiver would. */
async function receive(body: string, signature: string | string[] | undefined): Promise<EssEvent> {
  await assertContentSignature(body, String(signature), DEV_DEFAULTS.platformCallbackToken);
  const delivery = parseCallbackDelivery(body, 'application/json');
  if (delivery.kind !== 'encrypted') throw new Error(`expected an encrypted delivery, got ${delivery.kind}`);
  return normalizeCallback(await decryptCallback(delivery.ciphertext, DEV_DEFAULTS.platformCallbackKey));
}

it('signs a flow of each seeded sub-company and delivers both tenants’ FlowStatusChange to the platform', async () => {
  const { application } = await seedOf(emulator.url);
  const flows: Array<{ tenant: string; flowId: string }> = [];
  for (const index of [0, 1]) {
    const agent = seededAgent(application, index);
    const templates = await client.DescribeTemplates({ Agent: agent, ContentType: 1 });
    const singleC = templates.Templates?.find((t) => t.TemplateName?.startsWith('单C'));
    const created = await client.CreateFlowsByTemplates({
      Agent: agent,
      FlowInfos: [
        {
          FlowName: `回调测试${index}`,
          Deadline: Math.floor(Date.now() / 1000) + 86_400,
          TemplateId: singleC?.TemplateId,
          CustomerData: `tenant-${index}`,
          FlowApprovers: [{ ApproverType: 'PERSON', Name: '郑小七', Mobile: `1370000004${index}` }],
        },
      ],
    });
    const flowId = created.FlowIds?.[0] as string;
    flows.push({ tenant: agent.ProxyOrganizationOpenId, flowId });
    const recipient = emulator.handle.state.flow(flowId).approvers[0].RecipientId;
    const signed = await control(emulator.url, `/flows/${flowId}/approvers/${recipient}/sign`, {});
    expect(signed.status).toBe(200);
  }
  // Per flow: start (INIT), the signature and finish (both ALL) — six messages in all.
  const requests = await receiver.waitFor('/platform', 6);
  const events = await Promise.all(requests.map((r) => receive(r.body, r.headers['content-signature'])));
  for (const { tenant, flowId } of flows) {
    const mine = events.filter((e) => e.flowId === flowId);
    expect(mine.map((e) => [e.operate, e.flowStatus])).toEqual([
      ['start', 1],
      ['sign', 4],
      ['finish', 4],
    ]);
    for (const event of mine) {
      expect(event).toMatchObject({
        family: 'flow',
        msgType: 'FlowStatusChange',
        applicationId: application.AppId,
        tenant,
      });
      expect(event.approvers?.[0]).toMatchObject({
        approveStatus: event.flowStatus === 4 ? 3 : 2,
        approverType: 1,
      });
    }
    expect(mine[2].userData).toBe(`tenant-${flows.findIndex((f) => f.flowId === flowId)}`);
  }
  // The delivery log records them under the two sub-companies' organizations.
  const log = await (
    await fetch(`${emulator.url}/_emulator/callbacks?msgType=FlowStatusChange&settle=2000`)
  ).json();
  expect(log.deliveries).toHaveLength(6);
  expect(new Set(log.deliveries.map((d: { organizationId: string }) => d.organizationId)).size).toBe(2);
});

it('retries a failing platform receiver with the same sender as ess (shortened delays here), then delivers', async () => {
  receiver.script('/platform', [500, 503]);
  const { application } = await seedOf(emulator.url);
  const agent = seededAgent(application, 1);
  const before = receiver.at('/platform').length;
  await client.ChannelCreateFlowByFiles({
    Agent: agent,
    FlowName: '重试回调',
    FileIds: [
      (
        await client.UploadFiles({
          Agent: agent,
          BusinessType: 'DOCUMENT',
          FileInfos: [{ FileBody: contractPdfBase64(), FileName: 'a.pdf' }],
        })
      ).FileIds?.[0] as string,
    ],
    FlowApprovers: [
      {
        ApproverType: 'PERSON',
        Name: '冯小八',
        Mobile: '13700000050',
        SignComponents: [SIGNATURE_COMPONENT],
      },
    ],
  });
  const requests = await receiver.waitFor('/platform', before + 3);
  expect(requests.slice(before).map((r) => r.answeredWith)).toEqual([500, 503, 200]);
  const event = await receive(requests[before + 2].body, requests[before + 2].headers['content-signature']);
  expect(event.tenant).toBe(agent.ProxyOrganizationOpenId);
});
