import { newId as randomUUID } from '../state/ids';
import { durationToMs } from '../proto/codec';
import type { StartParams } from '../machines/workflow';
import type { WorkflowRequest } from '../proto/wire';

function nonNegative(ms: number | undefined, what: string): number | undefined {
  if (ms !== undefined && ms < 0) throw new TypeError(`Invalid ${what}.`);
  return ms;
}

/**
 * StartWorkflowExecutionRequest (or the start half of signal-with-start, whose request has the same fields
 * but no eager start or callbacks) → StartParams, validated.
 */
export function startParamsFromRequest(ns: string, r: WorkflowRequest<'StartWorkflowExecution'>): StartParams {
  if (!r.workflowId) throw new TypeError('WorkflowId is not set on request.');
  if (!r.workflowType?.name) throw new TypeError('WorkflowType is not set on request.');
  if (!r.taskQueue?.name) throw new TypeError('TaskQueue is not set on request.');
  const backoffMs = nonNegative(durationToMs(r.workflowStartDelay), 'WorkflowStartDelay');
  if (backoffMs && r.cronSchedule) throw new TypeError('CronSchedule and WorkflowStartDelay may not be used together.');
  return {
    ns,
    workflowId: r.workflowId,
    typeName: r.workflowType.name,
    taskQueue: r.taskQueue.name,
    input: r.input,
    header: r.header,
    identity: r.identity,
    requestId: r.requestId || randomUUID(),
    wftTimeoutMs: nonNegative(durationToMs(r.workflowTaskTimeout), 'WorkflowTaskTimeout'),
    runTimeoutMs: nonNegative(durationToMs(r.workflowRunTimeout), 'WorkflowRunTimeout'),
    execTimeoutMs: nonNegative(durationToMs(r.workflowExecutionTimeout), 'WorkflowExecutionTimeout'),
    retryPolicy: r.retryPolicy,
    cron: r.cronSchedule,
    memo: r.memo,
    sa: r.searchAttributes,
    backoffMs,
    // A delayed or cron start has no first task to hand out now.
    eager: !!r.requestEagerExecution && !backoffMs && !r.cronSchedule,
    userMetadata: r.userMetadata,
    links: r.links,
    priority: r.priority,
    completionCallbacks: r.completionCallbacks,
  };
}
