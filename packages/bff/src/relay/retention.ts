/**
 * Personal-data retention: once a minute, the event log (which the partner stream replays) and the
 * relay's deliveries and dead letters lose the personal data (store/personal-data.ts) of entries older
 * than `store.retention.personalDataMaxAgeSeconds`; the entries stay. One instance per period does
 * it (a store lease); each sweep continues where the last one stopped.
 */
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { RelayStore } from './types.js';

const SWEEP_EVERY_MS = 60_000;

export interface PersonalDataRetention {
  /** One sweep now; resolves with what it changed. */
  runOnce(): Promise<{ events: number; deliveries: number }>;
  stop(): void;
}

export function startPersonalDataRetention(input: {
  store: Store;
  relayStore: RelayStore;
  maxAgeSeconds: number;
  logger: Logger;
  now?: () => number;
}): PersonalDataRetention {
  const { store, relayStore, logger } = input;
  const now = input.now ?? Date.now;
  const runOnce = async () => {
    const before = now() - input.maxAgeSeconds * 1000;
    const events = await store.forgetPersonalData(before);
    const deliveries = await relayStore.forgetPersonalData(before);
    if (events + deliveries > 0)
      logger.info('personal data past its retention removed', {
        events,
        deliveries,
        olderThan: new Date(before).toISOString(),
      });
    return { events, deliveries };
  };
  const timer = setInterval(() => {
    store
      .tryLease('personal-data-retention', SWEEP_EVERY_MS / 2)
      .then((mine) => (mine ? runOnce() : undefined))
      .catch((error) => logger.warn('personal data retention failed', { error: (error as Error).message }));
  }, SWEEP_EVERY_MS);
  timer.unref?.();
  return { runOnce, stop: () => clearInterval(timer) };
}
