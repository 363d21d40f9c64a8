/**
 * `DELETE /v1/flows/:flowId/personal-data` (partner API key): removes one flow's personal data
 * (store/personal-data.ts) from everywhere the BFF keeps it — the event log (which the partner
 * stream replays), the flow's snapshot, and the event copies of relay deliveries and dead letters.
 * The events themselves stay (ids, status, times), so streams resume and status badges work.
 *
 * Idempotent: `200 { flowId, erased: { events, flows, deliveries } }` every time; a repeat, or a flow
 * the BFF never saw, answers the same with zero counts. A scoped key may erase only its
 * organizations' flows (403 OUT_OF_SCOPE, routes/scope.ts). Each call is audited in the log: flow,
 * key name and counts, never the data.
 */
import { Hono } from 'hono';
import { requirePartner } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { RelayStore } from '../relay/types.js';
import { FLOW_ID } from './flows.js';
import { assertPartnerScope, organizationForFlows } from './scope.js';

/** Mount with `app.route('/', personalDataRoutes(deps, relayStore))`. */
export function personalDataRoutes(deps: BffDeps, relayStore: RelayStore): Hono<BffEnv> {
  const app = new Hono<BffEnv>();

  app.delete('/v1/flows/:flowId/personal-data', async (c) => {
    requirePartner(c, 'Erasing personal data');
    const flowId = c.req.param('flowId');
    if (!FLOW_ID.test(flowId))
      throw new BffError(
        'VALIDATION_FAILED',
        'flowId: must be an ESS flow id (letters, digits, "_" and "-", at most 64)',
      );
    const caller = c.get('caller');
    const organizationId = await organizationForFlows(deps, null, [flowId]);
    await assertPartnerScope(deps, caller, { organizationId, flowIds: [flowId] });
    const fromStore = await deps.store.erasePersonalData(flowId);
    const deliveries = await relayStore.erasePersonalData(flowId);
    const erased = { ...fromStore, deliveries };
    const key =
      caller.kind === 'partner'
        ? (deps.config.apiKeys[caller.keyIndex]?.name ?? `apiKeys[${caller.keyIndex}]`)
        : null;
    deps.logger.info('personal data erased', {
      audit: 'personal-data-erased',
      requestId: c.get('requestId'),
      flowId,
      key,
      ...erased,
    });
    return c.json({ flowId, erased });
  });

  return app;
}
