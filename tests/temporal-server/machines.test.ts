import { describe, it, expect, beforeEach } from 'vitest';
import { Engine } from '../../temporal-server/state/engine';
import { createLogger } from '../../temporal-server/state/logger';
import { SearchAttributeRegistry } from '../../temporal-server/state/search-attributes';
import { createWallClock } from '../../temporal-server/clock';
import { createWorkflowServiceHandlers } from '../../temporal-server/frontend/workflow-service';
import { registerWftTimers } from '../../temporal-server/machines/workflow-task';
import { registerActivityTimers } from '../../temporal-server/machines/activity';
import { registerTimerMachine } from '../../temporal-server/machines/timer';
import { registerWorkflowTimers } from '../../temporal-server/machines/workflow';
import { readEvent } from '../../temporal-server/history/history-log';
import { GrpcError } from '../../temporal-server/rpc/grpc-error';
import type { ServiceHandlers } from '../../temporal-server/rpc/handler';

/** Drives the handlers directly (no gRPC, no SDK): a scripted worker. */
function harness() {
  const engine = new Engine({ clock: createWallClock(), log: createLogger('error'), longPollMs: 200, searchAttributes: new SearchAttributeRegistry({}) });
  registerWftTimers(engine);
  registerActivityTimers(engine);
  registerTimerMachine(engine);
  registerWorkflowTimers(engine);
  engine.registerNamespace('default');
  const h = createWorkflowServiceHandlers({ engine, visibility: {} }) as Required<ServiceHandlers>;
  const ctx = (ms = 2000) => ({ signal: new AbortController().signal, deadline: Date.now() + ms + 1000 });
  const call = (name: string, req: any) => h[name]!({ namespace: 'default', ...req }, ctx());
  const events = (workflowId: string) => {
    const run = engine.currentRun('default', workflowId)!;
    return Array.from({ length: run.history.count }, (_, i) => readEvent(run.history, i + 1).eventType?.replace('EVENT_TYPE_', ''));
  };
  const start = (workflowId: string) =>
    call('StartWorkflowExecution', { workflowId, workflowType: { name: 'wf' }, taskQueue: { name: 'q' }, requestId: `req-${workflowId}` });
  const pollWft = (queue = 'q', kind = 'TASK_QUEUE_KIND_NORMAL'): Promise<any> => call('PollWorkflowTaskQueue', { taskQueue: { name: queue, kind }, identity: 'test' });
  const complete = (task: any, commands: any[], extra: any = {}) => call('RespondWorkflowTaskCompleted', { taskToken: task.taskToken, commands, identity: 'test', ...extra });
  return { engine, call, events, start, pollWft, complete };
}

const completeCmd = { commandType: 'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION', completeWorkflowExecutionCommandAttributes: {} };

describe('workflow task machine', () => {
  let t: ReturnType<typeof harness>;
  beforeEach(() => {
    t = harness();
  });

  it('writes Started, Scheduled, Started and answers a stale token with NOT_FOUND', async () => {
    await t.start('w1');
    const task = await t.pollWft();
    expect(task.startedEventId).toBe(3);
    expect(t.events('w1')).toEqual(['WORKFLOW_EXECUTION_STARTED', 'WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED']);
    await t.complete(task, [completeCmd]);
    await expect(t.complete(task, [completeCmd])).rejects.toMatchObject({ code: 5 });
    expect(t.events('w1').at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
  });

  it('buffers a signal that arrives while the task is started, then UnhandledCommand on close', async () => {
    await t.start('w2');
    const task = await t.pollWft();
    await t.call('SignalWorkflowExecution', { workflowExecution: { workflowId: 'w2' }, signalName: 's' });
    expect(t.events('w2')).toHaveLength(3); // buffered, not between Started and Completed
    const err = await t.complete(task, [completeCmd]).catch((e) => e);
    expect(err).toBeInstanceOf(GrpcError);
    expect((err as GrpcError).message).toBe('UnhandledCommand');
    expect(t.events('w2').slice(3)).toEqual(['WORKFLOW_TASK_FAILED', 'WORKFLOW_EXECUTION_SIGNALED', 'WORKFLOW_TASK_SCHEDULED']);
    const next = await t.pollWft();
    expect(next.previousStartedEventId).toBe(0);
    await t.complete(next, [completeCmd]);
    expect(t.events('w2').at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
  });

  it('routes the next task to the sticky queue with partial history, and back on ResetStickyTaskQueue', async () => {
    await t.start('w3');
    const task = await t.pollWft();
    await t.complete(task, [], { stickyAttributes: { workerTaskQueue: { name: 'sticky-a', kind: 'TASK_QUEUE_KIND_STICKY' }, scheduleToStartTimeout: { seconds: 10 } } });
    await t.call('SignalWorkflowExecution', { workflowExecution: { workflowId: 'w3' }, signalName: 's' });
    const sticky = await t.pollWft('sticky-a', 'TASK_QUEUE_KIND_STICKY');
    expect(sticky.previousStartedEventId).toBe(3);
    expect(sticky.startedEventId).toBe(7);
    await t.complete(sticky, [], { stickyAttributes: { workerTaskQueue: { name: 'sticky-a', kind: 'TASK_QUEUE_KIND_STICKY' } } });
    await t.call('SignalWorkflowExecution', { workflowExecution: { workflowId: 'w3' }, signalName: 's' });
    await t.call('ResetStickyTaskQueue', { execution: { workflowId: 'w3' } });
    const normal = await t.pollWft();
    expect(normal.startedEventId).toBe(11);
  });

  it('a bad command fails the task with a cause instead of failing the RPC transport', async () => {
    await t.start('w4');
    const task = await t.pollWft();
    const err = await t.complete(task, [{ commandType: 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK', scheduleActivityTaskCommandAttributes: { activityId: 'a' } }]).catch((e) => e);
    expect(err).toMatchObject({ code: 3 });
    expect(t.events('w4').slice(3)).toEqual(['WORKFLOW_TASK_FAILED', 'WORKFLOW_TASK_SCHEDULED']);
  });
});

describe('activity machine', () => {
  it('retries without events and writes Started once, right before the close event', async () => {
    const t = harness();
    await t.start('a1');
    const task = await t.pollWft();
    await t.complete(task, [
      {
        commandType: 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK',
        scheduleActivityTaskCommandAttributes: { activityId: '1', activityType: { name: 'act' }, taskQueue: { name: 'q' }, startToCloseTimeout: { seconds: 5 }, retryPolicy: { initialInterval: { nanos: 1_000_000 } } },
      },
    ]);
    const poll = () => t.call('PollActivityTaskQueue', { taskQueue: { name: 'q' }, identity: 'test' }) as Promise<any>;
    const a1 = await poll();
    expect(a1.attempt).toBe(1);
    expect(a1.scheduleToCloseTimeout).toBeDefined();
    await t.call('RespondActivityTaskFailed', { taskToken: a1.taskToken, failure: { message: 'boom', applicationFailureInfo: { type: 'E' } } });
    const a2 = await poll();
    expect(a2.attempt).toBe(2);
    await t.call('RespondActivityTaskCompleted', { taskToken: a2.taskToken, result: { payloads: [] } });
    expect(t.events('a1').slice(4)).toEqual(['ACTIVITY_TASK_SCHEDULED', 'ACTIVITY_TASK_STARTED', 'ACTIVITY_TASK_COMPLETED', 'WORKFLOW_TASK_SCHEDULED']);
    await expect(t.call('RespondActivityTaskCompleted', { taskToken: a1.taskToken })).rejects.toMatchObject({ code: 5 });
  });
});

describe('update machine', () => {
  it('a rejected update leaves no event; the long poll reports the stage reached so far', async () => {
    const t = harness();
    await t.start('u1');
    await t.complete(await t.pollWft(), []);
    const req = (id: string) => ({ workflowExecution: { workflowId: 'u1' }, waitPolicy: { lifecycleStage: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED' }, request: { meta: { updateId: id }, input: { name: 'u' } } });
    const slow = await t.call('UpdateWorkflowExecution', req('x'));
    expect((slow as any).stage).toBe('UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED');
    const pending = t.call('UpdateWorkflowExecution', req('x'));
    const task = await t.pollWft();
    expect(task.messages[0].protocolInstanceId).toBe('x');
    expect(task.messages[0].eventId).toBe(task.startedEventId - 1);
    await t.complete(task, [], {
      messages: [{ id: 'x/reject', protocolInstanceId: 'x', body: { type_url: 'type.googleapis.com/temporal.api.update.v1.Rejection', value: Buffer.alloc(0) } }],
    });
    expect(((await pending) as any).stage).toBe('UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED');
    expect(t.events('u1').filter((e) => e?.includes('UPDATE'))).toEqual([]);
  });
});
