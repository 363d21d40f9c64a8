// No decryption oracle at the callback intake: a padding-oracle attacker tampers with a captured
// callback's ciphertext and watches how the intake answers. Every tampered ciphertext must get the
// same answer — with a Content-Signature token (refused before decryption) and without one (every
// failure after decryption is the one CALLBACK_REJECTED) — in comparable time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_KEY, DEV_TOKEN, type LiveBff, post, startLiveBff } from './support.js';

/** A captured callback: a signer's mobile number is what the attacker is after. */
const PLAINTEXT = JSON.stringify({
  MsgId: 'yDoracle-msg-0001',
  MsgType: 'FlowStatusChange',
  MsgVersion: 'v2',
  MsgData: {
    FlowId: 'yDoracleFlow00000000000000000001',
    FlowStatus: 4,
    Operate: 'sign',
    ApproverMobile: '13912345678',
    OccurTime: 1_732_800_000,
  },
});

const bytes = (b64: string) => Uint8Array.from(Buffer.from(b64, 'base64'));
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');

/** What an attacker compares: status and body (the per-request id aside). */
const answerShape = (status: number, json: unknown) =>
  JSON.stringify({ status, json }).replace(/"requestId":"[^"]*"/, '"requestId":"…"');

/** The classic probe: flip the last byte of the block before the last one through all 256 values. */
function tamperedLastByte(ciphertext: Uint8Array): Uint8Array[] {
  const at = ciphertext.length - 17;
  return Array.from({ length: 256 }, (_, guess) => {
    const copy = ciphertext.slice();
    copy[at] ^= guess;
    return copy;
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('callback intake: no padding oracle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-oracle-'));
  let bff: LiveBff;
  let captured: Uint8Array;

  beforeAll(async () => {
    bff = await startLiveBff({
      storeUrl: join(dir, 'oracle.sqlite'),
      targets: [
        { name: 'default', key: DEV_KEY, token: DEV_TOKEN },
        // Emulator mode still allows a target without a token (test and production require one).
        { name: 'unsigned', key: DEV_KEY },
      ],
      // This suite measures answers, not the per-address budget (failed-attempts tests cover that).
      limits: { failedAttemptsPerMinute: 1_000_000 },
    });
    captured = bytes(await encryptCallback(PLAINTEXT, DEV_KEY));
  });
  afterAll(async () => {
    await bff?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (target: string, ciphertext: Uint8Array) =>
    post(`${bff.url}/v1/callbacks/ess/${target}`, JSON.stringify({ encrypt: b64(ciphertext) }), {
      'content-type': 'application/json',
    });

  it('without a token: all 256 tampered ciphertexts get one answer (400 CALLBACK_REJECTED)', async () => {
    const intact = await send('unsigned', captured);
    expect(intact.status).toBe(200);
    const answers = new Set<string>();
    for (const ciphertext of tamperedLastByte(captured).slice(1)) {
      const { status, json } = await send('unsigned', ciphertext);
      answers.add(answerShape(status, json));
    }
    expect([...answers]).toHaveLength(1);
    const [only] = answers;
    expect(JSON.parse(only)).toMatchObject({ status: 400, json: { error: { code: 'CALLBACK_REJECTED' } } });
  });

  it('with a token: every tampered ciphertext is refused by the signature check alone (401)', async () => {
    const answers = new Set<string>();
    for (const ciphertext of tamperedLastByte(captured)) {
      const { status, json } = await send('default', ciphertext);
      answers.add(answerShape(status, json));
    }
    expect([...answers]).toHaveLength(1);
    expect(JSON.parse([...answers][0])).toMatchObject({
      status: 401,
      json: { error: { code: 'CALLBACK_BAD_SIGNATURE' } },
    });
  });

  it('bad padding, not-JSON and not-a-callback plaintexts: the same answer in comparable time', async () => {
    // Three kinds an oracle would tell apart: padding that fails, padding that holds over bytes that are
    // not JSON, and JSON that is no callback message.
    const badPadding = bytes(await encryptCallback('x'.repeat(40), DEV_KEY));
    badPadding[badPadding.length - 17] ^= 0x5a;
    const kinds = {
      badPadding,
      notJson: bytes(await encryptCallback('not json at all, just bytes', DEV_KEY)),
      notCallback: bytes(await encryptCallback('{"hello":"world"}', DEV_KEY)),
    };
    const times: Record<string, number[]> = { badPadding: [], notJson: [], notCallback: [] };
    const answers = new Set<string>();
    for (let round = 0; round < 40; round++) {
      for (const [kind, ciphertext] of Object.entries(kinds)) {
        const started = performance.now();
        const { status, json } = await send('unsigned', ciphertext);
        times[kind].push(performance.now() - started);
        answers.add(answerShape(status, json));
      }
    }
    expect([...answers]).toHaveLength(1);
    const medians = Object.values(times).map(median);
    // Decryption itself takes microseconds; what differs must stay well inside the network's noise.
    expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(5);
  });

  it('a signed, intact delivery to the token target still passes', async () => {
    const body = JSON.stringify({ encrypt: b64(captured) });
    const res = await post(`${bff.url}/v1/callbacks/ess`, body, {
      'content-type': 'application/json',
      'content-signature': await signContentSignature(body, DEV_TOKEN),
    });
    expect(res.status).toBe(200);
  });
});
