/**
 * The source address of a request, for per-address limits. It is the socket's peer, unless
 * `BFF_TRUSTED_PROXIES` names the proxies in front of the BFF: then it is the right-most
 * `X-Forwarded-For` entry that is not a trusted proxy. (Entries to the left of that were written by
 * the client itself and prove nothing; a peer that is not a trusted proxy cannot speak for anyone.)
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

/** What a request's address is when the runtime does not say (not Node): one shared bucket. */
export const UNKNOWN_ADDRESS = 'unknown';

/** True for an IPv4/IPv6 address or a CIDR range of one (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** IPv4 peers of a dual-stack socket arrive as `::ffff:a.b.c.d`. */
const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** Builds the trusted-proxy matcher; entries are validated by the configuration. */
export function trustedProxies(entries: readonly string[]): (address: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const candidate = plain(address);
    const family = isIP(candidate);
    return family !== 0 && list.check(candidate, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The socket peer's address (Node); {@link UNKNOWN_ADDRESS} elsewhere. */
function socketAddress(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

/** The request's source address under the trusted-proxy rule. */
export function clientAddress(c: Context, isTrusted: (address: string) => boolean): string {
  return sourceAddress(socketAddress(c), () => c.req.header('x-forwarded-for'), isTrusted);
}

/**
 * The trusted-proxy rule over a socket peer's address (undefined off Node) and the request's
 * `X-Forwarded-For` (asked for only when the peer is a trusted proxy).
 */
export function sourceAddress(
  remoteAddress: string | undefined,
  forwardedFor: () => string | undefined,
  isTrusted: (address: string) => boolean,
): string {
  const peer = remoteAddress ? plain(remoteAddress) : UNKNOWN_ADDRESS;
  if (!isTrusted(peer)) return peer;
  const forwarded = (forwardedFor() ?? '').split(',').map(plain).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (!isTrusted(forwarded[i])) return forwarded[i].slice(0, 64);
  }
  // Every hop is a trusted proxy: the left-most is as close to the client as we can tell.
  return forwarded[0]?.slice(0, 64) ?? peer;
}
