/**
 * Conformance: StartWorkflowExecution — id reuse and conflict policies, request-id idempotency,
 * memo and search attributes (typed and untyped, read back with their types), start delay.
 * Notes §3.2, §15 (start delay), §16, §17.
 */
import { randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import {
  createConformanceEnv,
  createReplayTracker,
  eventTypeName,
  getWorkflowBundle,
  SA,
  uniqueName,
  startSharedWorker,
  type ConformanceEnv,
  type SharedWorker,
} from '../helpers/temporal';
import { echoWorkflow, failWorkflow, infoWorkflow, waitForFinishWorkflow } from './workflows';

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

describe('workflow id conflict policy (current run open)', () => {
  it('FAIL (the default) rejects a second start with WorkflowExecutionAlreadyStartedError', async () => {
    const taskQueue = uniqueName('tq');
    const workflowId = uniqueName('wf');
    const first = await cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId });
    await expect(cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId })).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    await expect(
      cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId, workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    const d = await first.describe();
    expect(d.status.name).toBe('RUNNING');
    expect(d.runId).toBe(first.firstExecutionRunId);
    await first.terminate('cleanup');
  });

  it('USE_EXISTING returns the running run', async () => {
    const taskQueue = uniqueName('tq');
    const workflowId = uniqueName('wf');
    const first = await cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId });
    const second = await cenv.client.workflow.start(waitForFinishWorkflow, {
      taskQueue,
      workflowId,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await first.terminate('cleanup');
  });

  it('TERMINATE_EXISTING terminates the running run and starts a new one', async () => {
    const taskQueue = uniqueName('tq');
    const workflowId = uniqueName('wf');
    const first = await cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId });
    const second = await cenv.client.workflow.start(waitForFinishWorkflow, {
      taskQueue,
      workflowId,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING,
    });
    expect(second.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
    const old = await cenv.client.workflow.getHandle(workflowId, first.firstExecutionRunId).describe();
    expect(old.status.name).toBe('TERMINATED');
    const current = await cenv.client.workflow.getHandle(workflowId).describe();
    expect(current.runId).toBe(second.firstExecutionRunId);
    expect(current.status.name).toBe('RUNNING');
    await second.terminate('cleanup');
  });
});

describe('workflow id reuse policy (previous run closed)', () => {
  type Close = 'completed' | 'failed' | 'terminated';
  const table: { policy: WorkflowIdReusePolicy; close: Close; allowed: boolean }[] = [
    { policy: WorkflowIdReusePolicy.ALLOW_DUPLICATE, close: 'completed', allowed: true },
    { policy: WorkflowIdReusePolicy.ALLOW_DUPLICATE, close: 'terminated', allowed: true },
    { policy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY, close: 'completed', allowed: false },
    { policy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY, close: 'failed', allowed: true },
    { policy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY, close: 'terminated', allowed: true },
    { policy: WorkflowIdReusePolicy.REJECT_DUPLICATE, close: 'completed', allowed: false },
    { policy: WorkflowIdReusePolicy.REJECT_DUPLICATE, close: 'failed', allowed: false },
  ];

  it.each(table)('$policy after a $close run: allowed=$allowed', async ({ policy, close, allowed }) => {
    const taskQueue = shared.taskQueue;
    const workflowId = uniqueName('wf');
    await withSharedWorker(async () => {
      if (close === 'completed') {
        await cenv.client.workflow.execute(echoWorkflow, { taskQueue, workflowId, args: ['one'] });
      } else if (close === 'failed') {
        await expect(cenv.client.workflow.execute(failWorkflow, { taskQueue, workflowId, args: ['boom'] })).rejects.toThrow();
      } else {
        const h = await cenv.client.workflow.start(waitForFinishWorkflow, { taskQueue, workflowId });
        await h.terminate('closing for the reuse test');
      }
      const again = cenv.client.workflow.start(echoWorkflow, { taskQueue, workflowId, args: ['two'], workflowIdReusePolicy: policy });
      if (allowed) {
        const h = replay.track(await again);
        expect(await h.result()).toBe('two');
      } else {
        await expect(again).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      }
    });
  });
});

describe('request id idempotency', () => {
  it('the same requestId twice returns the same run; another requestId gets ALREADY_EXISTS', async () => {
    const request = {
      namespace: cenv.namespace,
      workflowId: uniqueName('wf'),
      workflowType: { name: 'waitForFinishWorkflow' },
      taskQueue: { name: uniqueName('tq') },
      requestId: randomUUID(),
      identity: 'conformance',
    };
    const r1 = await cenv.client.workflowService.startWorkflowExecution(request);
    const r2 = await cenv.client.workflowService.startWorkflowExecution(request);
    expect(r1.runId).toBeTruthy();
    expect(r2.runId).toBe(r1.runId);
    const err = await cenv.client.workflowService.startWorkflowExecution({ ...request, requestId: randomUUID() }).then(
      () => undefined,
      (e: unknown) => e as { code?: number },
    );
    expect(err?.code).toBe(grpcStatus.ALREADY_EXISTS);
    await cenv.client.workflow.getHandle(request.workflowId).terminate('cleanup');
  });
});

describe('memo and search attributes', () => {
  const when = new Date('2026-01-02T03:04:05.678Z');

  it('typed search attributes and memo read back via describe() with their types', async () => {
    const h = await cenv.client.workflow.start(waitForFinishWorkflow, {
      taskQueue: uniqueName('tq'),
      workflowId: uniqueName('wf'),
      memo: { owner: 'team-a', nested: { n: 1, list: [1, 2] } },
      typedSearchAttributes: [
        { key: SA.keyword, value: 'kw-value' },
        { key: SA.text, value: 'some free text' },
        { key: SA.int, value: 42 },
        { key: SA.double, value: 1.5 },
        { key: SA.bool, value: true },
        { key: SA.datetime, value: when },
        { key: SA.regio, value: 'Utrecht' },
        { key: SA.keywordList, value: ['a', 'b'] },
      ],
    });
    const d = await h.describe();
    expect(d.memo).toEqual({ owner: 'team-a', nested: { n: 1, list: [1, 2] } });
    const t = d.typedSearchAttributes;
    expect(t.get(SA.keyword)).toBe('kw-value');
    expect(t.get(SA.text)).toBe('some free text');
    expect(t.get(SA.int)).toBe(42);
    expect(t.get(SA.double)).toBe(1.5);
    expect(t.get(SA.bool)).toBe(true);
    expect(t.get(SA.datetime)).toBeInstanceOf(Date);
    expect(t.get(SA.datetime)?.toISOString()).toBe(when.toISOString());
    expect(t.get(SA.regio)).toBe('Utrecht');
    expect(t.get(SA.keywordList)).toEqual(['a', 'b']);
    // the deprecated untyped view agrees
    expect(d.searchAttributes.CustomKeywordField).toEqual(['kw-value']);
    expect(d.searchAttributes.CustomIntField).toEqual([42]);
    expect((d.searchAttributes.CustomDatetimeField as Date[])[0]).toBeInstanceOf(Date);
    await h.terminate('cleanup');
  });

  it('untyped search attributes get their registered type (Datetime comes back as Date)', async () => {
    const h = await cenv.client.workflow.start(waitForFinishWorkflow, {
      taskQueue: uniqueName('tq'),
      workflowId: uniqueName('wf'),
      searchAttributes: { CustomKeywordField: ['untyped-kw'], CustomIntField: [7], CustomDatetimeField: [when], CustomBoolField: [false] },
    });
    const d = await h.describe();
    expect(d.typedSearchAttributes.get(SA.keyword)).toBe('untyped-kw');
    expect(d.typedSearchAttributes.get(SA.int)).toBe(7);
    expect(d.typedSearchAttributes.get(SA.bool)).toBe(false);
    const dt = d.typedSearchAttributes.get(SA.datetime);
    expect(dt).toBeInstanceOf(Date);
    expect(dt?.getTime()).toBe(when.getTime());
    expect((d.searchAttributes.CustomDatetimeField as Date[])[0]).toBeInstanceOf(Date);
    await h.terminate('cleanup');
  });

  it('the workflow sees its memo and default task timeout (10 s), and no invented run timeout', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = replay.track(
        await cenv.client.workflow.start(infoWorkflow, { taskQueue, workflowId: uniqueName('wf'), memo: { k: 'v' } }),
      );
      const info = await h.result();
      expect(info.memo).toEqual({ k: 'v' });
      expect(info.taskTimeoutMs).toBe(10_000);
      expect(info.historyLength).toBe(3);
      expect(info.attempt).toBe(1);
      const history = await h.fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      expect(started?.workflowRunTimeout ?? undefined).toBeFalsy();
      expect(started?.workflowExecutionTimeout ?? undefined).toBeFalsy();
    });
  });
});

describe('start delay', () => {
  it('delays the first workflow task by startDelay and records firstWorkflowTaskBackoff', async () => {
    const taskQueue = shared.taskQueue;
    await withSharedWorker(async () => {
      const h = replay.track(
        await cenv.client.workflow.start(infoWorkflow, { taskQueue, workflowId: uniqueName('wf'), startDelay: '1500ms' }),
      );
      const d0 = await h.describe();
      expect(d0.status.name).toBe('RUNNING');
      const info = await h.result();
      const history = await h.fetchHistory();
      const [startedEv, scheduledEv] = history.events ?? [];
      expect(eventTypeName(startedEv?.eventType)).toBe('WORKFLOW_EXECUTION_STARTED');
      expect(tsToMs(startedEv!.workflowExecutionStartedEventAttributes!.firstWorkflowTaskBackoff)).toBe(1500);
      expect(eventTypeName(scheduledEv?.eventType)).toBe('WORKFLOW_TASK_SCHEDULED');
      const gap = tsToMs(scheduledEv!.eventTime) - tsToMs(startedEv!.eventTime);
      expect(gap).toBeGreaterThanOrEqual(1400);
      expect(info.now - info.startTime).toBeGreaterThanOrEqual(1400);
    });
  });
});

describe('replay', () => {
  it('replays every completed workflow of this file without nondeterminism', async () => {
    expect(replay.size).toBeGreaterThan(0);
    expect(await replay.replayAll(cenv.client)).toEqual([]);
  });
});

describe('eager workflow start', () => {
  it("hands the first workflow task to the caller's own worker in the start answer; without the request, the normal path", async () => {
    // Core reserves a slot of a worker on the same connection and asks for the task eagerly.
    const { Client } = await import('@temporalio/client');
    const sameConnection = new Client({ connection: cenv.nativeConnection, namespace: cenv.namespace });
    const info = await cenv.client.workflowService.getSystemInfo({});
    expect(info.capabilities?.eagerWorkflowStart).toBe(true);

    const eager = replay.track(await sameConnection.workflow.start(echoWorkflow, { taskQueue: shared.taskQueue, workflowId: uniqueName('eager'), args: ['eager'], requestEagerStart: true }));
    expect(eager.eagerlyStarted).toBe(true);
    expect(await eager.result()).toBe('eager');
    const events = (await eager.fetchHistory()).events!;
    const types = events.map((e) => eventTypeName(e.eventType));
    expect(types.slice(0, 4)).toEqual(['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_COMPLETED']);

    const other = replay.track(await sameConnection.workflow.start(echoWorkflow, { taskQueue: shared.taskQueue, workflowId: uniqueName('not-eager'), args: ['plain'] }));
    expect(other.eagerlyStarted).toBe(false);
    expect(await other.result()).toBe('plain');
  });
});
