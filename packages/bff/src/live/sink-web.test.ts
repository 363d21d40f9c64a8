// The Web-stream sink (app.request, other runtimes): frames reach the reader as written, live writes
// are bounded by the backlog (a reader that stops is dropped as too slow), catch-up writes are not,
// drain() waits for the reader, and every way of ending tells the listeners once.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { webSink } from './sink.js';

const bytes = (s: string) => Buffer.from(s);
/** Lets pending promise callbacks run (to show that something has NOT happened yet). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('webSink', () => {
  it('hands every frame to the reader as written, and ends the body on close', async () => {
    const request = new AbortController();
    const { sink, body } = webSink(request.signal, 4);
    const reader = body.getReader();
    expect(getEventListeners(request.signal, 'abort')).toHaveLength(1);
    expect(sink.write(bytes('a'))).toBe(true);
    expect(sink.write(bytes('b'), true)).toBe(true);
    expect(Buffer.from((await reader.read()).value as Uint8Array).toString()).toBe('a');
    expect(Buffer.from((await reader.read()).value as Uint8Array).toString()).toBe('b');
    const closes: string[] = [];
    sink.onClose(() => closes.push('closed'));
    sink.close();
    sink.close();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(closes).toEqual(['closed']);
    // The request (which may outlive the stream) keeps no listener of it.
    expect(getEventListeners(request.signal, 'abort')).toEqual([]);
    expect(sink.write(bytes('late'))).toBe(false);
    expect(sink.write(bytes('late'), true)).toBe(false);
    await sink.drain(); // resolves at once when closed
  });

  it('drops a reader that lets the live backlog fill, exactly at the bound', async () => {
    const { sink, body } = webSink(new AbortController().signal, 2);
    const closes: string[] = [];
    sink.onClose(() => closes.push('closed'));
    expect(sink.write(bytes('1'))).toBe(true);
    expect(sink.write(bytes('2'))).toBe(true);
    expect(closes).toEqual([]);
    expect(sink.write(bytes('3'))).toBe(false);
    expect(closes).toEqual(['closed']);
    await expect(body.getReader().read()).rejects.toThrow('client too slow');
    expect(sink.write(bytes('4'), true)).toBe(false);
  });

  it('never drops catch-up writes; a live write after them finds the backlog full', () => {
    const { sink } = webSink(new AbortController().signal, 1);
    for (let i = 0; i < 5; i++) expect(sink.write(bytes(`r${i}`), true)).toBe(true);
    expect(sink.write(bytes('live'))).toBe(false);
  });

  it('drain() resolves at once with room, else when the reader has taken the backlog', async () => {
    const { sink, body } = webSink(new AbortController().signal, 1);
    await settle(); // the stream has started and asked for data once
    let roomy = false;
    void sink.drain().then(() => {
      roomy = true;
    });
    await settle();
    expect(roomy).toBe(true);
    sink.write(bytes('x'), true);
    sink.write(bytes('y'), true);
    let drained = false;
    const waiting = sink.drain().then(() => {
      drained = true;
    });
    const reader = body.getReader();
    await reader.read();
    await settle();
    expect(drained).toBe(false);
    await reader.read();
    await waiting;
    expect(drained).toBe(true);
  });

  it('drain() waits while the backlog is exactly full, until the reader takes a frame', async () => {
    const { sink, body } = webSink(new AbortController().signal, 1);
    expect(sink.write(bytes('x'))).toBe(true); // one frame held: no room left, none owed
    let drained = false;
    const waiting = sink.drain().then(() => {
      drained = true;
    });
    await settle();
    expect(drained).toBe(false);
    await body.getReader().read();
    await waiting;
    expect(drained).toBe(true);
  });

  it('drain() resolves when the sink closes while waiting', async () => {
    const { sink } = webSink(new AbortController().signal, 1);
    sink.write(bytes('x'), true);
    const waiting = sink.drain();
    sink.close();
    await waiting;
  });

  it('ends on abort (the request went away): listeners once, writes refused', async () => {
    const abort = new AbortController();
    const { sink } = webSink(abort.signal, 4);
    const closes: string[] = [];
    sink.onClose(() => closes.push('a'));
    sink.onClose(() => closes.push('b'));
    abort.abort();
    expect(closes).toEqual(['a', 'b']);
    expect(sink.write(bytes('x'), true)).toBe(false);
    sink.close();
    expect(closes).toEqual(['a', 'b']);
    sink.onClose(() => closes.push('late'));
    expect(closes).toEqual(['a', 'b', 'late']);
  });

  it('ends when the reader cancels', async () => {
    const { sink, body } = webSink(new AbortController().signal, 4);
    const closes: string[] = [];
    sink.onClose(() => closes.push('closed'));
    await body.cancel();
    expect(closes).toEqual(['closed']);
    expect(sink.write(bytes('x'))).toBe(false);
  });
});
