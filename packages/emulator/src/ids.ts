import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function encode(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i % bytes.length] % ALPHABET.length];
  return out;
}

/** A fresh ESS-style id: 32 alphanumeric characters starting with `yD`, like the real service's ids. */
export function newId(): string {
  return `yD${encode(randomBytes(30), 30)}`;
}

/**
 * A deterministic ESS-style id for seeded data, so the seed is identical on every start
 * (tests and demos can hard-code nothing yet still rely on stable ids between restarts).
 */
export function seededId(label: string): string {
  return `yD${encode(createHash('sha256').update(`ess-kit-seed:${label}`).digest(), 30)}`;
}

/** RequestId in the UUID form the real service returns. */
export function newRequestId(): string {
  return crypto.randomUUID();
}
