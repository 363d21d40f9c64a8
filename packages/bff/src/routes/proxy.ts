/**
 * `POST /v1/ess/:action` — the whitelisted proxy. Order of checks (each a different status):
 * credentials (401, in the auth middleware) → action known (404) → action allowed for this caller
 * (403) → ids in the token's scope (403) → body valid against the strict ESS schema (400) → ESS.
 * Operator/Caller and Agent always come from configuration.
 */
import { type EssActionName, schemas } from '@ess-kit/shared';
import { type Context, Hono } from 'hono';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { essBodyOf, withIdentity } from '../ess/client.js';
import { isMultipart } from '../http/multipart.js';
import { assertFileSize } from '../http/upload-limit.js';
import { classifyAction, stripIdentity } from '../policy.js';
import { createQrCode } from './qr-codes.js';
import { readFileUpload, readJsonObject, validate } from './request-body.js';
import { assertInScope, assertPartnerScope, organizationForFlows } from './scope.js';
import { actingFor, ownerIdOf } from './tenancy.js';

/** Flow ids a request body names (for routing group members' flows). */
function flowIdsOf(body: Record<string, unknown>): string[] {
  const ids: string[] = [];
  if (typeof body.FlowId === 'string') ids.push(body.FlowId);
  if (Array.isArray(body.FlowIds))
    ids.push(...body.FlowIds.filter((x): x is string => typeof x === 'string'));
  if (body.BusinessType === 'FLOW' && Array.isArray(body.BusinessIds))
    ids.push(...body.BusinessIds.filter((x): x is string => typeof x === 'string'));
  return ids;
}

const JSON_CONTENT = { 'content-type': 'application/json' };

/**
 * UploadFiles' body: JSON as ESS takes it, or multipart with one `file` part (streamed) and the
 * other fields in a `payload` JSON part. Every `FileInfos[].FileBody` is held to the upload limit.
 */
async function readUploadFilesBody(c: Context<BffEnv>, deps: BffDeps): Promise<Record<string, unknown>> {
  const limit = deps.config.limits.uploadBytes;
  if (!isMultipart(c)) {
    const body = await readJsonObject(c);
    const infos = Array.isArray(body.FileInfos) ? (body.FileInfos as Array<Record<string, unknown>>) : [];
    infos.forEach((info, i) => {
      if (typeof info?.FileBody === 'string')
        assertFileSize(info.FileBody.replace(/\s+/g, ''), limit, `FileInfos[${i}].FileBody`);
    });
    return body;
  }
  const { file, payload } = await readFileUpload(c, deps);
  return {
    ...payload(),
    FileInfos: [{ FileBody: file.bytes.toString('base64'), FileName: file.fileName || 'file.pdf' }],
  };
}

/** Header a partner uses to act for a group member on the proxy. */
export const ORGANIZATION_HEADER = 'x-ess-organization-id';

/** The proxy route. */
export function proxyRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();

  app.post('/v1/ess/:action', async (c) => {
    const actionName = c.req.param('action');
    const caller = c.get('caller');
    const verdict = classifyAction(
      actionName,
      caller.kind === 'partner' ? { kind: 'partner' } : { kind: 'browser', actions: caller.token.actions },
    );
    if (verdict.kind === 'unknown')
      throw new BffError('UNKNOWN_ACTION', `"${actionName.slice(0, 80)}" is not an ESS action`);
    if (verdict.kind === 'refused') throw new BffError('ACTION_NOT_ALLOWED', verdict.reason);
    const { action, policy } = verdict;

    const body = stripIdentity(
      action === 'UploadFiles' ? await readUploadFilesBody(c, deps) : await readJsonObject(c),
    );
    let organizationId: string | null;
    if (caller.kind === 'browser') {
      const grant = policy.browser!;
      const refusal = grant.refuse?.(body);
      if (refusal) throw new BffError('OUT_OF_SCOPE', refusal);
      await assertInScope(deps, caller.token, grant.needs(body));
      organizationId = caller.token.organizationId;
    } else {
      organizationId = await organizationForFlows(deps, c.req.header(ORGANIZATION_HEADER), flowIdsOf(body));
      await assertPartnerScope(deps, caller, { organizationId, flowIds: flowIdsOf(body) });
    }
    const as = actingFor(deps.config, organizationId);
    // Validate what will be sent: the caller's fields plus the identity the BFF sets.
    const params = validate(
      schemas[action as EssActionName].requestStrict,
      withIdentity(action, body, as),
      `${action} request`,
    ) as Record<string, unknown>;
    const requestId = c.get('requestId');

    if (action === 'CreateMultiFlowSignQRCode') {
      const { response } = await createQrCode(deps, params, as, requestId);
      return c.json({ Response: response });
    }
    const answer = await deps.ess.call(action, params, { as, requestId });
    const response =
      caller.kind === 'browser' && policy.browser?.redact ? policy.browser.redact(answer) : answer;
    // Remember which group member owns flows created here, so browser tokens and routing find it.
    const owner = ownerIdOf(deps.config, as);
    if (owner && typeof response.FlowId === 'string' && response.FlowId)
      await deps.store.putOwner('flow', response.FlowId, owner);
    // Passed on unchanged: ESS's own text, not the parsed answer serialised again.
    const asSent = response === answer ? essBodyOf(answer) : null;
    if (asSent !== null) return c.body(asSent, 200, JSON_CONTENT);
    return c.json({ Response: response });
  });

  return app;
}
