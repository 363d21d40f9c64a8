/**
 * Fault injection: makes the emulator misbehave on purpose, the way the real ESS and networks do,
 * so clients can prove their retries, timeouts and idempotency. Configured through
 * `POST /_emulator/faults` (see CONTROL-API.md), cleared with `DELETE /_emulator/faults`.
 *
 * Every "share of calls" decision draws from one seeded RNG, so a test that sets `seed` sees the
 * same outcome on every run.
 */
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';

const share = z.number().min(0).max(1);
const actionList = z.array(z.string().min(1).max(64)).min(1).max(50);

const latencyFaultSchema = z.strictObject({
  /** Added delay in milliseconds before the call is handled. */
  ms: z.number().int().min(0).max(60_000),
  /** Share of matching calls delayed (default 1 = all). */
  rate: share.optional(),
  /** Only these actions (the `X-TC-Action` header); default every action. */
  actions: actionList.optional(),
});

const errorFaultSchema = z.strictObject({
  /**
   * `http5xx`: a real HTTP error (status `status`, default 503), as a gateway would answer.
   * `RequestLimitExceeded` / `InternalError`: an ESS-style error (HTTP 200, `Response.Error`).
   */
  kind: z.enum(['http5xx', 'RequestLimitExceeded', 'InternalError']),
  status: z.number().int().min(500).max(599).optional(),
  rate: share.optional(),
  actions: actionList.optional(),
  /** Fail only the first N matching calls, then let calls through. */
  first: z.number().int().min(1).max(1_000_000).optional(),
});

const callbackFaultSchema = z.strictObject({ rate: share.optional() });

/** The body of `POST /_emulator/faults`. Every part is optional; posting replaces the whole config. */
export const faultConfigSchema = z.strictObject({
  /** Seed of the RNG used for `rate` decisions (default 1). */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  latency: latencyFaultSchema.optional(),
  /** Error rules, checked in order; the first that fires answers the call. */
  errors: z.array(errorFaultSchema).max(20).optional(),
  callbacks: z
    .strictObject({
      /** Deliver the message twice (same MsgId), as a resend would. */
      duplicate: callbackFaultSchema.optional(),
      /** Hold the message back and send it right after the next one to the same target. */
      reorder: callbackFaultSchema
        .extend({ maxHoldMs: z.number().int().min(0).max(60_000).optional() })
        .optional(),
      /** Wait before the first delivery attempt. */
      delay: callbackFaultSchema.extend({ ms: z.number().int().min(0).max(60_000) }).optional(),
    })
    .optional(),
});

export type FaultConfig = z.infer<typeof faultConfigSchema>;

/** What the callback dispatcher should do with one outgoing message. */
export interface CallbackFaultPlan {
  duplicate: boolean;
  /** Hold back until the next message to the same target is sent (or `maxHoldMs` passes). */
  holdBack: boolean;
  maxHoldMs: number;
  delayMs: number;
}

/** Counters returned with the config, so tests can see what fired. */
export interface FaultCounters {
  apiCalls: number;
  delayed: number;
  failed: number;
  callbacksDuplicated: number;
  callbacksHeldBack: number;
  callbacksDelayed: number;
}

const DEFAULT_SEED = 1;
const DEFAULT_HOLD_MS = 5_000;

/** mulberry32: tiny, fast, good enough to pick "a share of calls" reproducibly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const ESS_ERROR_MESSAGES = {
  RequestLimitExceeded:
    'Your request frequency has exceeded the limit (injected by the emulator fault config).',
  InternalError: 'An internal error occurred (injected by the emulator fault config).',
} as const;

function zeroCounters(): FaultCounters {
  return {
    apiCalls: 0,
    delayed: 0,
    failed: 0,
    callbacksDuplicated: 0,
    callbacksHeldBack: 0,
    callbacksDelayed: 0,
  };
}

/** Holds the active fault config and decides, call by call, which fault fires. */
export class Faults {
  #config: FaultConfig | null = null;
  #random = seededRandom(DEFAULT_SEED);
  /** Matching-call counts per error rule, for `first`. */
  #ruleHits: number[] = [];
  #counters = zeroCounters();

  /** The active config, or null when no fault is set. */
  get config(): FaultConfig | null {
    return this.#config;
  }

  get counters(): FaultCounters {
    return { ...this.#counters };
  }

  /**
   * Replace the fault config. Validates `input` (throws the ZodError on bad input, so the
   * control route can answer 400) and restarts the RNG from the seed and the counters from zero.
   */
  configure(input: unknown): FaultConfig {
    const config = faultConfigSchema.parse(input);
    this.#config = config;
    this.#random = seededRandom(config.seed ?? DEFAULT_SEED);
    this.#ruleHits = (config.errors ?? []).map(() => 0);
    this.#counters = zeroCounters();
    return config;
  }

  /** Remove every fault. */
  clear(): void {
    this.#config = null;
    this.#ruleHits = [];
    this.#counters = zeroCounters();
    this.#random = seededRandom(DEFAULT_SEED);
  }

  #fires(rate: number | undefined): boolean {
    const share = rate ?? 1;
    if (share >= 1) return true;
    if (share <= 0) return false;
    return this.#random() < share;
  }

  /**
   * Decide the fate of one API call. Exposed (besides the middleware) so the decision logic can
   * be reasoned about on its own.
   */
  planApiCall(action: string): {
    delayMs: number;
    error: { kind: 'http5xx'; status: number } | { kind: 'RequestLimitExceeded' | 'InternalError' } | null;
  } {
    const config = this.#config;
    if (!config) return { delayMs: 0, error: null };
    this.#counters.apiCalls++;
    let delayMs = 0;
    const latency = config.latency;
    if (latency && matches(latency.actions, action) && this.#fires(latency.rate)) {
      delayMs = latency.ms;
      this.#counters.delayed++;
    }
    const rules = config.errors ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (!matches(rule.actions, action)) continue;
      if (rule.first !== undefined) {
        if (this.#ruleHits[i] >= rule.first) continue;
        this.#ruleHits[i]++;
      } else if (!this.#fires(rule.rate)) {
        continue;
      }
      this.#counters.failed++;
      return {
        delayMs,
        error:
          rule.kind === 'http5xx' ? { kind: 'http5xx', status: rule.status ?? 503 } : { kind: rule.kind },
      };
    }
    return { delayMs, error: null };
  }

  /**
   * Hono middleware for `POST /` (the ESS API): adds latency and answers injected errors before
   * the request reaches signature verification, like a gateway in front of ESS would.
   */
  apiMiddleware(): MiddlewareHandler {
    return async (c, next) => {
      if (!this.#config || c.req.method !== 'POST') return next();
      const action = c.req.header('X-TC-Action') ?? '';
      const plan = this.planApiCall(action);
      if (plan.delayMs > 0) await sleep(plan.delayMs);
      if (!plan.error) return next();
      if (plan.error.kind === 'http5xx') {
        return c.text(`${plan.error.status} injected by the emulator fault config`, plan.error.status as 500);
      }
      return c.json({
        Response: {
          Error: { Code: plan.error.kind, Message: ESS_ERROR_MESSAGES[plan.error.kind] },
          RequestId: crypto.randomUUID(),
        },
      });
    };
  }

  /** Decide the fate of one outgoing callback message (one per message and target). */
  callbackPlan(): CallbackFaultPlan {
    const faults = this.#config?.callbacks;
    const plan: CallbackFaultPlan = {
      duplicate: false,
      holdBack: false,
      maxHoldMs: DEFAULT_HOLD_MS,
      delayMs: 0,
    };
    if (!faults) return plan;
    if (faults.duplicate && this.#fires(faults.duplicate.rate)) {
      plan.duplicate = true;
      this.#counters.callbacksDuplicated++;
    }
    if (faults.reorder && this.#fires(faults.reorder.rate)) {
      plan.holdBack = true;
      plan.maxHoldMs = faults.reorder.maxHoldMs ?? DEFAULT_HOLD_MS;
      this.#counters.callbacksHeldBack++;
    }
    if (faults.delay && this.#fires(faults.delay.rate)) {
      plan.delayMs = faults.delay.ms;
      this.#counters.callbacksDelayed++;
    }
    return plan;
  }
}

function matches(actions: string[] | undefined, action: string): boolean {
  return !actions || actions.includes(action);
}
