/**
 * Activities of the conformance suite. They run in the test process, so tests observe them
 * through `activityState` (per test file: vitest runs each file in its own process).
 */
import { ApplicationFailure, Context, CancelledFailure } from '@temporalio/activity';

export const activityState = {
  /** key → recorded values, in order. */
  events: new Map<string, string[]>(),
  /** key → attempts seen. */
  attempts: new Map<string, number[]>(),
  /** key → release function of a blocked activity. */
  releases: new Map<string, () => void>(),
  record(key: string, value: string) {
    const list = this.events.get(key) ?? [];
    list.push(value);
    this.events.set(key, list);
  },
  attemptsOf(key: string): number[] {
    return this.attempts.get(key) ?? [];
  },
};

function noteAttempt(key: string): number {
  const { attempt } = Context.current().info;
  const list = activityState.attempts.get(key) ?? [];
  list.push(attempt);
  activityState.attempts.set(key, list);
  return attempt;
}

export async function noop(): Promise<void> {}

export async function echo(value: string): Promise<string> {
  return value;
}

export async function recordEvent(key: string, value: string): Promise<void> {
  activityState.record(key, value);
}

/** Fails with a retryable ApplicationFailure of type 'Flaky' until attempt `succeedOn`; returns the attempt. */
export async function failUntilAttempt(key: string, succeedOn: number): Promise<number> {
  const attempt = noteAttempt(key);
  if (attempt < succeedOn) throw ApplicationFailure.retryable(`attempt ${attempt} failed`, 'Flaky');
  return attempt;
}

/** Always fails with an error of `type` (retryable unless the policy lists the type). */
export async function failWithType(key: string, type: string): Promise<never> {
  noteAttempt(key);
  throw ApplicationFailure.retryable(`failing with ${type}`, type);
}

/** Always fails with `ApplicationFailure.nonRetryable`. */
export async function failNonRetryable(key: string): Promise<never> {
  noteAttempt(key);
  throw ApplicationFailure.nonRetryable('not worth retrying', 'NonRetryableByFlag');
}

/** On attempt 1 sleeps `ms` (cancellable); later attempts return the attempt at once. */
export async function slowOnFirstAttempt(key: string, ms: number): Promise<number> {
  const attempt = noteAttempt(key);
  if (attempt === 1) await Context.current().sleep(ms);
  return attempt;
}

/** Sleeps `ms` (cancellable: rejects when the activity is cancelled, e.g. at worker shutdown). */
export async function sleepFor(ms: number): Promise<string> {
  await Context.current().sleep(ms);
  return `slept ${ms}`;
}

/** Counts attempts and sleeps `ms` without heartbeating (heartbeat-timeout test). */
export async function sleepWithoutHeartbeat(key: string, ms: number): Promise<string> {
  noteAttempt(key);
  await Context.current().sleep(ms);
  return 'should have timed out';
}

/**
 * Attempt 1 heartbeats `details` and then fails; attempt 2 returns the heartbeat details it
 * received from the server.
 */
export async function heartbeatThenFail(key: string, details: string): Promise<unknown> {
  const ctx = Context.current();
  const attempt = noteAttempt(key);
  if (attempt === 1) {
    ctx.heartbeat(details);
    // give the (throttled) heartbeat a moment to reach the server before failing
    await ctx.sleep(300);
    throw ApplicationFailure.retryable('failing after heartbeat', 'AfterHeartbeat');
  }
  return { attempt, heartbeatDetails: ctx.info.heartbeatDetails ?? null };
}

/** Heartbeats every 100 ms until cancelled (bounded at 20 s); records 'cancelled' under `key`. */
export async function heartbeatUntilCancelled(key: string): Promise<string> {
  const ctx = Context.current();
  const deadline = Date.now() + 20_000;
  activityState.record(key, 'started');
  try {
    while (Date.now() < deadline) {
      ctx.heartbeat('beat');
      await ctx.sleep(100);
    }
    return 'never cancelled';
  } catch (err) {
    if (err instanceof CancelledFailure) activityState.record(key, 'cancelled');
    throw err;
  }
}

/** Blocks until the test calls `activityState.releases.get(key)()` (bounded at 30 s). */
export async function blockUntilReleased(key: string): Promise<string> {
  const ctx = Context.current();
  activityState.record(key, 'started');
  await Promise.race([
    new Promise<void>((resolve) => activityState.releases.set(key, resolve)),
    ctx.sleep(30_000),
  ]);
  return 'released';
}
