// The SSE hub on its own (issue 15): who receives which event (watched ids, organization isolation),
// the replay buffer and its hand-over, connection caps, cleanup when a stream goes, the heartbeat and
// token expiry. Fast and in-process: recording sinks, hand-made log entries.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingSink } from '../../test/support/backends.js';
import type { StoredEvent } from '../store/types.js';
import { SseHub, type Watch } from './hub.js';

const MEMBER = 'yDmemberOrg';
const options = { heartbeatMs: 1000, maxConnections: 3, maxConnectionsPerToken: 2 };
let seq = 0;

function flowEvent(flowId: string, organizationId: string | null = null, data: unknown = {}): StoredEvent {
  const id = String(++seq);
  return {
    id,
    at: 0,
    kind: 'flow',
    family: 'flow',
    msgType: 'FlowStatusChange',
    organizationId,
    flowId,
    // Only the hub's routing matters here: a reduced payload stands in for the full snapshot.
    data:
      data === null
        ? null
        : ({ v: 1, type: 'flow', flowId, flow: { flowId } } as unknown as StoredEvent['data']),
  };
}
function qrEvent(qrCodeId: string, organizationId: string | null = null): StoredEvent {
  return {
    id: String(++seq),
    at: 0,
    kind: 'qr',
    family: 'qr',
    msgType: 'QrCode',
    organizationId,
    qrCodeId,
    data: { v: 1, type: 'qr', qrCodeId } as unknown as StoredEvent['data'],
  };
}
const watch = (w: Partial<Watch>): Watch => ({
  flowIds: [],
  qrCodeIds: [],
  organizationId: null,
  tokenKey: `t${++seq}`,
  ...w,
});
/** A connection past its replay phase. */
function live(hub: SseHub, w: Partial<Watch>) {
  const sink = new RecordingSink();
  hub.open(sink, watch(w)).go(null);
  return sink;
}

/** Counts the heartbeat pings written to `sink` from now on. */
function pings(sink: RecordingSink): () => number {
  let n = 0;
  const write = sink.write.bind(sink);
  sink.write = (frame: Uint8Array) => {
    if (Buffer.from(frame).toString() === ': ping\n\n') n++;
    return write(frame);
  };
  return () => n;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SseHub', () => {
  it('sends each event to the watchers of its id, once', () => {
    const hub = new SseHub(options);
    const a = live(hub, { flowIds: ['F1', 'F2'] });
    const b = live(hub, { flowIds: ['F2'], qrCodeIds: ['Q1'] });
    const e1 = flowEvent('F1');
    const e2 = flowEvent('F2');
    const q1 = qrEvent('Q1');
    hub.publish(e1);
    hub.publish(e2);
    hub.publish(q1);
    hub.publish(flowEvent('F3'));
    hub.publish(flowEvent('F1', null, null)); // not for browsers
    hub.publish({ ...flowEvent('F1'), kind: 'seal' as StoredEvent['kind'] });
    expect(a.ids()).toEqual([e1.id, e2.id]);
    expect(b.frames.map((f) => [f.event, f.id])).toEqual([
      ['flow', e2.id],
      ['qr', q1.id],
    ]);
    // The frame carries the entry's data as the store wrote it.
    expect(a.frames[0]?.data).toEqual(e1.data);
  });

  it("keeps organizations apart: a member's events reach its tokens only; other ids count as main", () => {
    const hub = new SseHub(options, [MEMBER]);
    const main = live(hub, { flowIds: ['F'] });
    const member = live(hub, { flowIds: ['F'], organizationId: MEMBER });
    const unlisted = live(hub, { flowIds: ['F'], organizationId: 'yDnotAMember' });
    const forMain = flowEvent('F', null);
    const forMainById = flowEvent('F', 'yDmainOrg');
    const forMember = flowEvent('F', MEMBER);
    for (const e of [forMain, forMainById, forMember]) hub.publish(e);
    expect(main.ids()).toEqual([forMain.id, forMainById.id]);
    expect(unlisted.ids()).toEqual([forMain.id, forMainById.id]);
    expect(member.ids()).toEqual([forMember.id]);
    expect(hub.maysee(watch({ organizationId: MEMBER }), { organizationId: MEMBER })).toBe(true);
    expect(hub.maysee(watch({ organizationId: MEMBER }), { organizationId: null })).toBe(false);
    expect(hub.maysee(watch({ organizationId: null }), { organizationId: 'yDother' })).toBe(true);
    expect(hub.maysee(watch({ organizationId: null }), { organizationId: MEMBER })).toBe(false);
  });

  it('buffers during the replay and then sends only what the replay did not cover', () => {
    const hub = new SseHub(options);
    const sink = new RecordingSink();
    const connection = hub.open(sink, watch({ flowIds: ['F'] }));
    const covered = flowEvent('F');
    const after = [flowEvent('F'), flowEvent('F')];
    for (const e of [covered, ...after]) hub.publish(e);
    expect(sink.frames).toEqual([]);
    connection.go(covered.id);
    expect(sink.ids()).toEqual(after.map((e) => e.id));
    const later = flowEvent('F');
    hub.publish(later);
    expect(sink.ids()).toEqual([...after, later].map((e) => e.id));

    const fresh = new RecordingSink();
    const all = hub.open(fresh, watch({ flowIds: ['F'] }));
    const both = [flowEvent('F'), flowEvent('F')];
    for (const e of both) hub.publish(e);
    all.go(null); // no position: everything buffered goes
    expect(fresh.ids()).toEqual(both.map((e) => e.id));
  });

  it('stops the hand-over at a sink that refuses more', () => {
    const hub = new SseHub(options);
    const sink = new RecordingSink();
    let writes = 0;
    const refusing = Object.assign(sink, {
      write(frame: Uint8Array) {
        writes++;
        RecordingSink.prototype.write.call(sink, frame);
        return false;
      },
    });
    const connection = hub.open(refusing, watch({ flowIds: ['F'] }));
    hub.publish(flowEvent('F'));
    hub.publish(flowEvent('F'));
    connection.go(null);
    expect(writes).toBe(1);
  });

  it('caps connections in all and per token, and forgets a closed one entirely', () => {
    const hub = new SseHub(options);
    const s1 = live(hub, { tokenKey: 'tok', flowIds: ['F1'] });
    expect(hub.refusal('tok')).toBeNull();
    const s2 = live(hub, { tokenKey: 'tok', flowIds: ['F1', 'F2'] });
    expect(hub.refusal('tok')).toBe('too-many-for-token');
    expect(hub.refusal('other')).toBeNull();
    live(hub, { tokenKey: 'other', qrCodeIds: ['Q'] });
    expect(hub.refusal('new')).toBe('too-many-connections');
    expect(hub.size).toBe(3);
    expect(hub.topicCount).toBe(3);
    expect(hub.tokenCount).toBe(2);
    s2.close();
    expect(hub.size).toBe(2);
    expect(hub.topicCount).toBe(2); // F2 had one watcher
    expect(hub.tokenCount).toBe(2); // 'tok' still has s1
    expect(hub.refusal('tok')).toBeNull();
    s1.close();
    s1.close();
    expect(hub.topicCount).toBe(1);
    expect(hub.size).toBe(1);
    expect(hub.tokenCount).toBe(1); // 'tok' is forgotten, not kept at zero
    live(hub, { tokenKey: 'tok', flowIds: ['F1'] });
    live(hub, { tokenKey: 'tok', flowIds: ['F1'] });
    expect(hub.refusal('tok')).toBe('too-many-connections');
    hub.publish(flowEvent('F1'));
    expect(s1.frames).toEqual([]); // closed streams get nothing
  });

  it('forgets a stream whose watch names one id twice', () => {
    const hub = new SseHub(options);
    const twice = live(hub, { flowIds: ['F', 'F'], qrCodeIds: ['Q', 'Q'] });
    const event = flowEvent('F');
    hub.publish(event);
    expect(twice.ids()).toEqual([event.id]);
    twice.close();
    expect([hub.size, hub.topicCount, hub.tokenCount]).toEqual([0, 0, 0]);
  });

  it('hands nothing over to a stream that closed during its replay', () => {
    const hub = new SseHub(options);
    const sink = new RecordingSink();
    const connection = hub.open(sink, watch({ flowIds: ['F'] }));
    hub.publish(flowEvent('F'));
    sink.close(); // the client went while the replay or the snapshots were read
    expect(connection.pending).toBeNull();
    expect(() => connection.go('1')).not.toThrow();
    expect(sink.frames).toEqual([]);
  });

  it('keeps beating for the other streams after an expired one closed', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(1_000_000);
    const hub = new SseHub(options);
    const steady = live(hub, { flowIds: ['F'] });
    const steadyPings = pings(steady);
    const expiring = live(hub, { flowIds: ['F'], expiresAt: 1_000_500 });
    vi.advanceTimersByTime(1000);
    expect(expiring.closed).toBe(true);
    expect([hub.size, steadyPings()]).toEqual([1, 1]);
    vi.advanceTimersByTime(1000);
    expect(steadyPings()).toBe(2);
    steady.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('beats the heartbeat for live streams, closes expired ones, and stops when none is left', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(1_000_000);
    const hub = new SseHub(options);
    const steady = live(hub, { flowIds: ['F'] });
    const steadyPings = pings(steady);
    const expiring = live(hub, { flowIds: ['F'], expiresAt: 1_001_500 });
    const replaying = new RecordingSink();
    const replayPings = pings(replaying);
    hub.open(replaying, watch({ flowIds: ['F'] })); // still in its replay phase
    vi.advanceTimersByTime(1000);
    expect(steadyPings()).toBe(1);
    expect(replayPings()).toBe(0);
    expect(expiring.closed).toBe(false);
    vi.advanceTimersByTime(1000); // now past expiresAt
    expect(expiring.closed).toBe(true);
    expect(steadyPings()).toBe(2);
    const expiredExactly = live(hub, { flowIds: ['F'], expiresAt: 1_003_000 });
    vi.advanceTimersByTime(1000);
    expect(expiredExactly.closed).toBe(true);
    steady.close();
    replaying.close();
    expect(hub.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closeAll writes the farewell to every stream, closes them and stops the heartbeat', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const hub = new SseHub(options);
    const a = live(hub, { flowIds: ['F'] });
    const b = live(hub, { qrCodeIds: ['Q'] });
    const written: string[] = [];
    for (const sink of [a, b]) {
      const write = sink.write.bind(sink);
      sink.write = (frame: Uint8Array, ...rest: unknown[]) => {
        written.push(Buffer.from(frame).toString());
        return (write as (...args: unknown[]) => boolean)(frame, ...rest);
      };
    }
    hub.closeAll(Buffer.from('retry: 500\n\n'));
    expect(written).toEqual(['retry: 500\n\n', 'retry: 500\n\n']);
    expect([a.closed, b.closed]).toEqual([true, true]);
    expect(hub.size).toBe(0);
    expect(hub.topicCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const c = live(hub, { flowIds: ['F'] });
    hub.closeAll();
    expect(c.closed).toBe(true);
  });
});
