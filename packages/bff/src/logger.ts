/**
 * A tiny structured logger: one JSON object per line. Every line passes through a redactor that
 * replaces any configured secret value, so a secret that slips into a message or field (an echoed
 * header, an upstream error text) still never reaches the log.
 */

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the BFF logs through. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
  /**
   * A writer of lines that always carry `msg` and the fields `names`, in that order: lines written
   * per request (the access log). `write(values)` writes the very line `logger[level](msg, fields)`
   * would (same text, same redaction), its constant parts serialised once, not per line.
   */
  lineWriter(level: LogLevel, msg: string, names: readonly string[]): (values: readonly LineValue[]) => void;
}

/** A value a {@link Logger.lineWriter} line holds (anything else is written, more slowly, as `info` would). */
export type LineValue = string | number | boolean | null | undefined;

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  level?: LogLevel;
  /** Values that must never be written (credentials, keys). Empty strings are ignored. */
  secrets?: readonly string[];
  /** Where finished lines go; defaults to stdout (stderr for warn/error). */
  sink?: (line: string, level: LogLevel) => void;
}

/** Replaces every occurrence of every secret with `[redacted]`. */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  // Longest first so a secret that contains another is removed whole.
  const list = [...new Set(secrets.filter((s) => s && s.length >= 4))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out;
  };
}

/** Lines waiting for {@link batchedLines} to write them, per writer. */
/** How long a line may wait for the lines after it. */
const FLUSH_MS = 20;
const pendingBatches = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Collects lines and writes them in one chunk at most {@link FLUSH_MS} after the first (or at
 * 64 KB). Writing stdout is synchronous on Linux for files and pipes, so a write per line cost a
 * system call for every access log line — one per request on the hottest routes (flushing once per
 * event-loop turn still wrote about once per request: a loop turn often holds one). Pending lines
 * are written at the latest when the process exits (`process.exit` and fatal errors included); a
 * process killed outright loses at most the last {@link FLUSH_MS} of lines.
 */
export function batchedLines(write: (chunk: string) => void): (line: string) => void {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    write(chunk);
  };
  pendingBatches.add(flush);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const pendingFlush of pendingBatches) pendingFlush();
    });
  }
  return (line) => {
    pending += `${line}\n`;
    if (pending.length >= 65_536) flush();
    else if (!scheduled) {
      scheduled = true;
      setTimeout(flush, FLUSH_MS).unref();
    }
  };
}

/**
 * The standard sink over two writers: info and debug lines batched to `out` ({@link batchedLines}),
 * warnings and errors to `err` at once (they are rare, and wanted before anything else happens).
 */
export function jsonLinesSink(
  out: (chunk: string) => void,
  err: (chunk: string) => void,
): (line: string, level: LogLevel) => void {
  const outLines = batchedLines(out);
  return (line, level) => {
    if (level === 'warn' || level === 'error') err(`${line}\n`);
    else outLines(line);
  };
}

let stdio: ((line: string, level: LogLevel) => void) | null = null;

/** The standard sink on stdout and stderr. */
function defaultSink(line: string, level: LogLevel): void {
  stdio ??= jsonLinesSink(
    (chunk) => process.stdout.write(chunk),
    (chunk) => process.stderr.write(chunk),
  );
  stdio(line, level);
}

const replaceUnserialisable = (_key: string, v: unknown) => {
  if (v instanceof Error) return { name: v.name, message: v.message };
  if (typeof v === 'bigint') return v.toString();
  return v;
};

function safeStringify(value: Record<string, unknown>): string {
  // Lines of plain values (every access log line) need no replacer, which costs a call per key.
  for (const key in value) {
    const v = value[key];
    if ((typeof v === 'object' && v !== null) || typeof v === 'bigint')
      return JSON.stringify(value, replaceUnserialisable);
  }
  return JSON.stringify(value);
}

/**
 * True when `record` holds only plain values (no objects, no bigints), and none of its keys is a
 * line's own (`time`, `level`, `msg`), one of `base`'s, or an array index (which the merged object
 * would have put first).
 */
function isPlain(record: Record<string, unknown>, base?: Record<string, unknown>): boolean {
  for (const key in record) {
    const v = record[key];
    if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') return false;
    if (key === 'time' || key === 'level' || key === 'msg' || (base !== undefined && key in base))
      return false;
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) return false;
  }
  return true;
}

let lastMs = -1;
let lastIso = '';
/** The time field: one ISO string per millisecond, not per line (a loaded BFF logs many per ms). */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** Strings JSON writes as they are, between quotes (no quote, backslash, control or lone surrogate). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes.
const PLAIN_JSON_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** A plain value's JSON text, as `JSON.stringify` gives it; undefined for anything else. */
function plainJson(value: LineValue): string | undefined {
  switch (typeof value) {
    case 'string':
      return PLAIN_JSON_STRING.test(value) ? `"${value}"` : JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value === null ? 'null' : undefined;
  }
}

/** Creates a JSON-lines logger that redacts the given secrets. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const minRank = LEVEL_RANK[options.level ?? 'info'];
  const redact = makeRedactor(options.secrets ?? []);
  const sink = options.sink ?? defaultSink;

  const build = (base: Record<string, unknown>): Logger => {
    // Plain values over a plain base (every access log line): the line is put together as text,
    // exactly as serialising the merged object would give it, without building that object.
    const baseText = isPlain(base) ? JSON.stringify(base).slice(1, -1) : null;
    const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (LEVEL_RANK[level] < minRank) return;
      let line: string;
      if (baseText !== null && fields !== undefined && isPlain(fields, base)) {
        const head = `{"time":"${isoNow()}","level":"${level}","msg":${JSON.stringify(msg)}`;
        const rest = JSON.stringify(fields).slice(1);
        line = `${head}${baseText === '' ? '' : `,${baseText}`}${rest === '}' ? '}' : `,${rest}`}`;
      } else line = safeStringify({ time: isoNow(), level, msg, ...base, ...fields });
      sink(redact(line), level);
    };
    const lineWriter = (level: LogLevel, msg: string, names: readonly string[]) => {
      if (LEVEL_RANK[level] < minRank) return () => {};
      const asRecord = (values: readonly LineValue[]) => {
        const fields: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) fields[names[i]] = values[i];
        write(level, msg, fields);
      };
      const distinct = new Set(names).size === names.length && !names.includes('__proto__');
      if (baseText === null || !distinct || !isPlain(Object.fromEntries(names.map((n) => [n, 0])), base))
        return asRecord;
      // Every field follows the message (and the base fields): each is `,"name":value`.
      const head = `","level":"${level}","msg":${JSON.stringify(msg)}${baseText === '' ? '' : `,${baseText}`}`;
      const keys = names.map((name) => `,${JSON.stringify(name)}:`);
      // Most fields repeat their last value (method, route, status): its text is kept per field.
      const lastValues: LineValue[] = names.map(() => undefined);
      const lastTexts = names.map(() => '');
      return (values: readonly LineValue[]) => {
        let line = `{"time":"${isoNow()}${head}`;
        for (let i = 0; i < keys.length; i++) {
          const value = values[i];
          let text = lastTexts[i];
          if (value !== lastValues[i] || value === undefined) {
            const json = plainJson(value);
            // undefined is left out of the line, as JSON.stringify leaves it out of an object.
            if (json === undefined) return asRecord(values);
            text = json;
            lastValues[i] = value;
            lastTexts[i] = json;
          }
          line += keys[i] + text;
        }
        sink(redact(`${line}}`), level);
      };
    };
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (fields) => build({ ...base, ...fields }),
      lineWriter,
    };
  };
  return build({});
}

/** A logger that drops everything (benchmarks). */
export const silentLogger: Logger = createLogger({ sink: () => {} });
