import type { UnixSeconds } from './types.js';

/**
 * The emulator's notion of time: the real (or injected) clock plus an offset that
 * `advance()` moves forward, so tests and demos can make deadlines pass instantly.
 */
export class Clock {
  #offset = 0;
  readonly #base: () => number;
  readonly #onAdvance = new Set<() => void>();

  /** @param base unix seconds source (defaults to the wall clock). */
  constructor(base: () => number = () => Math.floor(Date.now() / 1000)) {
    this.#base = base;
  }

  /** Current emulator time in unix seconds. */
  now(): UnixSeconds {
    return Math.floor(this.#base()) + this.#offset;
  }

  /** Seconds added to the base clock so far. */
  get offset(): number {
    return this.#offset;
  }

  /** Moves time forward and runs what became due (deadlines, QR expiry). */
  advance(seconds: number): UnixSeconds {
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new RangeError('advance() takes a non-negative number of seconds');
    this.#offset += Math.floor(seconds);
    for (const listener of this.#onAdvance) listener();
    return this.now();
  }

  /** Restores a persisted offset without running expiries. */
  restoreOffset(offset: number): void {
    this.#offset = Math.max(0, Math.floor(offset));
  }

  /** Registers work to run after every advance; returns the unsubscribe function. */
  onAdvance(listener: () => void): () => void {
    this.#onAdvance.add(listener);
    return () => this.#onAdvance.delete(listener);
  }
}
