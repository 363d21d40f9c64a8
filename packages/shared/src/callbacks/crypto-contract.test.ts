// The callback crypto's contract beyond the happy path: the exact error a person acts on, the size
// limit at its boundary, the bytes AES leaves behind (BOM, invalid UTF-8, non-object JSON), the
// delivery shapes a sender may use, and the Content-Signature checks. Web Crypto only: the
// ciphertexts of odd plaintexts are made with crypto.subtle, the same AES-256-CBC/PKCS#7 as ESS.
import { describe, expect, it } from 'vitest';
import { readVector } from '../../test/vectors.js';
import {
  assertContentSignature,
  CallbackError,
  type CallbackErrorCode,
  decryptCallback,
  encryptCallback,
  MAX_CALLBACK_BYTES,
  parseCallbackDelivery,
  signContentSignature,
  verifyContentSignature,
} from './crypto.js';

const sample = readVector<{ callbackUrlKey: string; ciphertextBase64: string }>('callback-sample.json');
const signed = readVector<{ token: string; body: string; contentSignature: string }>(
  'callback-v2-signed.json',
);
const key = sample.callbackUrlKey;

/** AES-256-CBC (PKCS#7) of raw bytes with the key's first 16 bytes as IV, as ESS encrypts. */
async function encryptBytes(plain: Uint8Array<ArrayBuffer>, callbackUrlKey: string): Promise<string> {
  const raw = new TextEncoder().encode(callbackUrlKey);
  const aes = await crypto.subtle.importKey('raw', raw, { name: 'AES-CBC' }, false, ['encrypt']);
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv: raw.slice(0, 16) }, aes, plain),
  );
  return btoa(String.fromCharCode(...cipher));
}

/** The CallbackError `action` throws (or rejects with); fails the test on success or any other throw. */
async function refusal(action: () => unknown): Promise<{ code: CallbackErrorCode; message: string }> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(CallbackError);
    const { code, message } = error as CallbackError;
    return { code, message };
  }
  throw new Error('expected a CallbackError');
}

describe('CallbackError', () => {
  it('is an Error named CallbackError (what a log line shows)', async () => {
    const error = await decryptCallback(sample.ciphertextBase64, '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('CallbackError');
    expect(String(error)).toMatch(/^CallbackError: No CallbackUrlKey configured/);
  });
});

describe('the CallbackUrlKey', () => {
  const missing = {
    code: 'CALLBACK_BAD_KEY',
    message: 'No CallbackUrlKey configured: set the 32-character key from the ESS console.',
  };

  it('says the key is missing when it is empty or not set at all', async () => {
    expect(await refusal(() => decryptCallback(sample.ciphertextBase64, ''))).toEqual(missing);
    expect(await refusal(() => decryptCallback(sample.ciphertextBase64, undefined as never))).toEqual(
      missing,
    );
    expect(await refusal(() => encryptCallback('{}', ''))).toEqual(missing);
  });

  it('names the length of a key that is not 32 bytes', async () => {
    expect(await refusal(() => decryptCallback(sample.ciphertextBase64, key.slice(1)))).toEqual({
      code: 'CALLBACK_BAD_KEY',
      message: 'The CallbackUrlKey must be exactly 32 bytes (AES-256); the configured one is 31 bytes.',
    });
  });

  it('says what to check when the ciphertext does not decrypt (wrong key)', async () => {
    expect(
      await refusal(() => decryptCallback(sample.ciphertextBase64, 'TencentEssEncryptTestKey87654321')),
    ).toEqual({
      code: 'CALLBACK_BAD_PADDING',
      message:
        'The callback did not decrypt with the configured CallbackUrlKey (bad PKCS#7 padding): check that the ' +
        'key matches the one in the ESS console for this callback URL and environment, and that the body is complete.',
    });
  });
});

describe('what the ciphertext decrypts to', () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

  it('refuses bytes that are not UTF-8, even inside otherwise valid JSON (no U+FFFD substitution)', async () => {
    const ciphertext = await encryptBytes(bytes('{"FlowId":"', [0xff], '"}'), key);
    expect(await refusal(() => decryptCallback(ciphertext, key))).toEqual({
      code: 'CALLBACK_BAD_JSON',
      message: 'The decrypted callback is not UTF-8 text: most likely the CallbackUrlKey is wrong.',
    });
  });

  it('returns the text byte for byte: a leading BOM is kept, so the message is refused as not JSON', async () => {
    const ciphertext = await encryptBytes(bytes([0xef, 0xbb, 0xbf], '{"FlowId":"f"}'), key);
    expect(await refusal(() => decryptCallback(ciphertext, key))).toEqual({
      code: 'CALLBACK_BAD_JSON',
      message: 'The decrypted callback is not valid JSON.',
    });
  });

  it('refuses JSON that is not an object (null, a number, a string, a boolean, an array)', async () => {
    for (const json of ['null', '42', '"FlowId"', 'true', '[{"FlowId":"f"}]']) {
      const ciphertext = await encryptCallback(json, key);
      expect(await refusal(() => decryptCallback(ciphertext, key)), json).toEqual({
        code: 'CALLBACK_BAD_FORMAT',
        message: 'The decrypted callback is JSON but not an object.',
      });
    }
  });

  it('encrypts only strings (the message JSON), never a value turned into text', async () => {
    expect(await refusal(() => encryptCallback(123 as never, key))).toEqual({
      code: 'CALLBACK_BAD_FORMAT',
      message: 'The callback plaintext must be a string (the message JSON).',
    });
  });
});

describe('the size limit', () => {
  it('counts UTF-8 bytes, not characters', async () => {
    const body = 'é'.repeat(MAX_CALLBACK_BYTES / 2 + 1); // fewer characters than the limit, more bytes
    expect(await refusal(() => parseCallbackDelivery(body, 'text/plain'))).toEqual({
      code: 'CALLBACK_TOO_LARGE',
      message: `The callback body is ${MAX_CALLBACK_BYTES + 2} bytes; at most ${MAX_CALLBACK_BYTES} bytes are accepted.`,
    });
  });

  it('accepts a body of exactly the limit and refuses one byte more (string and bytes alike)', async () => {
    const atLimit = new Uint8Array(MAX_CALLBACK_BYTES).fill(0x41);
    const header = await signContentSignature(atLimit, signed.token);
    await expect(assertContentSignature(atLimit, header, signed.token)).resolves.toBeUndefined();
    const asText = 'A'.repeat(MAX_CALLBACK_BYTES);
    expect(parseCallbackDelivery(asText, 'text/plain')).toMatchObject({ kind: 'encrypted', format: 'v1' });

    const over = new Uint8Array(MAX_CALLBACK_BYTES + 1);
    expect((await refusal(() => assertContentSignature(over, header, signed.token))).code).toBe(
      'CALLBACK_TOO_LARGE',
    );
  });
});

describe('delivery shapes', () => {
  it('says the body is empty (not that a ciphertext is) for an empty or blank body', async () => {
    for (const body of ['', ' \r\n\t']) {
      for (const type of ['text/plain', 'application/json']) {
        expect(await refusal(() => parseCallbackDelivery(body, type))).toEqual({
          code: 'CALLBACK_EMPTY',
          message: 'The callback body is empty.',
        });
      }
    }
  });

  it('says the "encrypt" field is empty when it is empty or blank', async () => {
    for (const body of ['{"encrypt":""}', '{"encrypt":"  \\r\\n"}']) {
      expect(await refusal(() => parseCallbackDelivery(body, 'application/json'))).toEqual({
        code: 'CALLBACK_EMPTY',
        message: 'The callback body\'s "encrypt" field is empty.',
      });
    }
  });

  it('trims blanks around the "encrypt" ciphertext', async () => {
    const body = JSON.stringify({ encrypt: `\n ${sample.ciphertextBase64} \r\n` });
    expect(parseCallbackDelivery(body, 'application/json')).toEqual({
      kind: 'encrypted',
      format: 'v2',
      ciphertext: sample.ciphertextBase64,
    });
  });

  it('treats JSON with any one of MsgType, MsgData or FlowId as a plaintext message', () => {
    for (const body of ['{"MsgType":"TemplateAdd"}', '{"MsgData":{"TemplateId":"t"}}', '{"FlowId":"f"}']) {
      expect(parseCallbackDelivery(body, 'application/json')).toEqual({ kind: 'plain', plaintext: body });
    }
  });

  it('says which body is not valid JSON', async () => {
    expect(await refusal(() => parseCallbackDelivery('{"encrypt": "abc', 'application/json'))).toEqual({
      code: 'CALLBACK_BAD_JSON',
      message: 'The callback body is not valid JSON.',
    });
    const notJson = await encryptCallback('not json', key);
    expect(await refusal(() => decryptCallback(notJson, key))).toEqual({
      code: 'CALLBACK_BAD_JSON',
      message: 'The decrypted callback is not valid JSON.',
    });
  });

  it('refuses a body declared as JSON that is neither JSON nor base64, with or without blanks', async () => {
    for (const body of ['nope!', 'hello, world']) {
      expect(await refusal(() => parseCallbackDelivery(body, 'application/json'))).toEqual({
        code: 'CALLBACK_BAD_JSON',
        message: 'The callback body is declared as JSON but is not valid JSON.',
      });
    }
  });

  it('reads a folded bare-base64 body as v1 even when the sender labels it JSON', () => {
    const folded = sample.ciphertextBase64.replace(/(.{64})/g, '$1\r\n');
    expect(parseCallbackDelivery(folded, 'application/json')).toEqual({
      kind: 'encrypted',
      format: 'v1',
      ciphertext: sample.ciphertextBase64,
    });
  });
});

describe('Content-Signature', () => {
  it('needs a token: missing or empty is a configuration error, not a bad signature', async () => {
    const noToken = { code: 'CALLBACK_BAD_KEY', message: 'No callback signature token configured.' };
    for (const token of ['', undefined as never]) {
      expect(await refusal(() => signContentSignature(signed.body, token))).toEqual(noToken);
      expect(
        await refusal(() => assertContentSignature(signed.body, signed.contentSignature, token)),
      ).toEqual(noToken);
      expect(await verifyContentSignature(signed.body, signed.contentSignature, token)).toBe(false);
    }
  });

  it('verifies only a string or a Uint8Array (an ArrayBuffer is refused, not read)', async () => {
    const buffer = new TextEncoder().encode(signed.body).buffer;
    for (const body of [buffer, 123, null]) {
      expect(
        await refusal(() => assertContentSignature(body as never, signed.contentSignature, signed.token)),
      ).toEqual({
        code: 'CALLBACK_BAD_FORMAT',
        message: 'The raw body to verify must be a string or Uint8Array.',
      });
      expect(await verifyContentSignature(body as never, signed.contentSignature, signed.token)).toBe(false);
    }
  });

  it('says a blank header is missing (not malformed)', async () => {
    for (const header of [undefined, null, '', '   ']) {
      expect(await refusal(() => assertContentSignature(signed.body, header, signed.token))).toEqual({
        code: 'CALLBACK_BAD_SIGNATURE',
        message: 'The Content-Signature header is missing.',
      });
    }
  });

  it('tells a malformed header from a signature that does not match', async () => {
    expect(await refusal(() => assertContentSignature(signed.body, 'sha1=abc', signed.token))).toEqual({
      code: 'CALLBACK_BAD_SIGNATURE',
      message: 'The Content-Signature header is malformed: expected "sha256=" followed by 64 hex characters.',
    });
    expect(
      await refusal(() => assertContentSignature(signed.body, `sha256=${'0'.repeat(64)}`, signed.token)),
    ).toEqual({
      code: 'CALLBACK_BAD_SIGNATURE',
      message:
        'The Content-Signature does not match the body: check the signature token, and verify the raw body ' +
        'exactly as received (before any JSON parsing).',
    });
  });

  it('verifyContentSignature turns only CallbackErrors into false: a caller’s bug still throws', async () => {
    await expect(verifyContentSignature(signed.body, 42 as never, signed.token)).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});
