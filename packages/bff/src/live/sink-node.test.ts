// The Node-response sink (what production streams use), on a real HTTP server and client: the head
// goes out at once, frames arrive as written, only the sink ends the response, a client that stops
// reading is dropped on the next live write but not on catch-up writes, and drain() follows the socket.
import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_BUDGET_BYTES, nodeSink, type Sink, SSE_HEADERS } from './sink.js';

let onRequest: (req: IncomingMessage, res: ServerResponse) => void = () => {};
const server = createServer((req, res) => onRequest(req, res));
beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

interface Opened {
  sink: Sink;
  res: ServerResponse;
  /** The client's view. */
  response: IncomingMessage;
  received: () => string;
  ended: Promise<void>;
  destroyClient: () => void;
  /** Listeners on the response beyond those it had before the sink took it over. */
  added: (event: 'close' | 'error' | 'drain') => number;
}

/** One request to the server, answered by a node sink with `maxBacklog`; resolves once the head arrived. */
async function open(maxBacklog: number): Promise<Opened> {
  const before = { close: 0, error: 0, drain: 0 };
  const served = new Promise<{ sink: Sink; res: ServerResponse }>((resolve) => {
    onRequest = (req, res) => {
      for (const event of ['close', 'error', 'drain'] as const) before[event] = res.listenerCount(event);
      resolve({ sink: nodeSink(req, res, SSE_HEADERS, maxBacklog), res });
    };
  });
  const client = request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', path: '/' });
  client.end();
  const [[response], { sink, res }] = await Promise.all([
    once(client, 'response') as Promise<[IncomingMessage]>,
    served,
  ]);
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    text += chunk;
  });
  const ended = new Promise<void>((resolve) => {
    response.on('end', () => resolve());
    response.on('close', () => resolve());
  });
  return {
    sink,
    res,
    response,
    received: () => text,
    ended,
    destroyClient: () => client.destroy(),
    added: (event) => res.listenerCount(event) - before[event],
  };
}

/** Resolves once the client has received `needle`. */
async function arrives(opened: Opened, needle: string): Promise<void> {
  while (!opened.received().includes(needle)) await once(opened.response, 'data');
}

/**
 * Catch-up writes to a paused client until Node itself holds more than `atLeast` bytes and more than
 * its own high-water mark (the socket buffers took the rest).
 */
function fillBacklog(opened: Opened, atLeast = FRAME_BUDGET_BYTES): void {
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  const full = () => opened.res.writableLength > atLeast && opened.res.writableNeedDrain;
  for (let i = 0; i < 256 && !full(); i++) expect(opened.sink.write(chunk, true)).toBe(true);
  expect(full()).toBe(true);
}

describe('nodeSink', () => {
  it('sends the head at once and the frames as written; close() ends the response', async () => {
    const opened = await open(8);
    expect(opened.response.statusCode).toBe(200);
    for (const [name, value] of Object.entries(SSE_HEADERS))
      expect(opened.response.headers[name.toLowerCase()], name).toBe(value);
    // What EventSource, proxies and compression middleware look at.
    expect(opened.response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'content-encoding': 'identity',
    });
    expect(opened.sink.write(Buffer.from('one\n\n'))).toBe(true);
    expect(opened.sink.write(Buffer.from('two\n\n'), true)).toBe(true);
    const closes: string[] = [];
    opened.sink.onClose(() => closes.push('closed'));
    opened.sink.close();
    opened.sink.close();
    await opened.ended;
    expect(opened.response.complete).toBe(true);
    expect(opened.received()).toBe('one\n\ntwo\n\n');
    expect(closes).toEqual(['closed']);
    expect(opened.sink.write(Buffer.from('late'))).toBe(false);
    await opened.sink.drain();
    opened.sink.onClose(() => closes.push('late listener'));
    expect(closes).toEqual(['closed', 'late listener']);
  });

  it('ignores anyone else ending the response or writing a head', async () => {
    const opened = await open(8);
    opened.sink.write(Buffer.from('first\n\n'));
    expect(opened.res.writeHead(500)).toBe(opened.res);
    opened.res.end('hijack');
    expect(opened.sink.write(Buffer.from('second\n\n'))).toBe(true);
    await arrives(opened, 'second');
    expect(opened.received()).toBe('first\n\nsecond\n\n');
    opened.sink.close();
    await opened.ended;
    expect(opened.received()).toBe('first\n\nsecond\n\n');
  });

  it('tells its listeners once when the client goes, and refuses writes after', async () => {
    const opened = await open(8);
    const closes: string[] = [];
    const gone = new Promise<void>((resolve) =>
      opened.sink.onClose(() => {
        closes.push('closed');
        resolve();
      }),
    );
    opened.destroyClient();
    await gone;
    expect(opened.sink.write(Buffer.from('x'), true)).toBe(false);
    opened.sink.close();
    expect(closes).toEqual(['closed']);
  });

  it('notices a destroyed response on the next write, before Node reports the close', async () => {
    const opened = await open(8);
    const closes: string[] = [];
    opened.sink.onClose(() => closes.push('closed'));
    opened.res.destroy();
    expect(opened.sink.write(Buffer.from('x'), true)).toBe(false);
    expect(closes).toEqual(['closed']);
  });

  it('drops a client that stops reading on the next live write, never on catch-up writes', async () => {
    const opened = await open(1);
    opened.response.pause();
    const closes: string[] = [];
    opened.sink.onClose(() => closes.push('closed'));
    fillBacklog(opened);
    expect(opened.sink.write(Buffer.from('catch-up\n\n'), true)).toBe(true);
    let drained = false;
    const draining = opened.sink.drain().then(() => {
      drained = true;
    });
    expect(closes).toEqual([]);
    expect(opened.sink.write(Buffer.from('live\n\n'))).toBe(false);
    expect(closes).toEqual(['closed']);
    expect(opened.res.destroyed).toBe(true);
    await draining; // the socket's close ends the wait
    expect(drained).toBe(true);
    // Neither the sink nor the wait left a listener on the dead response.
    expect([opened.added('close'), opened.added('error'), opened.added('drain')]).toEqual([0, 0, 0]);
  });

  it('drain() waits while Node holds a backlog and resolves once the client has read it', async () => {
    const opened = await open(1);
    await opened.sink.drain(); // nothing pending
    opened.response.pause();
    // A backlog the client's socket cannot absorb at once, so that drain() is seen waiting.
    fillBacklog(opened, 8 * 1024 * 1024);
    let drained = false;
    const draining = opened.sink.drain().then(() => {
      drained = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    opened.response.resume();
    await draining;
    expect(opened.res.writableNeedDrain).toBe(false);
    // The wait took its listeners with it: only the sink's own 'close' and 'error' stay (one per
    // replay page would pile up otherwise).
    expect([opened.added('close'), opened.added('error'), opened.added('drain')]).toEqual([1, 1, 0]);
    // Live writes are welcome again once the backlog went out.
    expect(opened.sink.write(Buffer.from('after\n\n'))).toBe(true);
    opened.sink.close();
    expect([opened.added('close'), opened.added('error')]).toEqual([0, 0]);
    await opened.ended;
  });
});
