// The Temporal SDK's log lines (worker, Core, failing activities) in our JSON log, without activity inputs.
// Used by the app (app/temporal.ts) and the stand-alone worker (worker.ts).
import { DefaultLogger, Runtime, type LogLevel as SdkLogLevel } from '@temporalio/worker';
import { zonderGegevens, type Logger } from './logger';

/**
 * What of the SDK's log meta reaches our log: ids, types, counters and the error (as app/logger.ts writes
 * errors: name, code, first line of the message, stack frames). Everything else is dropped, including what
 * a future SDK might add: activity and workflow inputs, results, headers, worker options and task tokens.
 * The free text of a melding lives in activity inputs and update payloads, and stays there.
 */
const SDK_LOG_VELDEN = new Set([
  'sdkComponent',
  'taskQueue',
  'namespace',
  'workflowId',
  'workflowRunId',
  'workflowType',
  'activityId',
  'activityType',
  'attempt',
  'isLocal',
  'durationMs',
  'updateId',
  'updateName',
  'signalName',
  'queryName',
  'state',
  'error',
  'err',
  'failure',
]);

export function sdkLogVelden(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  const velden: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta ?? {})) {
    if (!SDK_LOG_VELDEN.has(k)) continue;
    if (k === 'error' || k === 'err' || k === 'failure') velden[k] = v instanceof Error ? v : { message: zonderGegevens(String(v)) };
    else if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') velden[k] = v;
  }
  return velden;
}

/**
 * Sends the SDK's own log lines (worker state, Core, failing activities) through our JSON logger, so
 * `npm start` prints one format, and keeps activity inputs out of them (sdkLogVelden). The runtime can be
 * installed only once per process; a test that installed its own keeps it.
 */
export function routeSdkLogs(logger: Logger): void {
  const level: SdkLogLevel = logger.isEnabled('debug') ? 'DEBUG' : logger.isEnabled('info') ? 'INFO' : 'WARN';
  const sdk = logger.child({ component: 'temporal-sdk' });
  try {
    Runtime.install({
      logger: new DefaultLogger(level, (entry) => {
        const fields = sdkLogVelden(entry.meta);
        const message = zonderGegevens(entry.message);
        if (entry.level === 'ERROR') sdk.error(message, fields);
        else if (entry.level === 'WARN') sdk.warn(message, fields);
        else if (entry.level === 'INFO') sdk.info(message, fields);
        else sdk.debug(message, fields);
      }),
    });
  } catch {
    // Already installed (tests, or a second start in one process): keep that one.
  }
}
