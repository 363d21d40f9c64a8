/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with (so the
 * document cannot drift from what the BFF accepts), plus a small docs page.
 */
import { OpenAPIHono, z as openapiZ } from '@hono/zod-openapi';
import { z } from 'zod';
import { onboardingUrlBody, onboardingUrlResponse } from '../platform/onboarding.js';
import { filesQuery, organizationsQuery, sealsQuery, templatesQuery } from '../routes/catalog.js';
import { documentPdfQuery } from '../routes/document-pdf.js';
import { cancelBody, flowFilesQuery, signUrlQuery } from '../routes/flows.js';
import { byFileBody, byFileResponse } from '../routes/flows-by-file.js';
import { byTemplateBody, byTemplateResponse } from '../routes/flows-by-template.js';
import { keywordPositionsBody } from '../routes/pdf.js';
import { createQrCodeBody } from '../routes/qr-codes.js';
import { tokenRequestBody, tokenResponse } from '../routes/tokens.js';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
});
const approverSnapshot = z.object({
  recipientId: z.string(),
  approverType: z.enum(['ORGANIZATION', 'PERSON', 'ENTERPRISESERVER']),
  approverName: z.string().nullable(),
  organizationName: z.string().nullable(),
  approveStatus: z.number(),
  signOrder: z.number(),
  approveTime: z.number().nullable(),
  approveMessage: z.string().nullable(),
});
const flowSnapshot = z.object({
  flowId: z.string(),
  flowStatus: z.number(),
  flowName: z.string(),
  flowMessage: z.string().nullable(),
  deadline: z.number(),
  createdOn: z.number(),
  unordered: z.boolean(),
  updatedAt: z.string(),
  eventId: z.string().nullable(),
  approvers: z.array(approverSnapshot),
});
const qrSnapshot = z.object({
  qrCodeId: z.string(),
  qrCodeUrl: z.string(),
  templateId: z.string(),
  flowName: z.string(),
  maxFlowNum: z.number(),
  flowCount: z.number(),
  flowIds: z.array(z.string()),
  expiredTime: z.number(),
  state: z.enum(['active', 'exhausted', 'expired', 'cancelled']),
  failure: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  updatedAt: z.string(),
});
const anyObject = z.record(z.string(), z.unknown());
const flowIdParam = z.object({ flowId: z.string() });
const qrIdParam = z.object({ qrCodeId: z.string() });

/** A multipart file part: read as a stream, held to `BFF_UPLOAD_MAX_BYTES` (413 FILE_TOO_LARGE). */
const filePart = openapiZ.string().openapi({
  type: 'string',
  format: 'binary',
  description:
    'The file (PDF). At most BFF_UPLOAD_MAX_BYTES (20 MB by default, at most 60 MB): 413 FILE_TOO_LARGE',
});
const payloadPart = (what: string, example: string) =>
  openapiZ.string().openapi({ description: `JSON: ${what}`, example });
const UPLOAD_NOTE =
  " The file (base64 in JSON, or a multipart `file` part) may be at most BFF_UPLOAD_MAX_BYTES once decoded (20 MB by default, at most ESS's 60 MB); a larger one is 413 FILE_TOO_LARGE.";

type Method = 'get' | 'post' | 'delete';
interface PathSpec {
  method: Method;
  path: string;
  summary: string;
  auth: 'partner' | 'browser' | 'both' | 'none';
  body?: z.ZodType;
  /** The `multipart/form-data` form the route takes besides JSON (upload routes). */
  multipart?: z.ZodObject;
  query?: z.ZodObject;
  params?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
  /** The answer is a file of this media type instead of JSON. */
  binary?: string;
}

const PATHS: PathSpec[] = [
  {
    method: 'get',
    path: '/livez',
    summary: 'Liveness: the process answers',
    auth: 'none',
    response: anyObject,
  },
  {
    method: 'get',
    path: '/readyz',
    summary:
      'Readiness `{ ok, essEnv, essApi, appId, checks: { store, ess } }`: 503 when the store fails or ESS refuses the credentials (also `/healthz`)',
    auth: 'none',
    response: anyObject,
  },
  {
    method: 'get',
    path: '/healthz',
    summary: 'Readiness, older name of `/readyz`',
    auth: 'none',
    response: anyObject,
  },
  {
    method: 'post',
    path: '/v1/tokens',
    summary: 'Mint a browser token',
    auth: 'partner',
    body: tokenRequestBody,
    response: tokenResponse,
    status: 201,
  },
  {
    method: 'post',
    path: '/v1/organizations/{openId}/onboarding-url',
    summary:
      '第三方应用 (ESS_API=essbasic): the onboarding link (CreateConsoleLoginUrl) of sub-company `openId` (ProxyOrganizationOpenId); `organizationName` the first time. 404 NOT_FOUND on a 企业版 BFF',
    auth: 'partner',
    params: z.object({ openId: z.string() }),
    body: onboardingUrlBody,
    response: onboardingUrlResponse,
    status: 201,
  },
  {
    method: 'post',
    path: '/v1/ess/{action}',
    summary: `Whitelisted ESS proxy (ESS request body in, \`{ Response }\` out). UploadFiles also takes multipart: a \`file\` part and a \`payload\` part with the other fields (the BFF builds FileInfos).${UPLOAD_NOTE}`,
    auth: 'both',
    params: z.object({ action: z.string() }),
    body: anyObject,
    multipart: openapiZ.object({
      file: filePart,
      payload: payloadPart(
        'UploadFiles fields without FileInfos',
        '{"BusinessType":"DOCUMENT","FileType":"PDF"}',
      ),
    }),
    response: z.object({ Response: anyObject }),
  },
  {
    method: 'post',
    path: '/v1/flows/by-file',
    summary: `Upload a PDF and start a flow (Idempotency-Key supported; 422 IDEMPOTENCY_KEY_REUSED for a key reused with another request).${UPLOAD_NOTE}`,
    auth: 'partner',
    body: byFileBody,
    multipart: openapiZ.object({
      file: filePart,
      payload: payloadPart(
        'the JSON body without File',
        '{"FlowName":"门店租赁合同","Approvers":[{"ApproverType":1,"ApproverName":"李小明","ApproverMobile":"13800000002"}]}',
      ),
    }),
    response: byFileResponse,
    status: 201,
  },
  {
    method: 'post',
    path: '/v1/flows/by-template',
    summary:
      'Create, fill and start a flow from a template (Idempotency-Key supported; 422 IDEMPOTENCY_KEY_REUSED for a key reused with another request)',
    auth: 'partner',
    body: byTemplateBody,
    response: byTemplateResponse,
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/flows/{flowId}',
    summary: 'Flow status snapshot',
    auth: 'both',
    params: flowIdParam,
    response: flowSnapshot,
  },
  {
    method: 'post',
    path: '/v1/flows/{flowId}/cancel',
    summary: 'Cancel a flow',
    auth: 'partner',
    params: flowIdParam,
    body: cancelBody,
    response: anyObject,
  },
  {
    method: 'get',
    path: '/v1/flows/{flowId}/sign-url',
    summary: 'A sign link for one signer (identity looked up from the flow)',
    auth: 'both',
    params: flowIdParam,
    query: signUrlQuery,
    response: z.object({
      url: z.string(),
      qrCodeUrl: z.string().nullable(),
      expiresAt: z.string().nullable(),
      endPoint: z.string(),
    }),
  },
  {
    method: 'get',
    path: '/v1/flows/{flowId}/files',
    summary: 'Download URLs of a signed flow (409 FLOW_NOT_SIGNED before status 4)',
    auth: 'both',
    params: flowIdParam,
    query: flowFilesQuery,
    response: z.object({ urls: z.array(z.string()), expiresAt: z.string().nullable() }),
  },
  {
    method: 'get',
    path: '/v1/flows/{flowId}/pdf',
    summary:
      'The PDF of a flow, relayed from DescribeFileUrls: any status once the flow has a document (409 ESS_DOCUMENT_NOT_READY before CreateDocument; 502 ESS_FILE_TOO_LARGE over limits.uploadBytes)',
    auth: 'both',
    params: flowIdParam,
    query: documentPdfQuery,
    binary: 'application/pdf',
  },
  {
    method: 'delete',
    path: '/v1/flows/{flowId}/personal-data',
    summary:
      "Erase a flow's personal data (MsgData, signers' names and messages) from the event log, the flow snapshot and relay deliveries; the events stay. Idempotent: a repeat or an unknown flow answers 200 with zero counts",
    auth: 'partner',
    params: flowIdParam,
    response: z.object({
      flowId: z.string(),
      erased: z.object({ events: z.number(), flows: z.number(), deliveries: z.number() }),
    }),
  },
  {
    method: 'get',
    path: '/v1/templates/{templateId}/pdf',
    summary:
      'The PDF of a template, relayed from DescribeFileUrls (403 OUT_OF_SCOPE unless the token names it; 502 ESS_FILE_TOO_LARGE over limits.uploadBytes)',
    auth: 'both',
    params: z.object({ templateId: z.string() }),
    query: documentPdfQuery,
    binary: 'application/pdf',
  },
  {
    method: 'get',
    path: '/v1/files',
    summary: 'Template, document and seal file URLs',
    auth: 'partner',
    query: filesQuery,
    response: anyObject,
  },
  {
    method: 'get',
    path: '/v1/templates',
    summary: 'Templates (ESS TemplateInfo)',
    auth: 'partner',
    query: templatesQuery,
    response: anyObject,
  },
  {
    method: 'get',
    path: '/v1/seals',
    summary: 'Seals',
    auth: 'partner',
    query: sealsQuery,
    response: anyObject,
  },
  {
    method: 'get',
    path: '/v1/organizations',
    summary: 'Group member organizations',
    auth: 'partner',
    query: organizationsQuery,
    response: anyObject,
  },
  {
    method: 'post',
    path: '/v1/qr-codes',
    summary: 'Create a multi-sign QR code',
    auth: 'both',
    body: createQrCodeBody,
    response: qrSnapshot,
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/qr-codes/{qrCodeId}',
    summary: 'QR code snapshot',
    auth: 'both',
    params: qrIdParam,
    response: qrSnapshot,
  },
  {
    method: 'delete',
    path: '/v1/qr-codes/{qrCodeId}',
    summary: 'Cancel a QR code',
    auth: 'both',
    params: qrIdParam,
    response: qrSnapshot,
  },
  {
    method: 'get',
    path: '/v1/events',
    summary:
      'Server-sent events: flow and QR snapshots, then changes (text/event-stream; see docs/internals.md)',
    auth: 'both',
    query: z.object({
      flowIds: z.string().optional(),
      qrCodeIds: z.string().optional(),
      organizationId: z
        .string()
        .optional()
        .describe('Partner keys: the group member whose flows to watch (browser tokens carry their own)'),
      since: z.string().optional(),
      token: z
        .string()
        .optional()
        .describe('A browser token (EventSource cannot send headers); never a partner key'),
    }),
    response: z.string(),
  },
  {
    method: 'post',
    path: '/v1/callbacks/ess',
    summary:
      'ESS callback intake (encrypted body, Content-Signature); /v1/callbacks/ess/{target} for more targets',
    auth: 'none',
    body: anyObject,
    response: anyObject,
  },
  {
    method: 'get',
    path: '/v1/partner/events',
    summary:
      'Every normalized ESS event for partner systems: SSE (Last-Event-ID replay, resync) or ?format=json pages (docs/relay.md)',
    auth: 'partner',
    query: z.object({
      family: z.string().optional(),
      msgType: z.string().optional(),
      organizationId: z.string().optional(),
      flowId: z.string().optional(),
      since: z.string().optional(),
      limit: z.string().optional(),
      format: z.enum(['json']).optional(),
      includeOriginal: z.enum(['true', 'false']).optional(),
    }),
    response: anyObject,
  },
  {
    method: 'get',
    path: '/v1/partner/deliveries',
    summary: 'Webhook deliveries of the relay, e.g. ?state=failed for the dead-letter list',
    auth: 'partner',
    query: z.object({
      state: z.string().optional(),
      target: z.string().optional(),
      limit: z.string().optional(),
      after: z.string().optional().describe('the `next` of the previous page'),
    }),
    response: anyObject,
  },
  {
    method: 'get',
    path: '/v1/partner/deliveries/{id}',
    summary: 'One webhook delivery with its attempts',
    auth: 'partner',
    params: z.object({ id: z.string() }),
    response: anyObject,
  },
  {
    method: 'post',
    path: '/v1/partner/deliveries/{id}/redeliver',
    summary: 'Deliver one (failed) webhook delivery again',
    auth: 'partner',
    params: z.object({ id: z.string() }),
    response: anyObject,
  },
  {
    method: 'post',
    path: '/v1/partner/deliveries/redeliver',
    summary: 'Deliver again every delivery in a state (?state=failed)',
    auth: 'partner',
    query: z.object({ state: z.string().optional(), target: z.string().optional() }),
    response: anyObject,
  },
  {
    method: 'post',
    path: '/v1/pdf/keyword-positions',
    summary: `Keyword matches as ESS component coordinates.${UPLOAD_NOTE}`,
    auth: 'both',
    body: keywordPositionsBody,
    multipart: openapiZ.object({
      file: filePart,
      keywords: openapiZ.array(openapiZ.string()).openapi({ description: 'one part per keyword' }),
    }),
    response: anyObject,
  },
];

/** Builds the OpenAPI 3.1 document. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const api = new OpenAPIHono();
  const registry = api.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A partner API key, or a browser token from POST /v1/tokens. Only GET /v1/events also takes a browser token as ?token=; any other credential in a URL is refused (400 CREDENTIAL_IN_URL)',
  });
  for (const p of PATHS) {
    const status = String(p.status ?? 200);
    registry.registerPath({
      method: p.method,
      path: p.path,
      summary: p.summary,
      description: `Caller: ${p.auth === 'both' ? 'partner key or browser token' : p.auth === 'none' ? 'anyone' : `${p.auth} only`}.`,
      ...(p.auth === 'none' ? {} : { security: [{ bearer: [] }] }),
      request: {
        ...(p.params ? { params: p.params } : {}),
        ...(p.query ? { query: p.query } : {}),
        ...(p.body
          ? {
              body: {
                content: {
                  'application/json': { schema: p.body },
                  ...(p.multipart ? { 'multipart/form-data': { schema: p.multipart } } : {}),
                },
                required: true,
              },
            }
          : {}),
      },
      responses: {
        [status]: {
          description: 'OK',
          content: p.binary
            ? { [p.binary]: { schema: { type: 'string', format: 'binary' } } }
            : { 'application/json': { schema: p.response ?? anyObject } },
        },
        default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
      },
    } as Parameters<typeof registry.registerPath>[0]);
  }
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'ess-kit BFF',
      version: '1',
      description: 'Tencent E-Sign (ess 2020-11-11) backend-for-frontend',
    },
  }) as unknown as Record<string, unknown>;
}
