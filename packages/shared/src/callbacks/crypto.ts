/**
 * Callback crypto (ess-api.md §9): AES-256-CBC with PKCS#7, key = the 32-byte CallbackUrlKey,
 * IV = the key's first 16 bytes; the two delivery formats; the `Content-Signature` HMAC header.
 * Every failure is a {@link CallbackError} with a stable code — nothing else is thrown.
 */
import { constantTimeEqual, hmacSha256, toHex, utf8Bytes } from '../signing/web-crypto.js';
import { CallbackError, MAX_CALLBACK_BYTES } from './errors.js';

export { CallbackError, type CallbackErrorCode, MAX_CALLBACK_BYTES } from './errors.js';

/** What arrived at the callback URL. */
export type CallbackDelivery =
  /** Reachability probe: an empty JSON object. Answer 200. */
  | { kind: 'probe' }
  /** Ciphertext to decrypt: `v1` = legacy bare base64 body, `v2` = `{"encrypt": "..."}`. */
  | { kind: 'encrypted'; format: 'v1' | 'v2'; ciphertext: string }
  /** Plain message JSON (sent when no CallbackUrlKey is configured). */
  | { kind: 'plain'; plaintext: string };

const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const SIGNATURE_HEADER = /^sha256=([0-9a-fA-F]{64})$/;

async function aesKey(
  key: string,
  usage: 'encrypt' | 'decrypt',
): Promise<{ key: CryptoKey; iv: Uint8Array<ArrayBuffer> }> {
  if (typeof key !== 'string' || key === '') {
    throw new CallbackError(
      'CALLBACK_BAD_KEY',
      'No CallbackUrlKey configured: set the 32-character key from the ESS console.',
    );
  }
  const bytes = utf8Bytes(key);
  if (bytes.length !== 32) {
    throw new CallbackError(
      'CALLBACK_BAD_KEY',
      `The CallbackUrlKey must be exactly 32 bytes (AES-256); the configured one is ${bytes.length} bytes.`,
    );
  }
  const cryptoKey = await crypto.subtle.importKey('raw', bytes, { name: 'AES-CBC' }, false, [usage]);
  return { key: cryptoKey, iv: bytes.slice(0, 16) };
}

function byteLength(value: string | Uint8Array): number {
  return typeof value === 'string' ? utf8Bytes(value).length : value.length;
}

function assertSize(value: string | Uint8Array): void {
  const size = byteLength(value);
  if (size > MAX_CALLBACK_BYTES) {
    throw new CallbackError(
      'CALLBACK_TOO_LARGE',
      `The callback body is ${size} bytes; at most ${MAX_CALLBACK_BYTES} bytes are accepted.`,
    );
  }
}

/** Strict, padded base64 → bytes; line breaks and spaces (some proxies fold long bodies) are ignored. */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') throw new CallbackError('CALLBACK_EMPTY', 'The callback ciphertext is empty.');
  if (!BASE64_CHARS.test(compact)) {
    throw new CallbackError(
      'CALLBACK_BAD_BASE64',
      'The callback ciphertext is not base64 (only A-Z, a-z, 0-9, "+", "/" and trailing "=" are allowed).',
    );
  }
  if (compact.length % 4 !== 0) {
    throw new CallbackError(
      'CALLBACK_TRUNCATED',
      `The base64 ciphertext is ${compact.length} characters, not a multiple of 4: the body was cut short.`,
    );
  }
  // atob cannot fail here: the alphabet, the trailing padding and the length were checked above, and
  // atob (forgiving-base64) refuses nothing else.
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/**
 * Encrypts a callback message the way ESS does (used by the emulator and by tests).
 * @returns the base64 ciphertext.
 * @throws CallbackError `CALLBACK_BAD_KEY` when the key is not 32 bytes, `CALLBACK_TOO_LARGE` past the limit.
 */
export async function encryptCallback(plaintext: string, key: string): Promise<string> {
  if (typeof plaintext !== 'string') {
    throw new CallbackError(
      'CALLBACK_BAD_FORMAT',
      'The callback plaintext must be a string (the message JSON).',
    );
  }
  assertSize(plaintext);
  const { key: cryptoKey, iv } = await aesKey(key, 'encrypt');
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, cryptoKey, utf8Bytes(plaintext));
  return encodeBase64(new Uint8Array(ciphertext));
}

/**
 * Decrypts a callback ciphertext (base64) to the message JSON text, byte for byte.
 * The result is checked to be UTF-8 JSON, so a wrong key is reported instead of returning garbage.
 * @throws CallbackError — `CALLBACK_EMPTY`, `CALLBACK_TOO_LARGE`, `CALLBACK_BAD_BASE64`, `CALLBACK_TRUNCATED`,
 *   `CALLBACK_BAD_KEY`, `CALLBACK_BAD_PADDING` (wrong key or corrupted ciphertext), `CALLBACK_BAD_JSON`.
 */
export async function decryptCallback(base64: string, key: string): Promise<string> {
  if (typeof base64 !== 'string') {
    throw new CallbackError('CALLBACK_BAD_FORMAT', 'The callback ciphertext must be a base64 string.');
  }
  assertSize(base64);
  const ciphertext = decodeBase64(base64);
  if (ciphertext.length % 16 !== 0) {
    throw new CallbackError(
      'CALLBACK_TRUNCATED',
      `The ciphertext is ${ciphertext.length} bytes, not a whole number of 16-byte AES blocks: the body was cut short.`,
    );
  }
  const { key: cryptoKey, iv } = await aesKey(key, 'decrypt');
  let plainBytes: ArrayBuffer;
  try {
    plainBytes = await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, cryptoKey, ciphertext);
  } catch {
    throw new CallbackError(
      'CALLBACK_BAD_PADDING',
      'The callback did not decrypt with the configured CallbackUrlKey (bad PKCS#7 padding): check that the key ' +
        'matches the one in the ESS console for this callback URL and environment, and that the body is complete.',
    );
  }
  let plaintext: string;
  try {
    plaintext = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(plainBytes);
  } catch {
    throw new CallbackError(
      'CALLBACK_BAD_JSON',
      'The decrypted callback is not UTF-8 text: most likely the CallbackUrlKey is wrong.',
    );
  }
  assertJsonObject(plaintext, 'The decrypted callback');
  return plaintext;
}

function assertJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CallbackError('CALLBACK_BAD_JSON', `${what} is not valid JSON.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CallbackError('CALLBACK_BAD_FORMAT', `${what} is JSON but not an object.`);
  }
  return value as Record<string, unknown>;
}

/** Keys that mark a plaintext (unencrypted) callback message: a v2 envelope or a v1 FlowInfo. */
function looksLikeMessage(body: Record<string, unknown>): boolean {
  return 'MsgType' in body || 'MsgData' in body || 'FlowId' in body;
}

/**
 * Classifies a raw callback body: the `{}` reachability probe, a v2 `{"encrypt": "..."}` body, a legacy v1
 * bare base64 body (sent as `text/plain`), or a plaintext message (when no key is configured).
 * Whether a plaintext message is acceptable is the receiver's policy (refuse it when a key is configured).
 * @throws CallbackError with a stable code for anything else.
 */
export function parseCallbackDelivery(rawBody: string, contentType?: string | null): CallbackDelivery {
  if (typeof rawBody !== 'string') {
    throw new CallbackError('CALLBACK_BAD_FORMAT', 'The callback body must be the raw request body as text.');
  }
  assertSize(rawBody);
  const body = rawBody.trim();
  if (body === '') throw new CallbackError('CALLBACK_EMPTY', 'The callback body is empty.');

  const declaredJson = /\bjson\b/i.test(contentType ?? '');
  if (body.startsWith('{') || body.startsWith('[')) {
    const parsed = assertJsonObject(body, 'The callback body');
    if ('encrypt' in parsed) {
      const encrypt = parsed.encrypt;
      if (typeof encrypt !== 'string') {
        throw new CallbackError(
          'CALLBACK_BAD_FORMAT',
          'The callback body\'s "encrypt" field must be a base64 string.',
        );
      }
      if (encrypt.trim() === '')
        throw new CallbackError('CALLBACK_EMPTY', 'The callback body\'s "encrypt" field is empty.');
      decodeBase64(encrypt); // fail early on a malformed ciphertext, before any key is involved
      return { kind: 'encrypted', format: 'v2', ciphertext: encrypt.trim() };
    }
    if (Object.keys(parsed).length === 0) return { kind: 'probe' };
    if (looksLikeMessage(parsed)) return { kind: 'plain', plaintext: body };
    throw new CallbackError(
      'CALLBACK_BAD_FORMAT',
      'The callback body is JSON without an "encrypt" field and is not a callback message (no MsgType, MsgData or FlowId).',
    );
  }

  if (declaredJson && !BASE64_CHARS.test(body.replace(/\s+/g, ''))) {
    throw new CallbackError(
      'CALLBACK_BAD_JSON',
      'The callback body is declared as JSON but is not valid JSON.',
    );
  }
  decodeBase64(body);
  return { kind: 'encrypted', format: 'v1', ciphertext: body.replace(/\s+/g, '') };
}

/**
 * The `Content-Signature` header value for a raw body: `sha256=<lower-case hex HMAC-SHA256(token, body)>`.
 * @throws CallbackError `CALLBACK_BAD_KEY` when the token is empty.
 */
export async function signContentSignature(rawBody: string | Uint8Array, token: string): Promise<string> {
  if (typeof token !== 'string' || token === '') {
    throw new CallbackError('CALLBACK_BAD_KEY', 'No callback signature token configured.');
  }
  return `sha256=${toHex(await hmacSha256(token, rawBody))}`;
}

/**
 * Checks `Content-Signature` against the exact raw body (the bytes as posted, not the decrypted text),
 * comparing in constant time.
 * @throws CallbackError `CALLBACK_BAD_SIGNATURE` naming why (missing, malformed, mismatch),
 *   `CALLBACK_BAD_KEY` without a token, `CALLBACK_TOO_LARGE` past the size limit.
 */
export async function assertContentSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  token: string,
): Promise<void> {
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
    throw new CallbackError('CALLBACK_BAD_FORMAT', 'The raw body to verify must be a string or Uint8Array.');
  }
  assertSize(rawBody);
  if (header === null || header === undefined || header.trim() === '') {
    throw new CallbackError('CALLBACK_BAD_SIGNATURE', 'The Content-Signature header is missing.');
  }
  const match = SIGNATURE_HEADER.exec(header.trim());
  if (!match) {
    throw new CallbackError(
      'CALLBACK_BAD_SIGNATURE',
      'The Content-Signature header is malformed: expected "sha256=" followed by 64 hex characters.',
    );
  }
  const expected = await signContentSignature(rawBody, token);
  if (!constantTimeEqual(`sha256=${match[1].toLowerCase()}`, expected)) {
    throw new CallbackError(
      'CALLBACK_BAD_SIGNATURE',
      'The Content-Signature does not match the body: check the signature token, and verify the raw body ' +
        'exactly as received (before any JSON parsing).',
    );
  }
}

/**
 * `true` when `Content-Signature` matches the raw body under `token` (constant-time compare);
 * `false` for a missing, malformed or wrong header, an empty token, or an oversize body.
 */
export async function verifyContentSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  token: string,
): Promise<boolean> {
  try {
    await assertContentSignature(rawBody, header, token);
    return true;
  } catch (error) {
    if (error instanceof CallbackError) return false;
    throw error;
  }
}
