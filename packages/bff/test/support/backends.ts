/**
 * In-process test support for the live path: the two real stores (SQLite in a temp file, Redis
 * under a unique key prefix; Redis skipped loudly, or failing under REQUIRE_REDIS=1), ESS flow
 * callbacks as intake receives them, and a sink that records what a stream sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EssEvent, normalizeCallback } from '@ess-kit/shared';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../../../../test/support/redis.js';
import type { Sink } from '../../src/live/sink.js';
import { openStore } from '../../src/store/index.js';
import type { Retention, Store } from '../../src/store/types.js';

export type BackendName = 'sqlite' | 'redis';

/** Opens fresh, empty stores of one kind; `cleanup` removes every file or key they wrote. */
export interface Backend {
  name: BackendName;
  /** Null when the backend is unavailable (Redis absent without REQUIRE_REDIS=1). */
  open(retention?: Partial<Retention>): Promise<Store | null>;
  /** The URL and Redis prefix of the store opened last (to open a second store on the same data). */
  location(): { url: string; prefix?: string };
  cleanup(): Promise<void>;
}

let sequence = 0;
const unique = () => `${process.pid}-${Date.now()}-${++sequence}`;

/** Both backends, each with its own temp directory or key prefix. */
export function backends(suite: string): Backend[] {
  const dir = mkdtempSync(join(tmpdir(), 'ess-kit-bff-test-'));
  let file = join(dir, `${unique()}.sqlite`);
  const prefixOf = () => `ess-kit-test:${suite}:${unique()}:`;
  let prefix = prefixOf();
  const prefixes: string[] = [];
  let redisUp: boolean | undefined;
  return [
    {
      name: 'sqlite',
      async open(retention) {
        file = join(dir, `${unique()}.sqlite`);
        return openStore({ store: { url: file, retention } });
      },
      location: () => ({ url: file }),
      async cleanup() {
        rmSync(dir, { recursive: true, force: true });
      },
    },
    {
      name: 'redis',
      async open(retention) {
        redisUp ??= await redisAvailable(`${suite} (redis)`);
        if (!redisUp) return null;
        prefix = prefixOf();
        prefixes.push(prefix);
        return openStore({ store: { url: REDIS_URL, prefix, retention } });
      },
      location: () => ({ url: REDIS_URL, prefix }),
      async cleanup() {
        for (const each of prefixes) await deleteRedisKeys(each);
      },
    },
  ];
}

export interface FlowCallback {
  flowId: string;
  status: number;
  /** ESS OccurTime, unix seconds. */
  occurTime: number;
  msgId?: string;
  operate?: string;
  recipientId?: string;
  organizationId?: string;
}

/** A v2 FlowStatusChange message as ESS sends it (decrypted), normalized as intake does. */
export function flowCallback(input: FlowCallback): EssEvent {
  return normalizeCallback(
    JSON.stringify({
      MsgId: input.msgId ?? `msg-${input.flowId}-${input.status}-${input.occurTime}`,
      MsgType: 'FlowStatusChange',
      MsgVersion: 'ThirdPartyApp',
      MsgData: {
        FlowId: input.flowId,
        FlowName: 'test flow',
        FlowCallbackStatus: input.status,
        Operate: input.operate ?? 'sign',
        OccurTime: input.occurTime,
        RecipientId: input.recipientId ?? 'yDrecipient0000000000000000000001',
        ...(input.organizationId ? { OrganizationId: input.organizationId } : {}),
        Approvers: [
          {
            RecipientId: input.recipientId ?? 'yDrecipient0000000000000000000001',
            ApproveCallbackStatus: 2,
            ApproverType: 1,
            ApproverName: 'Signer',
          },
        ],
      },
    }),
  );
}

/** A parsed SSE message as a recording sink saw it. */
export interface Frame {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

/** A sink that keeps every SSE message written to it, for streams started in-process. */
export class RecordingSink implements Sink {
  readonly frames: Frame[] = [];
  closed = false;
  #listeners: (() => void)[] = [];
  #waiters = new Set<() => void>();

  write(frame: Uint8Array): boolean {
    if (this.closed) return false;
    const text = Buffer.from(frame).toString('utf8');
    for (const block of text.split('\n\n')) {
      const id = /^id: (.*)$/m.exec(block)?.[1];
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id !== undefined && event && data) this.frames.push({ id, event, data: JSON.parse(data) });
    }
    for (const waiter of this.#waiters) waiter();
    return true;
  }

  async drain(): Promise<void> {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.#listeners) listener();
    for (const waiter of this.#waiters) waiter();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.#listeners.push(listener);
  }

  /** Ids of the `event` frames (all when omitted), in the order received. */
  ids(event?: string): string[] {
    return this.frames.filter((f) => !event || f.event === event).map((f) => f.id);
  }

  /** Resolves once `predicate` holds for the frames received; rejects after `timeoutMs`. */
  until(predicate: (frames: Frame[]) => boolean, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.frames)) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(
          new Error(`stream never matched; got ${JSON.stringify(this.frames.map((f) => [f.event, f.id]))}`),
        );
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}

/** Resolves with the first event the store publishes for which `predicate` holds. */
export function nextPublished(
  store: Store,
  predicate: (event: import('../../src/store/types.js').StoredEvent) => boolean,
  timeoutMs = 5000,
): Promise<import('../../src/store/types.js').StoredEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('the store did not publish the expected event'));
    }, timeoutMs);
    const unsubscribe = store.subscribe((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}

/** Opens a fresh store of `backend`, runs `test` on it and closes it; skips when the backend is unavailable. */
export async function withStore(
  backend: Backend,
  ctx: { skip: () => void },
  test: (store: Store) => Promise<void>,
): Promise<void> {
  const store = await backend.open();
  if (!store) return ctx.skip();
  try {
    await test(store);
  } finally {
    await store.close();
  }
}
