import type { Tx } from '../state/tx';
import { isOpen, type Run } from '../state/run';
import { lastEventId } from '../history/history-log';
import { closeRun } from './workflow';

/** Temporal's history limits (dynamic config `limit.historyCount.*` / `limit.historySize.*`). */
export interface HistoryLimits {
  countWarn: number;
  countError: number;
  sizeWarn: number;
  sizeError: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  countWarn: 10_240,
  countError: 51_200,
  sizeWarn: 10 * 1024 * 1024,
  sizeError: 50 * 1024 * 1024,
};

const KEYS: Record<keyof HistoryLimits, string> = {
  countWarn: 'limit.historyCount.warn',
  countError: 'limit.historyCount.error',
  sizeWarn: 'limit.historySize.warn',
  sizeError: 'limit.historySize.error',
};

/** The limits with `--dynamic-config-value` overrides; a value that is not a positive integer is an error. */
export function historyLimitsFrom(dynamicConfig: Record<string, string> = {}): HistoryLimits {
  const out = { ...DEFAULT_HISTORY_LIMITS };
  for (const [field, key] of Object.entries(KEYS) as [keyof HistoryLimits, string][]) {
    const raw = dynamicConfig[key];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`dynamic config ${key} must be a positive integer, not '${raw}'`);
    out[field] = n;
  }
  return out;
}

/** Temporal's termination reason for a history past its limit (common.FailureReasonSizeExceedsLimit). */
export const HISTORY_LIMIT_REASON = 'Workflow history size / count exceeds limit.';

const warned = new WeakSet<Run>();

/**
 * Checked where Temporal checks it, after a workflow task's commands: past the error limit the run
 * is terminated; past the warning limit the server logs a warning once per run. Returns whether the
 * run was terminated.
 */
export function enforceHistoryLimits(tx: Tx, limits: HistoryLimits): boolean {
  const { run, engine } = tx;
  if (!isOpen(run)) return false;
  const count = lastEventId(run.history) + tx.events.length;
  const size = run.history.len;
  if (count > limits.countError || size > limits.sizeError) {
    engine.log.warn(`history limit exceeded: terminating run ${run.runId} (${count} events, ${size} bytes)`);
    run.buffered = undefined;
    closeRun(tx, 'TERMINATED', 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason: HISTORY_LIMIT_REASON, identity: 'history-service' });
    return true;
  }
  if ((count > limits.countWarn || size > limits.sizeWarn) && !warned.has(run)) {
    warned.add(run);
    engine.log.warn(`history of run ${run.runId} is past the warning limit (${count} events, ${size} bytes); continue-as-new before ${limits.countError} events / ${limits.sizeError} bytes`);
  }
  return false;
}
