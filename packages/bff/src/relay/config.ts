/**
 * The `relay` section of the BFF config file: partner webhook targets and the delivery schedule.
 * Parsed by `loadConfig` (config.ts) with this schema, so a bad target URL or secret stops start-up
 * with a ConfigError naming the setting (`BFF_CONFIG:relay.targets.0.url`), never its value.
 */
import { z } from 'zod';

const name = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, "_" and "-" only (1-64)');

const targetUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be an absolute http:// or https:// URL');

const secret = z
  .string()
  .min(16, 'must have at least 16 characters')
  .max(512, 'must have at most 512 characters')
  .refine((s) => s.trim() === s && !/\s/.test(s), 'must not contain whitespace');

/** One partner webhook target. Empty or missing filters let everything through. */
export const relayTargetSchema = z.strictObject({
  /** Names the target in the deliveries API and in logs. */
  name,
  url: targetUrl,
  /** HMAC key of `X-Ess-Kit-Signature`. */
  secret,
  /** Event families to forward (`flow`, `seal`, `template`, `staff`, `fee`, `qr`, `unknown`, …). */
  families: z.array(z.string().min(1)).optional(),
  /** MsgTypes to forward (`FlowStatusChange`, `OperateSeal`, …; unknown ones too when listed). */
  msgTypes: z.array(z.string().min(1)).optional(),
  /** Organizations to forward; `"main"` (or the main OrganizationId) names the main organization. */
  organizationIds: z.array(z.string().min(1)).optional(),
  /** Tags: only events whose UserData / FlowType is one of these. */
  tags: z
    .strictObject({
      userData: z.array(z.string()).optional(),
      flowTypes: z.array(z.string()).optional(),
    })
    .optional(),
  /** Also send the decrypted ESS message (`original: { MsgId, MsgType, MsgData }`). May hold personal data. */
  includeOriginal: z.boolean().optional(),
  /** Per-attempt timeout for this target (default `relay.timeoutMs`). */
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
});

export const relayConfigSchema = z
  .strictObject({
    targets: z.array(relayTargetSchema).default([]),
    /** Deliveries in flight at once, per process, across all targets. */
    concurrency: z.number().int().min(1).max(256).default(8),
    /** Per-attempt timeout (connect + answer). */
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** How often the durable store is polled when nothing nudges the relay. */
    pollMs: z.number().int().min(10).max(60_000).default(1000),
    /**
     * Retry schedule: attempt n waits min(maxMs, baseMs × 2^(n-1)), jittered to 50–100 % of that.
     * Defaults: 12 attempts, 10 s doubling to 1 h — about 3.5 hours before the dead-letter list.
     */
    retry: z
      .strictObject({
        attempts: z.number().int().min(1).max(100).default(12),
        baseMs: z.number().int().min(1).default(10_000),
        maxMs: z.number().int().min(1).default(3_600_000),
      })
      .default({ attempts: 12, baseMs: 10_000, maxMs: 3_600_000 }),
    /** How long delivered records stay listable (the dead-letter list is kept until redelivered). */
    keepDeliveredSeconds: z
      .number()
      .int()
      .min(60)
      .default(7 * 24 * 3600),
  })
  .superRefine((relay, ctx) => {
    const seen = new Set<string>();
    relay.targets.forEach((target, i) => {
      if (seen.has(target.name))
        ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: 'is used by two targets' });
      seen.add(target.name);
    });
  });

/** The validated `relay` section. */
export type RelayConfig = z.infer<typeof relayConfigSchema>;
/** One validated webhook target. */
export type RelayTarget = z.infer<typeof relayTargetSchema>;

/** The relay section with every default applied (no targets). */
export const DEFAULT_RELAY_CONFIG: RelayConfig = relayConfigSchema.parse({});
