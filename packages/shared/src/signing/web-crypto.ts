/**
 * Small Web Crypto helpers shared by request signing and callback crypto.
 * Only `crypto.subtle` and standard JS: no Node built-ins, so the core runs in browsers and edge runtimes.
 */

const encoder = new TextEncoder();

/** Bytes of a string as UTF-8; byte arrays pass through untouched (exact raw bytes matter for signatures). */
export function utf8Bytes(input: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof input === 'string') return encoder.encode(input);
  // Copy into a fresh ArrayBuffer-backed view: Web Crypto rejects SharedArrayBuffer-backed views.
  return new Uint8Array(input);
}

/** Lower-case hexadecimal of a byte array. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const byte of view) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Lower-case hex SHA-256 of a string (UTF-8) or of raw bytes. */
export async function sha256Hex(input: string | Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', utf8Bytes(input)));
}

/** Raw HMAC-SHA256 of `message` keyed with `key` (strings are taken as UTF-8). */
export async function hmacSha256(
  key: string | Uint8Array,
  message: string | Uint8Array,
): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    utf8Bytes(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, utf8Bytes(message)));
}

/**
 * Compares two strings without an early exit, so the time taken does not reveal how many leading
 * characters matched (for signatures an attacker can probe).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let diff = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}
