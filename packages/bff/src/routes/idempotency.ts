/**
 * `Idempotency-Key` handling: a POST retried with the same key gets the first answer, keyed by the
 * caller and the route, and refused when the key comes back with a different request.
 */
import { hash } from 'node:crypto';
import type { Context } from 'hono';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';

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
