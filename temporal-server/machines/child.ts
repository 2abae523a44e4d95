import type { Engine } from '../state/engine';
import type { Tx } from '../state/tx';
import { isOpen, type Run, type RunStatus } from '../state/run';
import { durationToMs } from '../proto/codec';
import { GrpcError } from '../rpc/grpc-error';
import { BadCommand } from './bad-command';
import { scheduleWft } from './workflow-task';
import { startWorkflow, terminate, requestCancel, signal, type StartParams } from './workflow';
import type { Command, WorkflowExecution } from '../proto/wire';

type StartChildAttrs = NonNullable<Command['startChildWorkflowExecutionCommandAttributes']>;
type SignalExternalAttrs = NonNullable<Command['signalExternalWorkflowExecutionCommandAttributes']>;
type CancelExternalAttrs = NonNullable<Command['requestCancelExternalWorkflowExecutionCommandAttributes']>;

export function validateStartChild(a: StartChildAttrs | undefined): asserts a is StartChildAttrs {
  if (!a?.workflowId) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES', 'Required field WorkflowId is not set on command.');
  if (!a.workflowType?.name) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES', 'Required field WorkflowType is not set on command.');
}

/** START_CHILD_WORKFLOW_EXECUTION: the child starts after this completion commits (notes §14). */
export function startChildCommand(tx: Tx, a: StartChildAttrs, completedEventId: number): void {
  const run = tx.run;
  const ns = a.namespace || run.ns;
  // validateStartChild checked both before any command was applied.
  const workflowId = a.workflowId!;
  const typeName = a.workflowType!.name!;
  const queueName = a.taskQueue?.name || run.taskQueue;
  const taskQueue = a.taskQueue?.name ? a.taskQueue : { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' };
  const sa = tx.engine.searchAttributes.annotate(ns, a.searchAttributes?.indexedFields, true);
  const initiatedEventId = tx.append({
    eventType: 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
    attrs: {
      namespace: ns,
      workflowId,
      workflowType: a.workflowType,
      taskQueue,
      input: a.input,
      workflowExecutionTimeout: a.workflowExecutionTimeout,
      workflowRunTimeout: a.workflowRunTimeout,
      workflowTaskTimeout: a.workflowTaskTimeout,
      parentClosePolicy: a.parentClosePolicy,
      control: a.control,
      workflowTaskCompletedEventId: completedEventId,
      workflowIdReusePolicy: a.workflowIdReusePolicy,
      retryPolicy: a.retryPolicy,
      cronSchedule: a.cronSchedule,
      header: a.header,
      memo: a.memo,
      searchAttributes: sa ? { indexedFields: sa } : undefined,
      inheritBuildId: a.inheritBuildId,
      priority: a.priority,
    },
  });
  (run.children ??= new Map()).set(initiatedEventId, {
    initiatedEventId,
    workflowId,
    ns,
    typeName,
    parentClosePolicy: a.parentClosePolicy,
    locked: true,
  });
  // Time skipping holds until the child has started (notes §18.2).
  tx.engine.lock('child');
  const engine = tx.engine;
  const params: StartParams = {
    ns,
    workflowId,
    typeName,
    taskQueue: queueName,
    input: a.input,
    header: a.header,
    requestId: `${run.runId}:${initiatedEventId}`,
    wftTimeoutMs: durationToMs(a.workflowTaskTimeout) || run.wftTimeoutMs,
    runTimeoutMs: durationToMs(a.workflowRunTimeout),
    execTimeoutMs: durationToMs(a.workflowExecutionTimeout),
    retryPolicy: a.retryPolicy,
    cron: a.cronSchedule,
    memo: a.memo,
    sa: sa ? { indexedFields: sa } : undefined,
    parent: { ns: run.ns, workflowId: run.workflowId, runId: run.runId, initiatedEventId },
    root: run.root ?? { workflowId: run.workflowId, runId: run.runId },
    priority: a.priority,
    initiator: undefined,
  };
  tx.after(() => startChild(engine, run, initiatedEventId, params, a.workflowIdReusePolicy));
}

function startChild(engine: Engine, parent: Run, initiatedEventId: number, params: StartParams, reusePolicy: string | undefined): void {
  const child = parent.children?.get(initiatedEventId);
  if (!child || !isOpen(parent)) return;
  let started: Run | undefined;
  try {
    started = startWorkflow(engine, params, { reusePolicy }).run;
  } catch (err) {
    if (!(err instanceof GrpcError)) engine.log.error('child start failed', (err as Error)?.stack ?? String(err));
  }
  engine.update(parent, (tx) => {
    if (child.locked) {
      child.locked = false;
      engine.unlock('child');
    }
    if (!isOpen(parent)) return;
    if (started) {
      child.runId = started.runId;
      tx.appendOrBuffer({
        eventType: 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED',
        attrs: { namespace: child.ns, initiatedEventId, workflowExecution: { workflowId: child.workflowId, runId: started.runId }, workflowType: { name: child.typeName }, header: params.header },
        link: { childStarted: initiatedEventId },
      });
    } else {
      parent.children!.delete(initiatedEventId);
      tx.appendOrBuffer({
        eventType: 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED',
        attrs: { namespace: child.ns, workflowId: child.workflowId, workflowType: { name: child.typeName }, cause: 'START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS', initiatedEventId },
      });
    }
    scheduleWft(tx);
  });
}

type CloseAttrs = Record<string, unknown>;

const CHILD_CLOSE_EVENT: Partial<Record<RunStatus, [string, (a: CloseAttrs) => CloseAttrs]>> = {
  COMPLETED: ['EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED', (a) => ({ result: a.result })],
  FAILED: ['EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED', (a) => ({ failure: a.failure, retryState: a.retryState })],
  CANCELED: ['EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED', (a) => ({ details: a.details })],
  TIMED_OUT: ['EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT', (a) => ({ retryState: a.retryState })],
  TERMINATED: ['EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED', () => ({})],
};

/** The chain's final close reaches the parent as CHILD_WORKFLOW_EXECUTION_* (notes §14). */
export function notifyParentOfClose(engine: Engine, run: Run, status: RunStatus, attrs: CloseAttrs): void {
  const p = run.parent;
  if (!p) return;
  const parent = engine.runs.get(p.runId);
  if (!parent || !isOpen(parent)) return;
  const child = parent.children?.get(p.initiatedEventId);
  if (!child) return;
  const spec = CHILD_CLOSE_EVENT[status];
  if (!spec) return;
  engine.update(parent, (tx) => {
    tx.appendOrBuffer({
      eventType: spec[0],
      attrs: {
        ...spec[1](attrs),
        namespace: child.ns,
        workflowExecution: { workflowId: child.workflowId, runId: child.runId ?? run.runId },
        workflowType: { name: child.typeName },
        initiatedEventId: p.initiatedEventId,
      },
      link: { childClosed: p.initiatedEventId },
    });
    scheduleWft(tx);
  });
}

/** TERMINATE (the default), REQUEST_CANCEL or ABANDON for children still running (notes §13). */
export function applyParentClosePolicy(engine: Engine, run: Run): void {
  for (const child of run.children?.values() ?? []) {
    if (!child.runId) continue;
    const policy = child.parentClosePolicy ?? 'PARENT_CLOSE_POLICY_TERMINATE';
    if (policy === 'PARENT_CLOSE_POLICY_ABANDON') continue;
    const c = engine.currentRun(child.ns, child.workflowId);
    if (!c || !isOpen(c) || c.parent?.runId !== run.runId) continue;
    if (policy === 'PARENT_CLOSE_POLICY_REQUEST_CANCEL') {
      engine.update(c, (tx) => requestCancel(tx, { reason: 'by parent close policy', identity: 'server' }));
    } else {
      terminate(engine, c, 'by parent close policy', undefined, 'server');
    }
  }
}

/** SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: delivered after the commit, result reported back. */
export function signalExternalCommand(tx: Tx, a: SignalExternalAttrs, completedEventId: number): void {
  const run = tx.run;
  const ns = a.namespace || run.ns;
  const initiatedEventId = tx.append({
    eventType: 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
    attrs: {
      namespace: ns,
      workflowExecution: a.execution,
      signalName: a.signalName,
      input: a.input,
      control: a.control,
      childWorkflowOnly: a.childWorkflowOnly,
      header: a.header,
      workflowTaskCompletedEventId: completedEventId,
    },
  });
  const engine = tx.engine;
  tx.after(() => {
    const target = findTarget(engine, run, ns, a.execution, a.childWorkflowOnly);
    if (target) {
      engine.update(target, (t2) =>
        signal(t2, { signalName: a.signalName, input: a.input, header: a.header, identity: `parent:${run.workflowId}`, externalWorkflowExecution: { workflowId: run.workflowId, runId: run.runId } }),
      );
    }
    if (!isOpen(run)) return;
    engine.update(run, (t3) => {
      if (target) {
        t3.appendOrBuffer({
          eventType: 'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED',
          attrs: { initiatedEventId, namespace: ns, workflowExecution: { workflowId: target.workflowId, runId: target.runId }, control: a.control },
        });
      } else {
        t3.appendOrBuffer({
          eventType: 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
          attrs: { cause: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND', initiatedEventId, namespace: ns, workflowExecution: a.execution, control: a.control },
        });
      }
      scheduleWft(t3);
    });
  });
}

export function cancelExternalCommand(tx: Tx, a: CancelExternalAttrs, completedEventId: number): void {
  const run = tx.run;
  const ns = a.namespace || run.ns;
  const execution = { workflowId: a.workflowId, runId: a.runId };
  const initiatedEventId = tx.append({
    eventType: 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
    attrs: { namespace: ns, workflowExecution: execution, control: a.control, childWorkflowOnly: a.childWorkflowOnly, reason: a.reason, workflowTaskCompletedEventId: completedEventId },
  });
  const engine = tx.engine;
  tx.after(() => {
    const target = findTarget(engine, run, ns, execution, a.childWorkflowOnly);
    if (target) {
      engine.update(target, (t2) =>
        requestCancel(t2, { reason: a.reason, externalInitiatedEventId: initiatedEventId, externalWorkflowExecution: { workflowId: run.workflowId, runId: run.runId } }),
      );
    }
    if (!isOpen(run)) return;
    engine.update(run, (t3) => {
      if (target) {
        t3.appendOrBuffer({
          eventType: 'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED',
          attrs: { initiatedEventId, namespace: ns, workflowExecution: { workflowId: target.workflowId, runId: target.runId } },
        });
      } else {
        t3.appendOrBuffer({
          eventType: 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED',
          attrs: { cause: 'CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND', initiatedEventId, namespace: ns, workflowExecution: execution, control: a.control },
        });
      }
      scheduleWft(t3);
    });
  });
}

function findTarget(engine: Engine, source: Run, ns: string, execution: WorkflowExecution | undefined, childOnly: boolean | undefined): Run | undefined {
  if (!execution?.workflowId) return undefined;
  const target = execution.runId ? engine.runs.get(execution.runId) : engine.currentRun(ns, execution.workflowId);
  if (!target || target.workflowId !== execution.workflowId || !isOpen(target)) return undefined;
  if (childOnly && target.parent?.runId !== source.runId) return undefined;
  return target;
}
