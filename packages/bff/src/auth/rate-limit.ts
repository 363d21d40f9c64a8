/**
 * Per-caller request limits (per browser token, per partner key, per address for failures): a token
 * bucket refilled at `perSecond`, holding up to one second's worth by default, so a page that opens
 * several components at once is not punished for the burst.
 */

interface Bucket {
  tokens: number;
  updated: number;
}

/** In-memory token buckets keyed by caller identity. */
export class CallerRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  private readonly capacity: number;

  /** @param burst bucket size (default: one second's worth, at least 1) */
  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    burst?: number,
  ) {
    this.capacity = Math.max(1, burst ?? perSecond);
  }

  /** Takes one request; returns 0 when allowed, else the seconds to wait (for Retry-After). */
  take(key: string): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.capacity, updated: now };
      this.buckets.set(key, bucket);
      if (++this.sweeps % 1000 === 0) this.sweep(now);
    }
    bucket.tokens = this.refilled(bucket, now);
    bucket.updated = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.secondsUntilOne(bucket.tokens);
  }

  /** Like {@link take} but takes nothing: 0 when a request would be allowed now. */
  wait(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = this.refilled(bucket, this.now());
    return tokens >= 1 ? 0 : this.secondsUntilOne(tokens);
  }

  /** True while no caller has taken anything (nothing to look up: every wait is 0). */
  get idle(): boolean {
    return this.buckets.size === 0;
  }

  private refilled(bucket: Bucket, now: number): number {
    return Math.min(this.capacity, bucket.tokens + ((now - bucket.updated) / 1000) * this.perSecond);
  }

  private secondsUntilOne(tokens: number): number {
    return Math.max(1, Math.ceil((1 - tokens) / this.perSecond));
  }

  /** Forgets full buckets, keeping memory bounded by the number of active callers. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (this.refilled(b, now) >= this.capacity) this.buckets.delete(key);
    }
  }
}
