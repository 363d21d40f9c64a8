/**
 * SQLite store (better-sqlite3, WAL): the embedded default. One process owns the file; live events
 * are fanned out in-process right after each committed transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OPEN_QR_STATES } from '@ess-kit/shared';
import Database from 'better-sqlite3';
import { sqliteCheck } from './health.js';
import { assertReadableLayout, STORE_LAYOUT_VERSION } from './layout.js';
import { isOpenFlow, mergeFlowRecord, stampEventIds, storedEvent } from './records.js';
import { sqlitePersonalData } from './sqlite-personal-data.js';
import type {
  EventId,
  EventListener,
  FlowRecord,
  IdempotencyState,
  NewEvent,
  OwnerKind,
  QrRecord,
  ReadResult,
  RecordInput,
  RecordResult,
  Retention,
  SnapshotRead,
  Store,
  StoredEvent,
} from './types.js';

/** Flow snapshots kept in memory as JSON text (about 0.5 KB each). */
const SNAPSHOTS_IN_MEMORY = 10_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL,
  organization_id TEXT, flow_id TEXT, qr_code_id TEXT, family TEXT NOT NULL, msg_type TEXT NOT NULL,
  data TEXT, ess TEXT);
CREATE INDEX IF NOT EXISTS events_at ON events(at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS flows (
  flow_id TEXT PRIMARY KEY, record TEXT NOT NULL, open INTEGER NOT NULL, touched_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS flows_open ON flows(open, touched_at);
CREATE TABLE IF NOT EXISTS qr_codes (qr_code_id TEXT PRIMARY KEY, record TEXT NOT NULL, link TEXT);
CREATE INDEX IF NOT EXISTS qr_codes_link ON qr_codes(link);
CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS owners (kind TEXT NOT NULL, id TEXT NOT NULL, organization_id TEXT NOT NULL,
  PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, status INTEGER, body TEXT, expires_at INTEGER NOT NULL, fingerprint TEXT);
`;

interface EventRow {
  id: number;
  at: number;
  kind: string;
  organization_id: string | null;
  flow_id: string | null;
  qr_code_id: string | null;
  family: string;
  msg_type: string;
  data: string | null;
  ess: string | null;
}

function rowToEvent(row: EventRow): StoredEvent {
  const event: NewEvent = {
    kind: row.kind as StoredEvent['kind'],
    organizationId: row.organization_id,
    flowId: row.flow_id,
    qrCodeId: row.qr_code_id,
    family: row.family,
    msgType: row.msg_type,
    data: row.data ? JSON.parse(row.data) : null,
    ess: row.ess ? JSON.parse(row.ess) : null,
  };
  return storedEvent(event, String(row.id), row.at);
}

/** Dedupe keys outlive ESS's retries by far; older ones are dropped on trim. */
const DEDUPE_KEEP_MS = 30 * 24 * 3600 * 1000;

export interface SqliteStoreOptions {
  path: string;
  retention: Retention;
}

/** Opens (creating and migrating) the SQLite store at `path` (`:memory:` for tests). */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  // FULL: a callback acknowledged with 200 survives power loss, not just a process kill.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // A newer layout is refused before anything is written to it.
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  const recorded = hasMeta
    ? ((db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as
        | string
        | undefined) ?? null)
    : null;
  try {
    assertReadableLayout(recorded, options.path);
  } catch (error) {
    db.close();
    throw error;
  }
  db.exec(SCHEMA);
  // Layout 1 → 2: files made before idempotency answers kept their request's fingerprint gain the column.
  const idempotencyColumns = db.prepare('PRAGMA table_info(idempotency)').all() as { name: string }[];
  if (!idempotencyColumns.some((column) => column.name === 'fingerprint'))
    db.exec('ALTER TABLE idempotency ADD COLUMN fingerprint TEXT');
  db.prepare(
    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(String(STORE_LAYOUT_VERSION));

  const sql = {
    insertDedupe: db.prepare('INSERT OR IGNORE INTO dedupe (key, at) VALUES (?, ?)'),
    hasDedupe: db.prepare('SELECT 1 FROM dedupe WHERE key = ?').pluck(),
    insertEvent: db.prepare(
      `INSERT INTO events (at, kind, organization_id, flow_id, qr_code_id, family, msg_type, data, ess)
       VALUES (@at, @kind, @organizationId, @flowId, @qrCodeId, @family, @msgType, @data, @ess)`,
    ),
    eventsAfter: db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?'),
    head: db.prepare('SELECT MAX(id) AS id FROM events'),
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ),
    getFlow: db.prepare('SELECT record FROM flows WHERE flow_id = ?'),
    // json_extract of an object gives its (minified) JSON text: no parse/stringify in JavaScript.
    getFlowSnapshot: db
      .prepare("SELECT json_extract(record, '$.snapshot') AS snapshot FROM flows WHERE flow_id = ?")
      .pluck(),
    putFlow: db.prepare(
      `INSERT INTO flows (flow_id, record, open, touched_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(flow_id) DO UPDATE SET record = excluded.record, open = excluded.open, touched_at = excluded.touched_at`,
    ),
    touchFlow: db.prepare('UPDATE flows SET touched_at = ? WHERE flow_id = ?'),
    quietFlows: db.prepare(
      'SELECT flow_id, record FROM flows WHERE open = 1 AND touched_at < ? ORDER BY touched_at LIMIT ?',
    ),
    getQr: db.prepare('SELECT record FROM qr_codes WHERE qr_code_id = ?'),
    qrByLink: db.prepare('SELECT record FROM qr_codes WHERE link = ?'),
    // QR codes are few (one per campaign), so a scan over the JSON records is fine here.
    expiredQr: db.prepare(
      `SELECT record FROM qr_codes WHERE json_extract(record, '$.state') IN (${OPEN_QR_STATES.map((state) => `'${state}'`).join(', ')})
       AND json_extract(record, '$.expiredTime') > 0 AND json_extract(record, '$.expiredTime') <= ? LIMIT ?`,
    ),
    putQr: db.prepare(
      `INSERT INTO qr_codes (qr_code_id, record, link) VALUES (?, ?, ?)
       ON CONFLICT(qr_code_id) DO UPDATE SET record = excluded.record, link = excluded.link`,
    ),
    putOwner: db.prepare(
      `INSERT INTO owners (kind, id, organization_id) VALUES (?, ?, ?)
       ON CONFLICT(kind, id) DO UPDATE SET organization_id = excluded.organization_id`,
    ),
    getOwner: db.prepare('SELECT organization_id FROM owners WHERE kind = ? AND id = ?'),
    getIdem: db.prepare('SELECT status, body, fingerprint, expires_at FROM idempotency WHERE key = ?'),
    claimIdem: db.prepare(
      `INSERT INTO idempotency (key, status, body, expires_at) VALUES (?, NULL, NULL, ?)
       ON CONFLICT(key) DO UPDATE SET status = NULL, body = NULL, expires_at = excluded.expires_at
       WHERE idempotency.expires_at < ?`,
    ),
    finishIdem: db.prepare(
      'UPDATE idempotency SET status = ?, body = ?, fingerprint = ?, expires_at = ? WHERE key = ?',
    ),
    dropIdem: db.prepare('DELETE FROM idempotency WHERE key = ?'),
  };

  const listeners = new Set<EventListener>();
  let closed = false;

  const readFlow = (flowId: string): FlowRecord | null => {
    const row = sql.getFlow.get(flowId) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as FlowRecord) : null;
  };
  const readQr = (qrCodeId: string): QrRecord | null => {
    const row = sql.getQr.get(qrCodeId) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as QrRecord) : null;
  };
  // A SQLite store belongs to one process (docs/production.md), so the hottest read, a flow's
  // snapshot for GET /v1/flows/:id, is kept in memory as its JSON text: dropped whenever the flow
  // is written (safe even if that transaction then rolls back) and refilled on the next read.
  const snapshotJson = new Map<string, string>();
  const readSnapshotJson = (flowId: string): string | null => {
    const hit = snapshotJson.get(flowId);
    if (hit !== undefined) return hit;
    const text = sql.getFlowSnapshot.get(flowId) as string | undefined;
    if (text === undefined) return null;
    if (snapshotJson.size >= SNAPSHOTS_IN_MEMORY)
      snapshotJson.delete(snapshotJson.keys().next().value as string);
    snapshotJson.set(flowId, text);
    return text;
  };
  const writeFlow = (record: FlowRecord) => {
    snapshotJson.delete(record.snapshot.flowId);
    const open = isOpenFlow(record) ? 1 : 0;
    sql.putFlow.run(record.snapshot.flowId, JSON.stringify(record), open, record.touchedAt);
  };
  const writeQr = (record: QrRecord) => {
    sql.putQr.run(record.qrCodeId, JSON.stringify(record), record.link);
  };
  const headId = (): EventId | null => {
    const row = sql.head.get() as { id: number | null };
    return row.id === null ? null : String(row.id);
  };

  const recordTx = db.transaction((input: RecordInput): RecordResult => {
    const now = Date.now();
    const dedupeKeys = [input.dedupeKey, ...(input.dedupeKeys ?? [])].filter((k): k is string => !!k);
    if (dedupeKeys.some((key) => sql.hasDedupe.get(key))) return { duplicate: true };
    for (const key of dedupeKeys) sql.insertDedupe.run(key, now);
    const state = {
      flows: new Map((input.flowIds ?? []).map((id) => [id, readFlow(id)] as const)),
      qrCodes: new Map((input.qrCodeIds ?? []).map((id) => [id, readQr(id)] as const)),
    };
    const plan = input.plan(state);
    const ids = plan.events.map((event: NewEvent) => {
      const info = sql.insertEvent.run({
        at: now,
        kind: event.kind,
        organizationId: event.organizationId,
        flowId: event.flowId ?? null,
        qrCodeId: event.qrCodeId ?? null,
        family: event.family,
        msgType: event.msgType,
        data: event.data ? JSON.stringify(event.data) : null,
        ess: event.ess ? JSON.stringify(event.ess) : null,
      });
      return String(info.lastInsertRowid);
    });
    const stored = stampEventIds(plan, ids, now);
    for (const record of plan.flows ?? []) writeFlow(record);
    for (const record of plan.qrCodes ?? []) writeQr(record);
    for (const owner of plan.owners ?? []) sql.putOwner.run(owner.kind, owner.id, owner.organizationId);
    return { duplicate: false, events: stored };
  });

  // Group commit: records requested in the same turn of the event loop share one transaction (and
  // one fsync); each keeps its own savepoint, so one failing planner does not undo the others.
  // Every caller's promise resolves only after the commit, so a 200 still means "durable".
  type Pending = { input: RecordInput; resolve: (r: RecordResult) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    let outcomes: ({ ok: RecordResult } | { error: unknown })[];
    try {
      outcomes = db.transaction(() =>
        batch.map((item) => {
          try {
            return { ok: recordTx(item.input) };
          } catch (error) {
            return { error };
          }
        }),
      )();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const item = batch[i] as Pending;
      if ('error' in outcome) item.reject(outcome.error);
      else {
        if (!outcome.ok.duplicate) publish(outcome.ok.events);
        item.resolve(outcome.ok);
      }
    });
  };

  const publish = (events: StoredEvent[]) => {
    for (const event of events) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A failing listener must not stop delivery to the others; listeners log their own errors.
        }
      }
    }
  };

  const check = sqliteCheck(db, options.path);
  const personalData = sqlitePersonalData(db, (flowId) => snapshotJson.delete(flowId));
  return {
    kind: 'sqlite',

    record(input) {
      if (closed) return Promise.reject(new Error('store is closed'));
      return new Promise<RecordResult>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (queue.length === 1) setImmediate(flush);
      });
    },

    async readEvents(after, limit): Promise<ReadResult> {
      const trimmedThrough = Number(
        (sql.getMeta.get('trimmed_through') as { value: string } | undefined)?.value ?? 0,
      );
      const head = Number(headId() ?? 0);
      // null reads from the oldest retained entry, also once older ones were trimmed.
      const from = after === null ? trimmedThrough : Number(after);
      if (!Number.isSafeInteger(from) || from < trimmedThrough || from > head) {
        return { events: [], stale: after !== null, more: false };
      }
      const rows = sql.eventsAfter.all(from, limit + 1) as EventRow[];
      const more = rows.length > limit;
      return { events: rows.slice(0, limit).map(rowToEvent), stale: false, more };
    },

    async head() {
      return headId();
    },

    async trim(retention = {}) {
      const bounds = { ...options.retention, ...retention };
      const head = Number(headId() ?? 0);
      const cutoffAt = Date.now() - bounds.maxAgeSeconds * 1000;
      return db.transaction(() => {
        const byCount = head - bounds.maxEvents;
        const row = db.prepare('SELECT MAX(id) AS id FROM events WHERE at < ?').get(cutoffAt) as {
          id: number | null;
        };
        const through = Math.max(byCount, row.id ?? 0, 0);
        const dropped = through > 0 ? db.prepare('DELETE FROM events WHERE id <= ?').run(through).changes : 0;
        if (dropped > 0) {
          const previous = Number(
            (sql.getMeta.get('trimmed_through') as { value: string } | undefined)?.value ?? 0,
          );
          sql.setMeta.run('trimmed_through', String(Math.max(previous, through)));
        }
        db.prepare('DELETE FROM dedupe WHERE at < ?').run(Date.now() - DEDUPE_KEEP_MS);
        db.prepare('DELETE FROM idempotency WHERE expires_at < ?').run(Date.now());
        return dropped;
      })();
    },

    forgetPersonalData: personalData.forgetPersonalData,
    erasePersonalData: personalData.erasePersonalData,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async getFlow(flowId) {
      return readFlow(flowId);
    },

    async getFlowSnapshotJson(flowId) {
      return readSnapshotJson(flowId);
    },

    async putFlow(record) {
      return db.transaction(() => {
        const current = readFlow(record.snapshot.flowId);
        const next = mergeFlowRecord(current, record);
        if (!next) return current as FlowRecord;
        writeFlow(next);
        return next;
      })();
    },

    async getQrCode(qrCodeId) {
      return readQr(qrCodeId);
    },

    async putQrCode(record) {
      writeQr(record);
    },

    async findQrCodeByLink(link) {
      const row = sql.qrByLink.get(link) as { record: string } | undefined;
      return row ? (JSON.parse(row.record) as QrRecord) : null;
    },

    async readSnapshots(flowIds, qrCodeIds): Promise<SnapshotRead> {
      // One synchronous read: nothing can commit in between, so `head` is exact.
      const flows = new Map<string, FlowRecord>();
      const qrCodes = new Map<string, QrRecord>();
      for (const id of flowIds) {
        const record = readFlow(id);
        if (record) flows.set(id, record);
      }
      for (const id of qrCodeIds) {
        const record = readQr(id);
        if (record) qrCodes.set(id, record);
      }
      return { head: headId(), flows, qrCodes };
    },

    async putOwner(kind: OwnerKind, id, organizationId) {
      sql.putOwner.run(kind, id, organizationId);
    },

    async getOwner(kind: OwnerKind, id) {
      const row = sql.getOwner.get(kind, id) as { organization_id: string } | undefined;
      return row?.organization_id ?? null;
    },

    async openFlowsQuietSince(quietSince, limit) {
      const rows = sql.quietFlows.all(quietSince, limit) as { flow_id: string; record: string }[];
      return rows.map((row) => ({
        flowId: row.flow_id,
        organizationId: (JSON.parse(row.record) as FlowRecord).organizationId,
      }));
    },

    async touchFlow(flowId, at) {
      sql.touchFlow.run(at, flowId);
    },

    async qrCodesExpiredBy(nowSeconds, limit) {
      const rows = sql.expiredQr.all(nowSeconds, limit) as { record: string }[];
      return rows.map((row) => JSON.parse(row.record) as QrRecord);
    },

    async beginIdempotent(key, ttlSeconds): Promise<IdempotencyState> {
      const now = Date.now();
      return db.transaction((): IdempotencyState => {
        const claimed = sql.claimIdem.run(key, now + ttlSeconds * 1000, now).changes > 0;
        if (claimed) return { state: 'new' };
        const row = sql.getIdem.get(key) as {
          status: number | null;
          body: string | null;
          fingerprint: string | null;
        };
        return row.status === null
          ? { state: 'in-progress' }
          : { state: 'done', status: row.status, body: row.body ?? '', fingerprint: row.fingerprint };
      })();
    },

    async finishIdempotent(key, status, body, ttlSeconds, fingerprint) {
      sql.finishIdem.run(status, body, fingerprint, Date.now() + ttlSeconds * 1000, key);
    },

    async abandonIdempotent(key) {
      sql.dropIdem.run(key);
    },

    async tryLease() {
      return true;
    },

    check,

    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      db.close();
    },
  };
}
