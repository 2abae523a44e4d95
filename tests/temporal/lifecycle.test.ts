/**
 * Conformance: how runs end — cancellation (the workflow sees CancelledFailure), termination,
 * workflow failure, a workflow-task failure that is retried, child workflows (result, failure,
 * parent-close policy TERMINATE) and continue-as-new (result() follows the chain, memo
 * survives). Notes §5.5, §13, §14, §15.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import {
  createConformanceEnv,
  createReplayTracker,
  eventTypes,
  getWorkflowBundle,
  SA,
  uniqueName,
  waitFor,
  startSharedWorker,
  type ConformanceEnv,
  type SharedWorker,
} from '../helpers/temporal';
import * as activities from './activities';
import { activityState } from './activities';
import {
  cancellableWorkflow,
  continueAsNewWorkflow,
  failWorkflow,
  parentClosesOverChildWorkflow,
  parentEchoWorkflow,
  parentOfFailingChildWorkflow,
  retryableFailureWorkflow,
  upsertWorkflow,
  waitForFinishWorkflow,
  workflowTaskFailureWorkflow,
} from './workflows';

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

function withTestWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
  return withSharedWorker(() => fn(shared.taskQueue));
}

describe('cancellation and termination', () => {
  it('cancel: the workflow sees CancelledFailure, runs cleanup, and result() throws WorkflowFailedError(CancelledFailure)', async () => {
    await withTestWorker(async (taskQueue) => {
      const key = uniqueName('cancel');
      const workflowId = uniqueName('wf');
      const h = replay.track(await cenv.client.workflow.start(cancellableWorkflow, { taskQueue, workflowId, args: [key] }));
      // wait until the first task ran, so the cancellation reaches running workflow code
      await waitFor(async () => (await h.describe()).historyLength >= 4, { what: 'first workflow task completed' });
      await h.cancel();
      const err = await h.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(activityState.events.get(key)).toEqual([`cancelled:${workflowId}`]);
      expect((await h.describe()).status.name).toBe('CANCELLED');
      const types = eventTypes(await h.fetchHistory());
      expect(types).toContain('WORKFLOW_EXECUTION_CANCEL_REQUESTED');
      expect(types.at(-1)).toBe('WORKFLOW_EXECUTION_CANCELED');
    });
  });

  it('terminate: closes the run at once with TerminatedFailure and the reason in history', async () => {
    await withTestWorker(async (taskQueue) => {
      const h = await cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId: uniqueName('wf') });
      await h.terminate('terminated by the conformance test');
      const err = await h.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
      expect((await h.describe()).status.name).toBe('TERMINATED');
      const history = await h.fetchHistory();
      const last = history.events!.at(-1)!;
      expect(last.workflowExecutionTerminatedEventAttributes?.reason).toBe('terminated by the conformance test');
      // terminating a closed run is an error
      await expect(h.terminate('again')).rejects.toThrow();
    });
  });
});

describe('failures', () => {
  it('a workflow throwing ApplicationFailure fails the run: WorkflowFailedError with the failure as cause', async () => {
    await withTestWorker(async (taskQueue) => {
      const h = replay.track(await cenv.client.workflow.start(failWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: ['it broke'] }));
      const err = await h.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).message).toBe('it broke');
      expect((cause as ApplicationFailure).type).toBe('ConformanceFailure');
      expect((cause as ApplicationFailure).details).toEqual(['detail-1']);
      expect((await h.describe()).status.name).toBe('FAILED');
    });
  });

  it('a workflow task that throws a plain Error is retried at once and the workflow then completes', async () => {
    await withTestWorker(async (taskQueue) => {
      const t0 = Date.now();
      const h = replay.track(await cenv.client.workflow.start(workflowTaskFailureWorkflow, { taskQueue, workflowId: uniqueName('wf') }));
      const { historyLength } = await h.result();
      expect(historyLength).toBeGreaterThan(3);
      // RespondWorkflowTaskFailed schedules the retry immediately: no 10 s task timeout
      expect(Date.now() - t0).toBeLessThan(8_000);
      const history = await h.fetchHistory();
      const failed = history.events!.find((e) => e.workflowTaskFailedEventAttributes);
      expect(failed?.workflowTaskFailedEventAttributes?.failure?.message).toContain('deliberate workflow task failure');
      expect(eventTypes(history).at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
    });
  });
});

describe('timeouts, retries and upserts', () => {
  it('workflowRunTimeout closes a waiting run as TIMED_OUT: WorkflowFailedError(TimeoutFailure)', async () => {
    await withTestWorker(async (taskQueue) => {
      const h = await cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId: uniqueName('wf'), workflowRunTimeout: '1s' });
      const err = await h.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(TimeoutFailure);
      expect((await h.describe()).status.name).toBe('TIMED_OUT');
      expect(eventTypes(await h.fetchHistory()).at(-1)).toBe('WORKFLOW_EXECUTION_TIMED_OUT');
    });
  });

  it('a workflow retry policy starts a new run after a retryable failure; result() follows it', async () => {
    await withTestWorker(async (taskQueue) => {
      const h = replay.track(
        await cenv.client.workflow.start(retryableFailureWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          retry: { initialInterval: '100ms', maximumAttempts: 3 },
        }),
      );
      expect(await h.result()).toEqual({ attempt: 2, lastFailure: 'workflow attempt 1 failed' });
      const first = await cenv.client.workflow.getHandle(h.workflowId, h.firstExecutionRunId).describe();
      expect(first.status.name).toBe('FAILED');
    });
  });

  it('upsertMemo and upsertSearchAttributes from the workflow show in describe()', async () => {
    await withTestWorker(async (taskQueue) => {
      const h = replay.track(
        await cenv.client.workflow.start(upsertWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          memo: { kept: 1, replaced: 'old', removed: 'bye' },
          args: [[{ key: SA.keyword, value: 'upserted' }, { key: SA.int, value: 99 }]],
        }),
      );
      const memoSeen = await h.result();
      expect(memoSeen).toEqual({ kept: 1, replaced: 'new', added: 'yes' });
      const d = await h.describe();
      expect(d.memo).toEqual({ kept: 1, replaced: 'new', added: 'yes' });
      expect(d.typedSearchAttributes.get(SA.keyword)).toBe('upserted');
      expect(d.typedSearchAttributes.get(SA.int)).toBe(99);
      const types = eventTypes(await h.fetchHistory());
      expect(types).toContain('WORKFLOW_PROPERTIES_MODIFIED');
      expect(types).toContain('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES');
    });
  });
});

describe('child workflows', () => {
  it('returns the child result to the parent; the child records its parent', async () => {
    await withTestWorker(async (taskQueue) => {
      const h = replay.track(await cenv.client.workflow.start(parentEchoWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: ['from-child'] }));
      const { result, childWorkflowId } = await h.result();
      expect(result).toBe('from-child');
      const child = await cenv.client.workflow.getHandle(childWorkflowId).describe();
      expect(child.status.name).toBe('COMPLETED');
      expect(child.parentExecution?.workflowId).toBe(h.workflowId);
      const types = eventTypes(await h.fetchHistory());
      expect(types).toEqual(
        expect.arrayContaining(['START_CHILD_WORKFLOW_EXECUTION_INITIATED', 'CHILD_WORKFLOW_EXECUTION_STARTED', 'CHILD_WORKFLOW_EXECUTION_COMPLETED']),
      );
    });
  });

  it('a failing child surfaces as ChildWorkflowFailure with the child failure as cause', async () => {
    await withTestWorker(async (taskQueue) => {
      const h = replay.track(await cenv.client.workflow.start(parentOfFailingChildWorkflow, { taskQueue, workflowId: uniqueName('wf') }));
      expect(await h.result()).toEqual({ caught: 'ChildWorkflowFailure', causeMessage: 'child failed on purpose', causeType: 'ConformanceFailure' });
    });
  });

  it('parent-close policy TERMINATE terminates a running child when the parent completes', async () => {
    await withTestWorker(async (taskQueue) => {
      const h = replay.track(await cenv.client.workflow.start(parentClosesOverChildWorkflow, { taskQueue, workflowId: uniqueName('wf') }));
      const childWorkflowId = await h.result();
      const status = await waitFor(
        async () => {
          const s = (await cenv.client.workflow.getHandle(childWorkflowId).describe()).status.name;
          return s === 'RUNNING' ? undefined : s;
        },
        { what: 'child closed by parent-close policy' },
      );
      expect(status).toBe('TERMINATED');
    });
  });
});

describe('continue-as-new', () => {
  it('result() follows the chain to the last run; the memo survives; runs link to each other', async () => {
    await withTestWorker(async (taskQueue) => {
      const workflowId = uniqueName('wf');
      const h = replay.track(
        await cenv.client.workflow.start(continueAsNewWorkflow, { taskQueue, workflowId, args: [3], memo: { owner: 'keep-me' } }),
      );
      const result = await h.result();
      expect(result.runs).toBe(4);
      expect(result.memo).toEqual({ owner: 'keep-me' });
      expect(result.continuedFrom).toBeTruthy();
      const current = await cenv.client.workflow.getHandle(workflowId).describe();
      expect(current.runId).not.toBe(h.firstExecutionRunId);
      expect(current.status.name).toBe('COMPLETED');
      expect(current.memo).toEqual({ owner: 'keep-me' });
      const first = await cenv.client.workflow.getHandle(workflowId, h.firstExecutionRunId).describe();
      expect(first.status.name).toBe('CONTINUED_AS_NEW');
      const firstHistory = await cenv.client.workflow.getHandle(workflowId, h.firstExecutionRunId).fetchHistory();
      const can = firstHistory.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes;
      expect(can?.newExecutionRunId).toBeTruthy();
    });
  });
});

describe('replay', () => {
  it('replays every completed workflow of this file without nondeterminism', async () => {
    expect(await replay.replayAll(cenv.client)).toEqual([]);
  });
});
