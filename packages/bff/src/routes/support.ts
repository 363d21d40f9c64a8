/**
 * Small helpers every route uses: reading a JSON body, validating it with zod into a clear 400,
 * choosing who an ESS call acts for, Idempotency-Key handling and base64 PDF clean-up.
 */
import { hash } from 'node:crypto';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { BffConfig } from '../config.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { ActingOrganization } from '../ess/client.js';
import { isPlatform, isSeparateTenant, subCompanyActing } from '../platform/tenants.js';

/** Reads the body as a JSON object; empty or malformed bodies get INVALID_JSON. */
export async function readJsonObject(c: Context<BffEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type))
    throw new BffError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with "Content-Type: application/json"',
    );
  const text = await c.req.text();
  if (text.trim() === '') throw new BffError('INVALID_JSON', 'The request body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BffError('INVALID_JSON', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BffError('INVALID_JSON', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Formats zod issues as `path: message` lines. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.slice(0, 20).map((i) => {
    const path = i.path.map(String).join('.') || '(body)';
    if (i.code === 'unrecognized_keys')
      return {
        path,
        message: `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    return { path, message: i.message };
  });
}

/** Validates `value`, throwing VALIDATION_FAILED (or UNKNOWN_FIELD) that names the first bad field. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, what = 'request body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = describeIssues(result.error.issues);
  const unknown = result.error.issues.some((i) => i.code === 'unrecognized_keys');
  const first = issues[0];
  throw new BffError(
    unknown ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED',
    `Invalid ${what}: ${first.path}: ${first.message}`,
    { issues },
  );
}

/** The operator of the main organization. */
export function mainOperator(config: BffConfig): string {
  return config.organization.operatorUserId ?? config.ess.operatorUserId;
}

/**
 * Who an ESS call acts for: the main organization (null/undefined/its own id) or a configured group
 * member (sent as Agent.ProxyOrganizationId). Anything else is refused.
 */
export function actingFor(config: BffConfig, organizationId: string | null | undefined): ActingOrganization {
  // 第三方应用: every call is for a sub-company (platform/tenants.ts).
  if (isPlatform(config)) return subCompanyActing(config, organizationId);
  if (!organizationId || organizationId === config.organization.organizationId)
    return { operatorUserId: mainOperator(config), proxyOrganizationId: null };
  const member = config.groupMembers.find((m) => m.organizationId === organizationId);
  if (!member)
    throw new BffError(
      'UNKNOWN_ORGANIZATION',
      `Organization ${organizationId} is not a group member configured on this BFF`,
    );
  return {
    operatorUserId: member.operatorUserId ?? mainOperator(config),
    proxyOrganizationId: member.organizationId,
  };
}

/** The operator and company the guide's silent-sign rules compare a silent signer with. */
export function operatorIdentity(
  config: BffConfig,
  as: ActingOrganization,
): { UserId: string; OrganizationName?: string } {
  const name = as.proxyOrganizationId
    ? config.groupMembers.find((m) => m.organizationId === as.proxyOrganizationId)?.name
    : config.organization.name;
  return { UserId: as.operatorUserId, ...(name ? { OrganizationName: name } : {}) };
}

/** Id under which owners are recorded for the main organization when its OrganizationId is not configured. */
export function ownerIdOf(config: BffConfig, as: ActingOrganization): string | null {
  return as.proxyOrganizationId ?? config.organization.organizationId ?? null;
}

/** True when a flow owned by `owner` belongs to organization `org` (null = main). */
export function ownedBy(config: BffConfig, owner: string | null, org: string | null): boolean {
  if (owner === null) return true;
  const ownerIsMember = isSeparateTenant(config, owner);
  if (org === null) return !ownerIsMember;
  return owner === org;
}

/** Strips a `data:...;base64,` prefix and whitespace; refuses anything that is not base64. */
export function cleanBase64(value: string, field: string): string {
  let body = value.trim();
  const match = /^data:[^,]*;base64,/i.exec(body);
  if (match) body = body.slice(match[0].length);
  body = body.replace(/\s+/g, '');
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 === 1)
    throw new BffError('VALIDATION_FAILED', `${field} must be base64 (with or without a data: URL prefix)`);
  return body;
}

/** True when the base64 body decodes to something starting with %PDF. */
export function looksLikePdf(base64: string): boolean {
  return Buffer.from(base64.slice(0, 8), 'base64').toString('latin1').startsWith('%PDF');
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** JSON with object keys sorted at every level, so equal inputs give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of a request's validated input: JSON and multipart forms of the same request agree. */
export function inputFingerprint(input: unknown): string {
  return hash('sha256', canonicalJson(input), 'hex') as string;
}

/**
 * Runs a scenario once per `Idempotency-Key`: a repeat gets the first answer (status and body), a
 * repeat while the first still runs gets 409, and the same key with a different request gets 422
 * (a new request needs a new key). `input` is the validated request, so a retry that re-encodes
 * its body (another multipart boundary, other key order) still counts as the same request.
 * Without the header it just runs.
 */
export async function idempotent(
  c: Context<BffEnv>,
  deps: BffDeps,
  route: string,
  input: unknown,
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) {
    const { status, body } = await run();
    return c.json(body as object, status as 200);
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(key))
    throw new BffError('BAD_REQUEST', 'Idempotency-Key must be 1-200 visible ASCII characters');
  const caller = c.get('caller');
  const who = caller.kind === 'partner' ? `k${caller.keyIndex}` : `t${caller.token.jti}`;
  const storeKey = `${who}:${route}:${key}`;
  const state = await deps.store.beginIdempotent(storeKey, IDEMPOTENCY_TTL_SECONDS);
  if (state.state === 'in-progress')
    throw new BffError(
      'IDEMPOTENCY_CONFLICT',
      'A request with this Idempotency-Key is still running; retry later',
    );
  const fingerprint = inputFingerprint(input);
  if (state.state === 'done') {
    if (state.fingerprint !== null && state.fingerprint !== fingerprint)
      throw new BffError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request; send a new key for a new request',
      );
    c.header('Idempotent-Replayed', 'true');
    return c.body(state.body, state.status as 200, { 'Content-Type': 'application/json' });
  }
  let result: { status: number; body: unknown };
  try {
    result = await run();
  } catch (err) {
    await deps.store.abandonIdempotent(storeKey).catch(() => {});
    throw err;
  }
  await deps.store.finishIdempotent(
    storeKey,
    result.status,
    JSON.stringify(result.body),
    IDEMPOTENCY_TTL_SECONDS,
    fingerprint,
  );
  return c.json(result.body as object, result.status as 200);
}
