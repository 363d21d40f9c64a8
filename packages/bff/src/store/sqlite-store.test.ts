// What only the SQLite store does (one process owns the file): opening the file, group commit,
// closing, in-process listeners, the in-memory snapshot cache and the paged personal-data sweep.
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { openStore } from './index.js';
import { StoreLayoutError } from './layout.js';
import { eventHasPersonalData } from './personal-data.js';
import type { NewEvent, Store, StoredEvent } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const fresh = () => join(dir, `s-${++files}.sqlite`);

/** A logged flow callback that still holds its MsgData (personal data until the sweep removes it). */
const callbackEntry = (n: number): NewEvent => ({
  kind: 'ess',
  organizationId: 'ORG',
  flowId: `F${n}`,
  family: 'flow',
  msgType: 'FlowStatusChange',
  data: null,
  // Only the fields the sweep reads; a real entry carries the whole normalized callback.
  ess: {
    flowId: `F${n}`,
    data: { FlowId: `F${n}`, Approvers: [{ ApproverMobile: '13800000000' }] },
  } as unknown as NewEvent['ess'],
});

async function append(store: Store, events: NewEvent[], dedupeKey?: string): Promise<StoredEvent[]> {
  const result = await store.record({ dedupeKey, plan: () => ({ events }) });
  if (result.duplicate) throw new Error('unexpected duplicate');
  return result.events;
}

async function withStore<T>(path: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ store: { url: path } });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('SQLite store: the file', () => {
  it('creates missing parent folders', async () => {
    const path = join(dir, 'new', 'nested', 'store.sqlite');
    await withStore(path, async (store) => {
      await append(store, [callbackEntry(1)]);
      await expect(store.check()).resolves.toBeUndefined();
    });
    expect(existsSync(path)).toBe(true);
  });

  it('refuses a file of a newer layout without writing to it', async () => {
    const path = fresh();
    const newer = new Database(path);
    newer.exec(
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '99')",
    );
    newer.close();
    const opening = openStore({ store: { url: path } });
    await expect(opening).rejects.toThrow(StoreLayoutError);
    await expect(opening).rejects.toThrow(`The event store at ${path} has layout 99`);
    const after = new Database(path);
    try {
      expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual([
        'meta',
      ]);
    } finally {
      after.close();
    }
  });

  it('names a folder given as STORE_URL and suggests a file inside it', async () => {
    const folder = mkdtempSync(join(dir, 'folder-'));
    const opening = openStore({ store: { url: folder } });
    await expect(opening).rejects.toThrow(ConfigError);
    await expect(opening).rejects.toThrow(
      `STORE_URL: the SQLite store ${folder} is a directory; name a file inside it (e.g. ${join(folder, 'ess-kit.sqlite')})`,
    );
  });

  it('fails its health check once its file is deleted under it', async () => {
    const path = fresh();
    await withStore(path, async (store) => {
      await expect(store.check()).resolves.toBeUndefined();
      unlinkSync(path);
      await expect(store.check()).rejects.toThrow(
        `the SQLite file ${path} was deleted under the running BFF; restart it`,
      );
    });
  });
});

describe('SQLite store: writes and listeners', () => {
  it('commits records of one turn together, undoing only a failing planner (its delivery can be retried)', async () => {
    await withStore(fresh(), async (store) => {
      const broken = store.record({
        dedupeKey: 'k-broken',
        plan: () => {
          throw new Error('planner broke');
        },
      });
      const fine = store.record({ dedupeKey: 'k-fine', plan: () => ({ events: [callbackEntry(2)] }) });
      await expect(broken).rejects.toThrow('planner broke');
      const stored = await fine;
      expect(stored.duplicate).toBe(false);
      expect((await store.readEvents(null, 10)).events.map((e) => e.flowId)).toEqual(['F2']);
      // The failed planner's dedupe key was rolled back with it: ESS's retry is taken.
      expect((await store.record({ dedupeKey: 'k-broken', plan: () => ({ events: [] }) })).duplicate).toBe(
        false,
      );
      expect((await store.record({ dedupeKey: 'k-fine', plan: () => ({ events: [] }) })).duplicate).toBe(
        true,
      );
    });
  });

  it('stops delivering to a listener once it unsubscribes', async () => {
    await withStore(fresh(), async (store) => {
      const gone: string[] = [];
      const stays: string[] = [];
      const unsubscribe = store.subscribe((e) => gone.push(e.id));
      store.subscribe((e) => stays.push(e.id));
      const [first] = await append(store, [callbackEntry(1)]);
      unsubscribe();
      // SQLite publishes before `record` resolves: the later entry reached the listener still subscribed.
      const [second] = await append(store, [callbackEntry(2)]);
      expect(stays).toEqual([first?.id, second?.id]);
      expect(gone).toEqual([first?.id]);
    });
  });

  it('rejects records once closed, also one queued just before closing, and closes twice quietly', async () => {
    const store = await openStore({ store: { url: fresh() } });
    expect(store.kind).toBe('sqlite'); // the relay picks its starting cursor's form by it
    const queued = store.record({ plan: () => ({ events: [callbackEntry(1)] }) });
    await store.close();
    await expect(queued).rejects.toThrow('The database connection is not open');
    await expect(store.record({ plan: () => ({ events: [] }) })).rejects.toThrow('store is closed');
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describe('SQLite store: the snapshot cache', () => {
  it('keeps the 10,000 snapshots read last in memory, dropping the oldest', async () => {
    const path = fresh();
    await withStore(path, async (store) => {
      await append(store, []); // creates the tables
      const other = new Database(path);
      try {
        const record = (flowId: string, flowName: string) =>
          JSON.stringify({
            snapshot: { flowId, flowName },
            organizationId: 'ORG',
            occurredAt: 0,
            touchedAt: 0,
          });
        const put = other.prepare(
          'INSERT OR REPLACE INTO flows (flow_id, record, open, touched_at) VALUES (?, ?, 0, 0)',
        );
        const ids = Array.from({ length: 10_001 }, (_, i) => `C${i}`);
        other.transaction(() => {
          for (const id of ids) put.run(id, record(id, 'before'));
        })();
        for (const id of ids) await store.getFlowSnapshotJson(id);
        // Changed behind the store's back (a second writer is unsupported): only an uncached read sees it.
        other.transaction(() => {
          for (const id of ['C0', 'C1', 'C10000']) put.run(id, record(id, 'after'));
        })();
        const name = async (id: string) =>
          JSON.parse((await store.getFlowSnapshotJson(id)) ?? 'null').flowName;
        expect(await name('C1')).toBe('before');
        expect(await name('C10000')).toBe('before');
        expect(await name('C0')).toBe('after');
      } finally {
        other.close();
      }
    });
  });
});

describe('SQLite store: the personal-data sweep', () => {
  it('sweeps a log longer than one page completely, and leaves entries recorded at the cutoff', async () => {
    await withStore(fresh(), async (store) => {
      const entries = await append(
        store,
        Array.from({ length: 600 }, (_, i) => callbackEntry(i)),
      );
      const at = entries[0]?.at as number;
      // Recorded at the cutoff is not older than it: nothing to do, and the sweep ends.
      expect(await store.forgetPersonalData(at)).toBe(0);
      expect(await store.forgetPersonalData(at + 1)).toBe(600);
      const all = (await store.readEvents(null, 1000)).events;
      expect(all).toHaveLength(600);
      expect(all.filter(eventHasPersonalData)).toEqual([]);
      expect(await store.forgetPersonalData(at + 1)).toBe(0);
    });
  });

  it('removes personal data strictly older than the cutoff', async () => {
    await withStore(fresh(), async (store) => {
      const [older] = await append(store, [callbackEntry(1)]);
      await expect.poll(() => Date.now() > (older?.at as number)).toBe(true); // the clock moved on
      const [atCutoff] = await append(store, [callbackEntry(2)]);
      expect(await store.forgetPersonalData(atCutoff?.at as number)).toBe(1);
      const [first, second] = (await store.readEvents(null, 10)).events;
      expect(first && eventHasPersonalData(first)).toBe(false);
      expect(second && eventHasPersonalData(second)).toBe(true);
      expect(await store.forgetPersonalData((atCutoff?.at as number) + 1)).toBe(1);
    });
  });
});
