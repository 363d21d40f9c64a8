/**
 * Multi-sign QR codes: `POST /v1/qr-codes`, `GET /v1/qr-codes/:qrCodeId`, `DELETE /v1/qr-codes/:qrCodeId`.
 * The BFF records every QR code it creates (with the UserData link that ties scan-created flows back
 * to it), so browsers can read and watch it without another ESS call.
 */
import { qrStateAt, type RuleTemplate, validateQrRequest } from '@ess-kit/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { browserToken } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { ActingOrganization } from '../ess/client.js';
import { announceQrCode } from '../ingest/intake.js';
import { qrUserData } from '../ingest/user-data.js';
import { tenantOfBody } from '../platform/tenants.js';
import { qrSnapshot } from '../store/records.js';
import type { QrRecord, QrSnapshot } from '../store/types.js';
import { readJsonObject, validate } from './request-body.js';
import { assertInScope, assertPartnerScope } from './scope.js';
import { actingFor, ownerIdOf } from './tenancy.js';

const essId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an ESS id');

/** Body of `POST /v1/qr-codes`. */
export const createQrCodeBody = z.strictObject({
  TemplateId: essId,
  FlowName: z.string().min(1).max(200),
  MaxFlowNum: z.number().int().min(1).max(10_000).optional(),
  FlowEffectiveDay: z.number().int().min(1).max(30).optional(),
  QrEffectiveDay: z.number().int().min(1).max(90).optional(),
  ApproverRestrictions: z
    .strictObject({
      Name: z.string().max(100).optional(),
      Mobile: z
        .string()
        .regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile')
        .optional(),
      IdCardType: z.string().optional(),
      IdCardNumber: z.string().max(32).optional(),
    })
    .optional(),
  ProxyOrganizationId: essId.optional(),
  /** 第三方应用: the sub-company (platform/tenants.ts). */
  ProxyOrganizationOpenId: z.string().min(1).max(64).optional(),
});

/** The public state of a record at `now` (`qrStateAt`: an open code past its expiry reads as expired). */
export function currentQrSnapshot(record: QrRecord, nowMs: number): QrSnapshot {
  const snap = qrSnapshot(record);
  snap.state = qrStateAt(snap, Math.floor(nowMs / 1000));
  return snap;
}

/**
 * Creates a QR code at ESS with the BFF's UserData link and records it. `params` is an ESS
 * CreateMultiFlowSignQRCode body (already validated); any caller UserData is replaced.
 */
export async function createQrCode(
  deps: BffDeps,
  params: Record<string, unknown>,
  as: ActingOrganization,
  requestId?: string,
): Promise<{ record: QrRecord; response: Record<string, unknown> }> {
  const link = crypto.randomUUID().replaceAll('-', '');
  const response = await deps.ess.call(
    'CreateMultiFlowSignQRCode',
    { ...params, UserData: qrUserData(link) },
    { as, requestId },
  );
  const qr = (response.QrCode ?? {}) as { QrCodeId?: string; QrCodeUrl?: string; ExpiredTime?: number };
  if (!qr.QrCodeId) throw new BffError('ESS_BAD_RESPONSE', 'ESS created a QR code but returned no QrCodeId');
  const organizationId = ownerIdOf(deps.config, as);
  const record: QrRecord = {
    qrCodeId: qr.QrCodeId,
    qrCodeUrl: qr.QrCodeUrl ?? '',
    templateId: String(params.TemplateId),
    flowName: String(params.FlowName),
    maxFlowNum: typeof params.MaxFlowNum === 'number' ? params.MaxFlowNum : 5,
    flowCount: 0,
    flowIds: [],
    expiredTime: qr.ExpiredTime ?? 0,
    state: 'active',
    failure: null,
    updatedAt: new Date(deps.clock.now()).toISOString(),
    organizationId,
    link,
  };
  // Writes the record and tells watchers (SSE) about the new code.
  await announceQrCode(deps.store, record, deps.essTime.now());
  if (organizationId) await deps.store.putOwner('qr', record.qrCodeId, organizationId);
  return { record, response };
}

/** The QR code routes. */
export function qrCodeRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();

  app.post('/v1/qr-codes', async (c) => {
    const raw = await readJsonObject(c);
    const token = browserToken(c);
    if (token) {
      if (!token.actions.includes('CreateMultiFlowSignQRCode'))
        throw new BffError('ACTION_NOT_ALLOWED', 'This browser token does not allow creating QR codes');
      await assertInScope(deps, token, {
        templateIds: typeof raw.TemplateId === 'string' ? [raw.TemplateId] : [],
      });
    }
    const body = validate(createQrCodeBody, raw);
    const named = tenantOfBody(deps.config, body);
    const organizationId = token ? token.organizationId : named;
    if (token && named && named !== token.organizationId)
      throw new BffError('OUT_OF_SCOPE', 'The organization named differs from the one of this browser token');
    await assertPartnerScope(deps, c.get('caller'), { organizationId });
    const as = actingFor(deps.config, organizationId);
    const { ProxyOrganizationId: _p, ProxyOrganizationOpenId: _o, ApproverRestrictions, ...rest } = body;
    const params: Record<string, unknown> = { ...rest };
    if (ApproverRestrictions) params.Restrictions = [ApproverRestrictions];
    // The guide's QR rules need the template (eligibility: no initiator fill fields, allowed shapes).
    const found = await deps.ess.call(
      'DescribeFlowTemplates',
      { Filters: [{ Key: 'template-id', Values: [body.TemplateId] }], ContentType: 0, Offset: 0, Limit: 1 },
      { as, requestId: c.get('requestId') },
    );
    const template = (Array.isArray(found.Templates) ? found.Templates : []).find(
      (t: { TemplateId?: string }) => t?.TemplateId === body.TemplateId,
    ) as RuleTemplate | undefined;
    if (!template)
      throw new BffError('NOT_FOUND', `Template ${body.TemplateId} was not found for this organization`);
    const violations = validateQrRequest(params, template, { now: Math.floor(deps.essTime.now() / 1000) });
    if (violations.length > 0) {
      const first = violations[0];
      throw new BffError(
        'RULE_VIOLATION',
        `${first.path ? `${first.path}: ` : ''}${first.message} (rule ${first.rule})`,
        {
          violations: violations.map(({ rule, message, path }) => ({ rule, message, path })),
        },
      );
    }
    const { record } = await createQrCode(deps, params, as, c.get('requestId'));
    return c.json(currentQrSnapshot(record, deps.essTime.now()), 201);
  });

  app.get('/v1/qr-codes/:qrCodeId', async (c) => {
    const qrCodeId = c.req.param('qrCodeId');
    const token = browserToken(c);
    if (token) await assertInScope(deps, token, { qrCodeIds: [qrCodeId] });
    const record = await deps.store.getQrCode(qrCodeId);
    if (!record) throw new BffError('NOT_FOUND', `QR code ${qrCodeId} is not known to this BFF`);
    await assertPartnerScope(deps, c.get('caller'), { organizationId: record.organizationId });
    return c.json(currentQrSnapshot(record, deps.essTime.now()));
  });

  app.delete('/v1/qr-codes/:qrCodeId', async (c) => {
    const qrCodeId = c.req.param('qrCodeId');
    const token = browserToken(c);
    if (token) {
      if (!token.actions.includes('CancelMultiFlowSignQRCode'))
        throw new BffError('ACTION_NOT_ALLOWED', 'This browser token does not allow cancelling QR codes');
      await assertInScope(deps, token, { qrCodeIds: [qrCodeId] });
    }
    const record = await deps.store.getQrCode(qrCodeId);
    if (!record) throw new BffError('NOT_FOUND', `QR code ${qrCodeId} is not known to this BFF`);
    await assertPartnerScope(deps, c.get('caller'), { organizationId: record.organizationId });
    if (record.state !== 'cancelled') {
      const as = actingFor(deps.config, record.organizationId);
      await deps.ess.call(
        'CancelMultiFlowSignQRCode',
        { QrCodeId: qrCodeId },
        { as, requestId: c.get('requestId') },
      );
    }
    const updated: QrRecord = {
      ...record,
      state: 'cancelled',
      updatedAt: new Date(deps.clock.now()).toISOString(),
    };
    if (record.state !== 'cancelled') await announceQrCode(deps.store, updated, deps.essTime.now());
    return c.json(currentQrSnapshot(updated, deps.essTime.now()));
  });

  return app;
}
