// The SSE bytes browsers parse (docs/internals.md): one frame per log event, encoded once, and the
// fixed control frames (open, heartbeat, shutdown) exactly as EventSource reads them.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/types.js';
import { browserFrame, encodeFrame, OPEN_FRAME, PING_FRAME, SHUTDOWN_FRAME } from './frames.js';

const text = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('utf8') : null);

function entry(over: Partial<StoredEvent>): StoredEvent {
  return {
    id: '17',
    at: 0,
    kind: 'flow',
    family: 'flow',
    msgType: 'FlowStatusChange',
    organizationId: null,
    flowId: 'yDf',
    data: { v: 1, type: 'flow', flowId: 'yDf', flowStatus: 2 } as unknown as StoredEvent['data'],
    ...over,
  };
}

describe('SSE frames', () => {
  it('encodes id, event and one data line of JSON, ending the message with a blank line', () => {
    const frame = encodeFrame('1732800000000-3', 'flow', { a: 1, text: 'two\nlines', u: '签' });
    expect(text(frame)).toBe(
      'id: 1732800000000-3\nevent: flow\ndata: {"a":1,"text":"two\\nlines","u":"签"}\n\n',
    );
    // A Buffer: node streams write it without copying it per recipient.
    expect(Buffer.isBuffer(frame)).toBe(true);
  });

  it('has the fixed control frames', () => {
    expect(text(OPEN_FRAME)).toBe('retry: 3000\n: open\n\n');
    expect(text(PING_FRAME)).toBe(': ping\n\n');
    expect(text(SHUTDOWN_FRAME)).toBe('retry: 500\n: shutting down, reconnect\n\n');
    for (const frame of [OPEN_FRAME, PING_FRAME, SHUTDOWN_FRAME]) expect(Buffer.isBuffer(frame)).toBe(true);
  });

  it('frames flow and qr entries that carry a payload, once per entry object', () => {
    const flow = entry({});
    const frame = browserFrame(flow);
    expect(text(frame)).toBe(`id: 17\nevent: flow\ndata: ${JSON.stringify(flow.data)}\n\n`);
    expect(browserFrame(flow)).toBe(frame); // encoded once, shared by every recipient
    const copy = { ...flow, data: { ...flow.data, flowStatus: 4 } as StoredEvent['data'] };
    expect(text(browserFrame(copy))).toContain('"flowStatus":4');

    const qr = entry({
      id: '18',
      kind: 'qr',
      qrCodeId: 'yDq',
      data: { v: 1, type: 'qr' } as StoredEvent['data'],
    });
    expect(text(browserFrame(qr))).toBe('id: 18\nevent: qr\ndata: {"v":1,"type":"qr"}\n\n');
  });

  it('gives no frame for entries not meant for browsers', () => {
    expect(browserFrame(entry({ data: null }))).toBeNull();
    expect(browserFrame(entry({ kind: 'qr', data: null }))).toBeNull();
    expect(browserFrame(entry({ kind: 'ess' }))).toBeNull();
  });
});
