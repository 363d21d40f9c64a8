/**
 * Partner read routes over the organization's catalog: `GET /v1/templates`, `GET /v1/seals`,
 * `GET /v1/organizations` (group members), `GET /v1/files` (template/document/seal files).
 * All take `?organizationId=` to read a configured group member's data.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { requirePartner } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { validate } from './request-body.js';
import { assertPartnerScope } from './scope.js';
import { actingFor } from './tenancy.js';

const paging = {
  offset: z.coerce.number().int().min(0).max(20_000).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
};
const org = { organizationId: z.string().min(1).max(64).optional() };

/** Query of `GET /v1/templates`. */
export const templatesQuery = z.strictObject({
  ...paging,
  ...org,
  templateId: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(200).optional(),
});
/** Query of `GET /v1/seals`. */
export const sealsQuery = z.strictObject({ ...paging, ...org, sealTypes: z.string().max(500).optional() });
/** Query of `GET /v1/organizations`. */
export const organizationsQuery = z.strictObject({
  ...paging,
  status: z.coerce.number().int().min(1).max(5).optional(),
});
/** Query of `GET /v1/files`. */
export const filesQuery = z.strictObject({
  ...org,
  businessType: z.enum(['TEMPLATE', 'DOCUMENT', 'SEAL']),
  ids: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,19}$/, 'a comma-separated list of up to 20 ids'),
  fileType: z.enum(['PDF', 'JPG', 'ZIP']).optional(),
  fileName: z.string().min(1).max(200).optional(),
});

/** The catalog routes. */
export function catalogRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();

  app.get('/v1/templates', async (c) => {
    requirePartner(c, 'Listing templates');
    const q = validate(templatesQuery, c.req.query(), 'query');
    await assertPartnerScope(deps, c.get('caller'), { organizationId: q.organizationId ?? null });
    const filters = [];
    if (q.templateId) filters.push({ Key: 'template-id', Values: [q.templateId] });
    if (q.name) filters.push({ Key: 'template-name', Values: [q.name] });
    const res = await deps.ess.call(
      'DescribeFlowTemplates',
      { Offset: q.offset ?? 0, Limit: q.limit ?? 20, ...(filters.length ? { Filters: filters } : {}) },
      { as: actingFor(deps.config, q.organizationId), requestId: c.get('requestId') },
    );
    return c.json({ Templates: res.Templates ?? [], TotalCount: res.TotalCount ?? 0 });
  });

  app.get('/v1/seals', async (c) => {
    requirePartner(c, 'Listing seals');
    const q = validate(sealsQuery, c.req.query(), 'query');
    await assertPartnerScope(deps, c.get('caller'), { organizationId: q.organizationId ?? null });
    const res = await deps.ess.call(
      'DescribeOrganizationSeals',
      {
        Offset: q.offset ?? 0,
        Limit: q.limit ?? 20,
        ...(q.sealTypes ? { SealTypes: q.sealTypes.split(',').filter(Boolean) } : {}),
      },
      { as: actingFor(deps.config, q.organizationId), requestId: c.get('requestId') },
    );
    return c.json({ Seals: res.Seals ?? [], TotalCount: res.TotalCount ?? 0 });
  });

  app.get('/v1/organizations', async (c) => {
    requirePartner(c, 'Listing group organizations');
    const q = validate(organizationsQuery, c.req.query(), 'query');
    // The group's list is the main organization's to read.
    await assertPartnerScope(deps, c.get('caller'), { organizationId: null });
    const res = await deps.ess.call(
      'DescribeOrganizationGroupOrganizations',
      { Offset: q.offset ?? 0, Limit: q.limit ?? 200, ...(q.status ? { Status: q.status } : {}) },
      { requestId: c.get('requestId') },
    );
    const configured = new Set(deps.config.groupMembers.map((m) => m.organizationId));
    const list = (Array.isArray(res.List) ? res.List : []) as Record<string, unknown>[];
    return c.json({
      Organizations: list.map((o) => ({ ...o, Configured: configured.has(String(o.OrganizationId)) })),
      Total: res.Total ?? list.length,
    });
  });

  app.get('/v1/files', async (c) => {
    requirePartner(c, 'Downloading template, document and seal files');
    const q = validate(filesQuery, c.req.query(), 'query');
    await assertPartnerScope(deps, c.get('caller'), { organizationId: q.organizationId ?? null });
    const res = await deps.ess.call(
      'DescribeFileUrls',
      {
        BusinessType: q.businessType,
        BusinessIds: q.ids.split(','),
        ...(q.fileType ? { FileType: q.fileType } : {}),
        ...(q.fileName && q.fileType === 'ZIP' ? { FileName: q.fileName } : {}),
      },
      { as: actingFor(deps.config, q.organizationId), requestId: c.get('requestId') },
    );
    return c.json({ FileUrls: res.FileUrls ?? [], TotalCount: res.TotalCount ?? 0 });
  });

  return app;
}
