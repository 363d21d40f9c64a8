/**
 * TC3-HMAC-SHA256 verification of incoming API calls (ess-api.md §2), reusing the shared signer.
 * Tolerant of what real SDKs do (§2.2): the credential-scope service may be `ess`, `file` or the
 * first label of the Host (the Node SDK pointed at `127.0.0.1:8788` signs with `127`), and the
 * signed host may carry the port or not.
 */
import { timingSafeEqual } from 'node:crypto';
import { ESS_ACTIONS, ESS_VERSION, parseAuthorization, signTc3, tc3Date } from '@ess-kit/shared';
import type { EmulatorConfig } from './context.js';
import { EmulatorError } from './state/errors.js';

/** What distinguishes one product served at `POST /` from another (ess, essbasic). */
export interface ProductSpec {
  /** The product as signed (`ess`, `essbasic`): always an accepted credential-scope service. */
  service: string;
  version: string;
  actions: readonly string[];
}

/** The `ess` 2020-11-11 product (the default of {@link verifyRequest}). */
export const ESS_PRODUCT: ProductSpec = { service: 'ess', version: ESS_VERSION, actions: ESS_ACTIONS };

/** A call that passed verification. */
export interface VerifiedCall {
  action: string;
  secretId: string;
  timestamp: number;
  language: string | null;
}

const SIGNATURE_FAILURE =
  'The provided credentials could not be validated. Please check your signature is correct.';

function fail(code: string, message: string): never {
  throw new EmulatorError(code, message, 400);
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Services accepted in the credential scope for a given Host header. */
export function acceptedServices(host: string, product: ProductSpec = ESS_PRODUCT): string[] {
  const firstLabel = host
    .trim()
    .toLowerCase()
    .replace(/^\[/, '')
    .split(/[.:\]]/)[0];
  return [...new Set([product.service, 'file', firstLabel].filter((s) => /^[a-z0-9-]+$/.test(s)))];
}

/**
 * Verifies headers and signature of `POST /`. `nowSeconds` is wall-clock time: SDKs sign with
 * their real clock, so advancing the emulator clock must not make every call "expired".
 *
 * @throws EmulatorError with the ESS code (InvalidAction, NoSuchVersion, AuthFailure.*, MissingParameter).
 */
export async function verifyRequest(
  headers: Headers,
  body: Uint8Array,
  config: Pick<EmulatorConfig, 'secretId' | 'secretKey' | 'maxClockSkewSeconds'>,
  nowSeconds: number,
  product: ProductSpec = ESS_PRODUCT,
): Promise<VerifiedCall> {
  const action = headers.get('x-tc-action')?.trim() ?? '';
  if (!action) fail('MissingParameter', 'The request is missing the X-TC-Action header.');
  if (!product.actions.includes(action)) {
    fail(
      'InvalidAction',
      `The action ${JSON.stringify(action.slice(0, 64))} does not exist (${product.service} ${product.version} here serves: ${product.actions.join(', ')}).`,
    );
  }
  const version = headers.get('x-tc-version')?.trim() ?? '';
  if (!version)
    fail('MissingParameter', `The request is missing the X-TC-Version header (use ${product.version}).`);
  if (version !== product.version)
    fail(
      'NoSuchVersion',
      `The API version ${JSON.stringify(version.slice(0, 32))} does not exist; use ${product.version}.`,
    );
  const timestampText = headers.get('x-tc-timestamp')?.trim() ?? '';
  if (!timestampText)
    fail('MissingParameter', 'The request is missing the X-TC-Timestamp header (unix seconds).');
  if (!/^\d{1,12}$/.test(timestampText))
    fail('InvalidParameter', 'X-TC-Timestamp must be unix seconds (an integer).');
  const timestamp = Number(timestampText);
  const authorization = headers.get('authorization') ?? '';
  if (!authorization)
    fail('AuthFailure.SignatureFailure', `${SIGNATURE_FAILURE} (The Authorization header is missing.)`);
  const parsed = parseAuthorization(authorization);
  if (!parsed)
    fail(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is malformed; expected "TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=content-type;host, Signature=<hex>".',
    );
  if (Math.abs(nowSeconds - timestamp) > config.maxClockSkewSeconds) {
    fail(
      'AuthFailure.SignatureExpire',
      `Signature expired: X-TC-Timestamp ${timestamp} is more than ${config.maxClockSkewSeconds / 60} minutes from server time ${nowSeconds}; check the client's clock.`,
    );
  }
  if (parsed.secretId !== config.secretId)
    fail(
      'AuthFailure.SecretIdNotFound',
      'The SecretId is not found, please ensure that your SecretId is correct.',
    );
  const host = headers.get('host') ?? '';
  const services = acceptedServices(host, product);
  if (!services.includes(parsed.service)) {
    fail(
      'AuthFailure.SignatureFailure',
      `${SIGNATURE_FAILURE} (Credential scope service ${JSON.stringify(parsed.service)} is not one of ${services.join(', ')}.)`,
    );
  }
  if (parsed.date !== tc3Date(timestamp)) {
    fail(
      'AuthFailure.SignatureFailure',
      `${SIGNATURE_FAILURE} (Credential date ${parsed.date} is not the UTC date of X-TC-Timestamp, ${tc3Date(timestamp)}.)`,
    );
  }
  if (parsed.signedHeaders.join(';') !== 'content-type;host') {
    fail('AuthFailure.SignatureFailure', `${SIGNATURE_FAILURE} (SignedHeaders must be content-type;host.)`);
  }
  const contentType = headers.get('content-type') ?? '';
  for (const keepPort of [false, true]) {
    const expected = await signTc3({
      secretId: config.secretId,
      secretKey: config.secretKey,
      service: parsed.service,
      host,
      timestamp,
      body,
      contentType,
      keepPort,
    });
    if (sameHex(expected.signature, parsed.signature)) {
      return { action, secretId: parsed.secretId, timestamp, language: headers.get('x-tc-language') };
    }
  }
  fail('AuthFailure.SignatureFailure', SIGNATURE_FAILURE);
}
