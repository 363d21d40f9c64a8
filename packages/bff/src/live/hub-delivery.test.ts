// The SSE hub's writes, byte by byte: which writes are live (bounded) and which are catch-up
// (replay: never dropped), one encoded frame per event for all recipients, the heartbeat timer's
// life, and bookkeeping that stays right when a sink misbehaves or closes mid-replay.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlagSink } from '../../test/support/flag-sink.js';
import type { StoredEvent } from '../store/types.js';
import { encodeFrame } from './frames.js';
import { SseHub, type Watch } from './hub.js';

const options = { heartbeatMs: 1000, maxConnections: 10, maxConnectionsPerToken: 3 };
let seq = 100;

function event(
  kind: 'flow' | 'qr' | 'ess',
  id: string,
  topicId: string,
  organizationId: string | null = null,
) {
  return {
    id,
    at: 0,
    kind,
    family: kind,
    msgType: 'm',
    organizationId,
    ...(kind === 'qr' ? { qrCodeId: topicId } : { flowId: topicId }),
    data: { v: 1, type: kind, id: topicId } as unknown as StoredEvent['data'],
  } as StoredEvent;
}
const frameOf = (e: StoredEvent) => encodeFrame(e.id, e.kind, e.data).toString();
const watch = (w: Partial<Watch>): Watch => ({
  flowIds: [],
  qrCodeIds: [],
  organizationId: null,
  tokenKey: `t${++seq}`,
  ...w,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SseHub writes', () => {
  it('writes live events as live writes and the hand-over as replay writes, each exactly once', () => {
    const hub = new SseHub(options);
    const sink = new FlagSink();
    const connection = hub.open(sink, watch({ flowIds: ['F'] }));
    const buffered = [event('flow', '9', 'F'), event('flow', '10', 'F'), event('flow', '11', 'F')];
    for (const e of buffered) hub.publish(e);
    expect(sink.writes).toEqual([]);
    // Log ids compare as log positions ("10" is after "9"), not as text.
    connection.go('9');
    const live = event('flow', '12', 'F');
    hub.publish(live);
    expect(sink.writes.map((w) => [w.text, w.replay])).toEqual([
      [frameOf(buffered[1] as StoredEvent), true],
      [frameOf(buffered[2] as StoredEvent), true],
      [frameOf(live), undefined],
    ]);
    hub.closeAll();
  });

  it('encodes an event once for all its recipients and skips entries that are not for browsers', () => {
    const hub = new SseHub(options);
    const a = new FlagSink();
    const b = new FlagSink();
    hub.open(a, watch({ flowIds: ['X'] })).go(null);
    hub.open(b, watch({ flowIds: ['X'], qrCodeIds: ['X'] })).go(null);
    const e = event('flow', '1', 'X');
    hub.publish(e);
    expect(a.writes[0]?.frame).toBe(b.writes[0]?.frame);
    // A QR code and a flow with the same id are different topics.
    hub.publish(event('qr', '2', 'X'));
    expect(a.texts()).toEqual([frameOf(e)]);
    expect(b.texts()).toEqual([frameOf(e), frameOf(event('qr', '2', 'X'))]);
    // Partner-only entries, entries without payload, and ids nobody watches reach no one.
    hub.publish(event('ess', '3', 'X'));
    hub.publish({ ...event('flow', '4', 'X'), data: null });
    hub.publish(event('flow', '5', 'nobody'));
    expect(a.writes).toHaveLength(1);
    expect(b.writes).toHaveLength(2);
    hub.closeAll();
  });

  it('buffers nothing that is not for browsers during the replay phase', () => {
    const hub = new SseHub(options);
    const sink = new FlagSink();
    const connection = hub.open(sink, watch({ flowIds: ['F'], qrCodeIds: ['Q'] }));
    hub.publish({ ...event('flow', '1', 'F'), data: null });
    // A partner-only entry naming a watched id, even with a payload.
    hub.publish({ ...event('ess', '1', 'F'), qrCodeId: 'Q' });
    hub.publish({ ...event('qr', '1', 'Q'), kind: 'ess' });
    expect(connection.pending).toEqual([]);
    const kept = event('flow', '2', 'F');
    hub.publish(kept);
    expect(connection.pending).toEqual([kept]);
    connection.go(null);
    expect(connection.pending).toBeNull();
    hub.closeAll();
  });

  it('forgets a connection that closes mid-replay: its buffer is never flushed', () => {
    const hub = new SseHub(options);
    const sink = new FlagSink();
    const connection = hub.open(sink, watch({ flowIds: ['F'] }));
    hub.publish(event('flow', '1', 'F'));
    sink.close();
    connection.go(null);
    expect(sink.writes).toEqual([]);
    expect(hub.size).toBe(0);
    expect(hub.topicCount).toBe(0);
  });

  it('counts a connection once per token even when its sink reports the close twice', () => {
    const hub = new SseHub({ ...options, maxConnectionsPerToken: 3 });
    const twice = new FlagSink();
    let reported: (() => void) | undefined;
    twice.onClose = (listener) => {
      reported = listener;
    };
    hub.open(new FlagSink(), watch({ tokenKey: 'tok', flowIds: ['F'] }));
    hub.open(new FlagSink(), watch({ tokenKey: 'tok', flowIds: ['F'] }));
    hub.open(twice, watch({ tokenKey: 'tok', flowIds: ['F'] }));
    expect(hub.refusal('tok')).toBe('too-many-for-token');
    reported?.();
    reported?.();
    expect(hub.size).toBe(2);
    expect(hub.refusal('tok')).toBeNull();
    hub.open(new FlagSink(), watch({ tokenKey: 'tok', flowIds: ['F'] }));
    expect(hub.refusal('tok')).toBe('too-many-for-token');
    hub.closeAll();
  });

  it('refuses at the caps exactly', () => {
    const hub = new SseHub({ heartbeatMs: 1000, maxConnections: 2, maxConnectionsPerToken: 1 });
    expect(hub.refusal('a')).toBeNull();
    hub.open(new FlagSink(), watch({ tokenKey: 'a' }));
    expect(hub.refusal('a')).toBe('too-many-for-token');
    expect(hub.refusal('b')).toBeNull();
    hub.open(new FlagSink(), watch({ tokenKey: 'b' }));
    expect(hub.refusal('c')).toBe('too-many-connections');
    hub.closeAll();
    expect(hub.refusal('a')).toBeNull();
  });

  it('beats one timer for all streams at the configured period, live writes only, and restarts it when needed', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const hub = new SseHub({ ...options, heartbeatMs: 700 });
    const a = new FlagSink();
    const b = new FlagSink();
    hub.open(a, watch({ flowIds: ['F'] })).go(null);
    hub.open(b, watch({ flowIds: ['G'] })).go(null);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(699);
    expect(a.writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(a.writes.map((w) => [w.text, w.replay])).toEqual([[': ping\n\n', undefined]]);
    expect(b.texts()).toEqual([': ping\n\n']);
    a.close();
    b.close();
    expect(vi.getTimerCount()).toBe(0);
    const c = new FlagSink();
    hub.open(c, watch({ flowIds: ['F'] })).go(null);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(700);
    expect(c.texts()).toEqual([': ping\n\n']);
    expect(a.writes).toHaveLength(1);
    hub.closeAll();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closes a stream at the first beat at or after its token expires, without a ping', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(50_000);
    const hub = new SseHub(options);
    const expiring = new FlagSink();
    hub.open(expiring, watch({ flowIds: ['F'], expiresAt: 51_000 })).go(null);
    vi.advanceTimersByTime(1000);
    expect(expiring.closed).toBe(true);
    expect(expiring.writes).toEqual([]);
    expect(hub.size).toBe(0);
  });

  it('writes the farewell as a catch-up write before closing, and nothing without one', () => {
    const hub = new SseHub(options);
    const a = new FlagSink();
    const b = new FlagSink();
    hub.open(a, watch({ flowIds: ['F'] })).go(null);
    hub.open(b, watch({ flowIds: ['F'] })); // still replaying: told as well
    hub.closeAll(Buffer.from('bye\n\n'));
    for (const sink of [a, b]) {
      expect(sink.writes.map((w) => [w.text, w.replay])).toEqual([['bye\n\n', true]]);
      expect(sink.closed).toBe(true);
    }
    const c = new FlagSink();
    hub.open(c, watch({ flowIds: ['F'] })).go(null);
    hub.closeAll();
    expect(c.writes).toEqual([]);
    expect(c.closed).toBe(true);
  });
});
