/**
 * Where an SSE connection's bytes go. On Node (`@hono/node-server`) frames are written straight to
 * the `ServerResponse` — no Web stream per connection, which is what keeps a connection near the
 * cost of a bare `node:http` server. Elsewhere (tests through `app.request`, other runtimes) a
 * `ReadableStream` carries them. Both report disconnects the same way: once, through `onClose`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Sink {
  /** Writes a frame. Returns false when the client is gone or too slow (the sink is then closed). */
  write(frame: Uint8Array): boolean;
  /** Ends the stream (idempotent). */
  close(): void;
  /** Called exactly once when the stream ends for any reason. */
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

/**
 * A sink on a Node response. `maxBacklog` writes may wait for the socket to drain; one more and the
 * client is dropped as too slow (EventSource reconnects and replays with Last-Event-ID).
 */
export function nodeSink(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  maxBacklog: number,
): Sink {
  let closed = false;
  let backlog = 0;
  let closeListener: (() => void) | null = null;
  const finish = () => {
    if (closed) return;
    closed = true;
    res.off('close', finish);
    res.off('error', finish);
    res.off('drain', onDrain);
    req.off('close', onRequestClose);
    const listener = closeListener;
    closeListener = null;
    listener?.();
  };
  const onDrain = () => {
    backlog = 0;
  };
  // A request 'close' after the body was read is normal; only a destroyed socket means the client left.
  const onRequestClose = () => {
    if (res.destroyed || req.socket?.destroyed) finish();
  };
  res.on('close', finish);
  res.on('error', finish);
  res.on('drain', onDrain);
  req.on('close', onRequestClose);
  res.socket?.setNoDelay(true);
  res.socket?.setKeepAlive(true);
  res.writeHead(200, headers);
  res.flushHeaders();
  // The stream owns this response from here on. Hono may still hand the adapter a recreated
  // "already sent" Response (when middleware touched `c.res`), which would write a head and end
  // the stream; those late calls become no-ops, and only `close()` ends the response.
  const end = res.end.bind(res);
  let ending = false;
  res.writeHead = (() => res) as unknown as typeof res.writeHead;
  res.end = ((...args: Parameters<typeof res.end>) => (ending ? end(...args) : res)) as typeof res.end;
  return {
    write(frame) {
      if (closed) return false;
      if (res.destroyed || !res.writable) {
        finish();
        return false;
      }
      if (res.writableNeedDrain && ++backlog > maxBacklog) {
        res.destroy();
        finish();
        return false;
      }
      res.write(frame);
      return true;
    },
    close() {
      if (closed) return;
      ending = true;
      res.end();
      finish();
    },
    onClose(listener) {
      if (closed) listener();
      else closeListener = listener;
    },
  };
}

/** A sink backed by a Web `ReadableStream` (returned as the Response body). */
export function webSink(
  signal: AbortSignal,
  maxBacklog: number,
): { sink: Sink; body: ReadableStream<Uint8Array> } {
  let closed = false;
  let closeListener: (() => void) | null = null;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const finish = () => {
    if (closed) return;
    closed = true;
    signal.removeEventListener('abort', finish);
    const listener = closeListener;
    closeListener = null;
    listener?.();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel: finish,
    },
    { highWaterMark: maxBacklog, size: () => 1 },
  );
  signal.addEventListener('abort', finish, { once: true });
  return {
    body,
    sink: {
      write(frame) {
        if (closed) return false;
        if ((controller.desiredSize ?? 0) <= 0) {
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
      close() {
        if (closed) return;
        try {
          controller.close();
        } catch {}
        finish();
      },
      onClose(listener) {
        if (closed) listener();
        else closeListener = listener;
      },
    },
  };
}
