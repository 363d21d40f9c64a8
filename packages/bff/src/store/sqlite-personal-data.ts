/**
 * Personal data in the SQLite store: removed from log entries once they are older than the
 * retention, and from one flow's entries and snapshot on request. The rule of what is personal is
 * store/personal-data.ts; this module only finds the rows and rewrites them.
 */
import type Database from 'better-sqlite3';
import {
  eventHasPersonalData,
  eventWithoutPersonalData,
  flowSnapshotHasPersonalData,
  flowSnapshotWithoutPersonalData,
} from './personal-data.js';
import type { ErasedFromStore, FlowRecord } from './types.js';

/** Rows rewritten per transaction, so a first sweep over a large log never holds the writer long. */
const PAGE = 500;

interface Row {
  id: number;
  at: number;
  data: string | null;
  ess: string | null;
}

/** `dropCachedSnapshot` is called for every flow whose record is rewritten (sqlite.ts caches snapshots). */
export function sqlitePersonalData(db: Database.Database, dropCachedSnapshot: (flowId: string) => void) {
  const sql = {
    // Entries come in id order, and ids grow with `at`: a marker keeps each sweep to the new ones.
    since: db.prepare('SELECT id, at, data, ess FROM events WHERE id > ? ORDER BY id LIMIT ?'),
    ofFlow: db.prepare('SELECT id, at, data, ess FROM events WHERE flow_id = ?'),
    update: db.prepare('UPDATE events SET data = ?, ess = ? WHERE id = ?'),
    getMarker: db.prepare("SELECT value FROM meta WHERE key = 'personal_data_through'").pluck(),
    setMarker: db.prepare(
      "INSERT INTO meta (key, value) VALUES ('personal_data_through', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ),
    getFlow: db.prepare('SELECT record FROM flows WHERE flow_id = ?').pluck(),
    putFlow: db.prepare('UPDATE flows SET record = ? WHERE flow_id = ?'),
  };

  /** Rewrites the rows that still hold personal data; returns how many. */
  const redactRows = (rows: Row[]): number => {
    let changed = 0;
    for (const row of rows) {
      const event = {
        data: row.data ? (JSON.parse(row.data) as Record<string, unknown>) : null,
        ess: row.ess ? (JSON.parse(row.ess) as Record<string, unknown>) : null,
      };
      if (!eventHasPersonalData(event)) continue;
      const clean = eventWithoutPersonalData(event);
      sql.update.run(
        clean.data ? JSON.stringify(clean.data) : null,
        clean.ess ? JSON.stringify(clean.ess) : null,
        row.id,
      );
      changed++;
    }
    return changed;
  };

  const forgetPage = db.transaction((recordedBefore: number): { changed: number; done: boolean } => {
    const through = Number(sql.getMarker.get() ?? 0);
    const rows = sql.since.all(through, PAGE) as Row[];
    // Up to the first young entry only: the marker must never pass an entry not handled yet.
    const young = rows.findIndex((row) => row.at >= recordedBefore);
    const old = young < 0 ? rows : rows.slice(0, young);
    const done = young >= 0 || rows.length < PAGE;
    const changed = redactRows(old);
    const last = old[old.length - 1];
    if (last) sql.setMarker.run(String(last.id));
    return { changed, done };
  });

  const eraseTx = db.transaction((flowId: string): ErasedFromStore => {
    const events = redactRows(sql.ofFlow.all(flowId) as Row[]);
    let flows = 0;
    const raw = sql.getFlow.get(flowId) as string | undefined;
    if (raw) {
      const record = JSON.parse(raw) as FlowRecord;
      if (flowSnapshotHasPersonalData(record.snapshot)) {
        dropCachedSnapshot(flowId);
        sql.putFlow.run(
          JSON.stringify({ ...record, snapshot: flowSnapshotWithoutPersonalData(record.snapshot) }),
          flowId,
        );
        flows = 1;
      }
    }
    return { events, flows };
  });

  return {
    async forgetPersonalData(recordedBefore: number): Promise<number> {
      let total = 0;
      for (;;) {
        const { changed, done } = forgetPage(recordedBefore);
        total += changed;
        if (done) return total;
        // Let callbacks in between pages.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async erasePersonalData(flowId: string): Promise<ErasedFromStore> {
      return eraseTx(flowId);
    },
  };
}
