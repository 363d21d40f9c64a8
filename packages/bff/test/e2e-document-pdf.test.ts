/**
 * GET /v1/templates/:templateId/pdf and GET /v1/flows/:flowId/pdf against the real emulator: the BFF
 * fetches the file DescribeFileUrls names and relays the bytes, within the token's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, findSecretLeaks, type Stack, startStack } from './harness.js';

let stack: Stack;
let templateId: string;
let otherTemplateId: string;
let flowId: string;

beforeAll(async () => {
  stack = await startStack();
  [templateId, otherTemplateId] = stack.seed.templates.map((t) => t.TemplateId);
  const created = await stack.call('/v1/flows/by-file', {
    json: {
      FlowName: '待签合同',
      File: { Name: 'contract.pdf', ContentBase64: CONTRACT_PDF.toString('base64') },
      Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
    },
  });
  if (created.status !== 201) throw new Error(`by-file → ${created.status}: ${JSON.stringify(created.body)}`);
  flowId = created.body.FlowId;
});
afterAll(() => stack?.close());

describe('GET /v1/templates/:templateId/pdf', () => {
  it('relays the template PDF to a token that names the template', async () => {
    const token = await stack.token({ templateIds: [templateId] });
    const res = await stack.call(`/v1/templates/${templateId}/pdf`, { key: token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(String(res.body).startsWith('%PDF-')).toBe(true);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
  });

  it('refuses a token for another template with OUT_OF_SCOPE', async () => {
    const token = await stack.token({ templateIds: [otherTemplateId] });
    const res = await stack.call(`/v1/templates/${templateId}/pdf`, { key: token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OUT_OF_SCOPE');
    expect(res.body.error.message).toContain(templateId);
  });

  it('refuses a token without DescribeFileUrls', async () => {
    const token = await stack.token({ templateIds: [templateId], actions: ['DescribeFlowInfo'] });
    const res = await stack.call(`/v1/templates/${templateId}/pdf`, { key: token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ACTION_NOT_ALLOWED');
  });

  it('answers NOT_FOUND for a template ESS does not know', async () => {
    const res = await stack.call('/v1/templates/yDnoSuchTemplate000000000000000/pdf');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.body.error.details.essCode).toBe('ResourceNotFound');
  });

  it('rejects an id that is not an ESS id', async () => {
    const res = await stack.call('/v1/templates/..%2Fetc/pdf');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /v1/flows/:flowId/pdf', () => {
  it('relays the PDF of a flow nobody has signed yet', async () => {
    const brief = await stack.call('/v1/ess/DescribeFlowBriefs', { json: { FlowIds: [flowId] } });
    expect(brief.body.Response.FlowBriefs[0].FlowStatus).toBe(1);
    const token = await stack.token({ flowIds: [flowId] });
    // `?token=` is for GET /v1/events only (issue 12, CREDENTIAL_IN_URL): the token goes in the header.
    const res = await stack.call(`/v1/flows/${flowId}/pdf`, { key: token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(String(res.body).startsWith('%PDF-')).toBe(true);
  });

  it('refuses a token for another flow with OUT_OF_SCOPE', async () => {
    const token = await stack.token({ flowIds: ['yDotherFlow00000000000000000000'] });
    const res = await stack.call(`/v1/flows/${flowId}/pdf`, { key: token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('answers ESS_DOCUMENT_NOT_READY for a template flow before CreateDocument', async () => {
    const template = stack.seed.templates.find((t) => t.shape === 'single-c') ?? stack.seed.templates[0];
    const info = await stack.call('/v1/ess/DescribeFlowTemplates', {
      json: { Filters: [{ Key: 'template-id', Values: [template.TemplateId] }] },
    });
    const recipient = info.body.Response.Templates[0].Recipients[0];
    const draft = await stack.call('/v1/ess/CreateFlow', {
      json: {
        FlowName: '草稿',
        Approvers: [
          {
            ApproverType: 1,
            ApproverName: '李四',
            ApproverMobile: '13800000002',
            RecipientId: recipient.RecipientId,
          },
        ],
      },
    });
    const draftId = draft.body.Response?.FlowId;
    expect(draftId, JSON.stringify(draft.body)).toMatch(/^yD/);
    const res = await stack.call(`/v1/flows/${draftId}/pdf`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ESS_DOCUMENT_NOT_READY');
    expect(res.body.error.details.essCode).toBe('ResourceNotFound.NotExistDocument');
  });
});

describe('size cap', () => {
  it('refuses a PDF over limits.uploadBytes with ESS_FILE_TOO_LARGE', async () => {
    const small = await startStack({ limits: { bodyBytes: 1024 * 1024, uploadBytes: 1024 } });
    try {
      const id = small.seed.templates[0].TemplateId;
      const res = await small.call(`/v1/templates/${id}/pdf`);
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('ESS_FILE_TOO_LARGE');
      expect(res.body.error.message).toContain('limits.uploadBytes');
    } finally {
      await small.close();
    }
  });
});

it('documents both routes in /openapi.json as application/pdf answers', async () => {
  const doc = await stack.call('/openapi.json', { key: null });
  for (const path of ['/v1/templates/{templateId}/pdf', '/v1/flows/{flowId}/pdf'])
    expect(Object.keys(doc.body.paths[path].get.responses['200'].content)).toEqual(['application/pdf']);
});

it('leaks no secret in responses or logs', () => {
  expect(findSecretLeaks(stack)).toEqual([]);
});
