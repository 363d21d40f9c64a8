/**
 * `POST /v1/flows/by-template` — the guide's template process in one call:
 * DescribeFlowTemplates (approvers checked against the template's roles, in order) → CreateFlow →
 * CreateDocument → StartFlow, retrying StartFlow while the document composes, within a bounded wait.
 * Everything that can be checked against the template (roles, order, form fields) is checked before
 * CreateFlow; when a later step still fails, the new flow is cancelled so no orphan is left behind.
 */
import { deepStrict, FlowCreateApprover, FormField, type RuleTemplate } from '@ess-kit/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { requirePartner } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { ActingOrganization } from '../ess/client.js';
import { templateFlowInfo, templateFlowResult } from '../ess/product.js';
import { tenantOfBody } from '../platform/tenants.js';
import {
  checkTemplateFlowRequest,
  checkTemplateFormFields,
  contractType,
  isTemplateUnordered,
  signingRecipients,
} from './guide-rules.js';
import { assertPartnerScope } from './scope.js';
import { actingFor, idempotent, operatorIdentity, ownerIdOf, readJsonObject, validate } from './support.js';

/** Body of `POST /v1/flows/by-template`. */
export const byTemplateBody = z.strictObject({
  TemplateId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an ESS id'),
  FlowName: z.string().trim().min(1).max(200),
  Approvers: z.array(deepStrict(FlowCreateApprover)).min(1).max(50),
  FormFields: z.array(deepStrict(FormField)).optional(),
  Unordered: z.boolean().optional(),
  DeadLine: z.number().int().min(0).optional(),
  UserData: z
    .string()
    .max(20_480)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
    .optional(),
  FlowDescription: z.string().max(1000).optional(),
  FlowType: z.string().max(200).optional(),
  ProxyOrganizationId: z.string().min(1).max(64).optional(),
  /** 第三方应用: the sub-company (platform/tenants.ts). */
  ProxyOrganizationOpenId: z.string().min(1).max(64).optional(),
});

/** Response of `POST /v1/flows/by-template`. */
export const byTemplateResponse = z.object({
  FlowId: z.string(),
  DocumentId: z.string(),
  ContractType: z.string(),
  Approvers: z.array(z.record(z.string(), z.unknown())),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** StartFlow, retried while ESS still composes the document (bounded by `composeWaitMs`). */
async function startWhenComposed(deps: BffDeps, flowId: string, as: ActingOrganization, requestId: string) {
  const deadline = Date.now() + deps.config.ess.composeWaitMs;
  let delay = 200;
  for (;;) {
    try {
      return await deps.ess.call('StartFlow', { FlowId: flowId }, { as, requestId });
    } catch (err) {
      const essCode = err instanceof BffError ? err.details?.essCode : undefined;
      const composing =
        essCode === 'OperationDenied.DocumentNoAvailable' || essCode === 'FailedOperation.FlowHasNoDocument';
      if (!composing) throw err;
      if (Date.now() + delay > deadline)
        throw new BffError(
          'ESS_DOCUMENT_NOT_READY',
          `The document of flow ${flowId} was still composing after ${deps.config.ess.composeWaitMs} ms; call StartFlow again later`,
          { flowId },
        );
      await sleep(delay);
      delay = Math.min(2000, Math.round(delay * 1.5));
    }
  }
}

/**
 * A step after CreateFlow failed: cancel the flow, so the partner is not left with a contract it
 * never asked for, and say so in the error (`details.flowId`, `details.flowCancelled`). A document
 * that is merely still composing is left alone: its error already says to call StartFlow later.
 */
async function withdrawFailedFlow(
  deps: BffDeps,
  flowId: string,
  error: unknown,
  as: ActingOrganization,
  requestId: string,
): Promise<BffError> {
  const failed =
    error instanceof BffError
      ? error
      : new BffError('INTERNAL', 'Internal error; quote the requestId when reporting it');
  if (failed.code === 'ESS_DOCUMENT_NOT_READY') return failed;
  let cancelled = false;
  try {
    await deps.ess.call(
      'CancelFlow',
      { FlowId: flowId, CancelMessage: 'ess-kit: the contract could not be completed' },
      { as, requestId },
    );
    cancelled = true;
  } catch {
    // Reported below: the partner gets the FlowId and cancels it later.
  }
  const outcome = cancelled
    ? `flow ${flowId} was created and has been cancelled`
    : `flow ${flowId} was created but could not be cancelled; cancel it with POST /v1/flows/${flowId}/cancel`;
  return new BffError(failed.code, `${failed.message} (${outcome})`, {
    ...failed.details,
    flowId,
    flowCancelled: cancelled,
  });
}

/** The by-template scenario route. */
export function byTemplateRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();
  app.post('/v1/flows/by-template', async (c) => {
    requirePartner(c, 'Creating flows');
    const body = validate(byTemplateBody, await readJsonObject(c));
    const tenant = tenantOfBody(deps.config, body);
    await assertPartnerScope(deps, c.get('caller'), { organizationId: tenant });
    const as = actingFor(deps.config, tenant);
    const requestId = c.get('requestId');

    return idempotent(c, deps, 'flows/by-template', body, async () => {
      const found = await deps.ess.call(
        'DescribeFlowTemplates',
        { Filters: [{ Key: 'template-id', Values: [body.TemplateId] }], ContentType: 0, Offset: 0, Limit: 1 },
        { as, requestId },
      );
      const template = (Array.isArray(found.Templates) ? found.Templates : []).find(
        (t: { TemplateId?: string }) => t?.TemplateId === body.TemplateId,
      ) as (RuleTemplate & { TemplateName?: string }) | undefined;
      if (!template)
        throw new BffError('NOT_FOUND', `Template ${body.TemplateId} was not found for this organization`);
      const templateUnordered = isTemplateUnordered(template);
      if (body.Unordered !== undefined && body.Unordered !== templateUnordered)
        throw new BffError(
          'TEMPLATE_MISMATCH',
          `Unordered: the template signs ${templateUnordered ? 'in any order' : 'in order'}; leave Unordered out or set it to ${templateUnordered}`,
        );
      checkTemplateFlowRequest(
        {
          FlowName: body.FlowName,
          Approvers: body.Approvers,
          Unordered: templateUnordered,
          FlowDescription: body.FlowDescription,
          UserData: body.UserData,
        },
        template,
        operatorIdentity(deps.config, as),
      );
      checkTemplateFormFields(body.FormFields, template);

      const roles = signingRecipients(template);
      /** The answer, from the ids ESS gave each approver (or the template's roles). */
      const answer = (flowId: string, documentId: string, items: Record<string, unknown>[]) => ({
        status: 201,
        body: {
          FlowId: flowId,
          DocumentId: documentId,
          ContractType: contractType(body.Approvers),
          Approvers: body.Approvers.map((a, i) => ({
            RecipientId: items[i]?.RecipientId ?? roles[i]?.RecipientId ?? null,
            SignId: items[i]?.SignId ?? null,
            ApproverRoleName: items[i]?.ApproverRoleName ?? roles[i]?.RoleName ?? null,
            ApproverType: a.ApproverType,
            ApproverName: a.ApproverName ?? null,
            OrganizationName: a.OrganizationName ?? null,
          })),
        },
      });
      if (deps.ess.api === 'essbasic') {
        // 第三方应用 creates, composes and starts in one call (ess/product.ts); there is no DocumentId.
        const now = Math.floor(deps.essTime.now() / 1000);
        const info = templateFlowInfo(now, {
          ...body,
          Approvers: body.Approvers as Record<string, unknown>[],
        });
        const one = templateFlowResult(
          await deps.ess.callPlatform('CreateFlowsByTemplates', { FlowInfos: [info] }, { as, requestId }),
        );
        const owner = ownerIdOf(deps.config, as);
        if (owner) await deps.store.putOwner('flow', one.FlowId, owner);
        return answer(one.FlowId, '', one.Approvers);
      }

      const created = await deps.ess.call(
        'CreateFlow',
        {
          FlowName: body.FlowName,
          Approvers: body.Approvers,
          Unordered: templateUnordered,
          ...(body.DeadLine ? { DeadLine: body.DeadLine } : {}),
          ...(body.UserData ? { UserData: body.UserData } : {}),
          ...(body.FlowDescription ? { FlowDescription: body.FlowDescription } : {}),
          ...(body.FlowType ? { FlowType: body.FlowType } : {}),
        },
        { as, requestId },
      );
      const flowId = String(created.FlowId ?? '');
      if (!flowId) throw new BffError('ESS_BAD_RESPONSE', 'ESS CreateFlow returned no FlowId');
      const owner = ownerIdOf(deps.config, as);
      if (owner) await deps.store.putOwner('flow', flowId, owner);

      let document: Awaited<ReturnType<typeof deps.ess.call>>;
      try {
        document = await deps.ess.call(
          'CreateDocument',
          {
            FlowId: flowId,
            TemplateId: body.TemplateId,
            FileNames: [template.TemplateName || body.FlowName],
            ...(body.FormFields ? { FormFields: body.FormFields } : {}),
          },
          { as, requestId },
        );
        await startWhenComposed(deps, flowId, as, requestId);
      } catch (error) {
        throw await withdrawFailedFlow(deps, flowId, error, as, requestId);
      }

      const items = (Array.isArray(document.Approvers) ? document.Approvers : []) as Record<
        string,
        unknown
      >[];
      return answer(flowId, String(document.DocumentId ?? ''), items);
    });
  });
  return app;
}
