/**
 * SSE wire encoding. A frame is encoded once and the same bytes are written to every recipient.
 * Format (docs/internals.md): `id: <log position>`, `event: <kind>`, one `data:` line of JSON.
 */
import type { StoredEvent } from '../store/types.js';

// Buffers, not plain Uint8Arrays: node streams write a Buffer as is, but wrap every Uint8Array
// in a new Buffer per write — 10,000 allocations per fanned-out event.

/** One SSE message as bytes. `data` is serialized as a single line (JSON never contains raw newlines). */
export function encodeFrame(id: string, event: string, data: unknown): Uint8Array {
  return Buffer.from(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`, 'utf8');
}

/** Heartbeat comment: keeps proxies from closing an idle stream; EventSource ignores it. */
export const PING_FRAME: Uint8Array = Buffer.from(': ping\n\n');

/** Sent first: tells EventSource how long to wait before reconnecting, and opens the stream at once. */
export const OPEN_FRAME: Uint8Array = Buffer.from('retry: 3000\n: open\n\n');

/**
 * Sent to every stream when the instance stops (SIGTERM): reconnect soon — the load balancer sends
 * the reconnect to another instance, which replays from `Last-Event-ID`.
 */
export const SHUTDOWN_FRAME: Uint8Array = Buffer.from('retry: 500\n: shutting down, reconnect\n\n');

const browserFrames = new WeakMap<StoredEvent, Uint8Array>();

/**
 * The browser frame of a log event, or null when the event is not for browsers. Cached per event
 * object, so fan-out to N connections encodes once. (The store already put the event's id on the
 * snapshot it carries.)
 */
export function browserFrame(event: StoredEvent): Uint8Array | null {
  if (!event.data || (event.kind !== 'flow' && event.kind !== 'qr')) return null;
  const cached = browserFrames.get(event);
  if (cached) return cached;
  const frame = encodeFrame(event.id, event.kind, event.data);
  browserFrames.set(event, frame);
  return frame;
}
