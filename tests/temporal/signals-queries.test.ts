/**
 * Conformance: signals, signal-with-start (new and existing run), queries (open run, closed run
 * after result(), unknown query type, failing handler). Notes §10, §11.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryNotRegisteredError } from '@temporalio/client';
import {
  createConformanceEnv,
  createReplayTracker,
  eventTypes,
  getWorkflowBundle,
  uniqueName,
  waitFor,
  withWorker,
  startSharedWorker,
  type ConformanceEnv,
  type SharedWorker,
} from '../helpers/temporal';
import { addSignal, collectorWorkflow, doneSignal, failingQuery, itemsQuery } from './workflows';

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

describe('signals', () => {
  it('delivers signals in order to a running workflow', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [[]] }));
      for (const item of ['a', 'b', 'c', 'd', 'e']) await h.signal(addSignal, item);
      await h.signal(doneSignal);
      expect(await h.result()).toEqual(['a', 'b', 'c', 'd', 'e']);
      const types = eventTypes(await h.fetchHistory());
      expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_SIGNALED')).toHaveLength(6);
      expect(types.at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
    });
  });

  it('keeps signals sent before any worker polls, and concurrent signals are none lost', async () => {
    const taskQueue = uniqueName('tq');
    const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [[]] }));
    await h.signal(addSignal, 'early');
    await withWorker(cenv, { taskQueue }, async () => {
      const items = Array.from({ length: 20 }, (_, i) => `c${i}`);
      await Promise.all(items.map((i) => h.signal(addSignal, i)));
      await waitFor(async () => (await h.query(itemsQuery)).length === 21, { what: '21 items' });
      await h.signal(doneSignal);
      const result = await h.result();
      expect(result[0]).toBe('early');
      expect([...result.slice(1)].sort()).toEqual([...items].sort());
    });
  });
});

describe('signals racing the completion (UnhandledCommand, §5.4)', () => {
  it('every signal the server accepted is in history before the close event and seen by the workflow', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [[]] }));
      await h.query(itemsQuery); // first task done
      const sends: Promise<boolean>[] = [];
      for (let i = 0; i < 40; i++) {
        if (i === 10) sends.push(h.signal(doneSignal).then(() => true));
        sends.push(h.signal(addSignal, `s${i}`).then(() => true, () => false));
      }
      const accepted = (await Promise.all(sends)).filter(Boolean).length;
      const result = await h.result();
      const history = await h.fetchHistory();
      const types = eventTypes(history);
      expect(types.at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
      expect(types.filter((t) => t === 'WORKFLOW_EXECUTION_SIGNALED')).toHaveLength(accepted);
      const addsInHistory = history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'add').length;
      expect(result).toHaveLength(addsInHistory);
    });
  });
});

describe('signal-with-start', () => {
  it('starts a new workflow with the signal delivered first', async () => {
    const taskQueue = shared.taskQueue;
    const workflowId = uniqueName('wf');
    await withSharedWorker(async () => {
      const h = replay.track(
        await cenv.client.workflow.signalWithStart(collectorWorkflow, {
          taskQueue,
          workflowId,
          args: [['from-args']],
          signal: addSignal,
          signalArgs: ['from-signal'],
        }),
      );
      expect(h.signaledRunId).toBeTruthy();
      await h.signal(doneSignal);
      expect(await h.result()).toEqual(['from-args', 'from-signal']);
      const d = await h.describe();
      expect(d.runId).toBe(h.signaledRunId);
    });
  });

  it('signals an existing running workflow instead of starting another', async () => {
    const taskQueue = shared.taskQueue;
    const workflowId = uniqueName('wf');
    await withSharedWorker(async () => {
      const first = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId, args: [['x']] }));
      const second = await cenv.client.workflow.signalWithStart(collectorWorkflow, {
        taskQueue,
        workflowId,
        args: [['ignored']],
        signal: addSignal,
        signalArgs: ['y'],
      });
      expect(second.signaledRunId).toBe(first.firstExecutionRunId);
      await first.signal(doneSignal);
      expect(await first.result()).toEqual(['x', 'y']);
    });
  });
});

describe('queries', () => {
  it('answers a query on an open workflow and sees later signals', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [['x']] }));
      expect(await h.query(itemsQuery)).toEqual(['x']);
      await h.signal(addSignal, 'y');
      // a query after the signal RPC returned must see it (the signal is in history)
      expect(await h.query(itemsQuery)).toEqual(['x', 'y']);
      await h.signal(doneSignal);
      await h.result();
    });
  });

  it('answers a query on a closed workflow after result() (full replay on the worker)', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [['x']] }));
      await h.signal(addSignal, 'z');
      await h.signal(doneSignal);
      expect(await h.result()).toEqual(['x', 'z']);
      expect(await h.query(itemsQuery)).toEqual(['x', 'z']);
    });
  });

  it('answers a query on a closed workflow from a fresh worker (no cache)', async () => {
    const taskQueue = uniqueName('tq');
    const workflowId = uniqueName('wf');
    await withWorker(cenv, { taskQueue }, async () => {
      const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId, args: [['cold']] }));
      await h.signal(doneSignal);
      await h.result();
    });
    await withWorker(cenv, { taskQueue }, async () => {
      expect(await cenv.client.workflow.getHandle(workflowId).query(itemsQuery)).toEqual(['cold']);
    });
  });

  it('an unknown query type fails with QueryNotRegisteredError naming the type', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [[]] }));
      const err = await h.query('noSuchQuery').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QueryNotRegisteredError);
      expect((err as Error).message).toContain('noSuchQuery');
      await h.signal(doneSignal);
      await h.result();
    });
  });

  it('a query handler that throws fails the query with its message, workflow unaffected', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = replay.track(await cenv.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [[]] }));
      const err = await h.query(failingQuery).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QueryNotRegisteredError); // the TS client maps INVALID_ARGUMENT to this class
      expect((err as Error).message).toContain('query handler failed on purpose');
      await h.signal(addSignal, 'still-alive');
      await h.signal(doneSignal);
      expect(await h.result()).toEqual(['still-alive']);
    });
  });
});

describe('replay', () => {
  it('replays every completed workflow of this file without nondeterminism', async () => {
    expect(await replay.replayAll(cenv.client)).toEqual([]);
  });
});
