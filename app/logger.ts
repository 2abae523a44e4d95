// Structured JSON logs, one object per line on stdout. Never pass personal data (names, e-mail
// addresses, phone numbers, follow tokens) in fields: log ids.
import type { LogLevel } from '../config';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  isEnabled(level: LogLevel): boolean;
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  base: LogFields = {},
): Logger {
  const isEnabled = (l: LogLevel) => ORDER[l] >= ORDER[level];
  const log = (l: LogLevel) => (msg: string, fields?: LogFields) => {
    if (!isEnabled(l)) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...base, ...fields }, errorReplacer));
  };
  return {
    level,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
    isEnabled,
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger('error', () => {});

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? foutVoorLog(value) : value;
}

/**
 * How an error appears in a log line: name, code, a message without the data it may quote, the stack
 * frames and the same for its cause. Never its own properties (a database error carries the query's
 * parameters, i.e. the free text and personal data of a request or an activity input) and never more than
 * the first line of a message (drizzle appends `params: …` on the next line; other libraries quote input
 * there too). A PostgreSQL message that ends in a quoted value (`invalid input syntax for type uuid: "…"`)
 * loses the value.
 */
export function foutVoorLog(err: Error, diepte = 0): LogFields {
  const code = (err as { code?: unknown }).code;
  const message = zonderGegevens(err.message);
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const cause = (err as { cause?: unknown }).cause;
  return {
    name: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message,
    ...(frames.length > 0 ? { stack: [`${err.name}: ${message}`, ...frames].join('\n') } : {}),
    ...(cause instanceof Error && diepte < 3 ? { cause: foutVoorLog(cause, diepte + 1) } : {}),
  };
}

/** First line of an error message, without a trailing quoted value, at most 500 characters. */
export function zonderGegevens(message: string): string {
  const eerste = message.split('\n', 1)[0] ?? '';
  return eerste.replace(/(:\s*)"[^"]*"?\s*$/, '$1"…"').slice(0, 500);
}
