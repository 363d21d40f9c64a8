/**
 * Starting one SSE stream without a gap or a duplicate at the seam between stored and live events:
 * the connection is registered first (live events buffer), then the replay or the snapshots are
 * read at a known log position, then buffered events newer than that position are flushed.
 */

import type { LiveMessage } from '@ess-kit/shared';
import { qrSnapshot } from '../store/records.js';
import type { EventId, Store, StoredEvent } from '../store/types.js';
import { browserFrame, encodeFrame, OPEN_FRAME } from './frames.js';
import type { SseHub, Watch } from './hub.js';
import type { Sink } from './sink.js';

/** Replays longer than this end in a `resync` instead (the client refetches snapshots). */
export const MAX_REPLAY_EVENTS = 10_000;
const PAGE = 500;

export interface StartStreamInput {
  hub: SseHub;
  store: Store;
  sink: Sink;
  watch: Watch;
  /** `Last-Event-ID` / `since`, already checked to be a well-formed id; null = start with snapshots. */
  cursor: EventId | null;
}

/** How long a replay waits for a client to take a page before giving up on it. */
export const REPLAY_DRAIN_MS = 30_000;

function drained(sink: Sink, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    sink.drain().then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** True when a log event belongs on this stream. */
export function watches(hub: SseHub, watch: Watch, event: StoredEvent): boolean {
  if (!event.data) return false;
  if (event.kind === 'flow')
    return !!event.flowId && watch.flowIds.includes(event.flowId) && hub.maysee(watch, event);
  if (event.kind === 'qr')
    return !!event.qrCodeId && watch.qrCodeIds.includes(event.qrCodeId) && hub.maysee(watch, event);
  return false;
}

/** Opens the stream on `sink`: replay (or resync + snapshots, or snapshots), then live. */
export async function startStream({ hub, store, sink, watch, cursor }: StartStreamInput): Promise<void> {
  const connection = hub.open(sink, watch);
  if (!sink.write(OPEN_FRAME, true)) return;
  let position: EventId | null = cursor;
  let resync: string | null = null;
  if (cursor !== null) {
    let replayed = 0;
    for (;;) {
      const page = await store.readEvents(position, PAGE);
      if (page.stale) {
        resync = 'cursor-older-than-log';
        break;
      }
      for (const event of page.events) {
        position = event.id;
        if (!watches(hub, watch, event)) continue;
        const frame = browserFrame(event);
        if (frame && !sink.write(frame, true)) return;
      }
      // Backpressure instead of dropping: the next page waits until this one has gone out
      // (a client that stops reading mid-replay is closed after REPLAY_DRAIN_MS).
      if (!(await drained(sink, REPLAY_DRAIN_MS))) {
        sink.close();
        return;
      }
      replayed += page.events.length;
      if (!page.more) break;
      if (replayed >= MAX_REPLAY_EVENTS) {
        resync = 'too-many-missed-events';
        break;
      }
    }
  }
  if (cursor === null || resync) {
    const read = await store.readSnapshots([...watch.flowIds], [...watch.qrCodeIds]);
    position = read.head;
    const id = read.head ?? '0';
    if (resync && !sink.write(encodeFrame(id, 'resync', { v: 1, type: 'resync', reason: resync }), true))
      return;
    for (const flowId of watch.flowIds) {
      const record = read.flows.get(flowId);
      if (!record || !hub.maysee(watch, record)) continue;
      const data: LiveMessage = { v: 1, type: 'snapshot', kind: 'flow', flow: record.snapshot };
      if (!sink.write(encodeFrame(id, 'snapshot', data), true)) return;
    }
    for (const qrCodeId of watch.qrCodeIds) {
      const record = read.qrCodes.get(qrCodeId);
      if (!record || !hub.maysee(watch, record)) continue;
      const data: LiveMessage = { v: 1, type: 'snapshot', kind: 'qr', qrCode: qrSnapshot(record) };
      if (!sink.write(encodeFrame(id, 'snapshot', data), true)) return;
    }
  }
  connection.go(position);
}
