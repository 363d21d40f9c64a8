/**
 * Where an SSE connection's bytes go. On Node (`@hono/node-server`) frames are written straight to
 * the `ServerResponse` — no Web stream per connection, which is what keeps a connection near the
 * cost of a bare `node:http` server. Elsewhere (tests through `app.request`, other runtimes) a
 * `ReadableStream` carries them. Both report disconnects the same way: once, through `onClose`.
 *
 * Two kinds of writes: live fan-out (bounded: a client that lets too much pile up is dropped as
 * too slow, and EventSource reconnects and replays) and replay/snapshots (`replay = true`: not
 * dropped; the writer waits for `drain()` between pages instead).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Sink {
  /**
   * Writes a frame. Returns false when the client is gone or (live writes only) too slow; the
   * sink is closed then.
   */
  write(frame: Uint8Array, replay?: boolean): boolean;
  /** Resolves once what was written has gone out (or the sink closed). */
  drain(): Promise<void>;
  /** Ends the stream (idempotent). */
  close(): void;
  /** Each listener is called exactly once when the stream ends for any reason (at once if it has). */
  onClose(listener: () => void): void;
}

export const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // nginx and similar proxies buffer responses unless told not to; compression is off for this body.
  'X-Accel-Buffering': 'no',
  'Content-Encoding': 'identity',
};

/** The byte budget of one queued frame when `sse.queueLimit` (frames) becomes a byte bound. */
export const FRAME_BUDGET_BYTES = 4096;

/**
 * A sink on a Node response: a class, so that 10,000 of them share their methods and hold only a
 * few fields and two listeners each (memory per connection is a benchmark target).
 */
class NodeSink implements Sink {
  #closed = false;
  #ending = false;
  #listeners: (() => void)[] = [];
  readonly #finish = () => this.#end();

  constructor(
    readonly res: ServerResponse,
    readonly maxBacklogBytes: number,
  ) {
    res.on('close', this.#finish);
    res.on('error', this.#finish);
  }

  /** Lets only this sink end the response (see nodeSink). */
  get ending(): boolean {
    return this.#ending;
  }

  write(frame: Uint8Array, replay = false): boolean {
    if (this.#closed) return false;
    const res = this.res;
    if (res.destroyed || !res.writable) {
      this.#end();
      return false;
    }
    // Node holds what the socket has not taken yet (writableLength); a live write beyond the budget
    // means the client stopped reading.
    if (!replay && res.writableLength > this.maxBacklogBytes) {
      res.destroy();
      this.#end();
      return false;
    }
    res.write(frame);
    return true;
  }

  drain(): Promise<void> {
    if (this.#closed || !this.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.once('drain', done);
      this.res.once('close', done);
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#ending = true;
    this.res.end();
    this.#end();
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#listeners.push(listener);
  }

  #end(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.res.off('close', this.#finish);
    this.res.off('error', this.#finish);
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }
}

function ignoredWriteHead(this: ServerResponse): ServerResponse {
  return this;
}

/**
 * Takes over a Node response for SSE. About `maxBacklog` frames (at FRAME_BUDGET_BYTES each) may
 * wait for the socket during live fan-out; beyond that the client is dropped as too slow.
 */
export function nodeSink(
  _req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  maxBacklog: number,
): Sink {
  res.socket?.setNoDelay(true);
  res.socket?.setKeepAlive(true);
  res.writeHead(200, headers);
  res.flushHeaders();
  const sink = new NodeSink(res, maxBacklog * FRAME_BUDGET_BYTES);
  // The stream owns this response from here on. Hono may still hand the adapter a recreated
  // "already sent" Response (when middleware touched `c.res`), which would write a head and end
  // the stream; those late calls become no-ops, and only `close()` ends the response.
  const end = res.end;
  res.writeHead = ignoredWriteHead as unknown as typeof res.writeHead;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    return sink.ending ? (end as (...a: unknown[]) => ServerResponse).apply(this, args) : this;
  } as typeof res.end;
  return sink;
}

/** A sink backed by a Web `ReadableStream` (returned as the Response body). */
export function webSink(
  signal: AbortSignal,
  maxBacklog: number,
): { sink: Sink; body: ReadableStream<Uint8Array> } {
  let closed = false;
  let closeListeners: (() => void)[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const list = waiters;
    waiters = [];
    for (const w of list) w();
  };
  const finish = () => {
    if (closed) return;
    closed = true;
    signal.removeEventListener('abort', finish);
    wake();
    const listeners = closeListeners;
    closeListeners = [];
    for (const listener of listeners) listener();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull: wake,
      cancel: finish,
    },
    { highWaterMark: maxBacklog, size: () => 1 },
  );
  signal.addEventListener('abort', finish, { once: true });
  return {
    body,
    sink: {
      write(frame, replay = false) {
        if (closed) return false;
        if (!replay && (controller.desiredSize ?? 0) <= 0) {
          try {
            controller.error(new Error('client too slow'));
          } catch {}
          finish();
          return false;
        }
        try {
          controller.enqueue(frame);
          return true;
        } catch {
          finish();
          return false;
        }
      },
      drain() {
        if (closed || (controller.desiredSize ?? 0) > 0) return Promise.resolve();
        return new Promise((resolve) => waiters.push(resolve));
      },
      close() {
        if (closed) return;
        try {
          controller.close();
        } catch {}
        finish();
      },
      onClose(listener) {
        if (closed) listener();
        else closeListeners.push(listener);
      },
    },
  };
}
