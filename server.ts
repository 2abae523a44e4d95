// `npm start` (node --import tsx server.ts): validate configuration, start Werkroute (app/start.ts), stop cleanly on SIGINT/SIGTERM.
// Start-up and configuration errors: one line on stderr, exit code 1 (stack only with LOG_LEVEL=debug).
import { ConfigError, loadConfig, type Config } from './config';
import type { RunningWerkroute } from './app/start';
import { createLogger } from './app/logger';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  failStart(err);
}
const logger = createLogger(config.logLevel);
let running: RunningWerkroute | undefined;
let shuttingDown = false;
let firstSignalAt = 0;
// Ctrl-C under `npm start` can arrive twice at once (from the terminal and forwarded by npm): a repeat
// within this window is the same request, not a second one.
const REPEAT_WINDOW_MS = 500;

function onSignal(signal: NodeJS.Signals) {
  if (shuttingDown && Date.now() - firstSignalAt < REPEAT_WINDOW_MS) return;
  firstSignalAt ||= Date.now();
  void shutdown(signal, 0);
}

async function shutdown(reason: string, exitCode: number) {
  if (shuttingDown) {
    // Second signal: do not wait any longer. The embedded PostgreSQL gets a fast-shutdown signal from its exit hook.
    logger.warn('forced exit', { reason });
    process.exit(exitCode || 1);
  }
  shuttingDown = true;
  logger.info('shutting down', { reason });
  const timer = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, 30_000);
  timer.unref();
  try {
    await startup.catch(() => undefined); // a signal during start-up: stop what was started
    await running?.stop();
  } finally {
    process.exit(exitCode);
  }
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('uncaughtException', (err) => {
  logger.error('fatal: uncaught exception', { err });
  void shutdown('uncaughtException', 1);
});
process.on('unhandledRejection', (err) => {
  logger.error('fatal: unhandled rejection', { err });
  void shutdown('unhandledRejection', 1);
});

// Loaded after the configuration is known to be valid: a bad configuration is reported fast.
const startup = import('./app/start').then(({ startWerkroute }) => startWerkroute(config, { logger })).then((r) => {
  running = r;
  if (shuttingDown) void r.stop();
});
startup.catch((err) => failStart(err, config.logLevel === 'debug'));

function failStart(err: unknown, withStack = false): never {
  const message = err instanceof Error ? err.message : String(err);
  const prefix = err instanceof ConfigError ? 'werkroute' : 'werkroute: failed to start';
  process.stderr.write(`${prefix}: ${message.split('\n')[0]}\n`);
  if (withStack && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  process.exit(1);
}
