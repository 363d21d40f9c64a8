/**
 * A tiny local callback receiver for tests (the emulator's own and partners'): an HTTP server on
 * a random port that records every request byte for byte and answers with a scripted status —
 * e.g. fail the first two attempts to watch the emulator retry.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this request was answered with (0 = left hanging). */
  answeredWith: number;
  at: number;
}

export interface CallbackReceiver {
  /** Base URL, e.g. `http://127.0.0.1:40123`; any path under it is accepted. */
  url: string;
  requests: ReceivedRequest[];
  /** Requests to one path. */
  at(path: string): ReceivedRequest[];
  /**
   * Script the answers for a path: statuses used in order for its requests, then 200.
   * `0` leaves the request hanging (to exercise the sender's timeout).
   */
  script(path: string, statuses: number[]): void;
  /** Resolves once `count` requests reached `path` (or rejects after `timeoutMs`). */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 and a random port. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const requests: ReceivedRequest[] = [];
  const scripts = new Map<string, number[]>();
  const waiters = new Set<() => void>();
  const hanging = new Set<import('node:http').ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const status = scripts.get(path)?.shift() ?? 200;
      requests.push({
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answeredWith: status,
        at: Date.now(),
      });
      for (const wake of waiters) wake();
      if (status === 0) {
        hanging.add(res);
        return;
      }
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const at = (path: string) => requests.filter((r) => r.path === path);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    at,
    script: (path, statuses) => scripts.set(path, [...statuses]),
    waitFor: (path, count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (at(path).length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(at(path));
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `expected ${count} request(s) at ${path} within ${timeoutMs} ms, got ${at(path).length}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
