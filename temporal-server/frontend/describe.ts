import type { Engine } from '../state/engine';
import { STATUS_ENUM, type Run } from '../state/run';
import { msToDuration, msToTs, jsonPayload } from '../proto/codec';
import type { PayloadMap, Wire } from '../proto/wire';
import type { temporal } from '@temporalio/proto';

/** Current search attributes plus the build-id attribute the SDK tests look for (notes §17.4). */
export function currentSearchAttributes(run: Run): PayloadMap | undefined {
  let out = run.sa;
  if (run.buildIds) out = { ...out, BuildIds: jsonPayload(run.buildIds, 'KeywordList') };
  else if (run.binaryChecksums) out = { ...out, BinaryChecksums: jsonPayload(run.binaryChecksums, 'KeywordList') };
  return out && Object.keys(out).length ? out : undefined;
}

export function executionInfo(engine: Engine, run: Run): Wire<temporal.api.workflow.v1.IWorkflowExecutionInfo> {
  const root = run.root ?? { workflowId: run.workflowId, runId: run.runId };
  const sa = currentSearchAttributes(run);
  return {
    execution: { workflowId: run.workflowId, runId: run.runId },
    type: { name: run.typeName },
    startTime: msToTs(run.startTime),
    closeTime: run.closeTime !== undefined ? msToTs(run.closeTime) : undefined,
    status: STATUS_ENUM[run.status],
    historyLength: run.history.count,
    historySizeBytes: run.history.len,
    parentNamespaceId: run.parent ? engine.namespaces.get(run.parent.ns)?.id : undefined,
    parentExecution: run.parent ? { workflowId: run.parent.workflowId, runId: run.parent.runId } : undefined,
    executionTime: msToTs(run.executionTime),
    memo: { fields: run.memo ?? {} },
    searchAttributes: sa ? { indexedFields: sa } : undefined,
    taskQueue: run.taskQueue,
    stateTransitionCount: run.history.count,
    rootExecution: root,
    firstRunId: run.firstRunId,
    executionDuration: run.closeTime !== undefined ? msToDuration(Math.max(0, run.closeTime - run.executionTime)) : undefined,
  };
}

export function describeRun(engine: Engine, run: Run): Wire<temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse> {
  const pendingActivities = [...(run.activities?.values() ?? [])].map((a) => ({
    activityId: a.activityId,
    activityType: { name: a.typeName },
    state: a.cancelRequestedEventId !== undefined ? 'PENDING_ACTIVITY_STATE_CANCEL_REQUESTED' : a.state === 'STARTED' ? 'PENDING_ACTIVITY_STATE_STARTED' : 'PENDING_ACTIVITY_STATE_SCHEDULED',
    heartbeatDetails: a.heartbeatDetails,
    lastHeartbeatTime: a.lastHeartbeatTime !== undefined ? msToTs(a.lastHeartbeatTime) : undefined,
    lastStartedTime: a.startedTime !== undefined ? msToTs(a.startedTime) : undefined,
    attempt: a.attempt,
    maximumAttempts: a.retry?.maxAttempts ?? 0,
    scheduledTime: msToTs(a.attemptScheduledTime),
    expirationTime: a.s2cMs ? msToTs(a.scheduledTime + a.s2cMs) : undefined,
    lastFailure: a.lastFailure,
    lastWorkerIdentity: a.identity,
    nextAttemptScheduleTime: a.backoffAt !== undefined ? msToTs(a.backoffAt) : undefined,
  }));
  const pendingChildren = [...(run.children?.values() ?? [])].map((c) => ({
    workflowId: c.workflowId,
    runId: c.runId,
    workflowTypeName: c.typeName,
    initiatedId: c.initiatedEventId,
    parentClosePolicy: c.parentClosePolicy,
  }));
  return {
    executionConfig: {
      taskQueue: { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      workflowExecutionTimeout: run.execTimeoutMs ? msToDuration(run.execTimeoutMs) : undefined,
      workflowRunTimeout: run.runTimeoutMs ? msToDuration(run.runTimeoutMs) : undefined,
      defaultWorkflowTaskTimeout: msToDuration(run.wftTimeoutMs),
    },
    workflowExecutionInfo: executionInfo(engine, run),
    pendingActivities,
    pendingChildren,
    pendingWorkflowTask:
      run.wft.state !== 'NONE'
        ? {
            state: run.wft.state === 'STARTED' ? 'PENDING_WORKFLOW_TASK_STATE_STARTED' : 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED',
            scheduledTime: msToTs(run.wft.scheduledTime),
            startedTime: run.wft.state === 'STARTED' ? msToTs(run.wft.startedTime) : undefined,
            attempt: run.wft.attempt,
          }
        : undefined,
  };
}
