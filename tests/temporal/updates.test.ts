/**
 * Conformance: workflow updates with validators — accepted and completed, rejected by the
 * validator (no trace in history), handler failure, update on a closed workflow, update id
 * dedupe, startUpdate + handle. Notes §12.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import {
  createConformanceEnv,
  createReplayTracker,
  eventTypes,
  getWorkflowBundle,
  uniqueName,
  withWorker,
  startSharedWorker,
  type ConformanceEnv,
  type SharedWorker,
} from '../helpers/temporal';
import { doneSignal, setValueUpdate, slowUpdate, updatableWorkflow, valueQuery } from './workflows';

let cenv: ConformanceEnv;
let shared: SharedWorker;
const replay = createReplayTracker();

beforeAll(async () => {
  [cenv] = await Promise.all([createConformanceEnv(), getWorkflowBundle()]);
  shared = await startSharedWorker(cenv);
});
afterAll(async () => {
  await shared?.stop();
  await cenv?.teardown();
});

/** Runs `fn` while the file's shared worker polls (see startSharedWorker). */
const withSharedWorker = <T>(fn: () => Promise<T>): Promise<T> => fn();

async function startUpdatable(taskQueue: string) {
  return replay.track(await cenv.client.workflow.start(updatableWorkflow, { taskQueue, workflowId: uniqueName('wf') }));
}

describe('updates', () => {
  it('an accepted update completes with the handler result and is recorded in history', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = await startUpdatable(taskQueue);
      expect(await h.executeUpdate(setValueUpdate, { args: ['first'] })).toBe('initial');
      expect(await h.executeUpdate(setValueUpdate, { args: ['second'] })).toBe('first');
      expect(await h.query(valueQuery)).toBe('second');
      await h.signal(doneSignal);
      expect(await h.result()).toBe('second');
      const types = eventTypes(await h.fetchHistory());
      expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toHaveLength(2);
      expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toHaveLength(2);
    });
  });

  it('an update rejected by its validator throws WorkflowUpdateFailedError and leaves no trace in history', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = await startUpdatable(taskQueue);
      const updateId = uniqueName('rejected-update');
      const err = await h.executeUpdate(setValueUpdate, { args: ['bad'], updateId }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((err as WorkflowUpdateFailedError).cause as Error | undefined)?.message).toContain('rejected by validator: bad value');
      expect(await h.query(valueQuery)).toBe('initial');
      await h.signal(doneSignal);
      await h.result();
      const history = await h.fetchHistory();
      const types = eventTypes(history);
      expect(types.filter((t) => t.startsWith('WORKFLOW_EXECUTION_UPDATE'))).toEqual([]);
      expect(JSON.stringify(history)).not.toContain(updateId);
    });
  });

  it('a failing update handler completes the update with a failure (accepted, then failed)', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = await startUpdatable(taskQueue);
      const err = await h.executeUpdate(setValueUpdate, { args: ['fail'] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((err as WorkflowUpdateFailedError).cause as Error | undefined)?.message).toContain('update handler failed on purpose');
      await h.signal(doneSignal);
      await h.result();
      const types = eventTypes(await h.fetchHistory());
      expect(types).toContain('WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
      expect(types).toContain('WORKFLOW_EXECUTION_UPDATE_COMPLETED');
    });
  });

  it('startUpdate returns after acceptance; the handle later yields the result; same update id is deduplicated', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = await startUpdatable(taskQueue);
      const updateId = uniqueName('slow-update');
      const uh = await h.startUpdate(slowUpdate, { args: [300], updateId, waitForStage: WorkflowUpdateStage.ACCEPTED });
      expect(uh.updateId).toBe(updateId);
      // same id again: the same update, not a second execution
      const again = await h.startUpdate(slowUpdate, { args: [300], updateId, waitForStage: WorkflowUpdateStage.ACCEPTED });
      expect(await uh.result()).toBe('slept 300');
      expect(await again.result()).toBe('slept 300');
      expect(await h.getUpdateHandle<string>(updateId).result()).toBe('slept 300');
      await h.signal(doneSignal);
      await h.result();
      const types = eventTypes(await h.fetchHistory());
      expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toHaveLength(1);
    });
  });

  it('an update on a completed workflow fails with "workflow execution already completed"', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = await startUpdatable(taskQueue);
      await h.signal(doneSignal);
      await h.result();
      const err = await h.executeUpdate(setValueUpdate, { args: ['late'] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowNotFoundError);
      expect((err as Error).message).toContain('workflow execution already completed');
    });
  });

  it('an update sent before any worker polls is delivered once a worker starts', async () => {
    const taskQueue = uniqueName('tq');
    const h = await startUpdatable(taskQueue);
    const pending = h.executeUpdate(setValueUpdate, { args: ['early'] });
    // the update RPC is in flight (admitted, nothing to deliver to) while the worker is being created
    await withWorker(cenv, { taskQueue }, async () => {
      expect(await pending).toBe('initial');
      await h.signal(doneSignal);
      expect(await h.result()).toBe('early');
    });
  });
});

describe('replay', () => {
  it('replays every completed workflow of this file without nondeterminism', async () => {
    expect(await replay.replayAll(cenv.client)).toEqual([]);
  });
});
