import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readVector } from '../../test/vectors.js';
import { buildEssHeaders, canonicalHost, parseAuthorization, signTc3, tc3Date } from './tc3.js';

interface Tc3Vector {
  name: string;
  secretId: string;
  secretKey: string;
  timestamp: number;
  service: string;
  host: string;
  contentType: string;
  body: string;
  hashedPayload?: string;
  hashedCanonicalRequest?: string;
  signature: string;
}

const { cases } = readVector<{ cases: Tc3Vector[] }>('tc3-signing.json');

// The official Node SDK's signer, used as an oracle (dev dependency, never shipped).
const require = createRequire(import.meta.url);
const OfficialSign = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js').default as {
  sign3(options: {
    method?: string;
    url: string;
    payload: unknown;
    timestamp: number;
    service: string;
    secretId: string;
    secretKey: string;
    multipart: boolean;
    boundary?: string;
    headers: Record<string, string>;
  }): string;
};

describe('signTc3 against the golden vectors', () => {
  it('has vectors to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  for (const vector of cases) {
    it(`reproduces ${vector.name}`, async () => {
      const result = await signTc3({
        secretId: vector.secretId,
        secretKey: vector.secretKey,
        service: vector.service,
        host: vector.host,
        timestamp: vector.timestamp,
        body: vector.body,
        contentType: vector.contentType,
      });
      if (vector.hashedPayload) expect(result.hashedPayload).toBe(vector.hashedPayload);
      if (vector.hashedCanonicalRequest) {
        expect(createHash('sha256').update(result.canonicalRequest).digest('hex')).toBe(
          vector.hashedCanonicalRequest,
        );
      }
      expect(result.signature).toBe(vector.signature);
      expect(result.date).toBe(tc3Date(vector.timestamp));
      expect(result.authorization).toBe(
        `TC3-HMAC-SHA256 Credential=${vector.secretId}/${result.date}/${vector.service}/tc3_request, ` +
          `SignedHeaders=content-type;host, Signature=${vector.signature}`,
      );
    });
  }

  it('builds the documented canonical request and string to sign for the CVM example', async () => {
    const cvm = cases.find((c) => c.name === 'official-cvm-example')!;
    const result = await signTc3({ ...cvm, contentType: cvm.contentType });
    expect(result.canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n' +
        'content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(result.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n' +
        '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
  });
});

describe('signTc3 against the official tencentcloud-sdk-nodejs-common signer', () => {
  const credentials = {
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  };
  const midnight = Date.UTC(2024, 1, 29) / 1000; // a leap day, 00:00:00 UTC
  const inputs: {
    label: string;
    url: string;
    host: string;
    service: string;
    timestamp: number;
    body: string;
  }[] = [
    {
      label: 'production host',
      url: 'https://ess.tencentcloudapi.com/',
      host: 'ess.tencentcloudapi.com',
      service: 'ess',
      timestamp: 1_700_000_000,
      body: '{"Operator":{"UserId":"yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy"}}',
    },
    {
      label: 'test host',
      url: 'https://ess.test.ess.tencent.cn/',
      host: 'ess.test.ess.tencent.cn',
      service: 'ess',
      timestamp: 1_717_171_717,
      body: '{"FlowIds":["yDRCLUUgygq2xun5UuO4zjEwg0vjoimj"]}',
    },
    {
      label: 'file host with the Node SDK service label',
      url: 'https://file.test.ess.tencent.cn/',
      host: 'file.test.ess.tencent.cn',
      service: 'file',
      timestamp: 1_717_171_717,
      body: '{"BusinessType":"DOCUMENT","FileInfos":[{"FileName":"a.pdf","FileBody":"JVBERi0="}]}',
    },
    {
      label: 'host with a port (emulator)',
      url: 'http://127.0.0.1:8788/',
      host: '127.0.0.1:8788',
      service: 'ess',
      timestamp: 1_717_171_717,
      body: '{}',
    },
    {
      label: 'localhost with a port',
      url: 'http://localhost:45123/',
      host: 'LOCALHOST:45123',
      service: 'ess',
      timestamp: 1_717_171_717,
      body: '{"Limit":1}',
    },
    {
      label: 'one second before UTC midnight',
      url: 'https://ess.tencentcloudapi.com/',
      host: 'ess.tencentcloudapi.com',
      service: 'ess',
      timestamp: midnight - 1,
      body: '{"a":1}',
    },
    {
      label: 'exactly UTC midnight',
      url: 'https://ess.tencentcloudapi.com/',
      host: 'ess.tencentcloudapi.com',
      service: 'ess',
      timestamp: midnight,
      body: '{"a":1}',
    },
    {
      label: 'UTC midnight is 08:00 in Beijing, 16:00 UTC is the next day there',
      url: 'https://ess.tencentcloudapi.com/',
      host: 'ess.tencentcloudapi.com',
      service: 'ess',
      timestamp: midnight + 16 * 3600 + 1,
      body: '{"a":1}',
    },
    {
      label: 'unicode body (CJK, emoji, escapes)',
      url: 'https://ess.tencentcloudapi.com/',
      host: 'ess.tencentcloudapi.com',
      service: 'ess',
      timestamp: 1_700_000_123,
      body: JSON.stringify({ FlowName: '劳动合同（2024）— 张三 ✍️', Note: 'line\nbreak "quoted" \\ back' }),
    },
    {
      label: 'another service',
      url: 'https://cvm.tencentcloudapi.com/',
      host: 'cvm.tencentcloudapi.com',
      service: 'cvm',
      timestamp: 1_551_113_065,
      body: '{"Limit": 1}',
    },
  ];

  for (const input of inputs) {
    for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
      it(`matches byte for byte: ${input.label} (${contentType})`, async () => {
        const expected = OfficialSign.sign3({
          method: 'POST',
          url: input.url,
          payload: Buffer.from(input.body, 'utf8'),
          timestamp: input.timestamp,
          service: input.service,
          multipart: false,
          headers: { 'Content-Type': contentType },
          ...credentials,
        });
        const ours = await signTc3({ ...credentials, ...input, contentType });
        expect(ours.authorization).toBe(expected);
      });
    }
  }

  it('matches the SDK when the SDK serialises an object payload itself', async () => {
    const payload = {
      FlowName: '测试流程',
      Approvers: [{ ApproverName: '张三', ApproverMobile: '15912345678' }],
    };
    const expected = OfficialSign.sign3({
      url: 'https://ess.tencentcloudapi.com/',
      payload,
      timestamp: 1_700_000_000,
      service: 'ess',
      multipart: false,
      headers: { 'Content-Type': 'application/json' },
      ...credentials,
    });
    const ours = await signTc3({
      ...credentials,
      host: 'ess.tencentcloudapi.com',
      service: 'ess',
      timestamp: 1_700_000_000,
      body: new TextEncoder().encode(JSON.stringify(payload)),
    });
    expect(ours.authorization).toBe(expected);
  });

  it('signs host:port only when asked (what the Go SDK does), which then differs from the Node SDK', async () => {
    const base = {
      ...credentials,
      host: '127.0.0.1:8788',
      service: 'ess',
      timestamp: 1_700_000_000,
      body: '{}',
    };
    const withPort = await signTc3({ ...base, keepPort: true });
    expect(withPort.canonicalRequest).toContain('\nhost:127.0.0.1:8788\n');
    const withoutPort = await signTc3(base);
    expect(withoutPort.canonicalRequest).toContain('\nhost:127.0.0.1\n');
    expect(withPort.signature).not.toBe(withoutPort.signature);
  });
});

describe('signTc3 details', () => {
  const base = {
    secretId: 'AKIDtest',
    secretKey: 'secret',
    service: 'ess',
    host: 'ess.tencentcloudapi.com',
    timestamp: 1_700_000_000,
    body: '{"a":"é"}',
  };

  it('hashes the exact raw bytes: a string and its UTF-8 bytes sign the same, other bytes do not', async () => {
    const asString = await signTc3(base);
    const asBytes = await signTc3({ ...base, body: new TextEncoder().encode(base.body) });
    expect(asBytes.signature).toBe(asString.signature);
    // Same JSON value, different bytes (escaped é): a different signature.
    const escaped = await signTc3({ ...base, body: '{"a":"\\u00e9"}' });
    expect(escaped.signature).not.toBe(asString.signature);
    // Latin-1 bytes of the same text are different raw bytes too.
    const latin1 = await signTc3({ ...base, body: Uint8Array.from(Buffer.from(base.body, 'latin1')) });
    expect(latin1.hashedPayload).not.toBe(asString.hashedPayload);
  });

  it('uses the UTC date, not the local one', () => {
    // The suite runs under Asia/Shanghai (vitest.config.ts), where this instant is already the 26th:
    // on a UTC machine a local-date bug would pass unnoticed.
    expect(new Date(1_551_113_065_000).getDate()).toBe(26);
    expect(tc3Date(1_551_113_065)).toBe('2019-02-25'); // 2019-02-26 00:44 in UTC+8
    expect(tc3Date(Date.UTC(2024, 0, 1) / 1000 - 1)).toBe('2023-12-31');
    expect(tc3Date(Date.UTC(2024, 0, 1) / 1000)).toBe('2024-01-01');
  });

  it('signs with the UTC date late in the UTC day (already tomorrow in Beijing)', async () => {
    const timestamp = Date.UTC(2024, 0, 1, 20, 30) / 1000; // 2024-01-02 04:30 in UTC+8
    expect(new Date(timestamp * 1000).getDate()).toBe(2);
    const signed = await signTc3({ ...base, timestamp });
    expect(signed.date).toBe('2024-01-01');
    expect(signed.stringToSign.split('\n')[2]).toBe('2024-01-01/ess/tc3_request');
    expect(signed.authorization).toContain('Credential=AKIDtest/2024-01-01/ess/tc3_request');
  });

  it('defaults the content type to application/json', async () => {
    const result = await signTc3(base);
    expect(result.canonicalRequest.split('\n')[3]).toBe('content-type:application/json');
  });

  it('canonicalises hosts like the Node SDK', () => {
    expect(canonicalHost('ESS.TencentCloudAPI.com')).toBe('ess.tencentcloudapi.com');
    expect(canonicalHost('localhost:8788')).toBe('localhost');
    expect(canonicalHost('[::1]:8788')).toBe('[::1]');
    expect(canonicalHost('localhost:8788', true)).toBe('localhost:8788');
  });

  it.each([
    ['empty secretId', { secretId: '' }, /secretId is empty/],
    ['empty secretKey', { secretKey: '' }, /secretKey is empty/],
    ['bad service', { service: 'ESS Service' }, /service must be/],
    ['empty host', { host: ' ' }, /host is empty/],
    ['milliseconds timestamp', { timestamp: 1_700_000_000.5 }, /timestamp must be whole Unix seconds/],
    ['negative timestamp', { timestamp: -1 }, /timestamp/],
    ['NaN timestamp', { timestamp: Number.NaN }, /timestamp/],
    ['object body', { body: { a: 1 } as unknown as string }, /body must be the raw request body/],
  ])('rejects %s with a clear TypeError that never contains the secret', async (_label, patch, message) => {
    const input = { ...base, secretKey: 'TOP-SECRET-KEY', ...patch };
    const error = await signTc3(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('TOP-SECRET-KEY');
  });
});

describe('buildEssHeaders', () => {
  const input = {
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    service: 'ess',
    host: 'ess.tencentcloudapi.com',
    timestamp: 1_700_000_000,
    body: '{"Operator":{"UserId":"yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy"},"FlowIds":["yDRCLUUgygq2xun5UuO4zjEwg0vjoimj"]}',
    action: 'DescribeFlowBriefs',
  };

  it('produces every ESS header except Host, signed like the vector', async () => {
    const headers = await buildEssHeaders(input);
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      'X-TC-Action': 'DescribeFlowBriefs',
      'X-TC-Version': '2020-11-11',
      'X-TC-Timestamp': '1700000000',
      Authorization:
        'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2023-11-14/ess/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=34b1ee80fbedb2bc10fddf800d977559c927f4b569ff20ce3d0d6c765357e058',
    });
    expect(Object.keys(headers).map((k) => k.toLowerCase())).not.toContain('host');
  });

  it('adds region (even empty, as the Node SDK does), language and token only when given', async () => {
    const headers = await buildEssHeaders({ ...input, region: '', language: 'en-US', token: 'sts-token' });
    expect(headers['X-TC-Region']).toBe('');
    expect(headers['X-TC-Language']).toBe('en-US');
    expect(headers['X-TC-Token']).toBe('sts-token');
  });

  it('rejects a missing or malformed action', async () => {
    await expect(buildEssHeaders({ ...input, action: '' })).rejects.toThrow(
      /action must be an ESS action name/,
    );
    await expect(buildEssHeaders({ ...input, action: 'Describe Flow' })).rejects.toThrow(TypeError);
  });
});

describe('parseAuthorization', () => {
  const header =
    'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
    'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168';

  it('splits a well-formed header', () => {
    expect(parseAuthorization(header)).toEqual({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      date: '2019-02-25',
      service: 'cvm',
      signedHeaders: ['content-type', 'host'],
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    });
  });

  it('round-trips what signTc3 produces and tolerates comma spacing', async () => {
    const signed = await signTc3({
      secretId: 'AKIDx',
      secretKey: 'k',
      service: 'ess',
      host: 'ess.tencentcloudapi.com',
      timestamp: 1_700_000_000,
      body: '{}',
    });
    expect(parseAuthorization(signed.authorization)?.signature).toBe(signed.signature);
    expect(parseAuthorization(header.replaceAll(', ', ','))?.service).toBe('cvm');
  });

  it.each([
    ['empty', ''],
    ['SKIP (Node SDK skipSign)', 'SKIP'],
    ['other algorithm', header.replace('TC3-HMAC-SHA256', 'HMAC-SHA1')],
    ['short signature', header.slice(0, -2)],
    ['non-hex signature', header.replace(/.{4}$/, 'zzzz')],
    ['missing scope terminator', header.replace('/tc3_request', '')],
    ['bad date', header.replace('2019-02-25', '20190225')],
    ['missing SignedHeaders', header.replace('SignedHeaders=content-type;host, ', '')],
    ['not a string', 42 as unknown as string],
  ])('returns null for %s', (_label, value) => {
    expect(parseAuthorization(value)).toBeNull();
  });
});

// Edges the mutation run (npm run mutation) found untested.
describe('signing input checks and header details', () => {
  const input = {
    secretId: 'AKIDtest',
    secretKey: 'secret',
    service: 'ess',
    host: 'ess.tencentcloudapi.com',
    timestamp: 1_700_000_000,
    body: '{}',
  };
  const problem = async (patch: Record<string, unknown>) => {
    try {
      await signTc3({ ...input, ...patch } as typeof input);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      return (error as Error).message;
    }
    return null;
  };

  it('names each bad input, joined, and never the secret', async () => {
    expect(await problem({ secretId: '  ' })).toContain('secretId is empty');
    expect(await problem({ secretKey: '' })).toContain('secretKey is empty');
    expect(await problem({ service: 'ESS' })).toContain('service must be');
    expect(await problem({ service: 'ess!' })).toContain('service must be');
    expect(await problem({ host: '  ' })).toContain('host is empty');
    expect(await problem({ timestamp: -1 })).toContain('timestamp must be');
    expect(await problem({ timestamp: 253402300800 })).toContain('timestamp must be');
    expect(await problem({ timestamp: 0 })).toBeNull();
    expect(await problem({ timestamp: 253402300799 })).toBeNull();
    expect(await problem({ secretId: '', secretKey: '' })).toBe(
      'Cannot sign the request: secretId is empty; secretKey is empty.',
    );
    expect(await problem({ secretId: ' ', secretKey: 'top-secret-value', host: '' })).not.toContain(
      'top-secret-value',
    );
  });

  it('trims the host and keeps a host URL parsing cannot read as it is', () => {
    expect(canonicalHost('  ESS.TencentCloudAPI.com  ')).toBe('ess.tencentcloudapi.com');
    expect(canonicalHost('not a host')).toBe('not a host');
  });

  it('trims the content type in the signature and in the header', async () => {
    const plain = await signTc3({ ...input, contentType: 'application/json' });
    const spaced = await signTc3({ ...input, contentType: '  application/json  ' });
    expect(spaced.signature).toBe(plain.signature);
    const headers = await buildEssHeaders({
      ...input,
      action: 'DescribeFlowBriefs',
      contentType: ' text/plain ',
    });
    expect(headers['Content-Type']).toBe('text/plain');
  });

  it('leaves region, language and token out entirely when not given, and refuses a missing action', async () => {
    const headers = await buildEssHeaders({ ...input, action: 'DescribeFlowBriefs' });
    expect(Object.keys(headers).sort()).toEqual(
      ['Authorization', 'Content-Type', 'X-TC-Action', 'X-TC-Timestamp', 'X-TC-Version'].sort(),
    );
    await expect(
      buildEssHeaders({ ...input, action: undefined } as unknown as Parameters<typeof buildEssHeaders>[0]),
    ).rejects.toThrow(/action must be an ESS action name/);
  });

  it('parses only a whole TC3 header, tolerating spacing', () => {
    const signature = 'a'.repeat(64);
    const header = `TC3-HMAC-SHA256 Credential=AKIDx/2024-01-01/ess/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
    expect(parseAuthorization(`  ${header}  `)?.signature).toBe(signature);
    expect(parseAuthorization(header.replace('SHA256 ', 'SHA256   '))?.secretId).toBe('AKIDx');
    expect(parseAuthorization(`x ${header}`)).toBeNull();
    expect(parseAuthorization(`${header}0`)).toBeNull();
    expect(parseAuthorization(header.replace('tc3_request', 'tc3_request '))).not.toBeNull();
    expect(parseAuthorization(header.replace('/ess/', '/ESS/'))).toBeNull();
    expect(parseAuthorization(header.replace('SignedHeaders=', 'SignedHeaders= '))).toBeNull();
  });

  it('names inputs of the wrong type with the same clear message (not a crash inside a string method)', async () => {
    expect(await problem({ secretId: undefined })).toBe('Cannot sign the request: secretId is empty.');
    expect(await problem({ secretKey: 42 })).toBe('Cannot sign the request: secretKey is empty.');
    expect(await problem({ service: undefined })).toBe(
      'Cannot sign the request: service must be a lower-case product name such as "ess".',
    );
    expect(await problem({ host: undefined })).toBe('Cannot sign the request: host is empty.');
  });

  it('tolerates spaces before the commas and drops empty signed-header names', () => {
    const signature = 'b'.repeat(64);
    const parsed = parseAuthorization(
      `TC3-HMAC-SHA256 Credential=AKIDx/2024-01-01/ess/tc3_request , SignedHeaders=content-type;;host; , Signature=${signature}`,
    );
    expect(parsed?.signedHeaders).toEqual(['content-type', 'host']);
    expect(parsed?.signature).toBe(signature);
  });
});
