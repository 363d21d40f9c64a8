/**
 * Per-caller request limits (per browser token, per partner key): a token bucket refilled at
 * `perSecond`, holding up to one second's worth, so a page that opens several components at once
 * is not punished for the burst.
 */

interface Bucket {
  tokens: number;
  updated: number;
}

/** In-memory token buckets keyed by caller identity. */
export class CallerRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request; returns 0 when allowed, else the seconds to wait (for Retry-After). */
  take(key: string): number {
    const now = this.now();
    const capacity = Math.max(1, this.perSecond);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, updated: now };
      this.buckets.set(key, bucket);
      if (++this.sweeps % 1000 === 0) this.sweep(now);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updated) / 1000) * this.perSecond);
    bucket.updated = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  /** Forgets full buckets, keeping memory bounded by the number of active callers. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.updated) / 1000) * this.perSecond >= this.perSecond) this.buckets.delete(key);
    }
  }
}
