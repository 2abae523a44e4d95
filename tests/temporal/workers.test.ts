/**
 * Conformance: worker-side protocol — sticky queue fallback when the caching worker shuts down
 * mid-workflow, a worker without cache (full history every task), and patch markers
 * (`patched()` then replay). Notes §4.1 (markers, TemporalChangeVersion), §7.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConformanceEnv,
  createReplayTracker,
  createWorker,
  eventTypes,
  getWorkflowBundle,
  uniqueName,
  waitFor,
  withWorker,
  type ConformanceEnv,
} from '../helpers/temporal';
import { addSignal, collectorWorkflow, doneSignal, itemsQuery, patchedWorkflow } from './workflows';

let cenv: ConformanceEnv;
const replay = createReplayTracker();

beforeAll(async () => {
  [cenv] = await Promise.all([createConformanceEnv(), getWorkflowBundle()]);
});
afterAll(async () => {
  await cenv?.teardown();
});

describe('sticky queues', () => {
  it('a second worker finishes a workflow whose sticky worker shut down mid-workflow, without waiting for a sticky timeout', async () => {
    const taskQueue = uniqueName('tq');
    const workflowId = uniqueName('wf');
    const first = await createWorker(cenv, { taskQueue, maxCachedWorkflows: 10, stickyQueueScheduleToStartTimeout: '30s' });
    const firstRun = first.run();
    const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId, args: [[]] }));
    await h.signal(addSignal, 'seen-by-first');
    // processed by the first worker, which now has the run cached and its sticky queue recorded
    await waitFor(async () => (await h.query(itemsQuery)).includes('seen-by-first'), { what: 'first worker processed the signal' });
    first.shutdown();
    await firstRun;

    await withWorker(cenv, { taskQueue, maxCachedWorkflows: 10 }, async () => {
      const t0 = Date.now();
      await h.signal(addSignal, 'seen-by-second');
      await h.signal(doneSignal);
      expect(await h.result()).toEqual(['seen-by-first', 'seen-by-second']);
      // ShutdownWorker cleared stickiness, so the task went to the normal queue at once; a task
      // stranded on the dead sticky queue would wait for the 30 s sticky schedule-to-start timeout
      expect(Date.now() - t0).toBeLessThan(10_000);
    });
  });

  it('a worker without a workflow cache (maxCachedWorkflows: 0) runs a multi-task workflow', async () => {
    const taskQueue = uniqueName('tq');
    await withWorker(cenv, { taskQueue, maxCachedWorkflows: 0 }, async () => {
      const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [['a']] }));
      await h.signal(addSignal, 'b');
      await waitFor(async () => (await h.query(itemsQuery)).length === 2, { what: 'signal b processed' });
      await h.signal(addSignal, 'c');
      await h.signal(doneSignal);
      expect(await h.result()).toEqual(['a', 'b', 'c']);
    });
  });
});

describe('patch markers', () => {
  it('patched() records a core_patch marker (and the TemporalChangeVersion upsert); the history replays', async () => {
    const taskQueue = uniqueName('tq');
    await withWorker(cenv, { taskQueue }, async () => {
      const h = replay.track(await cenv.client.workflow.start(patchedWorkflow, { taskQueue, workflowId: uniqueName('wf') }));
      expect(await h.result()).toBe('patched');
      const history = await h.fetchHistory();
      const marker = history.events!.find((e) => e.markerRecordedEventAttributes);
      expect(marker?.markerRecordedEventAttributes?.markerName).toBe('core_patch');
      const types = eventTypes(history);
      expect(types).toContain('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES');
      const d = await h.describe();
      expect(JSON.stringify(d.searchAttributes.TemporalChangeVersion ?? [])).toContain('conformance-patch');
    });
  });
});

describe('replay', () => {
  it('replays every completed workflow of this file without nondeterminism', async () => {
    expect(await replay.replayAll(cenv.client)).toEqual([]);
  });
});
