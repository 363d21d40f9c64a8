import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, isAddressOrRange, trustedProxies } from './client-address.js';

/** The address `clientAddress` finds for a request from socket `peer` with `X-Forwarded-For: xff`. */
async function addressOf(peer: string, xff: string | null, trusted: string[]): Promise<string> {
  const app = new Hono();
  const isTrusted = trustedProxies(trusted);
  app.get('/', (c) => c.text(clientAddress(c, isTrusted)));
  const headers: Record<string, string> = xff === null ? {} : { 'x-forwarded-for': xff };
  const res = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } });
  return res.text();
}

describe('client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims', async () => {
    expect(await addressOf('198.51.100.9', '203.0.113.1', [])).toBe('198.51.100.9');
    expect(await addressOf('::ffff:198.51.100.9', null, [])).toBe('198.51.100.9');
  });

  it('behind trusted proxies, is the right-most X-Forwarded-For entry that is not one of them', async () => {
    const trusted = ['10.0.0.0/8', '192.0.2.1'];
    expect(await addressOf('10.1.2.3', '203.0.113.1', trusted)).toBe('203.0.113.1');
    // The client wrote the left part itself; the proxies appended the right part.
    expect(await addressOf('10.1.2.3', '1.1.1.1, 203.0.113.1, 192.0.2.1', trusted)).toBe('203.0.113.1');
    // A peer that is not a trusted proxy cannot speak for anyone.
    expect(await addressOf('198.51.100.9', '203.0.113.1', trusted)).toBe('198.51.100.9');
    // Only proxies in the chain: the left-most is the closest we know.
    expect(await addressOf('10.1.2.3', '10.9.9.9', trusted)).toBe('10.9.9.9');
    expect(await addressOf('10.1.2.3', null, trusted)).toBe('10.1.2.3');
  });

  it('accepts addresses and CIDR ranges only', () => {
    for (const ok of ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'])
      expect(isAddressOrRange(ok), ok).toBe(true);
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.0/8/1', '', 'fd00::/129'])
      expect(isAddressOrRange(bad), bad).toBe(false);
  });
});
