export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** stderr only, so a spawned server never pollutes the test's stdout. */
export function createLogger(level: LogLevel = 'warn'): Logger {
  const min = ORDER[level];
  const at = (l: LogLevel) => (...args: unknown[]) => {
    if (ORDER[l] >= min) process.stderr.write(`[temporal-server] ${l}: ${args.map(String).join(' ')}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
