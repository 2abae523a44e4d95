/**
 * Conformance: the executable as the SDK launches it — time-skipping mode
 * (`TestWorkflowEnvironment.createTimeSkipping` with an existing-path executable: `EXE <port>`)
 * and dev-server mode (`createLocal` with --db-filename and --search-attribute). Notes §1.1, §18.
 * Skipped against real Temporal (REAL_TEMPORAL_SKIPS 'time-skipping', 'dev-server-launch').
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  AGAINST_REAL_TEMPORAL,
  createReplayTracker,
  EMBEDDED_TEMPORAL_PATH,
  getWorkflowBundle,
  installQuietRuntime,
  itEmbeddedOnly,
  retryServerStart,
  SA,
  startSharedWorker,
  type SharedWorker,
  uniqueName,
  withWorker,
} from '../helpers/temporal';
import * as activities from './activities';
import { activityTimerActivityWorkflow, activityTimerConditionWorkflow, addSignal, proceedSignal, collectorWorkflow, doneSignal, echoWorkflow, finishOrTimeoutWorkflow, sleepWorkflow } from './workflows';

const DAY = 24 * 60 * 60 * 1000;

describe('time-skipping mode (createTimeSkipping, existing-path)', () => {
  let env: TestWorkflowEnvironment;
  let shared: SharedWorker;
  const replay = createReplayTracker();

  beforeAll(async () => {
    if (AGAINST_REAL_TEMPORAL) return;
    installQuietRuntime();
    [env] = await Promise.all([
      retryServerStart(() =>
        TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: EMBEDDED_TEMPORAL_PATH } } }),
      ),
      getWorkflowBundle(),
    ]);
    shared = await startSharedWorker({ nativeConnection: env.nativeConnection, namespace: env.namespace ?? 'default' }, { activities });
  });
  afterAll(async () => {
    await shared?.stop();
    await env?.teardown();
  });

  const run = <T>(fn: (taskQueue: string) => Promise<T>) => fn(shared.taskQueue);

  itEmbeddedOnly('time-skipping')('a workflow sleeping 28 days completes in well under a second of real time', async () => {
    await run(async (taskQueue) => {
      const t0 = performance.now();
      const h = replay.track(await env.client.workflow.start(sleepWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: ['28 days'] }));
      const { before, after } = await h.result();
      const realMs = performance.now() - t0;
      console.log(`[time-skipping] 28-day sleep took ${realMs.toFixed(0)} ms of real time`);
      expect(after - before).toBeGreaterThanOrEqual(28 * DAY);
      expect(realMs).toBeLessThan(5_000);
    });
  });

  itEmbeddedOnly('time-skipping')('env.sleep("1 day") advances env.currentTimeMs() by a day at once', async () => {
    const before = await env.currentTimeMs();
    const t0 = performance.now();
    await env.sleep('1 day');
    const after = await env.currentTimeMs();
    expect(after - before).toBeGreaterThanOrEqual(DAY);
    expect(after - before).toBeLessThan(DAY + 60_000);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  itEmbeddedOnly('time-skipping')('a timer between two activities is skipped; running activities hold the clock', async () => {
    await run(async (taskQueue) => {
      const t0 = performance.now();
      // each activity runs 300 ms of real time under a 5 s start-to-close timeout: if the clock
      // jumped while it ran, the activity would time out (maximumAttempts 1) and the workflow fail
      const h = replay.track(
        await env.client.workflow.start(activityTimerActivityWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [300, '7 days'] }),
      );
      const { timerMs } = await h.result();
      expect(timerMs).toBeGreaterThanOrEqual(7 * DAY);
      expect(performance.now() - t0).toBeLessThan(5_000);
    });
  });

  itEmbeddedOnly('time-skipping')('condition with a 30-day timeout: skips when no signal comes, honours a signal that comes first', async () => {
    await run(async (taskQueue) => {
      const timedOut = replay.track(
        await env.client.workflow.start(finishOrTimeoutWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: ['30 days'] }),
      );
      expect(await timedOut.result()).toBe('timed out');
      const signalled = replay.track(await env.client.workflow.start(collectorWorkflow, { taskQueue, workflowId: uniqueName('wf'), args: [[]] }));
      await signalled.signal(addSignal, 'x');
      await signalled.signal(doneSignal);
      expect(await signalled.result()).toEqual(['x']);
    });
  });

  // Issue #10: such batches hung in about half the runs (time skipped past workflow tasks in flight).
  itEmbeddedOnly('time-skipping')('batches of 5 to 100 concurrent workflows (activity, 1-hour timer, 2-day condition met by an early signal) all complete, again and again', async () => {
    await run(async (taskQueue) => {
      for (const [size, rounds] of [[5, 6], [20, 3], [100, 1]] as const) {
        for (let round = 0; round < rounds; round++) {
          const handles = await Promise.all(
            Array.from({ length: size }, async () => {
              const h = replay.track(await env.client.workflow.start(activityTimerConditionWorkflow, { taskQueue, workflowId: uniqueName('batch') }));
              await h.signal(proceedSignal);
              return h;
            }),
          );
          const results = await Promise.all(handles.map((h) => h.result()));
          expect(results, `batch of ${size}, round ${round + 1}`).toEqual(results.map(() => 'signalled'));
        }
      }
    });
  }, 120_000);

  itEmbeddedOnly('time-skipping')('replays every completed workflow of this block', async () => {
    expect(await replay.replayAll(env.client)).toEqual([]);
  });
});

describe('dev-server mode (createLocal, existing-path)', () => {
  itEmbeddedOnly('dev-server-launch')('starts with --db-filename and --search-attribute, runs a workflow, creates the db file', async () => {
    installQuietRuntime();
    const dir = mkdtempSync(path.join(tmpdir(), 'werkroute-devserver-'));
    const dbFilename = path.join(dir, 'temporal.db');
    const env = await retryServerStart(() =>
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: EMBEDDED_TEMPORAL_PATH },
          dbFilename,
          searchAttributes: [SA.regio],
        },
      }),
    );
    try {
      expect(existsSync(dbFilename)).toBe(true);
      expect(env.supportsTimeSkipping).toBe(false);
      const taskQueue = uniqueName('tq');
      await withWorker({ nativeConnection: env.nativeConnection, namespace: env.namespace ?? 'default' }, { taskQueue }, async () => {
        const h = await env.client.workflow.start(echoWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['dev'],
          typedSearchAttributes: [{ key: SA.regio, value: 'Groningen' }],
        });
        expect(await h.result()).toBe('dev');
        expect((await h.describe()).typedSearchAttributes.get(SA.regio)).toBe('Groningen');
      });
      const attrs = await env.connection.operatorService.listSearchAttributes({ namespace: env.namespace ?? 'default' });
      expect(Object.keys(attrs.customAttributes ?? {})).toEqual(expect.arrayContaining(['WerkrouteRegio', 'CustomKeywordField', 'CustomIntField']));
    } finally {
      await env.teardown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
