import { newId as randomUUID } from '../state/ids';
import type { Engine } from '../state/engine';
import { isOpen, type Run } from '../state/run';
import { queueKey } from '../matching/task-queues';
import { GrpcError, GrpcStatus } from '../rpc/grpc-error';
import type { CallContext } from '../rpc/handler';
import { RAW_FIELDS } from '../proto/codec';
import { sliceEvents } from '../history/history-log';
import { encodeToken } from './tokens';
import type { Wire, WorkflowQuery, WorkflowQueryResult, WorkflowRequest, WorkflowTaskResponse } from '../proto/wire';
import type { temporal } from '@temporalio/proto';

type QueryResponse = Wire<temporal.api.workflowservice.v1.IQueryWorkflowResponse>;
/**
 * What answers a query: an entry of a completion's queryResults or a RespondQueryTaskCompleted. Every
 * field of both is optional, so either one is this.
 */
type QueryAnswer = WorkflowQueryResult & WorkflowRequest<'RespondQueryTaskCompleted'>;

export interface PendingQuery {
  id: string;
  runId: string;
  query: WorkflowQuery;
  state: 'ATTACHED' | 'INFLIGHT' | 'BUFFERED' | 'LEGACY' | 'LEGACY_SENT' | 'DONE';
  resolve: (v: QueryResponse) => void;
  reject: (e: unknown) => void;
}

export interface QueryTask { q: string }

/** Per-engine registry, kept off the runs (queries are transient and never persisted). */
export class QueryRegistry {
  readonly byId = new Map<string, PendingQuery>();
  readonly byRun = new Map<string, Set<string>>();

  add(pq: PendingQuery): void {
    this.byId.set(pq.id, pq);
    let s = this.byRun.get(pq.runId);
    if (!s) this.byRun.set(pq.runId, (s = new Set()));
    s.add(pq.id);
  }

  remove(pq: PendingQuery): void {
    this.byId.delete(pq.id);
    const s = this.byRun.get(pq.runId);
    if (s) {
      s.delete(pq.id);
      if (s.size === 0) this.byRun.delete(pq.runId);
    }
  }

  ofRun(runId: string): PendingQuery[] {
    const s = this.byRun.get(runId);
    if (!s) return [];
    return [...s].map((id) => this.byId.get(id)!).filter(Boolean);
  }
}

const STICKY_POLL_FRESH_MS = 10_000;

function sendLegacy(engine: Engine, run: Run, pq: PendingQuery): void {
  pq.state = 'LEGACY';
  let queue = run.taskQueue;
  if (isOpen(run) && run.sticky) {
    const sk = queueKey(run.ns, 'workflow', run.sticky.queue);
    // A sticky queue nobody polls any more would strand the query (notes §7, item 3).
    if (engine.matching.hasPoller(sk) || engine.clock.wallNow() - engine.matching.lastPollAt(sk) < STICKY_POLL_FRESH_MS) queue = run.sticky.queue;
  }
  const task: QueryTask = { q: pq.id };
  engine.matching.offer(queueKey(run.ns, 'workflow', queue), task);
}

function route(engine: Engine, run: Run, pq: PendingQuery): void {
  if (!isOpen(run) || run.wft.state === 'NONE') sendLegacy(engine, run, pq);
  else if (run.wft.state === 'SCHEDULED') pq.state = 'ATTACHED';
  else pq.state = 'BUFFERED';
}

export function submitQuery(engine: Engine, run: Run, query: WorkflowQuery, ctx: CallContext): Promise<QueryResponse> {
  const reg = engine.queries;
  return new Promise((resolve, reject) => {
    const pq: PendingQuery = { id: randomUUID(), runId: run.runId, query, state: 'BUFFERED', resolve: () => undefined, reject: () => undefined };
    const cleanup = () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      pq.state = 'DONE';
      reg.remove(pq);
    };
    pq.resolve = (v) => {
      cleanup();
      resolve(v);
    };
    pq.reject = (e) => {
      cleanup();
      reject(e);
    };
    const onAbort = () => pq.reject(new GrpcError(GrpcStatus.DEADLINE_EXCEEDED, 'query timed out'));
    const wait = ctx.deadline !== undefined ? Math.max(0, ctx.deadline - engine.clock.wallNow()) : 60_000;
    const timer = setTimeout(onAbort, wait);
    ctx.signal.addEventListener('abort', onAbort);
    reg.add(pq);
    route(engine, run, pq);
  });
}

/** Attached queries ride on the task being started. */
export function takeAttachedQueries(engine: Engine, run: Run): Record<string, WorkflowQuery> | undefined {
  let out: Record<string, WorkflowQuery> | undefined;
  for (const pq of engine.queries.ofRun(run.runId)) {
    if (pq.state !== 'ATTACHED') continue;
    pq.state = 'INFLIGHT';
    (out ??= {})[pq.id] = pq.query;
  }
  return out;
}

export function requeueInflightQueries(engine: Engine, run: Run): void {
  for (const pq of engine.queries.ofRun(run.runId)) if (pq.state === 'INFLIGHT') pq.state = 'ATTACHED';
}

export function answerQuery(pq: PendingQuery, r: QueryAnswer): void {
  if (r?.resultType === 'QUERY_RESULT_TYPE_ANSWERED' || r?.completedType === 'QUERY_RESULT_TYPE_ANSWERED') {
    pq.resolve({ queryResult: r.answer ?? r.queryResult });
  } else {
    pq.reject(new GrpcError(GrpcStatus.INVALID_ARGUMENT, r?.errorMessage || r?.failure?.message || 'query failed'));
  }
}

/** After a completion: answer results, then re-route what waited for this task. */
export function settleQueriesAfterTask(engine: Engine, run: Run, results: Record<string, WorkflowQueryResult> | undefined): void {
  for (const pq of engine.queries.ofRun(run.runId)) {
    const r = results?.[pq.id];
    if (r && (pq.state === 'INFLIGHT' || pq.state === 'ATTACHED' || pq.state === 'BUFFERED')) {
      answerQuery(pq, r);
      continue;
    }
    if (pq.state === 'INFLIGHT' || pq.state === 'BUFFERED' || (pq.state === 'ATTACHED' && run.wft.state === 'NONE')) route(engine, run, pq);
  }
}

export function dispatchLegacyQuery(engine: Engine, task: QueryTask, fromSticky: boolean): WorkflowTaskResponse | Promise<WorkflowTaskResponse> | null {
  const pq = engine.queries.byId.get(task.q);
  if (!pq || pq.state !== 'LEGACY') return null;
  const run = engine.runs.get(pq.runId);
  if (!run) return null;
  pq.state = 'LEGACY_SENT';
  // Legacy queries never carry a startedEventId; the sticky worker has the run cached.
  const full = !(fromSticky && isOpen(run));
  const upTo = run.history.count;
  const answer = () => legacyQueryTask(run, pq, full ? sliceEvents(run.history, 1, upTo) : Buffer.alloc(0));
  const loading = full ? engine.warm(run) : null;
  return loading ? loading.then(answer) : answer();
}

function legacyQueryTask(run: Run, pq: PendingQuery, history: Buffer): WorkflowTaskResponse {
  return {
    taskToken: encodeToken({ k: 'q', ns: run.ns, q: pq.id }),
    workflowExecution: { workflowId: run.workflowId, runId: run.runId },
    workflowType: { name: run.typeName },
    previousStartedEventId: run.lastCompletedStartedEventId,
    attempt: 1,
    workflowExecutionTaskQueue: { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
    query: pq.query,
    [RAW_FIELDS]: [{ fieldNo: 8, bytes: history }],
  };
}

export function newQueryId(): string {
  return randomUUID();
}
