/**
 * Webhook signatures: `X-Ess-Kit-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 *
 * The timestamp is signed with the body, so a receiver can refuse replays older than a tolerance;
 * `X-Ess-Kit-Event-Id` lets it drop duplicates (delivery is at least once). Web Crypto only, so the
 * same helpers sign in the BFF's relay and verify in a partner's receiver (Node 20, edge runtimes).
 */
import { constantTimeEqual, toHex } from '../signing/web-crypto.js';

const encoder = new TextEncoder();

/** Imported keys by secret (a relay signs every delivery of a target with the same one). */
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    // Bounded: receivers verifying with many secrets must not grow this without end.
    if (keys.size >= 64) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await hmacKey(secret);
  return toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

/**
 * The `X-Ess-Kit-Signature` header value for `body`.
 * @param body the exact bytes sent (as a string)
 * @param secret the target's secret from the BFF config
 * @param t unix seconds (defaults to now)
 */
export async function signWebhook(
  body: string,
  secret: string,
  t: number = Math.floor(Date.now() / 1000),
): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/** Why a signature was refused. */
export type WebhookSignatureFailure = 'missing' | 'malformed' | 'mismatch' | 'too-old' | 'in-future';

/** Result of {@link verifyWebhookSignature}. */
export type WebhookSignatureResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: WebhookSignatureFailure; message: string };

/** Options for {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /** Oldest (and furthest in the future) accepted timestamp, in seconds from now. Default 300. */
  toleranceSeconds?: number;
  /** Current unix seconds (tests). */
  now?: number;
}

/**
 * Verifies an `X-Ess-Kit-Signature` header against the raw request body. Several `v1=` entries are
 * accepted (any one matching passes), so a sender may sign with an old and a new secret while rotating.
 */
export async function verifyWebhookSignature(
  body: string,
  header: string | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookSignatureResult> {
  if (!header) return { ok: false, reason: 'missing', message: 'No X-Ess-Kit-Signature header' };
  let t: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (t === null || signatures.length === 0) {
    return { ok: false, reason: 'malformed', message: 'Expected "t=<unix seconds>,v1=<64 hex digits>"' };
  }
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (now - t > tolerance) {
    return {
      ok: false,
      reason: 'too-old',
      message: `Signed ${now - t} s ago; the tolerance is ${tolerance} s`,
    };
  }
  if (t - now > tolerance) {
    return { ok: false, reason: 'in-future', message: `Signed ${t - now} s in the future; check the clocks` };
  }
  const expected = await hmacHex(secret, `${t}.${body}`);
  if (!signatures.some((s) => constantTimeEqual(s, expected))) {
    return { ok: false, reason: 'mismatch', message: 'The signature does not match the body and secret' };
  }
  return { ok: true, timestamp: t };
}
