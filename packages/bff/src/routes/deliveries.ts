/**
 * The webhook relay's partner API (partner API key):
 *   GET  /v1/partner/deliveries?state=failed|pending|delivered&target=&after=&limit=  → { deliveries, next }
 *   GET  /v1/partner/deliveries/:id                                                    → { delivery }
 *   POST /v1/partner/deliveries/:id/redeliver                                          → 202 { delivery }
 *   POST /v1/partner/deliveries/redeliver?state=failed&target=                         → 202 { redelivered }
 * `state=failed` is the dead-letter list: deliveries whose last attempt failed, with `lastError`.
 * A redelivered delivery starts a fresh retry schedule and goes ahead of later events of its flow.
 * A partner key scoped to organizations (routes/scope.ts) lists, reads and redelivers only the
 * deliveries of their events; another organization's delivery is 403 OUT_OF_SCOPE.
 */
import { type Context, Hono } from 'hono';
import { requirePartner } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { partnerFamily } from '../relay/payload.js';
import type { Relay } from '../relay/relay.js';
import type { Delivery, DeliveryPage, DeliveryState, RelayStore } from '../relay/types.js';
import { partnerSees } from './scope.js';

/** Deliveries a scoped key's page may scan to fill `limit` visible ones. */
const SCAN_MAX = 5000;

const STATES: readonly DeliveryState[] = ['pending', 'delivered', 'failed'];

/** A delivery as the API shows it: bookkeeping and what the event was, not the event body. */
export function deliveryView(d: Delivery) {
  return {
    id: d.id,
    target: d.target,
    eventId: d.eventId,
    family: partnerFamily(d.event),
    msgType: d.event.msgType,
    organizationId: d.event.organizationId ?? null,
    flowId: d.event.flowId ?? null,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.state === 'pending' ? new Date(d.nextAt).toISOString() : null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
    deliveredAt: d.deliveredAt ? new Date(d.deliveredAt).toISOString() : null,
  };
}

function state(c: Context, fallback?: DeliveryState): DeliveryState | undefined {
  const raw = c.req.query('state');
  if (raw === undefined || raw === '') return fallback;
  if (!STATES.includes(raw as DeliveryState))
    throw new BffError('VALIDATION_FAILED', `state must be one of ${STATES.join(', ')}`);
  return raw as DeliveryState;
}

function target(c: Context, deps: BffDeps): string | null {
  const raw = c.req.query('target');
  if (!raw) return null;
  if (!deps.config.relay.targets.some((t) => t.name === raw))
    throw new BffError('VALIDATION_FAILED', `No relay target is named ${JSON.stringify(raw.slice(0, 64))}`);
  return raw;
}

function deliveryId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(id))
    throw new BffError('NOT_FOUND', `No delivery ${JSON.stringify(id.slice(0, 40))}`);
  return id;
}

/**
 * A page of the deliveries `visible` lets through: pages of the store are read until `limit` are
 * found, the list ends, or SCAN_MAX were scanned (then `next` continues where the scan stopped).
 */
async function visiblePage(
  relayStore: RelayStore,
  filter: { state?: DeliveryState; target?: string; after: string | null; limit: number },
  visible: (d: Delivery) => boolean,
): Promise<DeliveryPage> {
  const found: Delivery[] = [];
  let after = filter.after;
  for (let scanned = 0; scanned < SCAN_MAX; ) {
    const page = await relayStore.list({ ...filter, after, limit: 500 });
    for (const delivery of page.deliveries) {
      after = delivery.id;
      if (!visible(delivery)) continue;
      found.push(delivery);
      if (found.length === filter.limit) return { deliveries: found, next: delivery.id };
    }
    scanned += page.deliveries.length;
    if (page.next === null) return { deliveries: found, next: null };
  }
  return { deliveries: found, next: after };
}

/** Mount with `app.route('/', deliveryRoutes(deps, relay))`. */
export function deliveryRoutes(deps: BffDeps, relay: Relay): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  const { relayStore } = relay;
  const sees = (c: Context<BffEnv>) => (d: Delivery) => partnerSees(deps, c.get('caller'), d.event);
  const scoped = (c: Context<BffEnv>) => {
    const caller = c.get('caller');
    return caller.kind === 'partner' && caller.organizations !== null;
  };
  /** The delivery `id`, or NOT_FOUND / OUT_OF_SCOPE. */
  const readable = async (c: Context<BffEnv>, id: string): Promise<Delivery> => {
    const delivery = await relayStore.get(id);
    if (!delivery) throw new BffError('NOT_FOUND', `No delivery ${id}`);
    if (!sees(c)(delivery))
      throw new BffError(
        'OUT_OF_SCOPE',
        `Delivery ${id} is of an organization this partner key is not scoped to`,
      );
    return delivery;
  };

  app.get('/v1/partner/deliveries', async (c) => {
    requirePartner(c, 'The deliveries API');
    const rawLimit = c.req.query('limit') ?? '100';
    if (!/^\d{1,4}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > 1000)
      throw new BffError('VALIDATION_FAILED', 'limit must be a whole number from 1 to 1000');
    const after = c.req.query('after') ?? null;
    if (after !== null && !/^\d{1,15}$/.test(after))
      throw new BffError('VALIDATION_FAILED', 'after must be a delivery id from a previous page');
    const filter = { state: state(c), target: target(c, deps) ?? undefined, after, limit: Number(rawLimit) };
    const page = scoped(c) ? await visiblePage(relayStore, filter, sees(c)) : await relayStore.list(filter);
    return c.json({ deliveries: page.deliveries.map(deliveryView), next: page.next });
  });

  app.post('/v1/partner/deliveries/redeliver', async (c) => {
    requirePartner(c, 'The deliveries API');
    const which = state(c, 'failed') as DeliveryState;
    if (which === 'pending') throw new BffError('VALIDATION_FAILED', 'Pending deliveries are already queued');
    const only = target(c, deps);
    let redelivered = 0;
    if (!scoped(c)) redelivered = await relayStore.redeliverAll(which, only, Date.now());
    else {
      // A scoped key redelivers its organizations' deliveries one by one.
      let after: string | null = null;
      do {
        const page: DeliveryPage = await relayStore.list({
          state: which,
          target: only ?? undefined,
          after,
          limit: 500,
        });
        for (const d of page.deliveries.filter(sees(c)))
          if (await relayStore.redeliver(d.id, Date.now())) redelivered++;
        after = page.next;
      } while (after !== null);
    }
    relay.nudge();
    return c.json({ redelivered }, 202);
  });

  app.get('/v1/partner/deliveries/:id', async (c) => {
    requirePartner(c, 'The deliveries API');
    return c.json({ delivery: deliveryView(await readable(c, deliveryId(c))) });
  });

  app.post('/v1/partner/deliveries/:id/redeliver', async (c) => {
    requirePartner(c, 'The deliveries API');
    const id = deliveryId(c);
    await readable(c, id);
    const delivery = await relayStore.redeliver(id, Date.now());
    if (!delivery) throw new BffError('NOT_FOUND', `No delivery ${id}`);
    relay.nudge();
    return c.json({ delivery: deliveryView(delivery) }, 202);
  });

  return app;
}
