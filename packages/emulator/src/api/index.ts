/**
 * The ESS API at `POST /`: body size limit, TC3 verification, JSON parsing, the action's
 * lenient request schema (unknown and older guide fields accepted), then the handler.
 * Every answer is HTTP 200 with `Response.RequestId`; failures carry `Response.Error`.
 */
import { type EssActionName, schemas } from '@ess-kit/shared';
import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { newRequestId } from '../ids.js';
import { EmulatorError } from '../state/errors.js';
import { verifyRequest } from '../verify.js';
import { type ActionHandler, parseWith } from './common.js';
import { documentedCode } from './documented-codes.js';
import { DescribeFileUrls, UploadFiles } from './files.js';
import { CancelFlow, CreateFlowByFiles, DescribeFlowBriefs, DescribeFlowInfo } from './flows.js';
import { DescribeOrganizationGroupOrganizations, DescribeOrganizationSeals } from './organization.js';
import { CancelMultiFlowSignQRCode, CreateMultiFlowSignQRCode } from './qr.js';
import { CreateSchemeUrl } from './scheme.js';
import { CreateDocument, CreateFlow, DescribeFlowTemplates, StartFlow } from './templates.js';

/** One handler per action of the contract (docs/internals.md): all 15. */
export const ACTIONS: Record<EssActionName, ActionHandler> = {
  UploadFiles,
  CreateFlowByFiles,
  DescribeFlowTemplates,
  CreateFlow,
  CreateDocument,
  StartFlow,
  CreateMultiFlowSignQRCode,
  CancelMultiFlowSignQRCode,
  DescribeOrganizationSeals,
  DescribeFlowInfo,
  CreateSchemeUrl,
  DescribeOrganizationGroupOrganizations,
  DescribeFileUrls,
  DescribeFlowBriefs,
  CancelFlow,
};

/** Reads the body, refusing more than `limit` bytes without buffering the rest. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const tooLarge = () =>
    new EmulatorError('RequestSizeLimitExceeded', `The request body is larger than ${limit} bytes.`, 413);
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      // The client may already be gone; its cancel() rejecting must not become an unhandled rejection.
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** The API body as a JSON object (an empty body is `{}`), or the ESS error for anything else. */
export function parseJsonBody(raw: Uint8Array): Record<string, unknown> {
  let json: unknown;
  try {
    json = raw.length === 0 ? {} : JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    throw new EmulatorError('InvalidParameter', 'The request body is not valid JSON.');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new EmulatorError('InvalidParameter', 'The request body must be a JSON object.');
  return json as Record<string, unknown>;
}

function envelope(requestId: string, fields: Record<string, unknown>) {
  return { Response: { ...fields, RequestId: requestId } };
}

export function apiRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    const requestId = newRequestId();
    // Known once the request is verified and its body read: from then on errors are the action's,
    // answered with the codes that action documents (documented-codes.ts).
    let action: EssActionName | undefined;
    const reply = (fields: Record<string, unknown>) =>
      c.json(envelope(requestId, fields), 200, { 'X-TC-RequestId': requestId });
    try {
      const raw = await readBody(c.req.raw, ctx.config.maxBodyBytes);
      const call = await verifyRequest(c.req.raw.headers, raw, ctx.config, Math.floor(Date.now() / 1000));
      const json = parseJsonBody(raw);
      action = call.action as EssActionName;
      const body = parseWith(schemas[action].request, json);
      ctx.state.expireDue();
      const result = await ACTIONS[action]({ ctx, body: body as never, call, requestId });
      return reply(result);
    } catch (error) {
      const code = (raised: string, field?: string) =>
        action ? documentedCode(action, raised, field) : raised;
      if (error instanceof EmulatorError)
        return reply({ Error: { Code: code(error.code, error.field), Message: error.message } });
      // A client that went away mid-upload is no failure of the emulator's.
      if (c.req.raw.signal.aborted) return c.body(null, 499 as 400);
      console.error(`[ess-emulator] ${requestId} failed:`, error);
      return reply({
        Error: {
          Code: code('InternalError'),
          Message: `Internal error (RequestId ${requestId}); see the emulator log.`,
        },
      });
    }
  });
  return app;
}
