/**
 * Store failures are outages, not bugs: any error a store method raises (Redis down, SQLite file
 * unwritable, a closed connection) becomes 503 `STORE_UNAVAILABLE` with Retry-After on every route,
 * with the cause in the log only. One wrapper, so no route has to know what a store failure looks like.
 */
import { BffError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Seconds a caller is asked to wait after a store failure. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** Methods whose own errors are the answer (health reports them; close is shutdown). */
const PASS_THROUGH = new Set<PropertyKey>(['check', 'close', 'kind']);

/** Wraps every method of `store` (the event store or the relay's) so failures become STORE_UNAVAILABLE. */
export function guardStore<T extends object>(store: T, logger: Logger, name = 'store'): T {
  const fail = (method: string) => (error: unknown) => {
    if (error instanceof BffError) throw error;
    logger.error('store failed', {
      store: name,
      method,
      error: error instanceof Error ? error.message : String(error),
    });
    throw new BffError('STORE_UNAVAILABLE', 'The BFF cannot reach its store right now; retry later', {
      retryAfterSeconds: STORE_RETRY_AFTER_SECONDS,
    });
  };
  // One wrapper per method, made on first use (not a closure per call: reads of the cached
  // snapshot go through here on every status request).
  const wrappers = new Map<PropertyKey, { of: unknown; wrapper: unknown }>();
  const wrap = (value: (...args: unknown[]) => unknown, target: T, method: string) => {
    const onFailure = fail(method);
    return (...args: unknown[]) => {
      try {
        const result = value.apply(target, args);
        return result instanceof Promise ? result.catch(onFailure) : result;
      } catch (error) {
        return onFailure(error);
      }
    };
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || PASS_THROUGH.has(property)) return value;
      const known = wrappers.get(property);
      if (known !== undefined && known.of === value) return known.wrapper;
      const wrapper = wrap(value as (...args: unknown[]) => unknown, target, String(property));
      wrappers.set(property, { of: value, wrapper });
      return wrapper;
    },
  });
}
