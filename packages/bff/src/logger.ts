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
}

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

function defaultSink(line: string, level: LogLevel): void {
  if (level === 'warn' || level === 'error') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

function safeStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Error) return { name: v.name, message: v.message };
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
}

/** Creates a JSON-lines logger that redacts the given secrets. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const minRank = LEVEL_RANK[options.level ?? 'info'];
  const redact = makeRedactor(options.secrets ?? []);
  const sink = options.sink ?? defaultSink;

  const build = (base: Record<string, unknown>): Logger => {
    const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (LEVEL_RANK[level] < minRank) return;
      const line = safeStringify({ time: new Date().toISOString(), level, msg, ...base, ...fields });
      sink(redact(line), level);
    };
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (fields) => build({ ...base, ...fields }),
    };
  };
  return build({});
}

/** A logger that drops everything (benchmarks). */
export const silentLogger: Logger = createLogger({ sink: () => {} });
