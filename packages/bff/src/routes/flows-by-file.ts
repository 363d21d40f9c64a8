/**
 * `POST /v1/flows/by-file` — the guide's "initiate with a file" process in one call:
 * validate with the guide's rules → UploadFiles (file host) → CreateFlowByFiles.
 * JSON (`File.ContentBase64`, data-URL prefix allowed) or multipart (`file` part + `payload` JSON part).
 */
import { ApproverInfo, Component, deepStrict } from '@ess-kit/shared';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { requirePartner } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { isMultipart } from '../http/multipart.js';
import { assertFileSize } from '../http/upload-limit.js';
import { approversAnswer, FLOW_FIELDS, flowCreator, flowLabels, recordNewFlow } from './flow-creation.js';
import { checkFileFlowRequest, contractType } from './guide-rules.js';
import { idempotent } from './idempotency.js';
import { cleanBase64, looksLikePdf, readFileUpload, readJsonObject, validate } from './request-body.js';
import { operatorIdentity } from './tenancy.js';

/** Body of `POST /v1/flows/by-file` (JSON form). */
export const byFileBody = z.strictObject({
  FlowName: FLOW_FIELDS.FlowName,
  File: z.strictObject({
    Name: z.string().min(1).max(200),
    ContentBase64: z.string().min(1),
  }),
  Approvers: z.array(deepStrict(ApproverInfo)).min(1).max(50),
  ...FLOW_FIELDS.timing,
  Components: z.array(deepStrict(Component)).optional(),
  ...FLOW_FIELDS.labels,
});

/** Response of `POST /v1/flows/by-file`. */
export const byFileResponse = z.object({
  FlowId: z.string(),
  ContractType: z.string(),
  Approvers: z.array(z.record(z.string(), z.unknown())),
});

/** Reads the JSON or multipart form (`file` part + `payload` JSON part, streamed) into the JSON shape. */
async function readByFileInput(c: Context<BffEnv>, deps: BffDeps): Promise<Record<string, unknown>> {
  if (!isMultipart(c)) return readJsonObject(c);
  const { file, payload } = await readFileUpload(c, deps, 'a PDF file part');
  return {
    ...payload(),
    // ESS takes the file in base64 (UploadFiles.FileBody): encoded once, here.
    File: { Name: file.fileName || 'contract.pdf', ContentBase64: file.bytes.toString('base64') },
  };
}

/** The by-file scenario route. */
export function byFileRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();
  app.post('/v1/flows/by-file', async (c) => {
    requirePartner(c, 'Creating flows');
    const body = validate(byFileBody, await readByFileInput(c, deps));
    const fileBody = cleanBase64(body.File.ContentBase64, 'File.ContentBase64');
    assertFileSize(fileBody, deps.config.limits.uploadBytes);
    if (!looksLikePdf(fileBody))
      throw new BffError('VALIDATION_FAILED', 'File.ContentBase64: the file is not a PDF');
    const { as, requestId } = await flowCreator(c, deps, body);
    const {
      File: _file,
      ProxyOrganizationId: _org,
      ProxyOrganizationOpenId: _open,
      DeadLine,
      ...flowFields
    } = body;
    checkFileFlowRequest(
      { ...flowFields, ...(DeadLine ? { Deadline: DeadLine } : {}) },
      operatorIdentity(deps.config, as),
      Math.floor(deps.clock.now() / 1000),
    );

    // The file as ESS gets it (data: prefix stripped), so both spellings count as the same request.
    const input = { ...body, File: { ...body.File, ContentBase64: fileBody } };
    return idempotent(c, deps, 'flows/by-file', input, async () => {
      const upload = await deps.ess.call(
        'UploadFiles',
        {
          BusinessType: 'DOCUMENT',
          FileType: 'PDF',
          FileInfos: [
            {
              FileBody: fileBody,
              FileName: /\.pdf$/i.test(body.File.Name) ? body.File.Name : `${body.File.Name}.pdf`,
            },
          ],
        },
        { as, requestId },
      );
      const fileId = Array.isArray(upload.FileIds) ? upload.FileIds[0] : undefined;
      if (typeof fileId !== 'string')
        throw new BffError('ESS_BAD_RESPONSE', 'ESS UploadFiles returned no FileId');
      const created = await deps.ess.call(
        'CreateFlowByFiles',
        {
          FlowName: body.FlowName,
          FileIds: [fileId],
          Approvers: body.Approvers,
          ...(body.Unordered !== undefined ? { Unordered: body.Unordered } : {}),
          ...(body.DeadLine ? { Deadline: body.DeadLine } : {}),
          ...(body.Components ? { Components: body.Components } : {}),
          ...flowLabels(body),
        },
        { as, requestId },
      );
      const flowId = await recordNewFlow(deps, as, 'CreateFlowByFiles', created);
      return {
        status: 201,
        body: {
          FlowId: flowId,
          ContractType: contractType(body.Approvers),
          Approvers: approversAnswer(body.Approvers, created.Approvers),
        },
      };
    });
  });
  return app;
}
