/**
 * The webhook relay: moves log entries into per-target delivery queues and POSTs them, signed.
 *
 * Everything is scheduled from durable state, never from the request path: intake appends to the
 * event log and returns; the relay scans the log from each target's own cursor (nudged by the store's
 * live subscription, else every `pollMs`), queues matching entries and delivers the due head of each
 * (target, partition) queue — one in flight per partition, so events of a flow arrive in log order
 * and a failing one holds only its own flow. At most `concurrency` requests are in flight per process,
 * each bounded by a timeout, so slow or dead targets cost a few sockets and nothing else.
 */

import { signWebhook } from '@ess-kit/shared';
import type { Logger } from '../logger.js';
import type { Store, StoredEvent } from '../store/types.js';
import type { RelayConfig, RelayTarget } from './config.js';
import { matchesFilter, type OrganizationScope, partitionOf, partnerEvent, targetFilter } from './payload.js';
import type { AttemptOutcome, Delivery, RelayStore } from './types.js';

const SCAN_PAGE = 200;
/** Entries scanned per target per pass, so one busy target cannot starve the others. */
const SCAN_PER_PASS = 2000;
const USER_AGENT = 'ess-kit-relay/1';
/** Due partition heads read per pass, per delivery slot (then interleaved by target). */
const DUE_PER_SLOT = 4;

export interface RelayInput {
  config: RelayConfig;
  store: Store;
  relayStore: RelayStore;
  logger: Logger;
  /** Which organization is main and which are group members (organization filters). */
  scope: OrganizationScope;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  /** Told the state each attempt left a delivery in (metrics). */
  onOutcome?: (state: AttemptOutcome['state']) => void;
}

/** A running relay. */
export interface Relay {
  readonly relayStore: RelayStore;
  /** Asks for a pass soon (new events, a redelivery). */
  nudge(): void;
  /** Stops scheduling and waits (bounded) for deliveries in flight. */
  close(): Promise<void>;
}

/** Backoff before attempt `attempts + 1`: exponential, capped, jittered to 50–100 %. */
export function backoffMs(config: RelayConfig, attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(config.retry.maxMs, config.retry.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** Short, secret-free description of a failed attempt. */
function describeError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `${err?.message ?? String(error)}${cause ? ` (${cause})` : ''}`.slice(0, 300);
}

/** Starts the relay over `store` for the configured targets. */
export function startRelay(input: RelayInput): Relay {
  const { config, store, relayStore, logger } = input;
  const doFetch = input.fetch ?? fetch;
  const now = input.now ?? Date.now;
  const random = input.random ?? Math.random;
  const targets = new Map<string, RelayTarget>(config.targets.map((t) => [t.name, t]));
  const filters = new Map(config.targets.map((t) => [t.name, targetFilter(t)]));
  const inFlight = new Map<string, Promise<void>>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;
  let closed = false;

  const schedule = (delay: number) => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(pass, delay);
    timer.unref?.();
  };
  const nudge = () => {
    if (closed) return;
    if (running) again = true;
    else schedule(0);
  };

  async function scan(target: RelayTarget): Promise<void> {
    let cursor = await relayStore.cursor(target.name);
    if (cursor === null) {
      // A new target starts at the present (history is on the partner stream and its JSON pages);
      // on an empty log that is the very beginning, written down so that the first event is not
      // mistaken for history on the next pass.
      cursor = (await store.head()) ?? (store.kind === 'redis' ? '0-0' : '0');
      await relayStore.setCursor(target.name, cursor);
    }
    for (let scanned = 0; scanned < SCAN_PER_PASS; ) {
      let page = await store.readEvents(cursor, SCAN_PAGE);
      if (page.stale) {
        logger.warn('relay cursor older than the event log; continuing from the oldest retained event', {
          target: target.name,
        });
        page = await store.readEvents(null, SCAN_PAGE);
      }
      if (page.events.length === 0) return;
      const filter = filters.get(target.name) ?? {};
      const items = page.events
        .filter((event: StoredEvent) => matchesFilter(event, filter, input.scope))
        .map((event) => ({ event, partition: partitionOf(event) }));
      cursor = (page.events[page.events.length - 1] as StoredEvent).id;
      await relayStore.enqueue(target.name, items, cursor);
      scanned += page.events.length;
      if (!page.more) return;
    }
    again = true;
  }

  async function attempt(delivery: Delivery, target: RelayTarget): Promise<AttemptOutcome> {
    const timeoutMs = target.timeoutMs ?? config.timeoutMs;
    const body = JSON.stringify(partnerEvent(delivery.event, target.includeOriginal));
    const signature = await signWebhook(body, target.secret, Math.floor(now() / 1000));
    let status: number | null = null;
    let error: string;
    try {
      const response = await doFetch(target.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'x-ess-kit-signature': signature,
          'x-ess-kit-event-id': delivery.eventId,
          'x-ess-kit-delivery-id': delivery.id,
          'x-ess-kit-attempt': String(delivery.attempts + 1),
        },
      });
      status = response.status;
      // The answer is not used: read a little (so a short answer leaves the connection reusable), never buffer it.
      await discardAnswer(response);
      if (status >= 200 && status < 300) return { state: 'delivered', status, at: now() };
      error = `answered HTTP ${status}`;
    } catch (err) {
      error = describeError(err, timeoutMs);
    }
    const attempts = delivery.attempts + 1;
    const at = now();
    if (attempts >= config.retry.attempts) return { state: 'failed', status, error, at };
    return { state: 'pending', status, error, at, nextAt: at + backoffMs(config, attempts, random) };
  }

  async function deliver(delivery: Delivery, target: RelayTarget): Promise<void> {
    const outcome = await attempt(delivery, target);
    await relayStore.complete(delivery, outcome);
    input.onOutcome?.(outcome.state);
    if (outcome.state === 'failed') {
      logger.warn('relay delivery dead-lettered', {
        target: target.name,
        deliveryId: delivery.id,
        eventId: delivery.eventId,
        error: outcome.error,
      });
    } else if (outcome.state === 'pending') {
      logger.info('relay delivery will be retried', {
        target: target.name,
        deliveryId: delivery.id,
        attempt: delivery.attempts + 1,
        error: outcome.error,
      });
    }
  }

  /** In-flight requests per target: with several targets, one that hangs may hold at most half the slots. */
  const perTargetLimit =
    config.targets.length <= 1 ? config.concurrency : Math.max(1, Math.ceil(config.concurrency / 2));
  const inFlightPerTarget = new Map<string, number>();

  /** Due deliveries interleaved target by target, so a busy or failing target never starves another. */
  function roundRobin(due: Delivery[]): Delivery[] {
    const byTarget = new Map<string, Delivery[]>();
    for (const d of due) {
      const list = byTarget.get(d.target);
      if (list) list.push(d);
      else byTarget.set(d.target, [d]);
    }
    const queues = [...byTarget.values()];
    const out: Delivery[] = [];
    for (let i = 0; out.length < due.length; i++) {
      for (const queue of queues) if (queue[i]) out.push(queue[i] as Delivery);
    }
    return out;
  }

  async function dispatch(): Promise<void> {
    if (config.concurrency - inFlight.size <= 0) return;
    const due = roundRobin(await relayStore.due(now(), Math.max(32, config.concurrency * DUE_PER_SLOT)));
    for (const delivery of due) {
      if (inFlight.size >= config.concurrency || closed) break;
      const key = `${delivery.target}|${delivery.partition}`;
      if (inFlight.has(key)) continue;
      const target = targets.get(delivery.target);
      // A target removed from the config keeps its queue until it comes back (or is redelivered).
      if (!target) continue;
      const busy = inFlightPerTarget.get(target.name) ?? 0;
      if (busy >= perTargetLimit) continue;
      const leaseMs = (target.timeoutMs ?? config.timeoutMs) + 15_000;
      if (!(await relayStore.claim(delivery, leaseMs))) continue;
      inFlightPerTarget.set(target.name, busy + 1);
      const work = deliver(delivery, target)
        .catch((error) =>
          logger.error('relay delivery bookkeeping failed', {
            deliveryId: delivery.id,
            error: (error as Error).message,
          }),
        )
        .finally(() => {
          inFlight.delete(key);
          inFlightPerTarget.set(target.name, (inFlightPerTarget.get(target.name) ?? 1) - 1);
          nudge();
        });
      inFlight.set(key, work);
    }
  }

  async function pass(): Promise<void> {
    timer = null;
    if (closed) return;
    running = true;
    again = false;
    try {
      for (const target of config.targets) {
        await relayStore.withIngestLease(target.name, () => scan(target));
      }
      await dispatch();
    } catch (error) {
      logger.warn('relay pass failed; retrying', { error: (error as Error).message });
    } finally {
      running = false;
    }
    schedule(again ? 0 : config.pollMs);
  }

  const unsubscribe = config.targets.length > 0 ? store.subscribe(() => nudge()) : () => undefined;
  if (config.targets.length > 0) schedule(0);

  return {
    relayStore,
    nudge,
    async close() {
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      // In-flight attempts end by their own timeouts; wait a bounded while so their outcome is recorded.
      await Promise.race([
        Promise.allSettled([...inFlight.values()]),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
      // A pass in progress finishes its store calls; bounded in case the store hangs.
      for (let waited = 0; running && waited < 5000; waited += 10)
        await new Promise((r) => setTimeout(r, 10));
    },
  };
}

/** Most of a target's answer the relay reads; the rest is cancelled (an 800 MB answer must cost nothing). */
export const MAX_ANSWER_BYTES = 4096;

/** Reads at most {@link MAX_ANSWER_BYTES} of an answer's body, then cancels it. */
async function discardAnswer(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  try {
    for (let read = 0; read < MAX_ANSWER_BYTES; ) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // A reset or timeout while reading an unused answer changes nothing about the delivery.
  }
}
