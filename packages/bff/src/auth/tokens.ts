/**
 * Browser tokens: short-lived HS256 JWTs (hono/jwt) that name exactly what one page may touch —
 * flow ids, template ids, QR code ids, component actions and the organization. Checked for
 * signature, expiry, issuer and audience on every request.
 */
import { sign, verify } from 'hono/jwt';
import { BffError } from '../errors.js';

/** The component actions a browser token may be granted (docs/internals.md). */
export const BROWSER_ACTIONS = [
  'DescribeFlowBriefs',
  'DescribeFlowInfo',
  'CreateSchemeUrl',
  'DescribeFileUrls',
  'CreateMultiFlowSignQRCode',
  'CancelMultiFlowSignQRCode',
] as const;
export type BrowserAction = (typeof BROWSER_ACTIONS)[number];

/** What a verified token allows. */
export interface TokenScope {
  flowIds: string[];
  templateIds: string[];
  qrCodeIds: string[];
  actions: BrowserAction[];
  /** Group member the token acts for; null = the main organization. */
  organizationId: string | null;
}

/** A verified browser token. */
export interface BrowserToken extends TokenScope {
  /** Token id (rate limiting key). */
  jti: string;
  /** Unix seconds. */
  exp: number;
}

/** Settings for minting and checking tokens. */
export interface TokenSettings {
  /** Signs new tokens; checked first. */
  secret: string;
  /** Earlier secrets still accepted while a rotation settles (`BFF_TOKEN_SECRET=new,old`). */
  previousSecrets?: readonly string[];
  audience: string;
  issuer: string;
}

/** The token settings of a BFF configuration (one place for minting and every check). */
export function tokenSettings(config: {
  tokens: { secret: string; previousSecrets: readonly string[]; audience: string; issuer: string };
}): TokenSettings {
  const { secret, previousSecrets, audience, issuer } = config.tokens;
  return { secret, previousSecrets, audience, issuer };
}

/** Limits of a scope, so a token stays small enough for a URL (`?token=`). */
export const MAX_IDS_PER_KIND = 100;

/** Mints a token; `ttlSeconds` is already validated by the caller. */
export async function mintToken(
  settings: TokenSettings,
  scope: TokenScope,
  ttlSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<{ token: string; expiresAt: string }> {
  const exp = nowSeconds + ttlSeconds;
  const payload = {
    iss: settings.issuer,
    aud: settings.audience,
    sub: 'browser',
    iat: nowSeconds,
    nbf: nowSeconds,
    exp,
    jti: crypto.randomUUID(),
    scope: {
      f: scope.flowIds,
      t: scope.templateIds,
      q: scope.qrCodeIds,
      a: scope.actions,
      o: scope.organizationId,
    },
  };
  const token = await sign(payload, settings.secret, 'HS256');
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A JWT has three base64url segments; partner keys are checked before anything that looks like one. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}

/**
 * Verifies a browser token.
 * @throws BffError TOKEN_EXPIRED or TOKEN_INVALID (never says which part of the secret failed)
 */
export async function verifyToken(settings: TokenSettings, token: string): Promise<BrowserToken> {
  let payload: Record<string, unknown> | undefined;
  let failure: unknown;
  // The current secret first; a previous one only when the signature did not match the current one.
  for (const secret of [settings.secret, ...(settings.previousSecrets ?? [])]) {
    try {
      payload = (await verify(token, secret, {
        alg: 'HS256',
        iss: settings.issuer,
        aud: settings.audience,
      })) as Record<string, unknown>;
      break;
    } catch (err) {
      failure = err;
      if ((err as Error)?.name !== 'JwtTokenSignatureMismatched') break;
    }
  }
  if (!payload) {
    const name = (failure as Error)?.name ?? '';
    if (name === 'JwtTokenExpired')
      throw new BffError(
        'TOKEN_EXPIRED',
        'The browser token has expired; ask the partner backend for a new one',
      );
    throw new BffError('TOKEN_INVALID', 'The browser token is not valid for this BFF');
  }
  const scope = payload.scope as Record<string, unknown> | undefined;
  if (
    payload.sub !== 'browser' ||
    typeof payload.jti !== 'string' ||
    typeof payload.exp !== 'number' ||
    !scope ||
    !isStringArray(scope.f) ||
    !isStringArray(scope.t) ||
    !isStringArray(scope.q) ||
    !isStringArray(scope.a) ||
    !(scope.o === null || typeof scope.o === 'string')
  )
    throw new BffError('TOKEN_INVALID', 'The browser token is not valid for this BFF');
  return {
    jti: payload.jti,
    exp: payload.exp,
    flowIds: scope.f,
    templateIds: scope.t,
    qrCodeIds: scope.q,
    actions: scope.a.filter((a): a is BrowserAction => (BROWSER_ACTIONS as readonly string[]).includes(a)),
    organizationId: scope.o as string | null,
  };
}
