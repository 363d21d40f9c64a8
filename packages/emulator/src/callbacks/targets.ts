/**
 * Callback targets: where the emulator POSTs its callbacks. Several may be active at once, each
 * with its own CallbackUrlKey, optional signature token and format — as in the ESS console.
 */
import { z } from 'zod';

/** One callback receiver. `organizationId` absent = the main organization's target. */
export interface CallbackTarget {
  url: string;
  /** CallbackUrlKey (32 ASCII characters); absent = plaintext JSON bodies. */
  key?: string;
  /** Signature token; when set, every POST carries `Content-Signature: sha256=<hex>`. */
  token?: string;
  /** `v1`: legacy text/plain base64 body (FlowInfo bare); `v2`: `{"encrypt": ...}` JSON. */
  format: 'v1' | 'v2';
  organizationId?: string;
}

/** Validates one target (control API bodies and `ESS_CALLBACK_URLS`). */
export const callbackTargetSchema = z.strictObject({
  url: z
    .string()
    .max(1000)
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), {
      message: 'must be an absolute http:// or https:// URL',
    }),
  key: z
    .string()
    .refine((value) => new TextEncoder().encode(value).length === 32, {
      message: 'CallbackUrlKey must be exactly 32 bytes (AES-256 key; its first 16 bytes are the IV)',
    })
    .optional(),
  token: z.string().min(1).max(256).optional(),
  format: z.enum(['v1', 'v2']).default('v2'),
  organizationId: z.string().min(1).max(64).optional(),
});

export const callbackTargetListSchema = z.array(callbackTargetSchema).max(50);

/** Thrown when `ESS_CALLBACK_URLS` cannot be read; the message names the bad entry. */
export class CallbackTargetsConfigError extends Error {
  override name = 'CallbackTargetsConfigError';
}

/**
 * Reads `ESS_CALLBACK_URLS`. Two spellings:
 * - a JSON array of targets: `[{"url":"http://...","key":"...","token":"...","format":"v2"}]`
 * - a comma-separated list of `url|key|token|format|organizationId` entries where every part after
 *   the url may be empty or left out: `http://a/cb|0123456789abcdef0123456789abcdef||v1,http://b/cb`
 *   (format defaults to v2). URLs containing `|` or `,` need the JSON spelling.
 * Empty or unset → no targets.
 */
export function parseCallbackTargets(value: string | undefined): CallbackTarget[] {
  const text = value?.trim();
  if (!text) return [];
  let raw: unknown[];
  if (text.startsWith('[')) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new CallbackTargetsConfigError('ESS_CALLBACK_URLS looks like JSON but does not parse');
    }
    if (!Array.isArray(raw)) throw new CallbackTargetsConfigError('ESS_CALLBACK_URLS must be a JSON array');
  } else {
    raw = text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const [url, key, token, format, organizationId] = entry.split('|').map((part) => part.trim());
        return {
          url,
          ...(key ? { key } : {}),
          ...(token ? { token } : {}),
          ...(format ? { format } : {}),
          ...(organizationId ? { organizationId } : {}),
        };
      });
  }
  return raw.map((entry, index) => {
    const parsed = callbackTargetSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // Never echo the entry itself: it may hold a key or token.
      throw new CallbackTargetsConfigError(
        `ESS_CALLBACK_URLS entry ${index + 1}: ${issue.path.join('.') || 'entry'} ${issue.message}`,
      );
    }
    return parsed.data as CallbackTarget;
  });
}

/** A target as shown by the control API: never the key or token themselves. */
export function describeTarget(target: CallbackTarget) {
  return {
    url: target.url,
    format: target.format,
    organizationId: target.organizationId ?? null,
    encrypted: Boolean(target.key),
    signed: Boolean(target.token),
  };
}
