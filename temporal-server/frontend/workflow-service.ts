import { newId as randomUUID } from '../state/ids';
import type { Engine, NamespaceState } from '../state/engine';
import { durationToMs, msToDuration } from '../proto-time';
import { isOpen, type Run } from '../state/run';
import type { ServiceHandlers, CallContext } from '../rpc/handler';
import { GrpcError, GrpcStatus, notFound } from '../rpc/grpc-error';
import { RAW_FIELDS, decode, encodeByName } from '../proto/codec';
import { lookupType } from '../proto/root';
import { sliceEvents } from '../history/history-log';
import { queueKey } from '../matching/task-queues';
import { decodeToken } from '../machines/tokens';
import { dispatchWft, type WftTask } from '../machines/workflow-task';
import { dispatchLegacyQuery, submitQuery, answerQuery, type QueryTask } from '../machines/query';
import { completeWorkflowTask, failWorkflowTask, resetSticky } from '../machines/completion';
import { dispatchActivity, activityForToken, activityById, completeActivity, failAttempt, canceledActivity, heartbeat, type ActivityTask } from '../machines/activity';
import { startWorkflow, signal, requestCancel, terminate, assertOpen } from '../machines/workflow';
import { admitUpdate, publicStage, stageRank } from '../machines/update';
import { clearSticky, offerWft } from '../machines/workflow-task';
import { startParamsFromRequest } from './start-request';
import { describeRun } from './describe';
import { MIN_RETENTION_MS } from '../state/namespace-retention';
import type { VisibilityHandlers } from './visibility-service';
import type { HistoryEvent, Wire, WorkflowServiceMethods } from '../proto/wire';
import type { temporal } from '@temporalio/proto';

type UpdateResponse = Wire<temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse>;
type PollWorkflowTaskResponse = Wire<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse>;

const SERVER_VERSION = '1.24.0-werkroute';
const POLL_MAX_MS = 60_000;
const HISTORY_WAIT_MS = 20_000;
const DEFAULT_PAGE = 1000;

function pollTimeout(engine: Engine, ctx: CallContext, max = POLL_MAX_MS): number {
  // Answer before the client's deadline, or the poll ends in DEADLINE_EXCEEDED and back-off (notes §1.5).
  const untilDeadline = ctx.deadline !== undefined ? ctx.deadline - engine.clock.wallNow() - 1000 : max;
  return Math.max(0, Math.min(max, untilDeadline));
}

function ns(engine: Engine, req: { namespace?: string }): string {
  const name = req.namespace || 'default';
  engine.namespace(name);
  return name;
}

export interface WorkflowServiceDeps {
  engine: Engine;
  visibility: VisibilityHandlers;
}

export function createWorkflowServiceHandlers({ engine, visibility }: WorkflowServiceDeps): ServiceHandlers {
  const h: WorkflowServiceMethods = {
    async GetSystemInfo() {
      return {
        serverVersion: SERVER_VERSION,
        capabilities: {
          signalAndQueryHeader: true,
          internalErrorDifferentiation: false,
          activityFailureIncludeHeartbeat: true,
          supportsSchedules: false,
          encodedFailureAttributes: true,
          buildIdBasedVersioning: false,
          upsertMemo: true,
          eagerWorkflowStart: true,
          sdkMetadata: true,
          countGroupByExecutionStatus: true,
          nexus: false,
        },
      };
    },

    async DescribeNamespace(req) {
      const name = req.namespace || (req.id ? [...engine.namespaces.values()].find((n) => n.id === req.id)?.name : undefined) || 'default';
      return namespaceDescription(engine.namespace(name));
    },

    async ListNamespaces() {
      return { namespaces: [...engine.namespaces.values()].map(namespaceDescription) };
    },

    async RegisterNamespace(req) {
      if (!req.namespace) throw new TypeError('Namespace is not set on request.');
      if (engine.namespaces.has(req.namespace)) throw new GrpcError(GrpcStatus.ALREADY_EXISTS, 'Namespace already exists.');
      const n = engine.registerNamespace(req.namespace, undefined, retentionOf(req.workflowExecutionRetentionPeriod));
      engine.sink?.onNamespace?.(n.name, n.id);
      return {};
    },

    async UpdateNamespace(req) {
      const n = engine.namespace(req.namespace || 'default');
      const ttl = retentionOf(req.config?.workflowExecutionRetentionTtl);
      if (ttl !== undefined) {
        n.retentionMs = ttl;
        engine.sink?.onNamespace?.(n.name, n.id);
      }
      return namespaceDescription(n);
    },

    async StartWorkflowExecution(req) {
      const n = ns(engine, req);
      const p = startParamsFromRequest(n, req);
      const { run, started } = startWorkflow(engine, p, { conflictPolicy: req.workflowIdConflictPolicy, reusePolicy: req.workflowIdReusePolicy });
      // Eager start (as the Java test server does): the first task goes back with the answer, to the
      // worker that shares the caller's connection (Core reserved its slot before asking).
      const eagerWorkflowTask = started && p.eager ? await eagerTask(engine, run, req.identity ?? '') : undefined;
      return { runId: run.runId, started, eagerWorkflowTask };
    },

    async PollWorkflowTaskQueue(req, ctx) {
      const n = ns(engine, req);
      const name = req.taskQueue?.name;
      if (!name) throw new TypeError('TaskQueue is not set on request.');
      const fromSticky = req.taskQueue?.kind === 'TASK_QUEUE_KIND_STICKY';
      const identity = req.identity ?? '';
      const res = await engine.matching.poll(queueKey(n, 'workflow', name), ctx, pollTimeout(engine, ctx), (task: WftTask | QueryTask) =>
        'q' in task ? dispatchLegacyQuery(engine, task, fromSticky) : dispatchWft(engine, task, fromSticky, identity),
      );
      // An empty poll reply must be the default message (notes §6.3).
      return res ?? {};
    },

    async RespondWorkflowTaskCompleted(req) {
      return completeWorkflowTask(engine, req);
    },

    async RespondWorkflowTaskFailed(req) {
      return failWorkflowTask(engine, req);
    },

    async PollActivityTaskQueue(req, ctx) {
      const n = ns(engine, req);
      const name = req.taskQueue?.name;
      if (!name) throw new TypeError('TaskQueue is not set on request.');
      const identity = req.identity ?? '';
      const res = await engine.matching.poll(queueKey(n, 'activity', name), ctx, pollTimeout(engine, ctx), (task: ActivityTask) => dispatchActivity(engine, task, identity));
      return res ?? {};
    },

    async RespondActivityTaskCompleted(req) {
      const { run, act } = activityForToken(engine, decodeToken(req.taskToken, 'a'));
      engine.update(run, (tx) => completeActivity(tx, act, req.result, req.identity));
      return {};
    },

    async RespondActivityTaskFailed(req) {
      const { run, act } = activityForToken(engine, decodeToken(req.taskToken, 'a'));
      engine.update(run, (tx) => failAttempt(tx, act, req.failure, { identity: req.identity, heartbeatDetails: req.lastHeartbeatDetails }));
      return {};
    },

    async RespondActivityTaskCanceled(req) {
      const { run, act } = activityForToken(engine, decodeToken(req.taskToken, 'a'));
      engine.update(run, (tx) => canceledActivity(tx, act, req.details, req.identity));
      return {};
    },

    async RecordActivityTaskHeartbeat(req) {
      const { run, act } = activityForToken(engine, decodeToken(req.taskToken, 'a'));
      return engine.update(run, (tx) => heartbeat(tx, act, req.details));
    },

    async RespondActivityTaskCompletedById(req) {
      const { run, act } = activityById(engine, ns(engine, req), req.workflowId, req.runId, req.activityId);
      engine.update(run, (tx) => completeActivity(tx, act, req.result, req.identity));
      return {};
    },

    async RespondActivityTaskFailedById(req) {
      const { run, act } = activityById(engine, ns(engine, req), req.workflowId, req.runId, req.activityId);
      engine.update(run, (tx) => failAttempt(tx, act, req.failure, { identity: req.identity, heartbeatDetails: req.lastHeartbeatDetails }));
      return {};
    },

    async RespondActivityTaskCanceledById(req) {
      const { run, act } = activityById(engine, ns(engine, req), req.workflowId, req.runId, req.activityId);
      engine.update(run, (tx) => canceledActivity(tx, act, req.details, req.identity));
      return {};
    },

    async RecordActivityTaskHeartbeatById(req) {
      const { run, act } = activityById(engine, ns(engine, req), req.workflowId, req.runId, req.activityId);
      return engine.update(run, (tx) => heartbeat(tx, act, req.details));
    },

    async GetWorkflowExecutionHistory(req, ctx) {
      const n = ns(engine, req);
      let run: Run;
      let from = 1;
      if (req.nextPageToken && req.nextPageToken.length > 0) {
        const tok = parsePageToken(req.nextPageToken);
        run = engine.runs.get(tok.r) ?? engine.resolveRun(n, req.execution);
        from = tok.n;
      } else {
        run = engine.resolveRun(n, req.execution);
      }
      if (req.historyEventFilterType === 'HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT') {
        const closed = await engine.waitFor(run.runId, () => (run.closeEventId ? true : undefined), req.waitNewEvent ? pollTimeout(engine, ctx, HISTORY_WAIT_MS) : 0, ctx.signal);
        if (!closed) return { [RAW_FIELDS]: [{ fieldNo: 1, bytes: Buffer.alloc(0) }] };
        await engine.warm(run, run.closeEventId!);
        return { [RAW_FIELDS]: [{ fieldNo: 1, bytes: sliceEvents(run.history, run.closeEventId!, run.closeEventId!) }] };
      }
      if (req.waitNewEvent && from > run.history.count && isOpen(run)) {
        await engine.waitFor(run.runId, () => (run.history.count >= from || !isOpen(run) ? true : undefined), pollTimeout(engine, ctx, HISTORY_WAIT_MS), ctx.signal);
      }
      const total = run.history.count;
      const pageSize = req.maximumPageSize !== undefined && req.maximumPageSize > 0 ? req.maximumPageSize : DEFAULT_PAGE;
      const to = Math.min(total, from + pageSize - 1);
      const more = to < total || (req.waitNewEvent && isOpen(run));
      await engine.warm(run, from);
      return {
        nextPageToken: more ? Buffer.from(JSON.stringify({ r: run.runId, n: to + 1 })) : undefined,
        [RAW_FIELDS]: [{ fieldNo: 1, bytes: sliceEvents(run.history, from, to) }],
      };
    },

    async GetWorkflowExecutionHistoryReverse(req) {
      const run = engine.resolveRun(ns(engine, req), req.execution);
      const { readEvent } = await import('../history/history-log');
      await engine.warm(run);
      const events: HistoryEvent[] = [];
      for (let id = run.history.count; id >= 1; id--) events.push(readEvent(run.history, id));
      return { history: { events } };
    },

    async ShutdownWorker(req) {
      const n = ns(engine, req);
      const sticky = req.stickyTaskQueue;
      if (sticky) {
        const key = queueKey(n, 'workflow', sticky);
        engine.matching.releasePollers(key);
        engine.matching.drain(key);
        for (const run of engine.runs.values()) {
          if (run.sticky?.queue === sticky && isOpen(run)) engine.update(run, (tx) => clearSticky(tx));
        }
      }
      return {};
    },

    async ResetStickyTaskQueue(req) {
      const run = engine.resolveRun(ns(engine, req), req.execution);
      if (isOpen(run)) resetSticky(engine, run);
      return {};
    },

    async SignalWorkflowExecution(req) {
      const run = engine.resolveRun(ns(engine, req), req.workflowExecution);
      assertOpen(run);
      if (!req.signalName) throw new TypeError('SignalName is not set on request.');
      engine.update(run, (tx) => signal(tx, { signalName: req.signalName, input: req.input, header: req.header, identity: req.identity, requestId: req.requestId }));
      return {};
    },

    async SignalWithStartWorkflowExecution(req) {
      const n = ns(engine, req);
      const p = startParamsFromRequest(n, req);
      if (!req.signalName) throw new TypeError('SignalName is not set on request.');
      const sig = { signalName: req.signalName, input: req.signalInput, header: req.header, identity: req.identity, requestId: req.requestId };
      p.signal = sig;
      const conflict = req.workflowIdConflictPolicy && req.workflowIdConflictPolicy !== 'WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED' ? req.workflowIdConflictPolicy : 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING';
      const reuse = req.workflowIdReusePolicy;
      const { run, started } = startWorkflow(
        engine,
        p,
        { conflictPolicy: reuse === 'WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING' && !req.workflowIdConflictPolicy ? undefined : conflict, reusePolicy: reuse },
        (existing) => engine.update(existing, (tx) => signal(tx, { ...sig, requestId: undefined })),
      );
      return { runId: run.runId, started };
    },

    async QueryWorkflow(req, ctx) {
      const run = engine.resolveRun(ns(engine, req), req.execution);
      const cond = req.queryRejectCondition;
      if (!isOpen(run)) {
        if (cond === 'QUERY_REJECT_CONDITION_NOT_OPEN' || (cond === 'QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY' && run.status !== 'COMPLETED')) {
          return { queryRejected: { status: describeStatus(run) } };
        }
      }
      if (!req.query?.queryType) throw new TypeError('QueryType is not set on request.');
      return submitQuery(engine, run, req.query, ctx);
    },

    async RespondQueryTaskCompleted(req) {
      const t = decodeToken(req.taskToken, 'q');
      const pq = engine.queries.byId.get(t.q);
      if (!pq) throw notFound('query not found');
      answerQuery(pq, req);
      return {};
    },

    async RequestCancelWorkflowExecution(req) {
      const run = engine.resolveRun(ns(engine, req), req.workflowExecution, req.firstExecutionRunId);
      assertOpen(run);
      engine.update(run, (tx) => requestCancel(tx, { reason: req.reason, identity: req.identity }));
      return {};
    },

    async TerminateWorkflowExecution(req) {
      const run = engine.resolveRun(ns(engine, req), req.workflowExecution, req.firstExecutionRunId);
      assertOpen(run);
      terminate(engine, run, req.reason, req.details, req.identity);
      return {};
    },

    async DescribeWorkflowExecution(req) {
      const run = engine.resolveRun(ns(engine, req), req.execution);
      return describeRun(engine, run);
    },

    async UpdateWorkflowExecution(req, ctx) {
      const n = ns(engine, req);
      const run = engine.resolveRun(n, req.workflowExecution, req.firstExecutionRunId);
      const wanted = req.waitPolicy?.lifecycleStage;
      if (!wanted || wanted === 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED') throw new TypeError('WaitPolicy.LifecycleStage is not set on request.');
      const request = req.request ?? {};
      if (!request.input?.name) throw new TypeError('Update name is not set on request.');
      const updateId: string = request.meta?.updateId || randomUUID();
      request.meta = { ...request.meta, updateId };
      let u = run.updates?.get(updateId);
      if (!u) {
        assertOpen(run);
        u = engine.update(run, (tx) => admitUpdate(tx, updateId, request));
      }
      return waitForUpdate(engine, run, updateId, wanted, ctx);
    },

    async PollWorkflowExecutionUpdate(req, ctx) {
      const n = ns(engine, req);
      const ref = req.updateRef ?? {};
      const run = engine.resolveRun(n, ref.workflowExecution);
      const updateId = ref.updateId;
      if (!updateId || !run.updates?.get(updateId) || run.updates.get(updateId)!.rejected) {
        throw notFound(`update ${updateId} not found`, [{ typeName: 'temporal.api.errordetails.v1.NotFoundFailure', value: {} }]);
      }
      const wanted = req.waitPolicy?.lifecycleStage || 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED';
      return waitForUpdate(engine, run, updateId, wanted, ctx);
    },

    async ExecuteMultiOperation(req, ctx) {
      const n = ns(engine, req);
      const ops = req.operations ?? [];
      const s = ops[0]?.startWorkflow;
      const u = ops[1]?.updateWorkflow;
      if (ops.length !== 2 || !s || !u) throw new TypeError('Operations have to be exactly [Start, Update].');
      if (u.workflowExecution?.workflowId !== s.workflowId || u.workflowExecution?.runId || u.firstExecutionRunId) {
        throw new TypeError('Update operation must target the started workflow id without a run id.');
      }
      let runId: string;
      let started: boolean;
      try {
        const out = startWorkflow(engine, startParamsFromRequest(n, s), { conflictPolicy: s.workflowIdConflictPolicy, reusePolicy: s.workflowIdReusePolicy });
        runId = out.run.runId;
        started = out.started;
      } catch (err) {
        throw multiOperationError(err, 0);
      }
      let update: unknown;
      try {
        update = await h.UpdateWorkflowExecution!({ ...u, namespace: n, workflowExecution: { workflowId: s.workflowId, runId } }, ctx);
      } catch (err) {
        throw multiOperationError(err, 1);
      }
      return { responses: [{ startWorkflow: { runId, started } }, { updateWorkflow: update }] };
    },

    async ListWorkflowExecutions(req, ctx) {
      return visibility.ListWorkflowExecutions!(req, ctx);
    },
    async ScanWorkflowExecutions(req, ctx) {
      return visibility.ListWorkflowExecutions!(req, ctx);
    },
    async CountWorkflowExecutions(req, ctx) {
      return visibility.CountWorkflowExecutions!(req, ctx);
    },
  };
  const handlers: ServiceHandlers = { ...visibility, ...h };
  return handlers;
}

/** The outer status is the failing operation's; the other one is reported ABORTED (notes §12.5). */
function multiOperationError(err: unknown, failedIndex: number): GrpcError {
  const g = err instanceof GrpcError ? err : new GrpcError(GrpcStatus.INVALID_ARGUMENT, (err as Error)?.message ?? String(err));
  const any = (typeName: string, value: Record<string, unknown>) => ({ type_url: `type.googleapis.com/${typeName}`, value: encodeByName(typeName, value) });
  const statuses = [0, 1].map((i) =>
    i === failedIndex
      ? { code: g.code, message: g.message, details: g.details.map((d) => any(d.typeName, d.value)) }
      : { code: GrpcStatus.ABORTED, message: 'Operation was aborted.', details: [any('temporal.api.failure.v1.MultiOperationExecutionAborted', {})] },
  );
  return new GrpcError(g.code, `MultiOperation could not be executed: ${g.message}`, [
    { typeName: 'temporal.api.errordetails.v1.MultiOperationExecutionFailure', value: { statuses } },
  ]);
}

function describeStatus(run: Run): string {
  return `WORKFLOW_EXECUTION_STATUS_${run.status}`;
}

function parsePageToken(buf: Buffer): { r: string; n: number } {
  try {
    const t: unknown = JSON.parse(Buffer.from(buf).toString('utf8'));
    if (typeof t === 'object' && t !== null && 'r' in t && 'n' in t && typeof t.r === 'string' && typeof t.n === 'number') return { r: t.r, n: t.n };
  } catch {
    // fall through
  }
  throw new TypeError('Invalid NextPageToken.');
}

const STAGE_RANK: Record<string, number> = {
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED: 1,
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED: 2,
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED: 3,
};

/** Long poll for an update's stage; on expiry the stage reached so far (notes §12.4). */
async function waitForUpdate(engine: Engine, run: Run, updateId: string, wanted: string, ctx: CallContext): Promise<UpdateResponse> {
  const want = STAGE_RANK[wanted] ?? 2;
  const snapshot = () => run.updates?.get(updateId);
  const timeout = pollTimeout(engine, ctx, engine.longPollMs);
  let gone = false;
  const u = await engine.waitFor(
    run.runId,
    () => {
      const cur = snapshot();
      if (!cur) {
        gone = true;
        return null;
      }
      return stageRank(cur.stage) >= want ? cur : undefined;
    },
    timeout,
    ctx.signal,
  );
  const cur = u ?? snapshot();
  if (gone || !cur) throw notFound('workflow execution already completed');
  return {
    updateRef: { workflowExecution: { workflowId: run.workflowId, runId: run.runId }, updateId },
    stage: publicStage(cur.stage),
    outcome: cur.stage === 'COMPLETED' ? cur.outcome : undefined,
  };
}

/** Unset keeps the default. */
function retentionOf(d: { seconds?: number; nanos?: number } | null | undefined): number | undefined {
  const ms = durationToMs(d);
  if (ms === undefined || ms === 0) return undefined;
  if (ms < MIN_RETENTION_MS) throw new TypeError('WorkflowExecutionRetentionPeriod must be at least 1 day.');
  return ms;
}

/** Starts the run's first task for the caller; queues it as usual when that is no longer possible. */
async function eagerTask(engine: Engine, run: Run, identity: string): Promise<PollWorkflowTaskResponse | undefined> {
  const w = run.wft;
  const task = w.state === 'SCHEDULED' ? await dispatchWft(engine, { runId: run.runId, gen: w.gen }, false, identity) : null;
  if (task) {
    // Raw (pre-encoded) fields exist only at the top level of an answer; nested, the history is a message.
    const { [RAW_FIELDS]: raw, ...rest } = task;
    return { ...rest, history: decode<PollWorkflowTaskResponse['history']>(lookupType('temporal.api.history.v1.History'), raw[0].bytes) };
  }
  if (isOpen(run) && run.wft.state === 'SCHEDULED') engine.update(run, (tx) => offerWft(tx));
  return undefined;
}

function namespaceDescription(n: NamespaceState): Wire<temporal.api.workflowservice.v1.IDescribeNamespaceResponse> {
  return {
    namespaceInfo: { name: n.name, id: n.id, state: 'NAMESPACE_STATE_REGISTERED', description: '', ownerEmail: '' },
    config: { workflowExecutionRetentionTtl: msToDuration(n.retentionMs), historyArchivalState: 'ARCHIVAL_STATE_DISABLED', visibilityArchivalState: 'ARCHIVAL_STATE_DISABLED' },
    replicationConfig: { activeClusterName: 'active', clusters: [{ clusterName: 'active' }], state: 'REPLICATION_STATE_NORMAL' },
    isGlobalNamespace: false,
  };
}

