/**
 * Relay state in SQLite: its own tables in the BFF's database file (a second connection; WAL lets
 * both write), so cursors and deliveries survive restarts exactly like the event log. SQLite means a
 * single BFF process, so claims are an in-process set.
 */
import Database from 'better-sqlite3';
import { eventHasPersonalData, eventWithoutPersonalData } from '../store/personal-data.js';
import type { EventId, StoredEvent } from '../store/types.js';
import type { Delivery, DeliveryPage, DeliveryState, RelayStore } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS relay_cursors (target TEXT PRIMARY KEY, event_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS relay_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, target TEXT NOT NULL, event_id TEXT NOT NULL, partition TEXT NOT NULL,
  state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, last_error TEXT,
  last_status INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, delivered_at INTEGER,
  event TEXT NOT NULL, UNIQUE (target, event_id));
CREATE INDEX IF NOT EXISTS relay_pending ON relay_deliveries(state, target, partition, id);
CREATE INDEX IF NOT EXISTS relay_state ON relay_deliveries(state, id);
`;

interface Row {
  id: number;
  target: string;
  event_id: string;
  partition: string;
  state: string;
  attempts: number;
  next_at: number;
  last_error: string | null;
  last_status: number | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
  event: string;
}

function toDelivery(row: Row): Delivery {
  let event: StoredEvent | undefined;
  return {
    id: String(row.id),
    target: row.target,
    eventId: row.event_id,
    partition: row.partition,
    state: row.state as DeliveryState,
    attempts: row.attempts,
    nextAt: row.next_at,
    lastError: row.last_error,
    lastStatus: row.last_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
    // Parsed on first use: the scheduler reads many due heads but sends only a few.
    get event() {
      event ??= JSON.parse(row.event) as StoredEvent;
      return event;
    },
  };
}

/** Opens the relay tables in the SQLite file at `path` (`:memory:` gives a private, volatile database). */
export function openSqliteRelayStore(path: string, keepDeliveredMs: number): RelayStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL is enough here (WAL survives a process crash either way): a power loss can only undo the
  // newest relay writes, and cursor and queue roll back together, so events are rescanned from the
  // log (which is FULL) and at worst delivered again — at least once still holds.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const sql = {
    cursor: db.prepare('SELECT event_id FROM relay_cursors WHERE target = ?').pluck(),
    setCursor: db.prepare(
      'INSERT INTO relay_cursors (target, event_id) VALUES (?, ?) ON CONFLICT(target) DO UPDATE SET event_id = excluded.event_id',
    ),
    insert: db.prepare(
      `INSERT OR IGNORE INTO relay_deliveries (target, event_id, partition, state, attempts, next_at, created_at, updated_at, event)
       VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?)`,
    ),
    // Heads of the pending queues (one per target and partition), then the due ones among them.
    due: db.prepare(
      `SELECT d.* FROM relay_deliveries d
       JOIN (SELECT MIN(id) AS id FROM relay_deliveries WHERE state = 'pending' GROUP BY target, partition) h
         ON d.id = h.id
       WHERE d.next_at <= ? ORDER BY d.id LIMIT ?`,
    ),
    head: db
      .prepare(
        `SELECT MIN(id) FROM relay_deliveries WHERE state = 'pending' AND target = ? AND partition = ?`,
      )
      .pluck(),
    get: db.prepare('SELECT * FROM relay_deliveries WHERE id = ?'),
    update: db.prepare(
      `UPDATE relay_deliveries SET state = ?, attempts = attempts + 1, next_at = ?, last_error = ?, last_status = ?,
       updated_at = ?, delivered_at = ? WHERE id = ?`,
    ),
    requeue: db.prepare(
      `UPDATE relay_deliveries SET state = 'pending', attempts = 0, next_at = ?, updated_at = ? WHERE id = ?`,
    ),
    requeueAll: db.prepare(
      `UPDATE relay_deliveries SET state = 'pending', attempts = 0, next_at = ?, updated_at = ?
       WHERE state = ? AND (? IS NULL OR target = ?)`,
    ),
    prune: db.prepare(`DELETE FROM relay_deliveries WHERE state = 'delivered' AND delivered_at < ?`),
    counts: db.prepare('SELECT state, COUNT(*) AS n FROM relay_deliveries GROUP BY state'),
    // Ids grow with created_at, so the retention sweep continues after the last id it handled.
    since: db.prepare(
      'SELECT id, created_at, event FROM relay_deliveries WHERE id > ? ORDER BY id LIMIT 500',
    ),
    ofFlow: db.prepare(
      "SELECT id, created_at, event FROM relay_deliveries WHERE json_extract(event, '$.flowId') = ?",
    ),
    setEvent: db.prepare('UPDATE relay_deliveries SET event = ? WHERE id = ?'),
  };
  type EventRow = { id: number; created_at: number; event: string };
  /** Rewrites the copies that still hold personal data; returns how many. */
  const redact = db.transaction((rows: EventRow[]) => {
    let changed = 0;
    for (const row of rows) {
      const event = JSON.parse(row.event) as StoredEvent;
      if (!eventHasPersonalData(event)) continue;
      sql.setEvent.run(JSON.stringify(eventWithoutPersonalData(event)), row.id);
      changed++;
    }
    return changed;
  });
  let sweptThrough = 0;
  const claimed = new Set<string>();
  const claimKey = (d: Delivery) => `${d.target}|${d.partition}`;
  const enqueueTx = db.transaction(
    (target: string, items: { event: StoredEvent; partition: string }[], cursor: EventId, now: number) => {
      for (const { event, partition } of items)
        sql.insert.run(target, event.id, partition, now, now, now, JSON.stringify(event));
      sql.setCursor.run(target, cursor);
    },
  );
  let lastPrune = 0;

  const relayStore: RelayStore = {
    kind: 'sqlite',
    async cursor(target) {
      return (sql.cursor.get(target) as string | undefined) ?? null;
    },
    async setCursor(target, cursor) {
      sql.setCursor.run(target, cursor);
    },
    async enqueue(target, items, cursor) {
      enqueueTx(target, items, cursor, Date.now());
    },
    async withIngestLease(_target, work) {
      await work();
      return true;
    },
    async due(now, limit) {
      if (now - lastPrune > 60_000) {
        lastPrune = now;
        sql.prune.run(now - keepDeliveredMs);
      }
      return (sql.due.all(now, limit) as Row[]).map(toDelivery);
    },
    async claim(delivery) {
      const key = claimKey(delivery);
      if (claimed.has(key)) return false;
      const head = sql.head.get(delivery.target, delivery.partition) as number | null;
      if (String(head) !== delivery.id) return false;
      claimed.add(key);
      return true;
    },
    async complete(delivery, outcome) {
      try {
        sql.update.run(
          outcome.state,
          outcome.state === 'pending' ? outcome.nextAt : outcome.at,
          outcome.state === 'delivered' ? null : outcome.error,
          outcome.status,
          outcome.at,
          outcome.state === 'delivered' ? outcome.at : null,
          Number(delivery.id),
        );
      } finally {
        claimed.delete(claimKey(delivery));
      }
    },
    async get(id) {
      if (!/^\d{1,15}$/.test(id)) return null;
      const row = sql.get.get(Number(id)) as Row | undefined;
      return row ? toDelivery(row) : null;
    },
    async list({ state, target, after, limit }): Promise<DeliveryPage> {
      const rows = db
        .prepare(
          `SELECT * FROM relay_deliveries WHERE (? IS NULL OR state = ?) AND (? IS NULL OR target = ?)
           AND id > ? ORDER BY id LIMIT ?`,
        )
        .all(
          state ?? null,
          state ?? null,
          target ?? null,
          target ?? null,
          Number(after ?? 0),
          limit + 1,
        ) as Row[];
      const page = rows.slice(0, limit).map(toDelivery);
      return { deliveries: page, next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
    },
    async redeliver(id, now) {
      if (!/^\d{1,15}$/.test(id)) return null;
      const result = sql.requeue.run(now, now, Number(id));
      if (result.changes === 0) return null;
      return relayStore.get(id);
    },
    async redeliverAll(state, target, now) {
      return sql.requeueAll.run(now, now, state, target, target).changes;
    },
    async forgetPersonalData(createdBefore) {
      let changed = 0;
      for (;;) {
        const rows = sql.since.all(sweptThrough) as EventRow[];
        // Up to the first young delivery only: the marker must never pass one not handled yet.
        const young = rows.findIndex((row) => row.created_at >= createdBefore);
        const old = young < 0 ? rows : rows.slice(0, young);
        changed += redact(old);
        sweptThrough = old[old.length - 1]?.id ?? sweptThrough;
        if (young >= 0 || rows.length < 500) return changed;
      }
    },
    async erasePersonalData(flowId) {
      return redact(sql.ofFlow.all(flowId) as EventRow[]);
    },
    async counts() {
      const out: Record<DeliveryState, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const row of sql.counts.all() as { state: DeliveryState; n: number }[]) out[row.state] = row.n;
      return out;
    },
    async close() {
      db.close();
    },
  };
  return relayStore;
}
