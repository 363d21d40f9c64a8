/**
 * Callback delivery, exactly as the integration guide describes ESS's: POST, wait at most 5 s for
 * an answer, HTTP 200 means delivered, otherwise retry up to 5 times after 500 ms, 1 s, 2 s, 4 s
 * and 8 s. Delivery runs in the background — an API call never waits for a receiver — and every
 * delivery is recorded for `GET /_emulator/callbacks`.
 */
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { type CallbackTarget, describeTarget } from './targets.js';

/** The guide's retry schedule (delays before retries 1..5). */
export const GUIDE_RETRY_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000];
/** The guide's per-attempt timeout. */
export const GUIDE_TIMEOUT_MS = 5_000;

/** One message, already rendered for one target's format. */
export interface RenderedMessage {
  msgId: string | null;
  msgType: string;
  family: 'flow' | 'seal' | 'template' | 'staff' | 'fee' | 'qr';
  /** The acting organization the message is about. */
  organizationId: string | null;
  flowId?: string;
  /** The JSON text that is encrypted (or sent as is without a key). */
  plaintext: string;
}

export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  /** HTTP status of the receiver's answer, null when none came. */
  httpStatus: number | null;
  /** Network error or timeout, null when the receiver answered. */
  error: string | null;
}

export type DeliveryStatus = 'held' | 'pending' | 'delivered' | 'failed' | 'cancelled';

/** A delivery as `GET /_emulator/callbacks` shows it (no key, no token). */
export interface DeliveryRecord {
  id: number;
  msgId: string | null;
  msgType: string;
  family: RenderedMessage['family'];
  organizationId: string | null;
  flowId: string | null;
  target: ReturnType<typeof describeTarget>;
  status: DeliveryStatus;
  createdAt: string;
  deliveredAt: string | null;
  attempts: DeliveryAttempt[];
  /** Which fault changed this delivery: a duplicate copy, held back for reordering, or delayed. */
  fault: { duplicate: boolean; heldBack: boolean; delayMs: number };
  plaintext: string;
}

export interface DeliveryOptions {
  /** Delays before each retry; its length is the number of retries. Default: the guide's schedule. */
  retryDelaysMs?: readonly number[];
  /** Per-attempt timeout. Default 5000 ms. */
  timeoutMs?: number;
  /** How many records the log keeps (oldest dropped first). Default 5000. */
  maxRecords?: number;
}

interface Pending {
  record: DeliveryRecord;
  target: CallbackTarget;
  message: RenderedMessage;
}

export interface DeliveryFilter {
  msgType?: string;
  flowId?: string;
  status?: string;
  url?: string;
  organizationId?: string;
}

/** Sends rendered messages to targets with retries, and keeps the delivery log. */
export class CallbackSender {
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  readonly #maxRecords: number;
  #records: DeliveryRecord[] = [];
  #nextId = 1;
  #inFlight = new Set<Promise<void>>();
  /** Pending sleeps: cancelling resolves them, so no delivery is left waiting forever. */
  #sleeps = new Map<ReturnType<typeof setTimeout>, () => void>();
  /** Per target: resolves when the latest message's first attempt has an outcome (keeps order). */
  #lanes = new Map<string, Promise<void>>();
  #aborts = new Set<AbortController>();
  #closed = false;

  constructor(options: DeliveryOptions = {}) {
    this.retryDelaysMs = options.retryDelaysMs ?? GUIDE_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? GUIDE_TIMEOUT_MS;
    this.#maxRecords = options.maxRecords ?? 5_000;
  }

  /** Change the retry schedule or timeout for deliveries that start from now on. */
  configure(options: Pick<DeliveryOptions, 'retryDelaysMs' | 'timeoutMs'>): void {
    if (options.retryDelaysMs) this.retryDelaysMs = [...options.retryDelaysMs];
    if (options.timeoutMs !== undefined) this.timeoutMs = options.timeoutMs;
  }

  /**
   * Record a delivery. With `held: true` it waits for {@link release}; otherwise it starts after
   * `delayMs` in the background. Returns the live record.
   */
  enqueue(
    target: CallbackTarget,
    message: RenderedMessage,
    fault: {
      duplicate?: boolean;
      heldBack?: boolean;
      delayMs?: number;
      held?: boolean;
      /** Runs once the first attempt has an outcome (the reorder fault releases a held message then). */
      afterFirstAttempt?: () => void;
    } = {},
  ): { record: DeliveryRecord; release: () => void } {
    const record: DeliveryRecord = {
      id: this.#nextId++,
      msgId: message.msgId,
      msgType: message.msgType,
      family: message.family,
      organizationId: message.organizationId,
      flowId: message.flowId ?? null,
      target: describeTarget(target),
      status: fault.held ? 'held' : 'pending',
      createdAt: new Date().toISOString(),
      deliveredAt: null,
      attempts: [],
      fault: {
        duplicate: fault.duplicate ?? false,
        heldBack: fault.heldBack ?? false,
        delayMs: fault.delayMs ?? 0,
      },
      plaintext: message.plaintext,
    };
    this.#records.push(record);
    if (this.#records.length > this.#maxRecords)
      this.#records.splice(0, this.#records.length - this.#maxRecords);
    const pending: Pending = { record, target, message };
    let started = false;
    const release = () => {
      if (started || this.#closed || record.status === 'cancelled') return;
      started = true;
      record.status = 'pending';
      this.#track(this.#run(pending, fault.delayMs ?? 0, fault.afterFirstAttempt));
    };
    if (!fault.held) release();
    return { record, release };
  }

  /** The delivery log, oldest first, optionally filtered. Copies, so callers cannot edit it. */
  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    return this.#records
      .filter(
        (r) =>
          (!filter.msgType || r.msgType === filter.msgType) &&
          (!filter.flowId || r.flowId === filter.flowId) &&
          (!filter.status || r.status === filter.status) &&
          (!filter.url || r.target.url === filter.url) &&
          (!filter.organizationId || r.organizationId === filter.organizationId),
      )
      .map((r) => structuredClone(r));
  }

  /** Resolves once no delivery is running (held deliveries do not count), or after `timeoutMs`. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([
        Promise.allSettled([...this.#inFlight]),
        this.#sleep(Math.max(1, deadline - Date.now())),
      ]);
    }
  }

  /** Forget the log and stop everything that is still running. */
  clear(): void {
    this.#cancelAll();
    this.#records = [];
  }

  /** Stop every running delivery and timer; later enqueues are recorded but never sent. */
  close(): void {
    this.#closed = true;
    this.#cancelAll();
  }

  #cancelAll(): void {
    for (const record of this.#records) {
      if (record.status === 'pending' || record.status === 'held') record.status = 'cancelled';
    }
    for (const [timer, wake] of this.#sleeps) {
      clearTimeout(timer);
      wake();
    }
    this.#sleeps.clear();
    for (const abort of this.#aborts) abort.abort();
    this.#aborts.clear();
  }

  #track(promise: Promise<void>): void {
    this.#inFlight.add(promise);
    promise.finally(() => this.#inFlight.delete(promise));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleeps.delete(timer);
        resolve();
      }, ms);
      timer.unref?.();
      this.#sleeps.set(timer, resolve);
    });
  }

  /**
   * Joins the target's lane: resolves once the previous message's first attempt is over, so a
   * healthy receiver sees messages in the order they happened (the reorder fault breaks it on
   * purpose). Retries do not hold the lane. Returns the function that frees the lane.
   */
  async #joinLane(target: CallbackTarget): Promise<() => void> {
    const key = `${target.url}\n${target.format}\n${target.organizationId ?? ''}`;
    const previous = this.#lanes.get(key);
    let free!: () => void;
    const mine = new Promise<void>((resolve) => {
      free = resolve;
    });
    this.#lanes.set(key, mine);
    await previous;
    return () => {
      free();
      if (this.#lanes.get(key) === mine) this.#lanes.delete(key);
    };
  }

  async #run(
    { record, target, message }: Pending,
    delayMs: number,
    afterFirstAttempt?: () => void,
  ): Promise<void> {
    let notify = afterFirstAttempt;
    let freeLane: (() => void) | undefined;
    const notifyOnce = () => {
      freeLane?.();
      freeLane = undefined;
      const callback = notify;
      notify = undefined;
      callback?.();
    };
    try {
      if (delayMs > 0) await this.#sleep(delayMs);
      if (isCancelled(record)) return;
      freeLane = await this.#joinLane(target);
      const { body, headers } = await renderBody(target, message.plaintext);
      // The schedule in force when the delivery starts applies to all its retries.
      const retryDelays = this.retryDelaysMs;
      for (let attempt = 1; attempt <= 1 + retryDelays.length; attempt++) {
        if (isCancelled(record)) return;
        if (attempt > 1) await this.#sleep(retryDelays[attempt - 2]);
        if (isCancelled(record)) return;
        const result = await this.#attempt(target.url, body, headers, attempt);
        if (isCancelled(record)) return;
        record.attempts.push(result);
        notifyOnce();
        if (result.httpStatus === 200) {
          record.status = 'delivered';
          record.deliveredAt = new Date().toISOString();
          return;
        }
      }
      record.status = 'failed';
    } catch (error) {
      // Only rendering can throw here (e.g. a bad key slipped past validation): record it, never crash.
      record.status = 'failed';
      record.attempts.push({
        attempt: record.attempts.length + 1,
        startedAt: new Date().toISOString(),
        durationMs: 0,
        httpStatus: null,
        error: `could not build the request: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      notifyOnce();
    }
  }

  async #attempt(
    url: string,
    body: string,
    headers: Record<string, string>,
    attempt: number,
  ): Promise<DeliveryAttempt> {
    const abort = new AbortController();
    this.#aborts.add(abort);
    const timeout = setTimeout(() => abort.abort(new Error('timeout')), this.timeoutMs);
    timeout.unref?.();
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers,
        signal: abort.signal,
        redirect: 'manual',
      });
      // The body is not needed; drain it so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      return {
        attempt,
        startedAt,
        durationMs: Date.now() - started,
        httpStatus: response.status,
        error: null,
      };
    } catch (error) {
      const timedOut = abort.signal.reason instanceof Error && abort.signal.reason.message === 'timeout';
      const reason = timedOut ? `no answer within ${this.timeoutMs} ms` : describeNetworkError(error);
      return { attempt, startedAt, durationMs: Date.now() - started, httpStatus: null, error: reason };
    } finally {
      clearTimeout(timeout);
      this.#aborts.delete(abort);
    }
  }
}

/**
 * The exact bytes and headers ESS would POST to this target: v1 = text/plain base64 ciphertext,
 * v2 = `{"encrypt":"..."}`; without a key the plaintext JSON itself. `Content-Signature` is
 * computed over the raw body when the target has a token.
 */
export async function renderBody(
  target: CallbackTarget,
  plaintext: string,
): Promise<{ body: string; headers: Record<string, string> }> {
  let body: string;
  if (target.key) {
    const ciphertext = await encryptCallback(plaintext, target.key);
    body = target.format === 'v1' ? ciphertext : JSON.stringify({ encrypt: ciphertext });
  } else {
    body = plaintext;
  }
  const headers: Record<string, string> = {
    'Content-Type': target.format === 'v1' ? 'text/plain' : 'application/json',
    'User-Agent': 'ess-kit-emulator',
  };
  if (target.token) headers['Content-Signature'] = await signContentSignature(body, target.token);
  return { body, headers };
}

/** Read through a function so TypeScript does not narrow the status across awaits (clear() changes it). */
function isCancelled(record: DeliveryRecord): boolean {
  return record.status === 'cancelled';
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return error.message;
}
