/**
 * Conformance: describe (status, historyLength, memo, search attributes, pending activities),
 * history fetch, list and count with the visibility query language, bad query → error.
 * Notes §17.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import {
  createConformanceEnv,
  createReplayTracker,
  eventTypeName,
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
import { echoWorkflow, runActivityWorkflow, waitForFinishWorkflow } from './workflows';

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

async function list(query: string): Promise<WorkflowExecutionInfo[]> {
  const out: WorkflowExecutionInfo[] = [];
  for await (const wf of cenv.client.workflow.list({ query })) out.push(wf);
  return out;
}

describe('describe and history', () => {
  it('describe() reports status, history length, memo, search attributes and the pending activity', async () => {
    const taskQueue = shared.taskQueue;
    const key = uniqueName('block');
    await withSharedWorker(async () => {
      const h = replay.track(
        await cenv.client.workflow.start(runActivityWorkflow, {
          taskQueue,
          workflowId: uniqueName('wf'),
          args: ['blockUntilReleased', [key], { startToCloseTimeout: '60s' }],
          memo: { purpose: 'describe' },
          typedSearchAttributes: [{ key: SA.keyword, value: 'describe-kw' }],
        }),
      );
      await waitFor(() => activityState.releases.has(key), { what: 'activity started' });
      const d = await waitFor(async () => {
        const desc = await h.describe();
        return desc.raw.pendingActivities?.length ? desc : undefined;
      }, { what: 'pending activity in describe' });
      expect(d.status.name).toBe('RUNNING');
      expect(d.type).toBe('runActivityWorkflow');
      expect(d.taskQueue).toBe(taskQueue);
      expect(d.historyLength).toBeGreaterThanOrEqual(5);
      expect(d.memo).toEqual({ purpose: 'describe' });
      expect(d.typedSearchAttributes.get(SA.keyword)).toBe('describe-kw');
      expect(d.startTime).toBeInstanceOf(Date);
      expect(d.closeTime).toBeUndefined();
      const pending = d.raw.pendingActivities![0]!;
      expect(pending.activityType?.name).toBe('blockUntilReleased');
      expect(String(pending.state)).toMatch(/STARTED|2/);
      expect(pending.attempt).toBe(1);

      activityState.releases.get(key)!();
      expect(await h.result()).toEqual({ ok: true, value: 'released' });
      const closed = await h.describe();
      expect(closed.status.name).toBe('COMPLETED');
      expect(closed.closeTime).toBeInstanceOf(Date);
      expect(closed.raw.pendingActivities ?? []).toHaveLength(0);

      const history = await h.fetchHistory();
      expect(history.events!.length).toBe(closed.historyLength);
      expect(history.events!.map((e) => Number(e.eventId))).toEqual(history.events!.map((_, i) => i + 1));
      expect(eventTypeName(history.events![0]!.eventType)).toBe('WORKFLOW_EXECUTION_STARTED');
      expect(eventTypeName(history.events!.at(-1)!.eventType)).toBe('WORKFLOW_EXECUTION_COMPLETED');
      for (const e of history.events!) expect(e.eventTime).toBeTruthy();
    });
  });
});

describe('list and count', () => {
  // One batch for all list/count tests: 3 completed echo workflows (shared worker) and 2 running
  // ones on a task queue of their own that no worker polls, tagged with a unique keyword so concurrent test files do not interfere.
  const taskQueue = uniqueName('vis-tq');
  const tag = uniqueName('tag');
  const ids = { done: [] as string[], running: [] as string[] };

  beforeAll(async () => {
    await withSharedWorker(async () => {
      for (let i = 0; i < 3; i++) {
        const workflowId = uniqueName(`vis-done-${i}`);
        ids.done.push(workflowId);
        await cenv.client.workflow.execute(echoWorkflow, {
          taskQueue: shared.taskQueue,
          workflowId,
          args: [`v${i}`],
          typedSearchAttributes: [
            { key: SA.keyword, value: tag },
            { key: SA.int, value: i * 4 }, // 0, 4, 8
          ],
        });
      }
      for (let i = 0; i < 2; i++) {
        const workflowId = uniqueName(`vis-running-${i}`);
        ids.running.push(workflowId);
        await cenv.client.workflow.start(waitForFinishWorkflow, {
          taskQueue,
          workflowId,
          typedSearchAttributes: [
            { key: SA.keyword, value: tag },
            { key: SA.int, value: 10 + i }, // 10, 11
          ],
        });
      }
    });
    // visibility may lag behind on a real server
    await waitFor(async () => (await cenv.client.workflow.count(`CustomKeywordField = '${tag}'`)).count === 5, {
      what: 'visibility caught up',
      timeoutMs: 15_000,
    });
  });

  afterAll(async () => {
    for (const id of ids.running) await cenv.client.workflow.getHandle(id).terminate('cleanup').catch(() => undefined);
  });

  it("WorkflowId = 'x'", async () => {
    const rows = await list(`WorkflowId = '${ids.done[1]}'`);
    expect(rows.map((r) => r.workflowId)).toEqual([ids.done[1]]);
    expect(rows[0]!.type).toBe('echoWorkflow');
    expect(rows[0]!.status.name).toBe('COMPLETED');
    expect(rows[0]!.typedSearchAttributes.get(SA.keyword)).toBe(tag);
  });

  it("WorkflowType = 'y' AND ExecutionStatus = 'Running'", async () => {
    const rows = await list(`WorkflowType = 'waitForFinishWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`);
    expect(rows.map((r) => r.workflowId).sort()).toEqual([...ids.running].sort());
  });

  it('WorkflowId IN (...)', async () => {
    const wanted = [ids.done[0]!, ids.running[1]!];
    const rows = await list(`WorkflowId IN ('${wanted[0]}', '${wanted[1]}')`);
    expect(rows.map((r) => r.workflowId).sort()).toEqual([...wanted].sort());
  });

  it('custom keyword attribute and CustomIntField > 5', async () => {
    expect((await list(`CustomKeywordField = '${tag}'`)).length).toBe(5);
    const rows = await list(`CustomKeywordField = '${tag}' AND CustomIntField > 5`);
    expect(rows.map((r) => r.typedSearchAttributes.get(SA.int)).sort((a, b) => a! - b!)).toEqual([8, 10, 11]);
  });

  it('ORDER BY CustomIntField ASC and DESC', async () => {
    const asc = await list(`CustomKeywordField = '${tag}' ORDER BY CustomIntField ASC`);
    expect(asc.map((r) => r.typedSearchAttributes.get(SA.int))).toEqual([0, 4, 8, 10, 11]);
    const desc = await list(`CustomKeywordField = '${tag}' ORDER BY CustomIntField DESC`);
    expect(desc.map((r) => r.typedSearchAttributes.get(SA.int))).toEqual([11, 10, 8, 4, 0]);
  });

  it('default order is StartTime descending', async () => {
    const rows = await list(`CustomKeywordField = '${tag}'`);
    const times = rows.map((r) => r.startTime.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('count() and count() GROUP BY ExecutionStatus', async () => {
    expect(await cenv.client.workflow.count(`CustomKeywordField = '${tag}'`)).toEqual({ count: 5, groups: [] });
    const grouped = await cenv.client.workflow.count(`CustomKeywordField = '${tag}' GROUP BY ExecutionStatus`);
    expect(grouped.count).toBe(5);
    expect([...grouped.groups].sort((a, b) => a.count - b.count)).toEqual([
      { count: 2, groupValues: [['Running']] },
      { count: 3, groupValues: [['Completed']] },
    ]);
  });

  it('a malformed query is rejected with INVALID_ARGUMENT, and the server keeps answering', async () => {
    for (const bad of [`WorkflowId = `, `NoSuchField = 'x'`, `WorkflowId = 'x' AND (`]) {
      const err = await list(bad).catch((e: unknown) => e);
      expect(err, bad).toBeInstanceOf(Error);
      const code = (err as { cause?: { code?: number } }).cause?.code ?? (err as { code?: number }).code;
      expect(code, `${bad}: ${String(err)}`).toBe(grpcStatus.INVALID_ARGUMENT);
    }
    const countErr = await cenv.client.workflow.count('ExecutionStatus ==== 1').catch((e: unknown) => e);
    expect(countErr).toBeInstanceOf(Error);
    expect((await list(`WorkflowId = '${ids.done[0]}'`)).length).toBe(1);
  });
});

describe('replay', () => {
  it('replays every completed workflow of this file without nondeterminism', async () => {
    expect(await replay.replayAll(cenv.client)).toEqual([]);
  });
});
