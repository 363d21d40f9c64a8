// Both sinks tell every close listener, once: the hub, the partner stream's bookkeeping and the
// per-key stream cap each register one on the same sink.
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nodeSink, webSink } from './sink.js';

describe('sink close listeners', () => {
  it('web sink: every listener runs once when the reader cancels, and late ones run at once', async () => {
    const abort = new AbortController();
    const { sink, body } = webSink(abort.signal, 8);
    const calls: string[] = [];
    sink.onClose(() => calls.push('a'));
    sink.onClose(() => calls.push('b'));
    await body.cancel();
    sink.close();
    expect(calls).toEqual(['a', 'b']);
    sink.onClose(() => calls.push('late'));
    expect(calls).toEqual(['a', 'b', 'late']);
  });

  it('node sink: every listener runs once when the client disconnects', async () => {
    const calls: string[] = [];
    let closed!: () => void;
    const allClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = createServer((req, res) => {
      const sink = nodeSink(req, res, { 'Content-Type': 'text/event-stream' }, 8);
      sink.onClose(() => calls.push('a'));
      sink.onClose(() => {
        calls.push('b');
        closed();
      });
      sink.write(new TextEncoder().encode(': hi\n\n'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1' });
    client.end();
    const [res] = (await once(client, 'response')) as [import('node:http').IncomingMessage];
    await once(res, 'data');
    client.destroy();
    await allClosed;
    expect(calls).toEqual(['a', 'b']);
    server.close();
  });
});
