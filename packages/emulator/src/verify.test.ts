/** TC3 verification and envelope errors over real HTTP: every code of issue 3's list. */
import { DEV_DEFAULTS } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, essErrorCode, officialClient, rawCall, startTestEmulator } from '../test/helpers.js';
import { acceptedServices } from './verify.js';

let emulator: Emulator;
const body = JSON.stringify({
  Operator: { UserId: DEV_DEFAULTS.emulatorOperatorUserId },
  FlowIds: ['yDnone'],
});

beforeAll(async () => {
  emulator = await startTestEmulator({ maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await emulator?.close();
});

async function code(action: string, payload: string, overrides: Parameters<typeof rawCall>[3] = {}) {
  const { status, json } = await rawCall(emulator.url, action, payload, overrides);
  expect(status).toBe(200);
  expect(json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  return json.Response.Error?.Code ?? 'OK';
}

describe('signature verification', () => {
  it('accepts a correct signature with service ess, file or the first label of the host, port or not', async () => {
    expect(await code('DescribeFlowBriefs', body)).toBe('OK');
    expect(await code('DescribeFlowBriefs', body, { service: 'file' })).toBe('OK');
    expect(await code('DescribeFlowBriefs', body, { service: '127' })).toBe('OK');
    expect(await code('DescribeFlowBriefs', body, { keepPort: true })).toBe('OK');
    expect(acceptedServices('file.test.ess.tencent.cn')).toEqual(['ess', 'file']);
    expect(acceptedServices('127.0.0.1:8788')).toEqual(['ess', 'file', '127']);
  });

  it('answers the documented AuthFailure codes', async () => {
    expect(await code('DescribeFlowBriefs', body, { secretKey: 'wrong-key' })).toBe(
      'AuthFailure.SignatureFailure',
    );
    expect(await code('DescribeFlowBriefs', body, { service: 'cvm' })).toBe('AuthFailure.SignatureFailure');
    expect(
      await code('DescribeFlowBriefs', body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
    ).toBe('AuthFailure.SignatureExpire');
    expect(
      await code('DescribeFlowBriefs', body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }),
    ).toBe('AuthFailure.SignatureExpire');
    expect(
      await code('DescribeFlowBriefs', body, { timestamp: Math.floor(Date.now() / 1000) - 4 * 60 }),
    ).toBe('OK');
    expect(await code('DescribeFlowBriefs', body, { secretId: 'AKIDunknown' })).toBe(
      'AuthFailure.SecretIdNotFound',
    );
    expect(await code('DescribeFlowBriefs', body, { headers: { Authorization: 'Bearer nope' } })).toBe(
      'AuthFailure.InvalidAuthorization',
    );
    // A body changed after signing no longer matches the payload hash.
    const { json } = await rawCall(emulator.url, 'DescribeFlowBriefs', body, { headers: {} });
    expect(json.Response.Error).toBeUndefined();
  });

  it('names unknown actions and versions', async () => {
    expect(await code('DescribeInstances', body)).toBe('InvalidAction');
    expect(await code('DescribeFlowBriefs', body, { version: '2017-03-12' })).toBe('NoSuchVersion');
  });

  it('refuses a tampered body', async () => {
    const { buildEssHeaders } = await import('@ess-kit/shared');
    const headers = await buildEssHeaders({
      secretId: DEV_DEFAULTS.emulatorSecretId,
      secretKey: DEV_DEFAULTS.emulatorSecretKey,
      service: 'ess',
      host: new URL(emulator.url).host,
      timestamp: Math.floor(Date.now() / 1000),
      body,
      action: 'DescribeFlowBriefs',
    });
    const response = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers,
      body: body.replace('yDnone', 'yDother'),
    });
    const json = (await response.json()) as { Response: { Error: { Code: string } } };
    expect(json.Response.Error.Code).toBe('AuthFailure.SignatureFailure');
  });
});

describe('request validation', () => {
  it('maps malformed JSON, missing and wrongly typed fields to the codes each action documents', async () => {
    expect(await code('DescribeFlowBriefs', '{"Operator":')).toBe('InvalidParameter');
    expect(await code('DescribeFlowBriefs', '[1,2]')).toBe('InvalidParameter');
    expect(
      await code(
        'CancelFlow',
        JSON.stringify({ Operator: { UserId: DEV_DEFAULTS.emulatorOperatorUserId }, FlowId: 'x' }),
      ),
    ).toBe('MissingParameter.CancelReason'); // CancelFlow names the missing CancelMessage so
    expect(
      await code(
        'CancelFlow',
        JSON.stringify({
          Operator: { UserId: DEV_DEFAULTS.emulatorOperatorUserId },
          FlowId: 42,
          CancelMessage: 'm',
        }),
      ),
    ).toBe('InvalidParameter.ParamError'); // CancelFlow documents no bare InvalidParameter
    expect(await code('DescribeFlowBriefs', JSON.stringify({ FlowIds: ['x'] }))).toBe('MissingParameter');
    expect(
      await code('DescribeFlowBriefs', JSON.stringify({ Operator: { UserId: 'yDnobody' }, FlowIds: ['x'] })),
    ).toBe('InvalidParameter.InvalidOperatorId'); // DescribeFlowBriefs' code for an unknown operator
  });

  it('refuses oversize bodies with RequestSizeLimitExceeded', async () => {
    const huge = JSON.stringify({
      Operator: { UserId: DEV_DEFAULTS.emulatorOperatorUserId },
      FlowIds: ['x'],
      Pad: 'a'.repeat(100 * 1024),
    });
    expect(await code('DescribeFlowBriefs', huge)).toBe('RequestSizeLimitExceeded');
  });

  it('gives the official SDK a catchable error with code and RequestId', async () => {
    const client = officialClient(emulator.url, {
      secretId: DEV_DEFAULTS.emulatorSecretId,
      secretKey: 'not-the-key',
    });
    expect(
      await essErrorCode(
        client.request('DescribeFlowBriefs', {
          Operator: { UserId: DEV_DEFAULTS.emulatorOperatorUserId },
          FlowIds: ['x'],
        }),
      ),
    ).toBe('AuthFailure.SignatureFailure');
  });
});
