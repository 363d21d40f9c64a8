/**
 * Personal data in the Redis store. A stream entry cannot be rewritten, so an entry is written
 * without its personal data (store/personal-data.ts) and the whole entry is kept beside it:
 *   pd:<eventId>        the entry as recorded, with personal data (expires with the retention)
 *   pd-flow:<flowId>    ids of the flow's entries that have such a copy (erase finds them here)
 *   pd-swept-through    the newest entry the retention sweep has handled
 *   pd-legacy-through   the newest entry written before layout 3, when entries still held their
 *                       personal data inline: those are deleted from the stream instead
 * Readers take the copy when it exists (`withPersonalData`), so within the retention nothing changes.
 */
import type { Redis } from 'ioredis';
import {
  eventHasPersonalData,
  flowSnapshotHasPersonalData,
  flowSnapshotWithoutPersonalData,
} from './personal-data.js';
import { storedEvent } from './records.js';
import type { ErasedFromStore, FlowRecord, StoredEvent } from './types.js';

type StreamEntry = [id: string, fields: string[]];

const PAGE = 500;

/** Parses a stream entry (or its copy) into the event the store hands out (store/records.ts). */
export function entryToEvent(id: string, json: string): StoredEvent {
  const { at, ...event } = JSON.parse(json) as Omit<StoredEvent, 'id'>;
  return storedEvent(event, id, at);
}

export interface RedisPersonalDataInput {
  redis: Redis;
  prefix: string;
  /** The stream key of the log. */
  log: string;
  /** Writes `next` to the flow record `key` only if it still holds `raw` (1 written, else a conflict). */
  putFlowIf(key: string, raw: string, next: string): Promise<number>;
}

export function redisPersonalData({ redis, prefix: p, log, putFlowIf }: RedisPersonalDataInput) {
  const keys = {
    copy: (id: string) => `${p}pd:${id}`,
    ofFlow: (flowId: string) => `${p}pd-flow:${flowId}`,
    swept: `${p}pd-swept-through`,
    legacy: `${p}pd-legacy-through`,
  };

  /** The events of stream entries, each with its personal data while the copy exists. */
  const withPersonalData = async (entries: StreamEntry[]): Promise<StoredEvent[]> => {
    if (entries.length === 0) return [];
    const copies = await redis.mget(...entries.map(([id]) => keys.copy(id)));
    return entries.map(([id, fields], i) => entryToEvent(id, copies[i] ?? (fields[1] as string)));
  };

  /** Walks the stream from `start` to `end` in pages; `visit` returns how many entries it changed. */
  const walk = async (
    start: string,
    end: string,
    visit: (entries: StreamEntry[]) => Promise<number>,
  ): Promise<number> => {
    let total = 0;
    let from = start;
    for (;;) {
      const entries = (await redis.xrange(log, from, end, 'COUNT', PAGE)) as StreamEntry[];
      if (entries.length === 0) return total;
      total += await visit(entries);
      from = `(${(entries[entries.length - 1] as StreamEntry)[0]}`;
      if (entries.length < PAGE) return total;
    }
  };

  /** Entries that still hold personal data inline (written before layout 3) among `entries`. */
  const inline = (entries: StreamEntry[], flowId?: string) =>
    entries.filter(([id, fields]) => {
      const event = entryToEvent(id, fields[1] as string);
      return (flowId === undefined || event.flowId === flowId) && eventHasPersonalData(event);
    });

  return {
    withPersonalData,

    /** Records where inline entries end, when a store from before layout 3 is opened. */
    async markLegacy(head: string | null): Promise<void> {
      if (head) await redis.set(keys.legacy, head, 'NX');
    },

    async forgetPersonalData(recordedBefore: number): Promise<number> {
      const swept = await redis.get(keys.swept);
      const end = String(Math.max(0, recordedBefore - 1));
      return walk(swept ? `(${swept}` : '-', end, async (entries) => {
        const tx = redis.multi();
        for (const [id] of entries) tx.del(keys.copy(id));
        const old = inline(entries);
        if (old.length > 0) tx.xdel(log, ...old.map(([id]) => id));
        tx.set(keys.swept, (entries[entries.length - 1] as StreamEntry)[0]);
        const replies = (await tx.exec()) ?? [];
        const removed = replies.slice(0, entries.length).reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
        return removed + old.length;
      });
    },

    async erasePersonalData(flowId: string): Promise<ErasedFromStore> {
      const ids = await redis.smembers(keys.ofFlow(flowId));
      let events = ids.length > 0 ? await redis.del(...ids.map(keys.copy)) : 0;
      await redis.del(keys.ofFlow(flowId));
      const legacy = await redis.get(keys.legacy);
      if (legacy)
        events += await walk('-', legacy, async (entries) => {
          const found = inline(entries, flowId).map(([id]) => id);
          return found.length > 0 ? redis.xdel(log, ...found) : 0;
        });
      const flowKey = `${p}flow:${flowId}`;
      for (let attempt = 0; attempt < 50; attempt++) {
        const raw = await redis.get(flowKey);
        if (!raw) return { events, flows: 0 };
        const record = JSON.parse(raw) as FlowRecord;
        if (!flowSnapshotHasPersonalData(record.snapshot)) return { events, flows: 0 };
        const next = { ...record, snapshot: flowSnapshotWithoutPersonalData(record.snapshot) };
        if ((await putFlowIf(flowKey, raw, JSON.stringify(next))) === 1) return { events, flows: 1 };
      }
      throw new Error('erasePersonalData: too many concurrent writers on the same flow');
    },
  };
}
