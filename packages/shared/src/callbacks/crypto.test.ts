import { createCipheriv, createHash, randomBytes } from 'node:crypto';
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

const sample = readVector<{
  callbackUrlKey: string;
  ciphertextBase64: string;
  plaintext: string;
  plaintextSha256: string;
}>('callback-sample.json');
const signed = readVector<{
  callbackUrlKey: string;
  token: string;
  plaintext: string;
  body: string;
  contentSignature: string;
}>('callback-v2-signed.json');

/** Independent oracle: Node's OpenSSL-backed AES-256-CBC with the key's first 16 bytes as IV. */
function nodeEncrypt(plain: Buffer, key: string, autoPadding = true): string {
  const cipher = createCipheriv(
    'aes-256-cbc',
    Buffer.from(key, 'utf8'),
    Buffer.from(key, 'utf8').subarray(0, 16),
  );
  cipher.setAutoPadding(autoPadding);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Runs `action` and returns the CallbackError code; fails the test on success or on any other kind of throw. */
async function codeOf(action: () => unknown): Promise<CallbackErrorCode> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a CallbackError to be thrown').toBeInstanceOf(CallbackError);
  const error = caught as CallbackError;
  expect(error.message.length).toBeGreaterThan(10);
  return error.code;
}

describe('the guide’s own callback sample (v1, text/plain)', () => {
  it('is classified as a legacy bare-base64 delivery', () => {
    expect(parseCallbackDelivery(sample.ciphertextBase64, 'text/plain')).toEqual({
      kind: 'encrypted',
      format: 'v1',
      ciphertext: sample.ciphertextBase64,
    });
  });

  it('decrypts byte for byte', async () => {
    const plaintext = await decryptCallback(sample.ciphertextBase64, sample.callbackUrlKey);
    expect(plaintext).toBe(sample.plaintext);
    expect(createHash('sha256').update(plaintext, 'utf8').digest('hex')).toBe(sample.plaintextSha256);
  });

  it('re-encrypts to the same ciphertext (deterministic IV) and agrees with OpenSSL', async () => {
    expect(await encryptCallback(sample.plaintext, sample.callbackUrlKey)).toBe(sample.ciphertextBase64);
    expect(nodeEncrypt(Buffer.from(sample.plaintext, 'utf8'), sample.callbackUrlKey)).toBe(
      sample.ciphertextBase64,
    );
  });

  it('tolerates a body folded over several lines', async () => {
    const folded = sample.ciphertextBase64.replace(/(.{76})/g, '$1\r\n');
    const delivery = parseCallbackDelivery(folded, 'text/plain');
    expect(delivery.kind).toBe('encrypted');
    if (delivery.kind !== 'encrypted') return;
    expect(await decryptCallback(delivery.ciphertext, sample.callbackUrlKey)).toBe(sample.plaintext);
  });
});

describe('the signed v2 vector ({"encrypt": ...} + Content-Signature)', () => {
  it('is classified as a v2 delivery and decrypts byte for byte', async () => {
    const delivery = parseCallbackDelivery(signed.body, 'application/json');
    expect(delivery).toMatchObject({ kind: 'encrypted', format: 'v2' });
    if (delivery.kind !== 'encrypted') return;
    expect(await decryptCallback(delivery.ciphertext, signed.callbackUrlKey)).toBe(signed.plaintext);
  });

  it('verifies the signature header over the raw body', async () => {
    expect(await signContentSignature(signed.body, signed.token)).toBe(signed.contentSignature);
    expect(await verifyContentSignature(signed.body, signed.contentSignature, signed.token)).toBe(true);
    expect(
      await verifyContentSignature(
        new TextEncoder().encode(signed.body),
        signed.contentSignature,
        signed.token,
      ),
    ).toBe(true);
    // Upper-case hex and surrounding spaces are the same signature.
    expect(
      await verifyContentSignature(
        signed.body,
        ` sha256=${signed.contentSignature.slice(7).toUpperCase()} `,
        signed.token,
      ),
    ).toBe(true);
  });

  it('rejects the signature when the body, the token or one hex digit differs', async () => {
    expect(await verifyContentSignature(`${signed.body} `, signed.contentSignature, signed.token)).toBe(
      false,
    );
    expect(await verifyContentSignature(signed.plaintext, signed.contentSignature, signed.token)).toBe(false);
    expect(await verifyContentSignature(signed.body, signed.contentSignature, 'other-token')).toBe(false);
    const flipped =
      signed.contentSignature.slice(0, -1) + (signed.contentSignature.endsWith('3') ? '4' : '3');
    expect(await verifyContentSignature(signed.body, flipped, signed.token)).toBe(false);
    expect(await codeOf(() => assertContentSignature(signed.body, flipped, signed.token))).toBe(
      'CALLBACK_BAD_SIGNATURE',
    );
  });

  it('round-trips encrypt → {"encrypt"} body → sign → verify → decrypt', async () => {
    const plaintext = JSON.stringify({
      MsgId: 'm1',
      MsgType: 'TemplateAdd',
      MsgData: { TemplateName: '劳动合同 ✓' },
    });
    const key = 'EssKitDevCallbackKey000000000000';
    const body = JSON.stringify({ encrypt: await encryptCallback(plaintext, key) });
    const header = await signContentSignature(body, 'tok');
    expect(await verifyContentSignature(body, header, 'tok')).toBe(true);
    const delivery = parseCallbackDelivery(body, 'application/json; charset=utf-8');
    if (delivery.kind !== 'encrypted') throw new Error('expected an encrypted delivery');
    expect(await decryptCallback(delivery.ciphertext, key)).toBe(plaintext);
  });
});

describe('other deliveries', () => {
  it('recognises the {} reachability probe', () => {
    expect(parseCallbackDelivery('{}', 'application/json')).toEqual({ kind: 'probe' });
    expect(parseCallbackDelivery(' { } \n', null)).toEqual({ kind: 'probe' });
  });

  it('passes plaintext messages through when no key is configured (v2 envelope and v1 FlowInfo)', () => {
    expect(parseCallbackDelivery(signed.plaintext, 'application/json')).toEqual({
      kind: 'plain',
      plaintext: signed.plaintext,
    });
    expect(parseCallbackDelivery(sample.plaintext)).toEqual({ kind: 'plain', plaintext: sample.plaintext });
  });
});

describe('malformed input: always a typed CallbackError with a stable code', () => {
  const key = sample.callbackUrlKey;
  const validCipher = Buffer.from(sample.ciphertextBase64, 'base64');

  const cases: [string, () => unknown, CallbackErrorCode][] = [
    [
      'wrong key (right length)',
      () => decryptCallback(sample.ciphertextBase64, 'TencentEssEncryptTestKey87654321'),
      'CALLBACK_BAD_PADDING',
    ],
    [
      'key too short (31 bytes)',
      () => decryptCallback(sample.ciphertextBase64, key.slice(1)),
      'CALLBACK_BAD_KEY',
    ],
    [
      'key too long (33 bytes)',
      () => decryptCallback(sample.ciphertextBase64, `${key}x`),
      'CALLBACK_BAD_KEY',
    ],
    [
      '32 characters but 33 UTF-8 bytes',
      () => decryptCallback(sample.ciphertextBase64, `é${key.slice(1)}`),
      'CALLBACK_BAD_KEY',
    ],
    ['no key at all', () => decryptCallback(sample.ciphertextBase64, ''), 'CALLBACK_BAD_KEY'],
    ['encrypting with a bad key', () => encryptCallback('{}', 'short'), 'CALLBACK_BAD_KEY'],
    ['bad base64 characters', () => decryptCallback('not*base64!', key), 'CALLBACK_BAD_BASE64'],
    [
      'base64url alphabet',
      () => decryptCallback(sample.ciphertextBase64.replaceAll('+', '-').replaceAll('/', '_'), key),
      'CALLBACK_BAD_BASE64',
    ],
    ['padding in the middle', () => decryptCallback('QUJD=RUY=', key), 'CALLBACK_BAD_BASE64'],
    [
      'base64 cut mid-quantum',
      () => decryptCallback(sample.ciphertextBase64.slice(0, -3), key),
      'CALLBACK_TRUNCATED',
    ],
    [
      'ciphertext missing its last block',
      () => decryptCallback(validCipher.subarray(0, validCipher.length - 16).toString('base64'), key),
      'CALLBACK_BAD_PADDING',
    ],
    [
      'not a multiple of 16 bytes',
      () => decryptCallback(validCipher.subarray(0, 40).toString('base64'), key),
      'CALLBACK_TRUNCATED',
    ],
    ['zero-length ciphertext', () => decryptCallback('', key), 'CALLBACK_EMPTY'],
    [
      'corrupted last byte (bad PKCS#7 padding)',
      () => {
        const bytes = Buffer.from(validCipher);
        bytes[bytes.length - 1] ^= 0x5a;
        return decryptCallback(bytes.toString('base64'), key);
      },
      'CALLBACK_BAD_PADDING',
    ],
    [
      'padding bytes that are not PKCS#7',
      () =>
        decryptCallback(
          nodeEncrypt(
            Buffer.from('{"a":1}\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000'),
            key,
            false,
          ),
          key,
        ),
      'CALLBACK_BAD_PADDING',
    ],
    [
      'decrypts to text that is not JSON',
      async () => decryptCallback(await encryptCallback('hello, not json', key), key),
      'CALLBACK_BAD_JSON',
    ],
    [
      'decrypts to bytes that are not UTF-8',
      () => decryptCallback(nodeEncrypt(Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), key), key),
      'CALLBACK_BAD_JSON',
    ],
    [
      'decrypts to JSON that is not an object',
      async () => decryptCallback(await encryptCallback('[1,2]', key), key),
      'CALLBACK_BAD_FORMAT',
    ],
    [
      'oversize body',
      () => parseCallbackDelivery(`{"encrypt":"${'A'.repeat(MAX_CALLBACK_BYTES)}"}`),
      'CALLBACK_TOO_LARGE',
    ],
    [
      'oversize ciphertext',
      () => decryptCallback('A'.repeat(MAX_CALLBACK_BYTES + 4), key),
      'CALLBACK_TOO_LARGE',
    ],
    [
      'oversize signed body',
      () => assertContentSignature('x'.repeat(MAX_CALLBACK_BYTES + 1), 'sha256=' + '0'.repeat(64), 't'),
      'CALLBACK_TOO_LARGE',
    ],
    ['empty body', () => parseCallbackDelivery('', 'text/plain'), 'CALLBACK_EMPTY'],
    ['whitespace-only body', () => parseCallbackDelivery(' \r\n\t', 'application/json'), 'CALLBACK_EMPTY'],
    ['empty encrypt field', () => parseCallbackDelivery('{"encrypt":""}'), 'CALLBACK_EMPTY'],
    [
      'JSON without encrypt that is no message',
      () => parseCallbackDelivery('{"hello":"world"}', 'application/json'),
      'CALLBACK_BAD_FORMAT',
    ],
    ['encrypt is a number', () => parseCallbackDelivery('{"encrypt":12345}'), 'CALLBACK_BAD_FORMAT'],
    ['encrypt is null', () => parseCallbackDelivery('{"encrypt":null}'), 'CALLBACK_BAD_FORMAT'],
    ['encrypt is not base64', () => parseCallbackDelivery('{"encrypt":"%%%"}'), 'CALLBACK_BAD_BASE64'],
    ['JSON array body', () => parseCallbackDelivery('[{"encrypt":"AAAA"}]'), 'CALLBACK_BAD_FORMAT'],
    [
      'broken JSON body',
      () => parseCallbackDelivery('{"encrypt": "abc', 'application/json'),
      'CALLBACK_BAD_JSON',
    ],
    [
      'declared JSON, body is prose',
      () => parseCallbackDelivery('hello, world', 'application/json'),
      'CALLBACK_BAD_JSON',
    ],
    [
      'text/plain body that is not base64',
      () => parseCallbackDelivery('hello there!', 'text/plain'),
      'CALLBACK_BAD_BASE64',
    ],
    [
      'body is not a string',
      () => parseCallbackDelivery(Buffer.from('{}') as unknown as string),
      'CALLBACK_BAD_FORMAT',
    ],
    [
      'ciphertext is not a string',
      () => decryptCallback(null as unknown as string, key),
      'CALLBACK_BAD_FORMAT',
    ],
    [
      'signature header missing',
      () => assertContentSignature(signed.body, undefined, signed.token),
      'CALLBACK_BAD_SIGNATURE',
    ],
    [
      'signature header empty',
      () => assertContentSignature(signed.body, '', signed.token),
      'CALLBACK_BAD_SIGNATURE',
    ],
    [
      'signature without the sha256= prefix',
      () => assertContentSignature(signed.body, signed.contentSignature.slice(7), signed.token),
      'CALLBACK_BAD_SIGNATURE',
    ],
    [
      'signature with another algorithm',
      () =>
        assertContentSignature(signed.body, signed.contentSignature.replace('sha256', 'sha1'), signed.token),
      'CALLBACK_BAD_SIGNATURE',
    ],
    [
      'signature one digit short',
      () => assertContentSignature(signed.body, signed.contentSignature.slice(0, -1), signed.token),
      'CALLBACK_BAD_SIGNATURE',
    ],
    [
      'signature with non-hex digits',
      () => assertContentSignature(signed.body, signed.contentSignature.replace(/.$/, 'g'), signed.token),
      'CALLBACK_BAD_SIGNATURE',
    ],
    [
      'two signatures in one header',
      () =>
        assertContentSignature(
          signed.body,
          `${signed.contentSignature},${signed.contentSignature}`,
          signed.token,
        ),
      'CALLBACK_BAD_SIGNATURE',
    ],
    [
      'signature as base64 instead of hex',
      () =>
        assertContentSignature(
          signed.body,
          `sha256=${Buffer.from(signed.contentSignature.slice(7), 'hex').toString('base64')}`,
          signed.token,
        ),
      'CALLBACK_BAD_SIGNATURE',
    ],
    [
      'no signature token configured',
      () => assertContentSignature(signed.body, signed.contentSignature, ''),
      'CALLBACK_BAD_KEY',
    ],
  ];

  for (const [label, action, code] of cases) {
    it(`${label} → ${code}`, async () => {
      expect(await codeOf(action)).toBe(code);
    });
  }

  it('verifyContentSignature answers false (never throws) for every bad header', async () => {
    for (const header of [
      undefined,
      null,
      '',
      'sha256=',
      'sha1=abc',
      signed.contentSignature.slice(0, -1),
      'sha256=' + 'z'.repeat(64),
    ]) {
      expect(await verifyContentSignature(signed.body, header, signed.token)).toBe(false);
    }
    expect(await verifyContentSignature(signed.body, signed.contentSignature, '')).toBe(false);
  });

  it('never leaks the key, the token or the plaintext in an error message', async () => {
    const messages: string[] = [];
    const actions: (() => Promise<unknown>)[] = [
      () => decryptCallback(sample.ciphertextBase64, 'TencentEssEncryptTestKey87654321'),
      () => decryptCallback(sample.ciphertextBase64, `${key}x`),
      () => assertContentSignature(signed.body, 'sha256=' + '0'.repeat(64), signed.token),
    ];
    for (const action of actions) {
      await action().catch((error: Error) => messages.push(error.message));
    }
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      expect(message).not.toContain('TencentEssEncryptTestKey');
      expect(message).not.toContain(signed.token);
      expect(message).not.toContain('yDRtr');
    }
  });

  it('throws nothing but CallbackError for random bodies and random ciphertexts (fuzz, fixed budget)', async () => {
    for (let i = 0; i < 300; i++) {
      const bytes = randomBytes(1 + (i % 97));
      const asText =
        i % 3 === 0
          ? bytes.toString('base64')
          : i % 3 === 1
            ? bytes.toString('latin1')
            : `{"encrypt":"${bytes.toString('base64')}"}`;
      try {
        const delivery = parseCallbackDelivery(asText, i % 2 ? 'text/plain' : 'application/json');
        if (delivery.kind === 'encrypted') await decryptCallback(delivery.ciphertext, key);
      } catch (error) {
        expect(error).toBeInstanceOf(CallbackError);
      }
    }
  });
});
