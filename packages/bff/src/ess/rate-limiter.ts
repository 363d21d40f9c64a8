/**
 * Client-side rate limiting per ESS action, at the documented limits (ess-api.md §4), so the BFF
 * slows itself down instead of spending ESS's `RequestLimitExceeded` answers.
 *
 * A sliding-window log: a call may start when fewer than `limit` calls started in the last second.
 * Unlike a token bucket this never lets 2×limit through around a window edge.
 */

/** Requests per second per action; everything else gets {@link DEFAULT_ESS_RATE}. */
export const DOCUMENTED_ESS_RATES: Readonly<Record<string, number>> = Object.freeze({
  DescribeFlowTemplates: 300,
  // Doc copies disagree (300/s vs 20/s); the lower figure is the safe one.
  CreateFlowByFiles: 20,
  UploadFiles: 20,
});

/** "默认接口请求频率限制：20次/秒". */
export const DEFAULT_ESS_RATE = 20;

const WINDOW_MS = 1000;

interface Lane {
  limit: number;
  /** Start times (ms) of the calls of the last window, oldest first. */
  starts: number[];
  waiters: Array<() => void>;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Thrown when a call would wait longer than allowed for a slot. */
export class RateLimitWaitError extends Error {
  constructor(readonly action: string) {
    super(`Too many ${action} calls queued for ESS's rate limit`);
    this.name = 'RateLimitWaitError';
  }
}

/** Options for {@link EssRateLimiter}. */
export interface RateLimiterOptions {
  /** Overrides of the documented rates. */
  rates?: Record<string, number>;
  /** A call waits at most this long for a slot (default 10 s); beyond it fails at once. */
  maxWaitMs?: number;
  now?: () => number;
}

/** Per-action sliding-window limiter. */
export class EssRateLimiter {
  private readonly lanes = new Map<string, Lane>();
  private readonly rates: Record<string, number>;
  private readonly maxWaitMs: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions = {}) {
    this.rates = { ...DOCUMENTED_ESS_RATES, ...options.rates };
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The limit applied to `action` (requests per second). */
  limitFor(action: string): number {
    return this.rates[action] ?? DEFAULT_ESS_RATE;
  }

  /** Resolves when a call of `action` may start; the call counts from that moment. */
  acquire(action: string): Promise<void> {
    const lane = this.lane(action);
    // Queue length bounds the wait: each window lets `limit` calls through.
    const windowsAhead = Math.floor(lane.waiters.length / lane.limit);
    if (windowsAhead * WINDOW_MS > this.maxWaitMs) return Promise.reject(new RateLimitWaitError(action));
    return new Promise<void>((resolve) => {
      lane.waiters.push(resolve);
      this.pump(lane);
    });
  }

  private lane(action: string): Lane {
    let lane = this.lanes.get(action);
    if (!lane) {
      lane = { limit: Math.max(1, Math.floor(this.limitFor(action))), starts: [], waiters: [], timer: null };
      this.lanes.set(action, lane);
    }
    return lane;
  }

  private pump(lane: Lane): void {
    if (lane.timer) return;
    const now = this.now();
    while (lane.starts.length > 0 && now - lane.starts[0] >= WINDOW_MS) lane.starts.shift();
    while (lane.waiters.length > 0 && lane.starts.length < lane.limit) {
      lane.starts.push(now);
      lane.waiters.shift()!();
    }
    if (lane.waiters.length > 0) {
      const wait = Math.max(1, lane.starts[0] + WINDOW_MS - now);
      lane.timer = setTimeout(() => {
        lane.timer = null;
        this.pump(lane);
      }, wait);
      lane.timer.unref?.();
    }
  }

  /** Drops pending timers (waiters stay pending; call only when shutting down). */
  close(): void {
    for (const lane of this.lanes.values()) if (lane.timer) clearTimeout(lane.timer);
  }
}
