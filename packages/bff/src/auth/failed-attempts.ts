/**
 * Failed attempts per source address — wrong partner keys, bad browser tokens, callbacks that fail
 * their signature or decryption. Each address may fail `perMinute` times in a burst, refilled at that
 * rate; past it every request from the address gets 429 with Retry-After until the budget refills.
 * That turns a padding oracle (thousands of tampered callbacks) or key guessing into hours per byte
 * or key. Successful requests cost nothing.
 */
import type { Context } from 'hono';
import { clientAddress, sourceAddress, trustedProxies } from '../http/client-address.js';
import { CallerRateLimiter } from './rate-limit.js';

/** Failed attempts allowed per address and minute unless `limits.failedAttemptsPerMinute` says otherwise. */
export const DEFAULT_FAILED_ATTEMPTS_PER_MINUTE = 30;

/** The guard the auth middleware and the callback intake share (one budget per address). */
export interface FailedAttempts {
  /** Seconds the request's address must wait (0 = it may try). */
  retryAfter(c: Context): number;
  /** Counts one failure against the request's address. */
  fail(c: Context): void;
  /**
   * {@link retryAfter} for a request not in Hono (the cached-read fast path): its socket peer's
   * address and its `X-Forwarded-For`.
   */
  retryAfterFrom(remoteAddress: string | undefined, forwardedFor: string | undefined): number;
}

/** Builds the guard. */
export function failedAttempts(options: {
  perMinute: number;
  trustedProxies: readonly string[];
  now?: () => number;
}): FailedAttempts {
  const limiter = new CallerRateLimiter(options.perMinute / 60, options.now, options.perMinute);
  const isTrusted = trustedProxies(options.trustedProxies);
  return {
    // Most of the time no address has failed: then there is no address to work out.
    retryAfter: (c) => (limiter.idle ? 0 : limiter.wait(clientAddress(c, isTrusted))),
    retryAfterFrom: (remoteAddress, forwardedFor) =>
      limiter.idle ? 0 : limiter.wait(sourceAddress(remoteAddress, () => forwardedFor, isTrusted)),
    fail: (c) => {
      limiter.take(clientAddress(c, isTrusted));
    },
  };
}
