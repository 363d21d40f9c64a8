/**
 * Signed, expiring download links under /files/... (what DescribeFileUrls hands out).
 * The query carries `expires` (unix seconds, emulator clock) and `sig`, an HMAC-SHA256 of
 * path and expiry, so links cannot be forged or extended.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Business types with downloadable content. */
export const FILE_KINDS = ['FLOW', 'DOCUMENT', 'TEMPLATE', 'SEAL', 'FILE'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

function signature(secret: string, path: string, expires: number): string {
  return createHmac('sha256', secret).update(`${path}\n${expires}`).digest('base64url');
}

/** `/files/<kind>/<id>/<name>` (path only). */
export function filePath(kind: FileKind, id: string, name: string): string {
  return `/files/${kind}/${encodeURIComponent(id)}/${encodeURIComponent(name)}`;
}

/** A full signed URL valid until `expires`. */
export function signedFileUrl(baseUrl: string, secret: string, path: string, expires: number): string {
  return `${baseUrl}${path}?expires=${expires}&sig=${signature(secret, path, expires)}`;
}

/** Checks a request's path and query; returns why it is refused, or null when valid. */
export function checkFileUrl(
  secret: string,
  path: string,
  expiresText: string | undefined,
  sig: string | undefined,
  now: number,
): 'missing' | 'invalid' | 'expired' | null {
  if (!expiresText || !sig) return 'missing';
  if (!/^\d{1,12}$/.test(expiresText)) return 'invalid';
  const expires = Number(expiresText);
  const expected = Buffer.from(signature(secret, path, expires));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return now > expires ? 'expired' : null;
}
