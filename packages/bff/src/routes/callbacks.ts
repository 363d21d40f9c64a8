/**
 * ESS callback intake: `POST /v1/callbacks/ess` (the "default" target) and
 * `POST /v1/callbacks/ess/:target` (each configured target with its own key and token).
 *
 * Accepts the legacy `text/plain` base64 body and the v2 `{"encrypt": "…"}` JSON body; answers the
 * `{}` reachability probe with 200. When the target has a token (required outside the emulator),
 * `Content-Signature` is checked over the raw bytes and unsigned deliveries are refused (an unsigned
 * probe still gets its 200: it carries nothing). Plaintext messages are refused (every target has a key).
 *
 * No decryption oracle: every failure after the signature check — bad base64, bad padding, bad UTF-8
 * or JSON, a decrypted body that is not a callback message — gets one answer (400
 * `CALLBACK_REJECTED`, the same message), with the detail only in the log; and every refusal spends
 * the source address's failed-attempt budget (429 once it is spent), shared with authentication.
 *
 * The 200 is sent only after the event is durable (dedupe + log + snapshot in one transaction), so
 * an acknowledged callback is never lost; a duplicate gets 200 and is recorded once. Bad input is a
 * 4xx with a stable code; a store that cannot write answers 503 so that ESS retries.
 */
import {
  assertContentSignature,
  CallbackError,
  type CallbackErrorCode,
  decryptCallback,
  MAX_CALLBACK_BYTES,
  normalizeCallback,
  parseCallbackDelivery,
} from '@ess-kit/shared';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CallbackTargetConfig } from '../config.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { ingestEvent } from '../ingest/intake.js';

/** What a caller of the intake can be told; shared's finer codes after the signature stay in the log. */
export type IntakeErrorCode =
  | 'CALLBACK_TOO_LARGE'
  | 'CALLBACK_BAD_SIGNATURE'
  | 'CALLBACK_REJECTED'
  | 'CALLBACK_UNKNOWN_TARGET'
  | 'CALLBACK_UNENCRYPTED'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE';

const STATUS: Record<IntakeErrorCode, number> = {
  CALLBACK_TOO_LARGE: 413,
  CALLBACK_BAD_SIGNATURE: 401,
  CALLBACK_REJECTED: 400,
  CALLBACK_UNKNOWN_TARGET: 404,
  CALLBACK_UNENCRYPTED: 400,
  RATE_LIMITED: 429,
  STORE_UNAVAILABLE: 503,
};
/** The intake's codes and statuses (docs/callbacks.md lists them; test/docs checks it). */
export const CALLBACK_INTAKE_STATUS: Readonly<Record<IntakeErrorCode, number>> = STATUS;

/** Shared's codes a caller may see as they are; every other one becomes `CALLBACK_REJECTED`. */
const PUBLIC_CALLBACK_CODES = new Set<CallbackErrorCode>(['CALLBACK_TOO_LARGE', 'CALLBACK_BAD_SIGNATURE']);

/** The one answer to every body that fails after the signature check (no padding/JSON oracle). */
const REJECTED_MESSAGE =
  'The callback could not be decrypted into an ESS callback message; check the CallbackUrlKey configured for this URL (details are in the BFF log)';

/** ESS waits 5 s; answer well before, so that a slow store turns into a retry, not a timeout. */
const INTAKE_DEADLINE_MS = 4000;

class IntakeError extends Error {
  constructor(
    readonly code: IntakeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function requestIdOf(c: Context<BffEnv>): string {
  return c.get('requestId') ?? crypto.randomUUID();
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new IntakeError('STORE_UNAVAILABLE', 'The event store did not answer in time; retry')),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** A key/token pair a callback may be sealed with. */
type CallbackPair = Pick<CallbackTargetConfig, 'key' | 'token'>;

/** The target's pair, then its previous pair while that is still accepted (a rotation in progress). */
function pairsOf(target: CallbackTargetConfig, now: number): CallbackPair[] {
  const previous = target.previous;
  return previous && now < Date.parse(previous.until) ? [target, previous] : [target];
}

/**
 * Verifies, decrypts and parses a delivery with the first pair that fits; null for a probe. A pair "fits"
 * when its token verifies the signature and its key decrypts; otherwise the next pair is tried and,
 * when none fits, the current pair's refusal is what the caller sees.
 */
async function openDelivery(
  raw: Uint8Array,
  delivery: ReturnType<typeof parseCallbackDelivery>,
  signature: string | undefined,
  pairs: CallbackPair[],
): Promise<ReturnType<typeof normalizeCallback> | null> {
  let firstError: unknown;
  for (const pair of pairs) {
    try {
      if (pair.token && !(delivery.kind === 'probe' && !signature)) {
        await assertContentSignature(raw, signature, pair.token);
      }
      if (delivery.kind === 'probe') return null;
      if (delivery.kind === 'plain') {
        throw new IntakeError(
          'CALLBACK_UNENCRYPTED',
          'Unencrypted callbacks are refused: configure the CallbackUrlKey in ESS',
        );
      }
      // Parsing belongs to the fit: a wrong key can, rarely, yield valid padding and garbage.
      return normalizeCallback(await decryptCallback(delivery.ciphertext, pair.key));
    } catch (error) {
      if (!(error instanceof CallbackError)) throw error;
      firstError ??= error;
    }
  }
  throw firstError;
}

/** The callback routes. Mount with `app.route('/', callbackRoutes(deps))`, outside partner/token auth. */
export function callbackRoutes(deps: BffDeps): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  const log = deps.logger.child({ component: 'callbacks' });
  const targets = new Map(deps.config.callbacks.targets.map((t) => [t.name, t]));

  const refuse = (
    c: Context<BffEnv>,
    code: IntakeErrorCode,
    message: string,
    target: string,
    detail?: CallbackErrorCode,
  ) => {
    const requestId = requestIdOf(c);
    deps.metrics.callbacks.inc({ outcome: 'refused', code });
    // Codes only: never the key, the token, the body or the plaintext.
    log.warn('callback refused', {
      code,
      ...(detail ? { detail } : {}),
      target,
      requestId,
      contentType: c.req.header('content-type') ?? null,
    });
    if (code !== 'STORE_UNAVAILABLE' && code !== 'RATE_LIMITED') deps.failedAttempts.fail(c);
    return c.json({ error: { code, message, requestId } }, STATUS[code] as 400);
  };

  const handle = async (c: Context<BffEnv>, name: string) => {
    const blocked = deps.failedAttempts.retryAfter(c);
    if (blocked > 0) {
      c.header('Retry-After', String(blocked));
      return refuse(
        c,
        'RATE_LIMITED',
        `Too many refused callbacks from this address; retry after ${blocked} s`,
        name.slice(0, 64),
      );
    }
    const target = targets.get(name);
    if (!target)
      return refuse(
        c,
        'CALLBACK_UNKNOWN_TARGET',
        `No callback target named "${name.slice(0, 64)}" is configured`,
        name.slice(0, 64),
      );
    try {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const text = new TextDecoder('utf-8', { fatal: false }).decode(raw);
      const delivery = parseCallbackDelivery(text, c.req.header('content-type'));
      const signature = c.req.header('content-signature');
      const event = await openDelivery(raw, delivery, signature, pairsOf(target, deps.clock.now()));
      if (event === null) return c.json({ ok: true }, 200);
      const result = await withDeadline(
        ingestEvent(deps.store, event, { targetOrganizationId: target.organizationId ?? null, logger: log }),
        INTAKE_DEADLINE_MS,
      ).catch((error) => {
        if (error instanceof IntakeError) throw error;
        log.error('callback not stored', {
          target: name,
          requestId: requestIdOf(c),
          error: (error as Error).message,
        });
        throw new IntakeError('STORE_UNAVAILABLE', 'The event could not be stored; retry later');
      });
      log.info('callback', {
        target: name,
        msgType: event.msgType,
        flowId: event.flowId ?? null,
        duplicate: result.duplicate,
        requestId: requestIdOf(c),
      });
      deps.metrics.callbacks.inc({ outcome: result.duplicate ? 'duplicate' : 'accepted', code: '' });
      return c.json({ ok: true, duplicate: result.duplicate }, 200);
    } catch (error) {
      if (error instanceof IntakeError) return refuse(c, error.code, error.message, name);
      if (error instanceof CallbackError && PUBLIC_CALLBACK_CODES.has(error.code))
        return refuse(c, error.code as IntakeErrorCode, error.message, name);
      if (!(error instanceof CallbackError))
        // Unexpected input that slipped past the parsers: still the one 4xx, never a 500.
        log.error('callback failed', {
          target: name,
          requestId: requestIdOf(c),
          error: (error as Error).message,
        });
      return refuse(c, 'CALLBACK_REJECTED', REJECTED_MESSAGE, name, (error as CallbackError).code);
    }
  };

  const limit = bodyLimit({
    maxSize: MAX_CALLBACK_BYTES,
    onError: (c) =>
      refuse(
        c as Context<BffEnv>,
        'CALLBACK_TOO_LARGE',
        `Callback bodies are limited to ${MAX_CALLBACK_BYTES} bytes`,
        c.req.param('target') ?? 'default',
      ),
  });
  app.post('/v1/callbacks/ess', limit, (c) => handle(c, 'default'));
  app.post('/v1/callbacks/ess/:target', limit, (c) => handle(c, c.req.param('target')));
  return app;
}

export type { CallbackTargetConfig };
