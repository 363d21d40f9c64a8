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
import { approversAnswer, FLOW_FIELDS, flowCreator, flowLabels, recordNewFlow } from './flow-creation.js';
import {
  checkTemplateFlowRequest,
  checkTemplateFormFields,
  contractType,
  isTemplateUnordered,
  signingRecipients,
} from './guide-rules.js';
import { idempotent } from './idempotency.js';
import { readJsonObject, validate } from './request-body.js';
import { operatorIdentity } from './tenancy.js';

/** Body of `POST /v1/flows/by-template`. */
export const byTemplateBody = z.strictObject({
  TemplateId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an ESS id'),
  FlowName: FLOW_FIELDS.FlowName,
  Approvers: z.array(deepStrict(FlowCreateApprover)).min(1).max(50),
  FormFields: z.array(deepStrict(FormField)).optional(),
  ...FLOW_FIELDS.timing,
  ...FLOW_FIELDS.labels,
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
    const { as, requestId } = await flowCreator(c, deps, body);

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

      if (deps.ess.api === 'essbasic') {
        // 第三方应用 creates, fills and starts in one call (ess/product.ts); there is no DocumentId.
        const now = Math.floor(deps.essTime.now() / 1000);
        const info = templateFlowInfo(now, {
          ...body,
          Approvers: body.Approvers as Record<string, unknown>[],
        });
        const one = templateFlowResult(
          await deps.ess.callPlatform('CreateFlowsByTemplates', { FlowInfos: [info] }, { as, requestId }),
        );
        const flowId = await recordNewFlow(deps, as, 'CreateFlowsByTemplates', one);
        return {
          status: 201,
          body: {
            FlowId: flowId,
            DocumentId: '',
            ContractType: contractType(body.Approvers),
            Approvers: approversAnswer(body.Approvers, one.Approvers, signingRecipients(template)),
          },
        };
      }

      const created = await deps.ess.call(
        'CreateFlow',
        {
          FlowName: body.FlowName,
          Approvers: body.Approvers,
          Unordered: templateUnordered,
          ...(body.DeadLine ? { DeadLine: body.DeadLine } : {}),
          ...flowLabels(body),
        },
        { as, requestId },
      );
      const flowId = await recordNewFlow(deps, as, 'CreateFlow', created);

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

      return {
        status: 201,
        body: {
          FlowId: flowId,
          DocumentId: String(document.DocumentId ?? ''),
          ContractType: contractType(body.Approvers),
          Approvers: approversAnswer(body.Approvers, document.Approvers, signingRecipients(template)),
        },
      };
    });
  });
  return app;
}
