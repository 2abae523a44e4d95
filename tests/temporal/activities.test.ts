/**
 * Conformance: timers and activities — retry with backoff and attempt count, non-retryable error
 * types, ApplicationFailure.nonRetryable, start-to-close timeout retried, schedule-to-close
 * timeout final, heartbeat timeout, heartbeat details handed to the retry, cancellation of a
 * heartbeating activity, local activities. Notes §8, §9.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsToMs } from '@temporalio/common/lib/time';
import {
  createConformanceEnv,
  createReplayTracker,
  eventTypes,
  getWorkflowBundle,
  uniqueName,
  startSharedWorker,
  type ConformanceEnv,
  type SharedWorker,
} from '../helpers/temporal';
import * as activities from './activities';
import { activityState } from './activities';
import { cancelActivityWorkflow, manyTimersWorkflow, runActivityWorkflow, runLocalActivityWorkflow, sleepWorkflow } from './workflows';

let cenv: ConformanceEnv;
let shared: SharedWorker;
const replay = createReplayTracker();

beforeAll(async () => {
  [cenv] = await Promise.all([createConformanceEnv(), getWorkflowBundle()]);
  shared = await startSharedWorker(cenv, { activities });
});
afterAll(async () => {
  await shared?.stop();
  await cenv?.teardown();
});

/** Runs `fn` while the file's shared worker polls (see startSharedWorker). */
const withSharedWorker = <T>(fn: () => Promise<T>): Promise<T> => fn();

/** Runs `fn` with the shared worker (which also serves the test activities). */
function withActivityWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
  return withSharedWorker(() => fn(shared.taskQueue));
}

describe('timers', () => {
  it('a workflow sleep fires on the server timer; workflow time advances by at least the duration', async () => {
    await withActivityWorker(async (taskQueue) => {
      const started = Date.now();
      const h = replay.track(await cenv.client.workflow.start(sleepWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [700] }));
      const { before, after } = await h.result();
      expect(after - before).toBeGreaterThanOrEqual(700);
      expect(Date.now() - started).toBeGreaterThanOrEqual(650);
      const history = await h.fetchHistory();
      const types = eventTypes(history);
      expect(types).toContain('TIMER_STARTED');
      expect(types).toContain('TIMER_FIRED');
      const timerStarted = history.events!.find((e) => e.timerStartedEventAttributes)!;
      expect(tsToMs(timerStarted.timerStartedEventAttributes!.startToFireTimeout)).toBe(700);
    });
  });
});

describe('many timers', () => {
  it('500 timers armed in one workflow task all fire; the long history is fetched completely', async () => {
    await withActivityWorker(async (taskQueue) => {
      const h = replay.track(await cenv.client.workflow.start(manyTimersWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [500] }));
      expect(await h.result()).toBe(500);
      const history = await h.fetchHistory();
      const types = eventTypes(history);
      expect(types.filter((t) => t === 'TIMER_STARTED')).toHaveLength(500);
      expect(types.filter((t) => t === 'TIMER_FIRED')).toHaveLength(500);
      expect(history.events!.map((e) => Number(e.eventId))).toEqual(history.events!.map((_, i) => i + 1));
      expect((await h.describe()).historyLength).toBe(history.events!.length);
    });
  });
});

describe('activity retries', () => {
  it('retries a failing activity with backoff and reports the attempt that succeeded', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('flaky');
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['failUntilAttempt', [key, 3], { startToCloseTimeout: '10s', retry: { initialInterval: '200ms', backoffCoefficient: 2 } }],
        }),
      );
      const t0 = Date.now();
      const outcome = await h.result();
      expect(outcome).toEqual({ ok: true, value: 3 });
      expect(activityState.attemptsOf(key)).toEqual([1, 2, 3]);
      // backoff 200 ms then 400 ms
      expect(Date.now() - t0).toBeGreaterThanOrEqual(550);
      // retries write no events: one Scheduled, one Started (attempt 3), one Completed
      const history = await h.fetchHistory();
      const types = eventTypes(history);
      expect(types.filter((t) => t === 'ACTIVITY_TASK_SCHEDULED')).toHaveLength(1);
      expect(types.filter((t) => t === 'ACTIVITY_TASK_STARTED')).toHaveLength(1);
      expect(types.filter((t) => t === 'ACTIVITY_TASK_COMPLETED')).toHaveLength(1);
      expect(history.events!.find((e) => e.activityTaskStartedEventAttributes)!.activityTaskStartedEventAttributes!.attempt).toBe(3);
    });
  });

  it('gives up after maximumAttempts with retryState MAXIMUM_ATTEMPTS_REACHED', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('always');
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['failWithType', [key, 'Transient'], { startToCloseTimeout: '10s', retry: { initialInterval: '50ms', maximumAttempts: 3 } }],
        }),
      );
      const outcome = await h.result();
      expect(outcome.ok).toBe(false);
      expect(outcome.failure?.retryState).toBe('MAXIMUM_ATTEMPTS_REACHED');
      expect(outcome.failure?.causeType).toBe('Transient');
      expect(activityState.attemptsOf(key)).toEqual([1, 2, 3]);
    });
  });

  it('does not retry an error type listed in nonRetryableErrorTypes', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('fatal');
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['failWithType', [key, 'Fatal'], { startToCloseTimeout: '10s', retry: { initialInterval: '50ms', nonRetryableErrorTypes: ['Fatal'] } }],
        }),
      );
      const outcome = await h.result();
      expect(outcome.ok).toBe(false);
      expect(outcome.failure?.retryState).toBe('NON_RETRYABLE_FAILURE');
      expect(outcome.failure?.causeType).toBe('Fatal');
      expect(activityState.attemptsOf(key)).toEqual([1]);
    });
  });

  it('does not retry ApplicationFailure.nonRetryable', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('nonretryable');
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['failNonRetryable', [key], { startToCloseTimeout: '10s', retry: { initialInterval: '50ms' } }],
        }),
      );
      const outcome = await h.result();
      expect(outcome.ok).toBe(false);
      expect(outcome.failure?.retryState).toBe('NON_RETRYABLE_FAILURE');
      expect(outcome.failure?.nonRetryable).toBe(true);
      expect(outcome.failure?.causeMessage).toBe('not worth retrying');
      expect(activityState.attemptsOf(key)).toEqual([1]);
    });
  });
});

describe('activity timeouts', () => {
  it('retries an attempt that exceeds startToCloseTimeout', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('s2c');
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['slowOnFirstAttempt', [key, 5_000], { startToCloseTimeout: '1s', retry: { initialInterval: '100ms' } }],
        }),
      );
      expect(await h.result()).toEqual({ ok: true, value: 2 });
      expect(activityState.attemptsOf(key)).toEqual([1, 2]);
    });
  });

  it('scheduleToCloseTimeout is final, even with retries left: TimeoutFailure SCHEDULE_TO_CLOSE', async () => {
    await withActivityWorker(async (taskQueue) => {
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          // attempts time out at 0.4 s and retry after 0.1 s; the third attempt (from 1.0 s) is cut off by
          // the schedule-to-close deadline at 1.3 s, before its own start-to-close timer (1.4 s)
          args: [
            'sleepFor',
            [4_000],
            { startToCloseTimeout: '400ms', scheduleToCloseTimeout: '1300ms', retry: { initialInterval: '100ms', backoffCoefficient: 1 } },
          ],
        }),
      );
      const t0 = Date.now();
      const outcome = await h.result();
      expect(outcome.ok).toBe(false);
      expect(outcome.failure?.causeName).toBe('TimeoutFailure');
      expect(outcome.failure?.timeoutType).toBe('SCHEDULE_TO_CLOSE');
      expect(outcome.failure?.retryState).toBe('TIMEOUT');
      expect(Date.now() - t0).toBeLessThan(3_900);
      expect(eventTypes(await h.fetchHistory())).toContain('ACTIVITY_TASK_TIMED_OUT');
    });
  });

  it('heartbeatTimeout: an activity that stops heartbeating times out with TimeoutFailure HEARTBEAT', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('hb-timeout');
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['sleepWithoutHeartbeat', [key, 5_000], { startToCloseTimeout: '20s', heartbeatTimeout: '1s', retry: { maximumAttempts: 1 } }],
        }),
      );
      const t0 = Date.now();
      const outcome = await h.result();
      expect(outcome.ok).toBe(false);
      expect(outcome.failure?.causeName).toBe('TimeoutFailure');
      expect(outcome.failure?.timeoutType).toBe('HEARTBEAT');
      expect(Date.now() - t0).toBeLessThan(4_500);
    });
  });

  it('heartbeat details of a failed attempt are handed to the next attempt', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('hb-details');
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['heartbeatThenFail', [key, 'progress-7'], { startToCloseTimeout: '10s', heartbeatTimeout: '5s', retry: { initialInterval: '100ms' } }],
        }),
      );
      expect(await h.result()).toEqual({ ok: true, value: { attempt: 2, heartbeatDetails: 'progress-7' } });
    });
  });
});

describe('activity cancellation', () => {
  it('cancelling a heartbeating activity delivers the cancellation to it; the workflow sees CancelledFailure', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('cancel');
      const h = replay.track(
        await cenv.client.workflow.start(cancelActivityWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [key, 500] }),
      );
      const outcome = await h.result();
      expect(outcome.ok).toBe(false);
      expect(outcome.failure?.causeName).toBe('CancelledFailure');
      expect(activityState.events.get(key)).toEqual(['started', 'cancelled']);
      const types = eventTypes(await h.fetchHistory());
      expect(types).toContain('ACTIVITY_TASK_CANCEL_REQUESTED');
      expect(types).toContain('ACTIVITY_TASK_CANCELED');
    });
  });
});

describe('local activities', () => {
  it('runs a local activity and records its marker', async () => {
    await withActivityWorker(async (taskQueue) => {
      const h = replay.track(
        await cenv.client.workflow.start(runLocalActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['echo', ['local-hello'], { startToCloseTimeout: '5s' }],
        }),
      );
      expect(await h.result()).toEqual({ ok: true, value: 'local-hello' });
      expect(eventTypes(await h.fetchHistory())).toContain('MARKER_RECORDED');
    });
  });

  it('retries a failing local activity', async () => {
    await withActivityWorker(async (taskQueue) => {
      const key = uniqueName('local-flaky');
      const h = replay.track(
        await cenv.client.workflow.start(runLocalActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['failUntilAttempt', [key, 3], { startToCloseTimeout: '5s', retry: { initialInterval: '50ms' } }],
        }),
      );
      expect(await h.result()).toEqual({ ok: true, value: 3 });
      expect(activityState.attemptsOf(key)).toEqual([1, 2, 3]);
    });
  });
});

describe('replay', () => {
  it('replays every completed workflow of this file without nondeterminism', async () => {
    expect(await replay.replayAll(cenv.client)).toEqual([]);
  });
});
