/**
 * Redis client errors go through the BFF's logger (JSON, redacted), once per change of state — never
 * as ioredis's "Unhandled error event" stack traces on stderr, and not once per reconnect attempt.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Attaches the listeners; `client` names the connection in the log (`store`, `subscriber`, `relay`). */
export function logRedisErrors(redis: Redis, client: string, logger: Logger | undefined): void {
  let failing = false;
  redis.on('error', (error: Error) => {
    if (failing) return;
    failing = true;
    logger?.warn('redis connection failed; reconnecting', { client, error: error.message });
  });
  redis.on('ready', () => {
    if (!failing) return;
    failing = false;
    logger?.info('redis connection restored', { client });
  });
}
