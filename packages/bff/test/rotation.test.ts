/**
 * Secret rotation without downtime: browser tokens signed with the previous BFF_TOKEN_SECRET stay
 * valid while it is listed second; callbacks sealed with the previous CallbackUrlKey/token pair are
 * accepted until ESS_CALLBACK_PREVIOUS_UNTIL, and refused after it.
 */
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { type Stack, startStack, TEST_SECRETS } from './harness.js';

const OLD_SECRET = 'old-token-secret-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const NEW_SECRET = 'new-token-secret-f9e8d7c6b5a4938271605f4e3d2c1b0a';
const OLD_KEY = 'OldCallbackKey-00000000000000000';
const OLD_TOKEN = 'old-callback-token-1234';

const stacks: Stack[] = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) await s.close();
});
async function stackWith(env: Record<string, string>) {
  const s = await startStack({}, env);
  stacks.push(s);
  return s;
}

/** A FlowStatusChange callback body sealed with `key` and signed with `token`. */
async function sealed(key: string, token: string, n: number) {
  const plaintext = JSON.stringify({
    MsgId: `yDrotation${String(n).padStart(22, '0')}`,
    MsgType: 'FlowStatusChange',
    MsgVersion: 'CustomApp',
    MsgData: {
      FlowId: `yDrotflow${String(n).padStart(23, '0')}`,
      FlowCallbackStatus: 1,
      Operate: 'start',
      OccurTime: 1_800_000_000 + n,
    },
  });
  const body = JSON.stringify({ encrypt: await encryptCallback(plaintext, key) });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-signature': await signContentSignature(body, token),
    },
  };
}

describe('BFF_TOKEN_SECRET rotation', () => {
  it('accepts tokens of the previous secret while it is listed, and only then', async () => {
    const before = await stackWith({ BFF_TOKEN_SECRET: OLD_SECRET });
    const oldToken = await before.token({ flowIds: ['yDrotationflow0000000000000001'] });
    const during = await stackWith({ BFF_TOKEN_SECRET: `${NEW_SECRET},${OLD_SECRET}` });
    const after = await stackWith({ BFF_TOKEN_SECRET: NEW_SECRET });
    const newToken = await during.token({ flowIds: ['yDrotationflow0000000000000001'] });
    const read = (s: Stack, token: string) =>
      s.call('/v1/flows/yDrotationflow0000000000000001', { key: token });

    expect((await read(during, oldToken)).status).not.toBe(401);
    expect((await read(during, newToken)).status).not.toBe(401);
    expect((await read(after, newToken)).status).not.toBe(401); // minted with the new secret
    const refused = await read(after, oldToken);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'TOKEN_INVALID']);
    expect((await read(before, newToken)).status).toBe(401);
  });
});

describe('callback key and token rotation', () => {
  it('accepts the previous pair until its end, the new pair always', async () => {
    const env = {
      ESS_CALLBACK_KEY_PREVIOUS: OLD_KEY,
      ESS_CALLBACK_TOKEN_PREVIOUS: OLD_TOKEN,
    };
    const open = await stackWith({
      ...env,
      ESS_CALLBACK_PREVIOUS_UNTIL: new Date(Date.now() + 3600_000).toISOString(),
    });
    const closed = await stackWith({
      ...env,
      ESS_CALLBACK_PREVIOUS_UNTIL: new Date(Date.now() - 1000).toISOString(),
    });
    const post = async (s: Stack, delivery: { body: string; headers: Record<string, string> }) =>
      s.call('/v1/callbacks/ess', { key: null, method: 'POST', ...delivery });

    expect((await post(open, await sealed(OLD_KEY, OLD_TOKEN, 1))).status).toBe(200);
    expect(
      (await post(open, await sealed(TEST_SECRETS.callbackKey, TEST_SECRETS.callbackToken, 2))).status,
    ).toBe(200);
    // A mixed pair is not a pair: the old key with the new token fits neither.
    expect((await post(open, await sealed(OLD_KEY, TEST_SECRETS.callbackToken, 3))).status).toBe(400);

    const late = await post(closed, await sealed(OLD_KEY, OLD_TOKEN, 4));
    expect([late.status, late.body.error.code]).toEqual([401, 'CALLBACK_BAD_SIGNATURE']);
    expect(
      (await post(closed, await sealed(TEST_SECRETS.callbackKey, TEST_SECRETS.callbackToken, 5))).status,
    ).toBe(200);
    for (const s of [open, closed]) for (const l of s.logs) expect(l).not.toContain(OLD_KEY);
  });
});
