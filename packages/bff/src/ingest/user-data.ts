/**
 * The UserData the BFF sets on ESS calls, echoed back in callbacks: base64 of
 * `{"essKit":{"qr":"<link nonce>"}}` (docs/internals.md, "UserData"). Partners' own UserData is
 * kept beside it under `"partner"`.
 */

export interface EssKitUserData {
  /** Link nonce of the QR code a flow was created from. */
  qr?: string;
}

/** Base64 UserData that links flows created by scanning a QR code to the BFF's QR record. */
export function qrUserData(link: string, partner?: string): string {
  const body = partner === undefined ? { essKit: { qr: link } } : { essKit: { qr: link }, partner };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
}

/** Reads the BFF's part of a callback's UserData; null when it is absent or someone else's. */
export function parseEssKitUserData(userData: string | null | undefined): EssKitUserData | null {
  if (!userData) return null;
  try {
    const parsed = JSON.parse(Buffer.from(userData, 'base64').toString('utf8')) as { essKit?: unknown };
    const ours = parsed?.essKit as { qr?: unknown } | undefined;
    if (!ours || typeof ours !== 'object') return null;
    return typeof ours.qr === 'string' && ours.qr.length > 0 && ours.qr.length <= 128 ? { qr: ours.qr } : {};
  } catch {
    return null;
  }
}
