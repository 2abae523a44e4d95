/** Workflows that schedule activities and local activities with specific options. */
import { ActivityFailure, ApplicationFailure, CancellationScope, condition, defineSignal, isCancellation, proxyActivities, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import type * as activities from '../activities';

/** Result shape for activity outcomes, so tests can assert the failure chain the workflow saw. */
export interface ActivityOutcome {
  ok: boolean;
  value?: unknown;
  failure?: { message: string; retryState?: string; causeName?: string; causeMessage?: string; causeType?: string; timeoutType?: string; nonRetryable?: boolean };
}

function describeFailure(err: unknown): ActivityOutcome['failure'] {
  if (err instanceof ActivityFailure) {
    const cause = err.cause as any;
    return {
      message: err.message,
      retryState: String(err.retryState),
      causeName: cause?.name,
      causeMessage: cause?.message,
      causeType: cause?.type,
      timeoutType: cause?.timeoutType !== undefined ? String(cause.timeoutType) : undefined,
      nonRetryable: cause?.nonRetryable,
    };
  }
  return { message: String((err as Error)?.message ?? err), causeName: (err as Error)?.name };
}

type ActivityName = keyof typeof activities;

/**
 * Runs one activity by name with the given options and reports the outcome (never throws for
 * an ActivityFailure, so the test sees the full failure chain).
 */
export async function runActivityWorkflow(name: ActivityName, args: unknown[], options: ActivityOptions): Promise<ActivityOutcome> {
  const acts = proxyActivities<typeof activities>(options) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    return { ok: true, value: await acts[name]!(...args) };
  } catch (err) {
    return { ok: false, failure: describeFailure(err) };
  }
}

/** Same as `runActivityWorkflow`, with a local activity. */
export async function runLocalActivityWorkflow(name: ActivityName, args: unknown[], options: ActivityOptions): Promise<ActivityOutcome> {
  const acts = proxyLocalActivities<typeof activities>(options) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    return { ok: true, value: await acts[name]!(...args) };
  } catch (err) {
    return { ok: false, failure: describeFailure(err) };
  }
}

/** Starts a heartbeating activity, cancels it after `cancelAfterMs`, reports how it ended. */
export async function cancelActivityWorkflow(key: string, cancelAfterMs: number): Promise<ActivityOutcome> {
  const { heartbeatUntilCancelled } = proxyActivities<typeof activities>({
    startToCloseTimeout: '30s',
    heartbeatTimeout: '5s',
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
    retry: { maximumAttempts: 1 },
  });
  const scope = new CancellationScope();
  const p = scope.run(() => heartbeatUntilCancelled(key));
  await sleep(cancelAfterMs);
  scope.cancel();
  try {
    return { ok: true, value: await p };
  } catch (err) {
    if (isCancellation(err)) return { ok: false, failure: { ...describeFailure(err)!, causeName: (err as any)?.cause?.name ?? 'CancelledFailure' } };
    throw err;
  }
}

/** The end-to-end shape of the bench: one no-op activity. */
export async function singleNoopActivityWorkflow(): Promise<string> {
  const { noop } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });
  await noop();
  return 'done';
}

/** Waits on a slow activity (durability test). */
export async function slowActivityWorkflow(ms: number): Promise<string> {
  const { sleepFor } = proxyActivities<typeof activities>({ startToCloseTimeout: '5s', retry: { initialInterval: '200ms' } });
  await sleepFor(ms);
  return `activity slept ${ms}`;
}

/** Throws an ApplicationFailure that names a type, so the test can check failure conversion. */
export async function nonRetryableWorkflow(): Promise<never> {
  throw ApplicationFailure.nonRetryable('workflow gives up', 'GiveUp');
}

/** Activity, long timer, activity: reports the workflow time spent in the timer. */
export async function activityTimerActivityWorkflow(activityMs: number, timer: string): Promise<{ timerMs: number }> {
  const { sleepFor } = proxyActivities<typeof activities>({ startToCloseTimeout: '5s', retry: { maximumAttempts: 1 } });
  await sleepFor(activityMs);
  const before = Date.now();
  await sleep(timer);
  const timerMs = Date.now() - before;
  await sleepFor(activityMs);
  return { timerMs };
}

export const proceedSignal = defineSignal('proceed');

/** An activity, a 1-hour timer, then a 2-day condition that a signal sent right after start satisfies. */
export async function activityTimerConditionWorkflow(): Promise<'signalled' | 'timed out'> {
  const { echo } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });
  let proceed = false;
  setHandler(proceedSignal, () => void (proceed = true));
  await echo('x');
  await sleep('1 hour');
  return (await condition(() => proceed, '2 days')) ? 'signalled' : 'timed out';
}
