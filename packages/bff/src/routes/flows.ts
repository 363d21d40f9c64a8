/**
 * Per-flow routes for browsers and partners: the status snapshot, a sign link for one signer, the
 * signed files, and (partners only) cancelling.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { browserToken, requirePartner } from '../auth/middleware.js';
import type { BrowserAction } from '../auth/tokens.js';
import type { BffDeps, BffEnv, Caller } from '../deps.js';
import { BffError } from '../errors.js';
import { flowSnapshotFromDetail } from '../ingest/snapshot.js';
import type { FlowSnapshot } from '../store/types.js';
import { readJsonObject, validate } from './request-body.js';
import { assertInScope, assertPartnerScope, isScopedPartner, organizationForFlows } from './scope.js';
import { actingFor } from './tenancy.js';

/** An ESS id as routes accept it in a path (flow, recipient). */
export const FLOW_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The content type of JSON answers (the cached snapshot is sent as the JSON text the store keeps). */
export const JSON_CONTENT_TYPE = 'application/json';
const JSON_CONTENT = { 'content-type': JSON_CONTENT_TYPE };

/** The flow status route; http/cached-read.ts answers its cached reads before Hono. */
export const FLOW_STATUS_ROUTE = '/v1/flows/:flowId';

/**
 * The cached status of a flow as the caller may read it: scope first (a browser token's ids; a
 * scoped partner key's organizations), then the snapshot the store holds as JSON text, or null when
 * it holds none (ESS must be asked). Throws OUT_OF_SCOPE, or STORE_UNAVAILABLE. `flowId` is valid.
 */
export function cachedFlowStatus(deps: BffDeps, caller: Caller, flowId: string): Promise<string | null> {
  const scope =
    caller.kind === 'browser'
      ? assertInScope(deps, caller.token, { flowIds: [flowId] })
      : isScopedPartner(caller)
        ? assertPartnerScope(deps, caller, { flowIds: [flowId] })
        : null;
  // An unscoped key (the usual partner) has nothing to check: no promise to wait for first.
  if (scope === null) return deps.store.getFlowSnapshotJson(flowId);
  return scope.then(() => deps.store.getFlowSnapshotJson(flowId));
}

/** Query of `GET /v1/flows/:flowId/sign-url`. */
export const signUrlQuery = z.strictObject({
  recipientId: z.string().regex(FLOW_ID, 'must be an ESS id').optional(),
  endPoint: z.enum(['HTTP_SHORT_URL', 'APP', 'HTTP']).optional(),
  pathType: z.enum(['0', '1', '2']).optional(),
});
/** Query of `GET /v1/flows/:flowId/files`. */
export const flowFilesQuery = z.strictObject({
  fileType: z.enum(['PDF', 'ZIP', 'JPG']).optional(),
  fileName: z.string().min(1).max(200).optional(),
});
/** Body of `POST /v1/flows/:flowId/cancel`. */
export const cancelBody = z.strictObject({
  CancelMessage: z.string().trim().min(1, 'is required').max(200, 'at most 200 characters'),
});

/** Sign links from CreateSchemeUrl are valid 90 days (ess-api.md §7.11). */
const SCHEME_URL_TTL_MS = 90 * 24 * 3600 * 1000;
/** DescribeFileUrls URLs default to 5 minutes. */
const FILE_URL_TTL_MS = 5 * 60 * 1000;

/** The flow routes. */
export function flowRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();

  /** Checks the caller may touch `flowId` (and, for browsers, the action); returns who to act as. */
  async function authorizeFlow(
    c: Parameters<typeof browserToken>[0],
    flowId: string,
    action?: BrowserAction,
  ) {
    if (!FLOW_ID.test(flowId)) throw new BffError('VALIDATION_FAILED', 'flowId: must be an ESS id');
    const token = browserToken(c);
    if (token) {
      if (action && !token.actions.includes(action))
        throw new BffError('ACTION_NOT_ALLOWED', `This browser token does not allow ${action}`);
      await assertInScope(deps, token, { flowIds: [flowId] });
      return actingFor(deps.config, token.organizationId);
    }
    const organizationId = await organizationForFlows(deps, null, [flowId]);
    await assertPartnerScope(deps, c.get('caller'), { organizationId, flowIds: [flowId] });
    return actingFor(deps.config, organizationId);
  }

  /** DescribeFlowInfo for one flow, or 404. */
  async function describeFlow(flowId: string, as: ReturnType<typeof actingFor>, requestId: string) {
    const res = await deps.ess
      .call('DescribeFlowInfo', { FlowIds: [flowId] }, { as, requestId })
      .catch((err) => {
        // ESS answers an unknown (or not visible) flow id with a bare FailedOperation (ess-api.md §3.3).
        if (err instanceof BffError && err.details?.essCode === 'FailedOperation')
          throw new BffError('NOT_FOUND', `Flow ${flowId} was not found for this organization`, {
            essCode: 'FailedOperation',
            essRequestId: err.details.essRequestId,
          });
        throw err;
      });
    const detail = (Array.isArray(res.FlowDetailInfos) ? res.FlowDetailInfos : []).find(
      (d: { FlowId?: string }) => d?.FlowId === flowId,
    );
    if (!detail) throw new BffError('NOT_FOUND', `Flow ${flowId} was not found`);
    return detail as Parameters<typeof flowSnapshotFromDetail>[0];
  }

  app.get(FLOW_STATUS_ROUTE, async (c) => {
    const flowId = c.req.param('flowId');
    if (!FLOW_ID.test(flowId)) throw new BffError('VALIDATION_FAILED', 'flowId: must be an ESS id');
    const stored = await cachedFlowStatus(deps, c.get('caller'), flowId);
    if (stored !== null) return c.body(stored, 200, JSON_CONTENT);
    const as = await authorizeFlow(c, flowId);
    const detail = await describeFlow(flowId, as, c.get('requestId'));
    const now = deps.clock.now();
    const snapshot: FlowSnapshot = flowSnapshotFromDetail(detail, null, new Date(now));
    const record = await deps.store.putFlow({
      snapshot,
      organizationId: as.proxyOrganizationId ?? deps.config.organization.organizationId ?? null,
      occurredAt: 0,
      touchedAt: now,
    });
    return c.json(record.snapshot);
  });

  app.get('/v1/flows/:flowId/sign-url', async (c) => {
    const flowId = c.req.param('flowId');
    const as = await authorizeFlow(c, flowId, 'CreateSchemeUrl');
    const q = validate(signUrlQuery, c.req.query(), 'query');
    const pathType = Number(q.pathType ?? '1');
    // PathType 1 (the contract page) only works with HTTP_SHORT_URL or APP (ess-api.md §7.11).
    const endPoint =
      pathType === 1 ? (q.endPoint === 'APP' ? 'APP' : 'HTTP_SHORT_URL') : (q.endPoint ?? 'HTTP');
    const params: Record<string, unknown> = { FlowId: flowId, PathType: pathType, EndPoint: endPoint };
    if (q.recipientId) {
      // The signer's identity comes from the flow itself, never from the browser.
      const detail = await describeFlow(flowId, as, c.get('requestId'));
      const signers = (detail.FlowApproverInfos ?? []) as {
        RecipientId?: string;
        ApproveName?: string;
        Mobile?: string;
        OrganizationName?: string;
      }[];
      const signer = signers.find((a) => a.RecipientId === q.recipientId);
      if (!signer) throw new BffError('NOT_FOUND', `Flow ${flowId} has no signer ${q.recipientId}`);
      if (signer.ApproveName) params.Name = signer.ApproveName;
      // DescribeFlowInfo may return masked mobiles (138****0002); only a full one identifies the signer.
      if (signer.Mobile && /^1\d{10}$/.test(signer.Mobile)) params.Mobile = signer.Mobile;
      if (signer.OrganizationName) params.OrganizationName = signer.OrganizationName;
    }
    const res = await deps.ess.call('CreateSchemeUrl', params, { as, requestId: c.get('requestId') });
    return c.json({
      url: String(res.SchemeUrl ?? ''),
      qrCodeUrl: typeof res.SchemeQrcodeUrl === 'string' && res.SchemeQrcodeUrl ? res.SchemeQrcodeUrl : null,
      expiresAt: new Date(deps.clock.now() + SCHEME_URL_TTL_MS).toISOString(),
      endPoint,
    });
  });

  app.get('/v1/flows/:flowId/files', async (c) => {
    const flowId = c.req.param('flowId');
    const as = await authorizeFlow(c, flowId, 'DescribeFileUrls');
    const q = validate(flowFilesQuery, c.req.query(), 'query');
    if (q.fileName && q.fileType !== 'ZIP')
      throw new BffError('VALIDATION_FAILED', 'fileName: only used with fileType=ZIP');
    const brief = await deps.ess.call(
      'DescribeFlowBriefs',
      { FlowIds: [flowId] },
      { as, requestId: c.get('requestId') },
    );
    const status = (Array.isArray(brief.FlowBriefs) ? brief.FlowBriefs : []).find(
      (b: { FlowId?: string }) => b?.FlowId === flowId,
    )?.FlowStatus;
    if (status === undefined) throw new BffError('NOT_FOUND', `Flow ${flowId} was not found`);
    if (status !== 4)
      throw new BffError(
        'FLOW_NOT_SIGNED',
        `Flow ${flowId} is not completely signed yet (status ${status})`,
        {
          flowStatus: status,
        },
      );
    const res = await deps.ess.call(
      'DescribeFileUrls',
      {
        BusinessType: 'FLOW',
        BusinessIds: [flowId],
        ...(q.fileType ? { FileType: q.fileType } : {}),
        ...(q.fileName ? { FileName: q.fileName } : {}),
      },
      { as, requestId: c.get('requestId') },
    );
    const urls = (Array.isArray(res.FileUrls) ? res.FileUrls : []).map((f: { Url?: string }) =>
      String(f?.Url ?? ''),
    );
    return c.json({ urls, expiresAt: new Date(deps.clock.now() + FILE_URL_TTL_MS).toISOString() });
  });

  app.post('/v1/flows/:flowId/cancel', async (c) => {
    requirePartner(c, 'Cancelling flows');
    const flowId = c.req.param('flowId');
    const as = await authorizeFlow(c, flowId);
    const body = validate(cancelBody, await readJsonObject(c));
    const res = await deps.ess.call(
      'CancelFlow',
      { FlowId: flowId, CancelMessage: body.CancelMessage },
      { as, requestId: c.get('requestId') },
    );
    return c.json({ FlowId: flowId, Cancelled: true, RequestId: res.RequestId });
  });

  return app;
}
