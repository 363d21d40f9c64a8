/**
 * The control API (`/_emulator/...`): drives the emulator from tests and demos — act as an
 * approver, scan a QR code, operate seals, move the clock, inject faults, read the callback log.
 * Partners use these routes in their own suites, so paths and bodies are stable and documented
 * in CONTROL-API.md.
 */
import { type Context, Hono } from 'hono';
import { describeTarget } from '../callbacks/targets.js';
import type { EmulatorContext } from '../context.js';
import { faultConfigSchema } from '../faults.js';
import { SEAL_OPERATIONS, type SealOperation } from '../state/admin.js';
import type { CallbackTarget } from '../state/types.js';
import { ControlError, describeIssues, errorResponse, readJson } from './http.js';
import {
  callbackQuery,
  callbackTargetsBody,
  clockBody,
  createSealBody,
  createTemplateBody,
  emptyBody,
  fillBody,
  organizationBody,
  personBody,
  rejectBody,
  rolesBody,
  updateTemplateBody,
  usersBody,
} from './schemas.js';
import { flowView, organizationView, qrView, sealView, seedView, templateView } from './views.js';

export { ControlError, errorResponse } from './http.js';

/** Builds the control routes; `app.ts` mounts them at `/_emulator`. */
export function controlRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  const { state } = ctx;
  const signUrl = (flowId: string, recipientId?: string) =>
    `${ctx.publicUrl()}/sign/${encodeURIComponent(flowId)}${recipientId ? `?recipient=${encodeURIComponent(recipientId)}` : ''}`;

  app.onError((error, c) => errorResponse(c, error));
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'NOT_FOUND',
          message: `No control route ${c.req.method} ${c.req.path}; see CONTROL-API.md.`,
        },
      },
      404,
    ),
  );

  app.get('/seed', (c) => c.json(seedView(state)));

  // ---- flows: act as an approver --------------------------------------------------------

  app.post('/flows/:flowId/approvers/:recipientId/sign', async (c) => {
    await readJson(c, emptyBody);
    const flow = state.sign(c.req.param('flowId'), c.req.param('recipientId'));
    return c.json({ flow: flowView(flow) });
  });

  app.post('/flows/:flowId/approvers/:recipientId/reject', async (c) => {
    const { reason } = await readJson(c, rejectBody);
    const flow = state.reject(c.req.param('flowId'), c.req.param('recipientId'), reason);
    return c.json({ flow: flowView(flow) });
  });

  app.post('/flows/:flowId/approvers/:recipientId/fill', async (c) => {
    const { formFields } = await readJson(c, fillBody);
    const flow = state.fill(c.req.param('flowId'), c.req.param('recipientId'), formFields);
    return c.json({ flow: flowView(flow) });
  });

  app.post('/flows/:flowId/approvers/:recipientId/transfer', async (c) => {
    const person = await readJson(c, personBody);
    const recipientId = c.req.param('recipientId');
    const flow = state.transfer(c.req.param('flowId'), recipientId, person);
    const index = flow.approvers.findIndex((a) => a.RecipientId === recipientId);
    const successor = flow.approvers[index + 1];
    return c.json({ flow: flowView(flow), RecipientId: successor?.RecipientId ?? null });
  });

  app.post('/flows/:flowId/rescind', async (c) => {
    await readJson(c, emptyBody);
    return c.json({ flow: flowView(state.rescind(c.req.param('flowId'))) });
  });

  // ---- QR codes ---------------------------------------------------------------------------

  app.post('/qr-codes/:qrCodeId/scan', async (c) => {
    const person = await readJson(c, personBody);
    const flowId = state.scan(c.req.param('qrCodeId'), person);
    const flow = state.flow(flowId);
    const scanner = flow.approvers.find((a) => a.approverType === 1 && a.mobile === person.mobile);
    return c.json(
      {
        FlowId: flowId,
        RecipientId: scanner?.RecipientId ?? null,
        signUrl: signUrl(flowId, scanner?.RecipientId),
        flow: flowView(flow),
        qrCode: qrView(state.qrCode(c.req.param('qrCodeId'))),
      },
      201,
    );
  });

  // ---- seals ------------------------------------------------------------------------------

  const createSeal = async (c: Context) => {
    const body = await readJson(c, createSealBody);
    const seal = state.createSeal({
      organizationId: body.organizationId ?? state.data.mainOrganizationId,
      SealName: body.SealName,
      SealType: body.SealType,
    });
    return c.json({ seal: sealView(seal) }, 201);
  };
  app.post('/seals', createSeal);
  app.post('/seals/create', createSeal);

  app.post('/seals/:sealId/:operation', async (c) => {
    const operation = c.req.param('operation') as SealOperation;
    if (!SEAL_OPERATIONS.includes(operation)) {
      throw new ControlError(
        404,
        'UNKNOWN_OPERATION',
        `Unknown seal operation "${c.req.param('operation')}"; use one of ${SEAL_OPERATIONS.join(', ')}.`,
      );
    }
    if (operation === 'create') {
      throw new ControlError(400, 'INVALID_PATH', 'Create a seal with POST /_emulator/seals {"SealName"}.');
    }
    const sealId = c.req.param('sealId');
    state.seal(sealId); // 404 before the body is judged
    let options: { users?: string[]; reason?: string } = {};
    if (operation === 'authorize' || operation === 'unauthorize') options = await readJson(c, usersBody);
    else if (operation === 'reject') options = await readJson(c, rejectBody);
    else await readJson(c, emptyBody);
    const seal = state.operateSeal(sealId, operation, options);
    return c.json({ seal: sealView(seal), operation });
  });

  // ---- templates, staff, organizations ----------------------------------------------------

  app.post('/templates', async (c) => {
    const { organizationId, ...input } = await readJson(c, createTemplateBody);
    const template = state.createTemplate(organizationId ?? state.data.mainOrganizationId, input);
    return c.json({ template: templateView(template) }, 201);
  });

  app.put('/templates/:templateId', async (c) => {
    const templateId = c.req.param('templateId');
    state.template(templateId);
    const patch = await readJson(c, updateTemplateBody);
    return c.json({ template: templateView(state.updateTemplate(templateId, patch)) });
  });

  app.post('/staff/:userId/verify', async (c) => {
    await readJson(c, emptyBody);
    const staff = state.verifyStaff(c.req.param('userId'));
    return c.json({
      staff: { UserId: staff.UserId, OrganizationId: staff.OrganizationId, verified: staff.verified },
    });
  });

  app.put('/staff/:userId/roles', async (c) => {
    const userId = c.req.param('userId');
    state.staffMember(userId);
    const { roles } = await readJson(c, rolesBody);
    const staff = state.setStaffRoles(userId, roles);
    return c.json({
      staff: { UserId: staff.UserId, OrganizationId: staff.OrganizationId, roles: [...staff.roles] },
    });
  });

  app.put('/organizations/:organizationId', async (c) => {
    const organizationId = c.req.param('organizationId');
    state.organization(organizationId);
    const patch = await readJson(c, organizationBody);
    const org = state.updateOrganization(organizationId, patch);
    return c.json({
      organization: organizationView(org),
      callbackTargets: state.callbackTargetsFor(organizationId).map(describeTarget),
    });
  });

  // ---- time -------------------------------------------------------------------------------

  app.post('/clock', async (c) => {
    const { advanceSeconds } = await readJson(c, clockBody);
    const now = ctx.clock.advance(advanceSeconds);
    return c.json({ now, offsetSeconds: ctx.clock.offset });
  });

  app.get('/clock', (c) => c.json({ now: ctx.clock.now(), offsetSeconds: ctx.clock.offset }));

  // ---- faults -----------------------------------------------------------------------------

  const faultsView = () => ({ faults: ctx.faults.config, counters: ctx.faults.counters });
  app.get('/faults', (c) => c.json(faultsView()));
  app.post('/faults', async (c) => {
    const body = await readJson(c, faultConfigSchema);
    ctx.faults.configure(body);
    return c.json(faultsView());
  });
  app.delete('/faults', (c) => {
    ctx.faults.clear();
    return c.json(faultsView());
  });

  // ---- callbacks ----------------------------------------------------------------------------

  app.get('/callbacks', async (c) => {
    const query = callbackQuery.safeParse(c.req.query());
    if (!query.success) throw new ControlError(400, 'INVALID_QUERY', describeIssues(query.error));
    const { settle, ...filter } = query.data;
    if (settle) await ctx.callbacks.idle(settle);
    return c.json({ deliveries: ctx.callbacks.list(filter) });
  });

  app.delete('/callbacks', (c) => {
    ctx.callbacks.clear();
    return c.json({ deliveries: [] });
  });

  const targetsView = () => ({
    targets: ctx.callbacks.targets.map(describeTarget),
    retryDelaysMs: [...ctx.callbacks.sender.retryDelaysMs],
    timeoutMs: ctx.callbacks.sender.timeoutMs,
  });
  app.get('/callback-targets', (c) => c.json(targetsView()));
  app.put('/callback-targets', async (c) => {
    const body = await readJson(c, callbackTargetsBody);
    const targets = (Array.isArray(body) ? body : body.targets) as CallbackTarget[];
    for (const target of targets) {
      if (target.organizationId && !state.data.organizations[target.organizationId]) {
        throw new ControlError(
          404,
          'UNKNOWN_ORGANIZATION',
          `Organization ${target.organizationId} does not exist.`,
        );
      }
    }
    ctx.callbacks.setTargets(targets);
    if (!Array.isArray(body)) ctx.callbacks.configureDelivery(body);
    return c.json(targetsView());
  });

  // ---- reset ------------------------------------------------------------------------------

  app.post('/reset', async (c) => {
    await readJson(c, emptyBody);
    ctx.callbacks.clear();
    ctx.faults.clear();
    state.reset();
    return c.json({ reset: true, seed: seedView(state) });
  });

  return app;
}
