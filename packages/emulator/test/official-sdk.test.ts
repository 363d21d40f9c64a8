/**
 * Acceptance: Tencent's official Node SDK (CommonClient) drives the guide's two scenarios
 * against the emulator over HTTP on a random port — no mocks between the SDK and the state.
 */
import { findKeywordPositions } from '@ess-kit/shared/pdf-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractPdfBase64,
  control,
  type Emulator,
  essErrorCode,
  officialClient,
  startTestEmulator,
} from './helpers.js';

let emulator: Emulator;
let client: ReturnType<typeof officialClient>;
let seed: ReturnType<Emulator['handle']['seed']>;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = officialClient(emulator.url);
  seed = emulator.handle.seed();
});
afterAll(async () => {
  await emulator?.close();
});

const operator = () => ({ UserId: seed.operator.UserId });

/** Signs as an approver through the control API, as a partner's test suite would. */
async function signAs(flowId: string, recipientId: string) {
  const result = await control(emulator.url, `/flows/${flowId}/approvers/${recipientId}/sign`, {});
  expect(result.status, JSON.stringify(result.json)).toBe(200);
}

describe('guide scenario 1: a flow from a PDF file', () => {
  it('upload → CreateFlowByFiles → sign → DescribeFlowBriefs shows 4 → DescribeFileUrls → a real PDF', async () => {
    const upload = (await client.request('UploadFiles', {
      BusinessType: 'DOCUMENT',
      Caller: { OperatorId: seed.operator.UserId },
      FileInfos: [{ FileBody: contractPdfBase64(), FileName: '采购合同.pdf' }],
    })) as { FileIds: string[]; TotalCount: number };
    expect(upload.TotalCount).toBe(1);
    expect(upload.FileIds[0]).toMatch(/^yD[A-Za-z0-9]{30}$/);

    const created = (await client.request('CreateFlowByFiles', {
      Operator: operator(),
      FlowName: '采购合同-官方SDK',
      FileIds: upload.FileIds,
      Approvers: [
        {
          ApproverType: 0,
          OrganizationName: '某某供应商有限公司',
          ApproverName: '王小二',
          ApproverMobile: '13900000001',
          SignComponents: [
            {
              ComponentType: 'SIGN_SEAL',
              FileIndex: 0,
              GenerateMode: 'KEYWORD',
              ComponentId: '甲方（盖章）',
              RelativeLocation: 'Right',
              ComponentWidth: 100,
              ComponentHeight: 100,
            },
          ],
        },
        {
          ApproverType: 1,
          ApproverName: '李小四',
          ApproverMobile: '13900000002',
          SignComponents: [
            { ComponentType: 'SIGN_SIGNATURE', FileIndex: 0, GenerateMode: 'FIELD', ComponentName: 'seal' },
          ],
        },
      ],
    })) as { FlowId: string; Approvers: Array<{ RecipientId: string }> };
    expect(created.FlowId).toMatch(/^yD/);
    expect(created.Approvers).toHaveLength(2);

    const before = (await client.request('DescribeFlowBriefs', {
      Operator: operator(),
      FlowIds: [created.FlowId],
    })) as { FlowBriefs: Array<{ FlowStatus: number }> };
    expect(before.FlowBriefs[0].FlowStatus).toBe(1);

    for (const approver of created.Approvers) await signAs(created.FlowId, approver.RecipientId);

    const after = (await client.request('DescribeFlowBriefs', {
      Operator: operator(),
      FlowIds: [created.FlowId],
    })) as { FlowBriefs: Array<{ FlowStatus: number }> };
    expect(after.FlowBriefs[0].FlowStatus).toBe(4);

    const urls = (await client.request('DescribeFileUrls', {
      Operator: operator(),
      BusinessType: 'FLOW',
      BusinessIds: [created.FlowId],
    })) as {
      FileUrls: Array<{ Url: string; Option: string }>;
      TotalCount: number;
    };
    expect(urls.TotalCount).toBe(1);
    expect(urls.FileUrls[0].Url.startsWith(`${emulator.url}/files/FLOW/${created.FlowId}/`)).toBe(true);
    const download = await fetch(urls.FileUrls[0].Url, { signal: AbortSignal.timeout(10_000) });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // It is the signed copy, not the upload: its text layer carries the footer naming this flow
    // (read with pdf.js, so it holds whether or not a CJK font is installed for the marks).
    const footer = await findKeywordPositions(new Uint8Array(bytes), [`FlowId ${created.FlowId}`]);
    expect(footer.length).toBeGreaterThan(0);
  });
});

describe('guide scenario 2: a flow from a template', () => {
  it('DescribeFlowTemplates → CreateFlow → CreateDocument → StartFlow (retrying while composing) → signed', async () => {
    const b2c = seed.templates.find((t) => t.shape === 'b2c-ordered-b-silent');
    expect(b2c).toBeDefined();
    const listed = (await client.request('DescribeFlowTemplates', {
      Operator: operator(),
      Filters: [{ Key: 'template-id', Values: [b2c?.TemplateId] }],
    })) as {
      Templates: Array<{
        TemplateId: string;
        Recipients: Array<{ RecipientId: string; RecipientType: string }>;
      }>;
      TotalCount: number;
    };
    expect(listed.TotalCount).toBe(1);
    const template = listed.Templates[0];
    expect(template.Recipients.map((r) => r.RecipientType)).toEqual(['ENTERPRISE', 'INDIVIDUAL']);

    const flow = (await client.request('CreateFlow', {
      Operator: operator(),
      FlowName: '入职合同-模板发起',
      Approvers: [
        { ApproverType: 3, RecipientId: template.Recipients[0].RecipientId },
        {
          ApproverType: 1,
          RecipientId: template.Recipients[1].RecipientId,
          ApproverName: '韩梅梅',
          ApproverMobile: '13900000003',
        },
      ],
    })) as { FlowId: string };
    const document = (await client.request('CreateDocument', {
      Operator: operator(),
      TemplateId: template.TemplateId,
      FlowId: flow.FlowId,
      FileNames: ['入职合同'],
    })) as {
      DocumentId: string;
    };
    expect(document.DocumentId).toMatch(/^yD/);

    // Composition is asynchronous: StartFlow fails with the documented code until it is done.
    const codes: string[] = [];
    let started: { Status: string } | undefined;
    for (let attempt = 0; attempt < 50 && !started; attempt++) {
      try {
        started = (await client.request('StartFlow', { Operator: operator(), FlowId: flow.FlowId })) as {
          Status: string;
        };
      } catch (error) {
        codes.push((error as { code: string }).code);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(codes[0]).toBe('OperationDenied.DocumentNoAvailable');
    expect(new Set(codes)).toEqual(new Set(['OperationDenied.DocumentNoAvailable']));
    expect(started?.Status).toBe('START');

    // The silent company side signed at start; the person signs now.
    const info = (await client.request('DescribeFlowInfo', {
      Operator: operator(),
      FlowIds: [flow.FlowId],
    })) as {
      FlowDetailInfos: Array<{
        FlowStatus: number;
        FlowApproverInfos: Array<{ RecipientId: string; ApproveStatus: number; ApproveType: string }>;
      }>;
    };
    const detail = info.FlowDetailInfos[0];
    expect(detail.FlowStatus).toBe(2);
    expect(detail.FlowApproverInfos.map((a) => [a.ApproveType, a.ApproveStatus])).toEqual([
      ['ENTERPRISESERVER', 3],
      ['PERSON', 2],
    ]);
    await signAs(flow.FlowId, detail.FlowApproverInfos[1].RecipientId);
    const briefs = (await client.request('DescribeFlowBriefs', {
      Operator: operator(),
      FlowIds: [flow.FlowId],
    })) as { FlowBriefs: Array<{ FlowStatus: number }> };
    expect(briefs.FlowBriefs[0].FlowStatus).toBe(4);
  });

  it('refuses CancelFlow on a signed flow with OperationDenied.FlowHasTerminated', async () => {
    const single = seed.templates.find((t) => t.shape === 'single-b-silent');
    const flow = (await client.request('CreateFlow', {
      Operator: operator(),
      FlowName: '单B自动签',
      Approvers: [{ ApproverType: 3 }],
    })) as { FlowId: string };
    await client.request('CreateDocument', {
      Operator: operator(),
      TemplateId: single?.TemplateId,
      FlowId: flow.FlowId,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.request('StartFlow', { Operator: operator(), FlowId: flow.FlowId });
    const briefs = (await client.request('DescribeFlowBriefs', {
      Operator: operator(),
      FlowIds: [flow.FlowId],
    })) as { FlowBriefs: Array<{ FlowStatus: number }> };
    expect(briefs.FlowBriefs[0].FlowStatus).toBe(4);
    expect(
      await essErrorCode(
        client.request('CancelFlow', {
          Operator: operator(),
          FlowId: flow.FlowId,
          CancelMessage: '金额写错',
        }),
      ),
    ).toBe('OperationDenied.FlowHasTerminated');
  });
});
