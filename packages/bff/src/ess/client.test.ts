/**
 * The ESS client's routing and identity handling, against two real HTTP servers standing in for the
 * API host and the file host (they record what arrives and answer in ESS's envelope).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthorization } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BffError } from '../errors.js';
import { createLogger } from '../logger.js';
import { createEssClient, essBodyOf } from './client.js';
import { MAX_CONNECTIONS_PER_HOST } from './transport.js';

interface Seen {
  host: string;
  action: string;
  authorization: string;
  body: Record<string, unknown>;
}

function recorder(answer: (action: string) => Record<string, unknown>) {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (d) => {
      raw += d;
    });
    req.on('end', () => {
      const action = String(req.headers['x-tc-action']);
      seen.push({
        host: String(req.headers.host),
        action,
        authorization: String(req.headers.authorization),
        body: JSON.parse(raw),
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ Response: { ...answer(action), RequestId: `req-${seen.length}` } }));
    });
  });
  return { seen, server };
}

const api = recorder((action) =>
  action === 'CancelFlow' ? { Error: { Code: 'InternalError', Message: 'boom' } } : { FlowBriefs: [] },
);
const file = recorder(() => ({ FileIds: ['yDfile'], TotalCount: 1 }));
const urls: string[] = [];
const lines: string[] = [];

beforeAll(async () => {
  for (const r of [api, file]) {
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    urls.push(`http://127.0.0.1:${(r.server.address() as AddressInfo).port}`);
  }
});
afterAll(async () => {
  for (const r of [api, file]) await new Promise((resolve) => r.server.close(resolve));
});

function client() {
  return createEssClient({
    endpoint: urls[0],
    fileEndpoint: urls[1],
    secretId: 'AKIDclienttest',
    secretKey: 'client-test-secret-key',
    operatorUserId: 'yDmainOperator',
    timeoutMs: 2000,
    maxRetries: 2,
    retryBaseMs: 5,
    logger: createLogger({ secrets: ['client-test-secret-key'], sink: (l) => lines.push(l) }),
  });
}

describe('ESS client', () => {
  it('sends UploadFiles to the file host with Caller, everything else to the API host with Operator', async () => {
    const ess = client();
    await ess.call('UploadFiles', {
      BusinessType: 'DOCUMENT',
      Caller: { OperatorId: 'evil' },
      Operator: { UserId: 'evil' },
    });
    await ess.call('DescribeFlowBriefs', {
      FlowIds: ['a'],
      Operator: { UserId: 'evil' },
      Agent: { ProxyOrganizationId: 'evil' },
    });
    expect(file.seen.at(-1)).toMatchObject({
      action: 'UploadFiles',
      body: { Caller: { OperatorId: 'yDmainOperator' } },
    });
    expect(file.seen.at(-1)!.body).not.toHaveProperty('Operator');
    expect(api.seen.at(-1)).toMatchObject({
      action: 'DescribeFlowBriefs',
      body: { Operator: { UserId: 'yDmainOperator' } },
    });
    expect(api.seen.at(-1)!.body).not.toHaveProperty('Agent');
    const auth = parseAuthorization(api.seen.at(-1)!.authorization);
    expect(auth).toMatchObject({
      secretId: 'AKIDclienttest',
      service: 'ess',
      signedHeaders: ['content-type', 'host'],
    });
    ess.close();
  });

  it('fills Agent.ProxyOrganizationId for a group member', async () => {
    const ess = client();
    await ess.call(
      'DescribeFlowBriefs',
      { FlowIds: ['a'] },
      { as: { operatorUserId: 'yDop', proxyOrganizationId: 'yDmember' } },
    );
    expect(api.seen.at(-1)!.body).toMatchObject({
      Operator: { UserId: 'yDop' },
      Agent: { ProxyOrganizationId: 'yDmember' },
    });
    ess.close();
  });

  it('maps ESS errors to BFF codes, logs the RequestId and never the secret', async () => {
    const ess = client();
    const before = api.seen.length;
    const err = await ess.call('CancelFlow', { FlowId: 'f', CancelMessage: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(BffError);
    expect((err as BffError).code).toBe('ESS_UNAVAILABLE');
    expect((err as BffError).details).toMatchObject({
      essCode: 'InternalError',
      essRequestId: expect.any(String),
    });
    expect(api.seen.length - before).toBe(1); // a write without ClientToken is never retried
    expect(lines.some((l) => l.includes('"essRequestId"'))).toBe(true);
    expect(lines.join('\n')).not.toContain('client-test-secret-key');
    ess.close();
  });

  it('reports an unreachable ESS as ESS_UNAVAILABLE', async () => {
    const ess = createEssClient({
      endpoint: 'http://127.0.0.1:9',
      fileEndpoint: 'http://127.0.0.1:9',
      secretId: 'a',
      secretKey: 'b',
      operatorUserId: 'c',
      timeoutMs: 500,
      maxRetries: 1,
      retryBaseMs: 5,
      logger: createLogger({ sink: () => {} }),
    });
    await expect(ess.call('DescribeFlowBriefs', { FlowIds: ['a'] })).rejects.toMatchObject({
      code: 'ESS_UNAVAILABLE',
    });
    ess.close();
  });

  it('keeps connections to an ESS host open and reuses them, at most MAX_CONNECTIONS_PER_HOST at once', async () => {
    const sockets = new Set<unknown>();
    let inFlight = 0;
    let most = 0;
    // In the parallel phase the server holds each answer until MAX_CONNECTIONS_PER_HOST requests are
    // in flight (a condition, not a delay: on a loaded machine a fixed hold let early answers finish
    // before the last requests arrived), then answers them all at once.
    let holdUntil = 0;
    let held: (() => void)[] = [];
    const slow = createServer((req, res) => {
      sockets.add(req.socket);
      req.resume();
      req.on('end', () => {
        inFlight++;
        most = Math.max(most, inFlight);
        held.push(() => {
          inFlight--;
          res.setHeader('content-type', 'application/json');
          res.end('{"Response":{"FlowBriefs":[],"RequestId":"r"}}');
        });
        if (held.length >= holdUntil) {
          const answer = held;
          held = [];
          for (const release of answer) release();
        }
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const ess = createEssClient({
      endpoint: url,
      fileEndpoint: url,
      secretId: 'AKIDclienttest',
      secretKey: 'client-test-secret-key',
      operatorUserId: 'yDmainOperator',
      timeoutMs: 5000,
      maxRetries: 0,
      retryBaseMs: 5,
      rateLimits: { DescribeFlowBriefs: 1000 },
      logger: createLogger({ sink: () => {} }),
    });
    try {
      // One after another: the same connection or two (a socket freed a tick late is skipped once).
      for (let i = 0; i < 20; i++) await ess.call('DescribeFlowBriefs', { FlowIds: ['a'] });
      expect(sockets.size).toBeLessThanOrEqual(2);
      holdUntil = MAX_CONNECTIONS_PER_HOST;
      await Promise.all(
        Array.from({ length: MAX_CONNECTIONS_PER_HOST * 2 }, () =>
          ess.call('DescribeFlowBriefs', { FlowIds: ['a'] }),
        ),
      );
      expect(most).toBe(MAX_CONNECTIONS_PER_HOST);
      expect(sockets.size).toBeLessThanOrEqual(MAX_CONNECTIONS_PER_HOST);
    } finally {
      ess.close();
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('hands back the body ESS sent, for routes that pass the answer on unchanged', async () => {
    const ess = client();
    const result = await ess.call('DescribeFlowBriefs', { FlowIds: ['a'] });
    expect(essBodyOf(result)).toBe(
      JSON.stringify({ Response: { FlowBriefs: [], RequestId: `req-${api.seen.length}` } }),
    );
    expect(Object.keys(result)).toEqual(['FlowBriefs', 'RequestId']); // not a field of the answer
    ess.close();
  });

  it('answers ESS_TIMEOUT when ESS sends nothing within the timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const ess = createEssClient({
      endpoint: url,
      fileEndpoint: url,
      secretId: 'a',
      secretKey: 'b',
      operatorUserId: 'c',
      timeoutMs: 300,
      maxRetries: 0,
      retryBaseMs: 5,
      logger: createLogger({ sink: () => {} }),
    });
    const started = performance.now();
    await expect(ess.call('DescribeFlowBriefs', { FlowIds: ['a'] })).rejects.toMatchObject({
      code: 'ESS_TIMEOUT',
    });
    expect(performance.now() - started).toBeLessThan(2000);
    ess.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('logs an answer whose shape differs from the schema, after handing it over as it is', async () => {
    const odd = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('{"Response":{"FlowBriefs":"not a list","RequestId":"odd"}}'));
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
    const seen: string[] = [];
    const ess = createEssClient({
      endpoint: url,
      fileEndpoint: url,
      secretId: 'a',
      secretKey: 'b',
      operatorUserId: 'c',
      timeoutMs: 2000,
      maxRetries: 0,
      retryBaseMs: 5,
      logger: createLogger({ sink: (l) => seen.push(l) }),
    });
    const result = await ess.call('DescribeFlowBriefs', { FlowIds: ['a'] });
    expect(result.FlowBriefs).toBe('not a list');
    await expect
      .poll(() => seen.find((l) => l.includes('ess response shape differs')))
      .toContain('"path":"FlowBriefs"');
    ess.close();
    odd.closeAllConnections();
    await new Promise((resolve) => odd.close(resolve));
  });
});
