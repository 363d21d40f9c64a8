/**
 * TC3-HMAC-SHA256 request signing for Tencent Cloud API 3.0 (ess-api.md §2), on Web Crypto.
 *
 * The canonical request is always `POST /` with the signed headers `content-type;host`, and the payload
 * hash is taken over the exact raw body bytes: re-serialising JSON would change the hash.
 */
import { ESS_VERSION } from '../defaults.js';
import { hmacSha256, sha256Hex, toHex, utf8Bytes } from './web-crypto.js';

const ALGORITHM = 'TC3-HMAC-SHA256';
const SIGNED_HEADERS = 'content-type;host';

/** What a TC3 signature covers. */
export interface Tc3Input {
  secretId: string;
  secretKey: string;
  /** Product name in the credential scope, `ess` for every ess host. */
  service: string;
  /** Endpoint host, e.g. `ess.tencentcloudapi.com` or `127.0.0.1:8788`. */
  host: string;
  /** Unix seconds; also the source of the (UTC) credential date. */
  timestamp: number;
  /** The exact body that is sent. Strings are hashed as UTF-8. */
  body: string | Uint8Array;
  /** Default `application/json`. Must be the Content-Type actually sent. */
  contentType?: string;
  /**
   * Sign `host:port` instead of the bare hostname. The official Node SDK signs the hostname without the
   * port (and that is the default here); the Go SDK signs whatever endpoint was configured, port included.
   * A verifier that must accept both tries both.
   */
  keepPort?: boolean;
}

/** The signature and every intermediate value (handy for debugging a mismatch with a server). */
export interface Tc3Signature {
  /** Full `Authorization` header value. */
  authorization: string;
  /** 64 lower-case hex characters. */
  signature: string;
  /** UTC calendar date of the timestamp, `YYYY-MM-DD`. */
  date: string;
  hashedPayload: string;
  canonicalRequest: string;
  stringToSign: string;
}

/** Extra ESS request headers around a signature. */
export interface EssHeaderInput extends Tc3Input {
  action: string;
  /** Default `2020-11-11`. */
  version?: string;
  /** Sent as `X-TC-Region` only when given (ess treats it as optional). */
  region?: string;
  /** `zh-CN` or `en-US`. */
  language?: string;
  /** STS session token for temporary credentials. */
  token?: string;
}

/** The parts of a TC3 `Authorization` header. */
export interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** UTC `YYYY-MM-DD` of a Unix timestamp in seconds (local time would break every day at midnight UTC+8). */
export function tc3Date(timestamp: number): string {
  // Every call of a second has the same date: the last one is kept (a Date and an ISO string less).
  if (timestamp !== lastDate.timestamp)
    lastDate = { timestamp, date: new Date(timestamp * 1000).toISOString().slice(0, 10) };
  return lastDate.date;
}
let lastDate = { timestamp: Number.NaN, date: '' };

/**
 * The host as it enters the canonical headers: lower-cased, trimmed and, unless `keepPort`, without a
 * port — the same value `new URL(url).hostname` gives the official Node SDK.
 */
export function canonicalHost(host: string, keepPort = false): string {
  const trimmed = host.trim().toLowerCase();
  if (keepPort) return trimmed;
  // A client signs for one or two hosts: the last answer is kept (parsing a URL per call showed).
  if (trimmed === lastHost.host) return lastHost.hostname;
  let hostname: string;
  try {
    hostname = new URL(`http://${trimmed}/`).hostname;
  } catch {
    hostname = trimmed;
  }
  lastHost = { host: trimmed, hostname };
  return hostname;
}
let lastHost = { host: '', hostname: '' };

function assertInput(input: Tc3Input): void {
  const problems: string[] = [];
  if (typeof input.secretId !== 'string' || input.secretId.trim() === '') problems.push('secretId is empty');
  if (typeof input.secretKey !== 'string' || input.secretKey === '') problems.push('secretKey is empty');
  if (typeof input.service !== 'string' || !/^[a-z0-9-]+$/.test(input.service)) {
    problems.push('service must be a lower-case product name such as "ess"');
  }
  if (typeof input.host !== 'string' || input.host.trim() === '') problems.push('host is empty');
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0 || input.timestamp > 253402300799) {
    problems.push('timestamp must be whole Unix seconds (e.g. Math.floor(Date.now() / 1000))');
  }
  if (typeof input.body !== 'string' && !(input.body instanceof Uint8Array)) {
    problems.push('body must be the raw request body as a string or Uint8Array');
  }
  // Never echo secrets back: the message names what is wrong, not the values.
  if (problems.length > 0) throw new TypeError(`Cannot sign the request: ${problems.join('; ')}.`);
}

/** Derived signing keys kept; one per secret, date and service in use is plenty. */
const SIGNING_KEYS_KEPT = 16;
/** Signs a string to sign with one derived key: the hex signature. */
type Signer = (stringToSign: string) => string | Promise<string>;
const signingKeys = new Map<string, Promise<Signer>>();

/**
 * The TC3 signing key (kSigning) for one secret, UTC date and service, as a signer over a
 * non-extractable Web Crypto HMAC key (Web Crypto only, so this runs in browsers, Node and edge
 * runtimes alike). It changes only when the date does, so it is derived once (three HMACs and a key
 * import, most of the cost of signing a call) and reused for the rest of the day. Bounded, oldest dropped first; a failed derivation is not kept.
 */
function signingKey(secretKey: string, date: string, service: string): Promise<Signer> {
  const id = `${date}\n${service}\n${secretKey}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = (async (): Promise<Signer> => {
      const kDate = await hmacSha256(`TC3${secretKey}`, date);
      const kService = await hmacSha256(kDate, service);
      const kSigning = await hmacSha256(kService, 'tc3_request');
      const cryptoKey = await crypto.subtle.importKey(
        'raw',
        utf8Bytes(kSigning),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      return async (message) =>
        toHex(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, utf8Bytes(message))));
    })();
    key.catch(() => signingKeys.delete(id));
    if (signingKeys.size >= SIGNING_KEYS_KEPT) signingKeys.delete(signingKeys.keys().next().value as string);
    signingKeys.set(id, key);
  }
  return key;
}

/**
 * Signs a POST request with TC3-HMAC-SHA256.
 *
 * @throws TypeError naming the missing or malformed input (never including a secret).
 */
export async function signTc3(input: Tc3Input): Promise<Tc3Signature> {
  assertInput(input);
  const contentType = (input.contentType ?? 'application/json').trim();
  const date = tc3Date(input.timestamp);
  const hashedPayload = await sha256Hex(input.body);
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${contentType}\nhost:${canonicalHost(input.host, input.keepPort)}\n`,
    SIGNED_HEADERS,
    hashedPayload,
  ].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [ALGORITHM, String(input.timestamp), scope, await sha256Hex(canonicalRequest)].join(
    '\n',
  );

  const sign = await signingKey(input.secretKey, date, input.service);
  const signature = await sign(stringToSign);

  return {
    authorization: `${ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
    signature,
    date,
    hashedPayload,
    canonicalRequest,
    stringToSign,
  };
}

/**
 * Every header an ESS request needs except `Host` (fetch sets it from the URL):
 * `Content-Type`, `X-TC-Action`, `X-TC-Version`, `X-TC-Timestamp`, optional `X-TC-Region`,
 * `X-TC-Language`, `X-TC-Token`, and `Authorization`.
 */
export async function buildEssHeaders(input: EssHeaderInput): Promise<Record<string, string>> {
  if (typeof input.action !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(input.action)) {
    throw new TypeError(
      'Cannot sign the request: action must be an ESS action name such as "DescribeFlowBriefs".',
    );
  }
  const { authorization } = await signTc3(input);
  const headers: Record<string, string> = {
    'Content-Type': (input.contentType ?? 'application/json').trim(),
    'X-TC-Action': input.action,
    'X-TC-Version': input.version ?? ESS_VERSION,
    'X-TC-Timestamp': String(input.timestamp),
  };
  if (input.region !== undefined) headers['X-TC-Region'] = input.region;
  if (input.language !== undefined) headers['X-TC-Language'] = input.language;
  if (input.token !== undefined) headers['X-TC-Token'] = input.token;
  headers.Authorization = authorization;
  return headers;
}

const AUTHORIZATION_PATTERN =
  /^TC3-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-fA-F]{64})$/;

/**
 * Splits a TC3 `Authorization` header into its parts; `null` when it is not a well-formed TC3 header.
 * Tolerates spacing differences after the commas (SDKs differ); does not check the signature.
 */
export function parseAuthorization(header: string): ParsedAuthorization | null {
  if (typeof header !== 'string') return null;
  const match = AUTHORIZATION_PATTERN.exec(header.trim());
  if (!match) return null;
  const [, secretId, date, service, signedHeaders, signature] = match;
  return {
    secretId,
    date,
    service,
    signedHeaders: signedHeaders.split(';').filter(Boolean),
    signature: signature.toLowerCase(),
  };
}
