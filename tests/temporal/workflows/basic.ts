/**
 * Small workflows for the conformance suite. Workflow code: only `@temporalio/workflow` imports
 * (and types of the test activities).
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from '../activities';

const { recordEvent } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

export async function noopWorkflow(): Promise<void> {}

export async function echoWorkflow(value: string): Promise<string> {
  return value;
}

/** Sleeps on a server timer, then returns workflow time before and after (ms). */
export async function sleepWorkflow(duration: number | string): Promise<{ before: number; after: number }> {
  const before = Date.now();
  await sleep(duration);
  return { before, after: Date.now() };
}

export async function failWorkflow(message: string): Promise<never> {
  throw ApplicationFailure.create({ message, type: 'ConformanceFailure', nonRetryable: true, details: ['detail-1'] });
}

export const finishSignal = defineSignal('finish');

/** Waits for `finish`; returns 'finished'. */
export async function waitForFinishWorkflow(): Promise<string> {
  let done = false;
  setHandler(finishSignal, () => void (done = true));
  await condition(() => done);
  return 'finished';
}

/**
 * Waits forever; on cancellation runs a non-cancellable cleanup activity recording
 * `cancelled:<workflowId>` under `key`, then rethrows so the run closes as CANCELED.
 */
export async function cancellableWorkflow(key: string): Promise<never> {
  try {
    await condition(() => false);
    throw new Error('unreachable');
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => recordEvent(key, `cancelled:${workflowInfo().workflowId}`));
    }
    throw err;
  }
}

/**
 * Fails its first workflow task with a plain Error (a workflow-task failure, not a workflow
 * failure): on the first attempt the history holds exactly Started, Scheduled, Started (3 events).
 * The retried task sees the WorkflowTaskFailed event too and succeeds. Deterministic on replay,
 * because Core skips the failed task when replaying.
 */
export async function workflowTaskFailureWorkflow(): Promise<{ historyLength: number }> {
  const { historyLength } = workflowInfo();
  if (historyLength <= 3) throw new Error('deliberate workflow task failure');
  return { historyLength };
}

/** Uses `patched()` so the server records a `core_patch` marker (and Core upserts TemporalChangeVersion). */
export async function patchedWorkflow(): Promise<string> {
  if (patched('conformance-patch')) {
    await sleep(1);
    return 'patched';
  }
  return 'unpatched';
}

export const getInfoQuery = defineQuery<{ historyLength: number; taskTimeoutMs: number; memo?: Record<string, unknown>; continuedFromExecutionRunId?: string }>('getInfo');

/** Parks at a condition; answers `getInfo`; `finish` ends it. */
export async function parkedWorkflow(): Promise<string> {
  let done = false;
  setHandler(finishSignal, () => void (done = true));
  setHandler(getInfoQuery, () => {
    const i = workflowInfo();
    return { historyLength: i.historyLength, taskTimeoutMs: i.taskTimeoutMs, memo: i.memo };
  });
  await condition(() => done);
  return 'done';
}

/** Returns what the workflow sees of its own start: memo, search attributes, times. */
export async function infoWorkflow(): Promise<{
  memo?: Record<string, unknown>;
  startTime: number;
  runStartTime: number;
  now: number;
  attempt: number;
  taskTimeoutMs: number;
  historyLength: number;
}> {
  const i = workflowInfo();
  return {
    memo: i.memo,
    startTime: i.startTime.getTime(),
    runStartTime: i.runStartTime.getTime(),
    now: Date.now(),
    attempt: i.attempt,
    taskTimeoutMs: i.taskTimeoutMs,
    historyLength: i.historyLength,
  };
}

/** Waits for `finish` at most `timeout`; reports which came first. */
export async function finishOrTimeoutWorkflow(timeout: string): Promise<'finished' | 'timed out'> {
  let done = false;
  setHandler(finishSignal, () => void (done = true));
  return (await condition(() => done, timeout)) ? 'finished' : 'timed out';
}

/** Fails its first run with a retryable ApplicationFailure; a workflow retry policy brings run 2. */
export async function retryableFailureWorkflow(): Promise<{ attempt: number; lastFailure?: string }> {
  const { attempt, lastFailure } = workflowInfo();
  if (attempt < 2) throw ApplicationFailure.retryable(`workflow attempt ${attempt} failed`, 'Transient');
  return { attempt, lastFailure: lastFailure?.message };
}

/** Upserts memo (adds, replaces, removes keys) and search attributes from inside the workflow. */
export async function upsertWorkflow(pairs: Extract<Parameters<typeof upsertSearchAttributes>[0], unknown[]>): Promise<Record<string, unknown> | undefined> {
  upsertMemo({ added: 'yes', replaced: 'new', removed: undefined });
  upsertSearchAttributes(pairs);
  await sleep(1);
  return workflowInfo().memo;
}

/** Arms `n` timers in one workflow task and waits for all of them. */
export async function manyTimersWorkflow(n: number): Promise<number> {
  await Promise.all(Array.from({ length: n }, (_, i) => sleep(50 + (i % 10) * 20)));
  return n;
}
