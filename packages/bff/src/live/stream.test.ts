// A stream resumed or opened while events are being written: every id exactly once, in log order
// (the replay/live seam), and a cursor that lost events gets `resync` — on SQLite and on Redis.
// The seam is driven deterministically: the test writes an event while the stream is reading.
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  backends,
  flowCallback,
  nextPublished,
  RecordingSink,
  withStore,
} from '../../test/support/backends.js';
import { ingestEvent } from '../ingest/intake.js';
import { compareEventIds } from '../store/event-id.js';
import type { EventId, Store } from '../store/types.js';
import { SseHub, type Watch } from './hub.js';
import { startStream } from './stream.js';

const FLOW = 'yDstreamFlow0000000000000000001';
const watch: Watch = { flowIds: [FLOW], qrCodeIds: [], organizationId: null, tokenKey: 't' };
const hubOptions = { heartbeatMs: 60_000, maxConnections: 10, maxConnectionsPerToken: 10 };

let clock = 1_700_000_000;
/** One flow callback for FLOW (each a new change: status 1 again with a later time), written and published. */
async function write(store: Store): Promise<EventId> {
  const occurTime = ++clock;
  const published = nextPublished(store, (e) => e.flowId === FLOW && e.data !== null);
  const result = await ingestEvent(store, flowCallback({ flowId: FLOW, status: 1, occurTime }));
  if (result.duplicate) throw new Error('unexpected duplicate');
  // Redis delivers through pub/sub: the hub has the event once the store's listeners have it.
  return (await published).id;
}

/** A store whose reads (replay pages or snapshots) let `during` write events before and after reading. */
function interleaved(
  store: Store,
  during: { before: number; after: number },
): Store & { written: EventId[] } {
  const written: EventId[] = [];
  let done = false;
  const around = async <T>(read: () => Promise<T>): Promise<T> => {
    if (done) return read();
    done = true;
    for (let i = 0; i < during.before; i++) written.push(await write(store));
    const value = await read();
    for (let i = 0; i < during.after; i++) written.push(await write(store));
    return value;
  };
  return Object.assign(Object.create(store) as Store, {
    written,
    readEvents: (after: EventId | null, limit: number) => around(() => store.readEvents(after, limit)),
    readSnapshots: (flowIds: string[], qrCodeIds: string[]) =>
      around(() => store.readSnapshots(flowIds, qrCodeIds)),
  });
}

/** A fresh store with a hub fed by its live subscription, as `createLive` wires them. */
function withHub(
  backend: Backend,
  ctx: { skip: () => void },
  test: (store: Store, hub: SseHub) => Promise<void>,
): Promise<void> {
  return withStore(backend, ctx, async (store) => {
    const hub = new SseHub(hubOptions);
    const unsubscribe = store.subscribe((e) => hub.publish(e));
    try {
      await test(store, hub);
    } finally {
      unsubscribe();
    }
  });
}

const all = backends('stream');
afterAll(async () => {
  for (const backend of all) await backend.cleanup();
});

for (const backend of all) {
  describe(`SSE stream start (${backend.name})`, () => {
    it('resumes with every missed and every new event exactly once when events land during the replay', (ctx) =>
      withHub(backend, ctx, async (store, hub) => {
        const cursor = await write(store);
        const missed = [await write(store), await write(store)];
        const reading = interleaved(store, { before: 2, after: 2 });
        const sink = new RecordingSink();
        const started = startStream({ hub, store: reading, sink, watch, cursor });
        await started;
        // Written during the replay read: the first two are in the replay page AND in the live
        // buffer (the seam), the last two only in the buffer.
        expect(reading.written).toHaveLength(4);
        const expected = [...missed, ...reading.written];
        const last = await write(store);
        await sink.until((frames) => frames.some((f) => f.id === last));
        expect(sink.ids('flow')).toEqual([...expected, last]);
        expect(sink.ids('resync')).toEqual([]);
        expect(sink.ids('snapshot')).toEqual([]);
        sink.close();
      }));

    it('starts with snapshots and then every event written meanwhile exactly once', (ctx) =>
      withHub(backend, ctx, async (store, hub) => {
        await write(store);
        const reading = interleaved(store, { before: 1, after: 2 });
        const sink = new RecordingSink();
        await startStream({ hub, store: reading, sink, watch, cursor: null });
        const [snapshot] = sink.frames;
        // The snapshot reflects the event written before the read; only the later two follow it.
        expect(snapshot?.event).toBe('snapshot');
        expect(snapshot?.id).toBe(reading.written[0]);
        const last = await write(store);
        await sink.until((frames) => frames.some((f) => f.id === last));
        expect(sink.ids('flow')).toEqual([...reading.written.slice(1), last]);
        sink.close();
      }));

    it('resyncs a cursor just below the trimmed part and replays one at the trim point', (ctx) =>
      withHub(backend, ctx, async (store, hub) => {
        const ids: EventId[] = [];
        for (let i = 0; i < 8; i++) ids.push(await write(store));
        expect(await store.trim({ maxEvents: 4 })).toBe(4); // ids[0..3] are gone
        const trimPoint = ids[3] as EventId;
        const justBelow = ids[2] as EventId;

        const lost = new RecordingSink();
        await startStream({ hub, store, sink: lost, watch, cursor: justBelow });
        expect(lost.frames.map((f) => f.event)).toEqual(['resync', 'snapshot']);
        expect(lost.frames[0]?.data).toEqual({ v: 1, type: 'resync', reason: 'cursor-older-than-log' });
        lost.close();

        const intact = new RecordingSink();
        await startStream({ hub, store, sink: intact, watch, cursor: trimPoint });
        expect(intact.ids()).toEqual(ids.slice(4));
        intact.close();

        // The same at the store: the read itself says what was lost.
        expect(await store.readEvents(justBelow, 10)).toMatchObject({ stale: true, events: [] });
        const kept = await store.readEvents(trimPoint, 10);
        expect(kept.stale).toBe(false);
        expect(kept.events.map((e) => e.id)).toEqual(ids.slice(4));
        expect([...ids].sort(compareEventIds)).toEqual(ids);
      }));
  });
}
