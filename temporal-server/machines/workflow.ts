import { newId as randomUUID } from '../state/ids';
import type { Engine } from '../state/engine';
import type { Tx } from '../state/tx';
import { isOpen, makeRun, type ParentRef, type Run, type RunStatus } from '../state/run';
import { emptyHistory } from '../history/history-log';
import { durationToMs, msToDuration, msToTs } from '../proto/codec';
import { GrpcError, GrpcStatus, notFound } from '../rpc/grpc-error';
import { scheduleWft, dropWft } from './workflow-task';
import { abandonActivities, normalizeRetryPolicy } from './activity';
import { cancelAllTimers } from './timer';
import { closeUpdates } from './update';
import { settleQueriesAfterTask } from './query';
import { notifyParentOfClose, applyParentClosePolicy } from './child';
import { mergePayloads } from '../state/search-attributes';
import { internString, flatString } from '../state/intern';
import type { Callback, Failure, Header, Link, Memo, Payloads, Priority, RetryPolicy, SearchAttributes, UserMetadata, WorkflowExecution } from '../proto/wire';

export interface StartParams {
  ns: string;
  workflowId: string;
  runId?: string;
  typeName: string;
  taskQueue: string;
  input?: Payloads;
  header?: Header;
  identity?: string;
  requestId: string;
  wftTimeoutMs?: number;
  runTimeoutMs?: number;
  execTimeoutMs?: number;
  expirationTime?: number;
  retryPolicy?: RetryPolicy;
  cron?: string;
  memo?: Memo;
  sa?: SearchAttributes;
  firstRunId?: string;
  continuedRunId?: string;
  initiator?: string;
  continuedFailure?: Failure;
  lastCompletionResult?: Payloads;
  backoffMs?: number;
  attempt?: number;
  parent?: ParentRef;
  root?: { workflowId: string; runId: string };
  userMetadata?: UserMetadata;
  links?: Link[];
  priority?: Priority;
  completionCallbacks?: Callback[];
  /** Eager start: the first workflow task is handed out in the start response, not queued. */
  eager?: boolean;
  signal?: SignalParams;
}

/** A signal from a client or another workflow (the name is checked on client requests only, not on the command). */
export interface SignalParams {
  signalName?: string;
  input?: Payloads;
  header?: Header;
  identity?: string;
  requestId?: string;
  externalWorkflowExecution?: WorkflowExecution;
}

const MAX_WFT_TIMEOUT_MS = 120_000;
const DEFAULT_WFT_TIMEOUT_MS = 10_000;

/** Creates the run and writes its first events (notes §3.2). Policies are checked by the caller. */
export function createRun(engine: Engine, p: StartParams): Run {
  const runId = p.runId ?? randomUUID();
  const now = engine.clock.now();
  let runTimeoutMs = p.runTimeoutMs || undefined;
  const execTimeoutMs = p.execTimeoutMs || undefined;
  if (!runTimeoutMs && execTimeoutMs) runTimeoutMs = execTimeoutMs;
  let wftTimeoutMs = Math.min(p.wftTimeoutMs || DEFAULT_WFT_TIMEOUT_MS, MAX_WFT_TIMEOUT_MS);
  if (runTimeoutMs) wftTimeoutMs = Math.min(wftTimeoutMs, runTimeoutMs);
  const expirationTime = p.expirationTime ?? (execTimeoutMs ? now + execTimeoutMs : undefined);
  const backoffMs = p.backoffMs && p.backoffMs > 0 ? p.backoffMs : 0;
  const run: Run = makeRun({
    ns: p.ns,
    workflowId: flatString(p.workflowId),
    runId,
    firstRunId: p.firstRunId ?? runId,
    typeName: internString(p.typeName),
    taskQueue: internString(p.taskQueue),
    startTime: now,
    executionTime: now + backoffMs,
    status: 'RUNNING',
    attempt: p.attempt ?? 1,
    wftTimeoutMs,
    runTimeoutMs,
    execTimeoutMs,
    expirationTime,
    retryPolicy: p.retryPolicy,
    cron: p.cron || undefined,
    parent: p.parent,
    root: p.root,
    startRequestId: flatString(p.requestId),
    memo: p.memo?.fields && Object.keys(p.memo.fields).length ? p.memo.fields : undefined,
    sa: mergePayloads(undefined, engine.searchAttributes.annotate(p.ns, p.sa?.indexedFields, false)),
    history: emptyHistory(),
    wft: { state: 'NONE', scheduledEventId: 0, startedEventId: 0, attempt: 1, queue: '', sticky: false, gen: 0, scheduledTime: 0, startedTime: 0, locked: false },
    lastCompletedStartedEventId: 0,
    needsNewTask: false,
    buffered: undefined,
    // Every field exists from the start so runs share one hidden class and stay in-object.
    closeTime: undefined,
    runDeadline: undefined,
    startBackoffAt: undefined,
    requestIds: undefined,
    sticky: undefined,
    activities: undefined,
    timers: undefined,
    children: undefined,
    updates: undefined,
    cancelRequested: undefined,
    closeEventId: undefined,
    newRunId: undefined,
    buildIds: undefined,
    binaryChecksums: undefined,
    handles: undefined,
    locked: false,
  });
  engine.addRun(run);
  engine.update(run, (tx) => {
    tx.append({
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      attrs: {
        workflowType: { name: p.typeName },
        taskQueue: { name: p.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        input: p.input,
        header: p.header,
        identity: p.identity,
        attempt: run.attempt,
        firstExecutionRunId: run.firstRunId,
        originalExecutionRunId: runId,
        continuedExecutionRunId: p.continuedRunId,
        initiator: p.initiator,
        continuedFailure: p.continuedFailure,
        lastCompletionResult: p.lastCompletionResult,
        firstWorkflowTaskBackoff: backoffMs ? msToDuration(backoffMs) : undefined,
        memo: run.memo ? { fields: run.memo } : undefined,
        searchAttributes: run.sa ? { indexedFields: run.sa } : undefined,
        retryPolicy: p.retryPolicy,
        cronSchedule: p.cron,
        workflowRunTimeout: runTimeoutMs ? msToDuration(runTimeoutMs) : undefined,
        workflowExecutionTimeout: execTimeoutMs ? msToDuration(execTimeoutMs) : undefined,
        workflowTaskTimeout: msToDuration(wftTimeoutMs),
        workflowExecutionExpirationTime: expirationTime ? msToTs(expirationTime) : undefined,
        parentWorkflowNamespace: p.parent?.ns,
        parentWorkflowNamespaceId: p.parent ? engine.namespaces.get(p.parent.ns)?.id : undefined,
        parentWorkflowExecution: p.parent ? { workflowId: p.parent.workflowId, runId: p.parent.runId } : undefined,
        parentInitiatedEventId: p.parent?.initiatedEventId,
        rootWorkflowExecution: p.root,
        priority: p.priority ?? {},
        completionCallbacks: p.completionCallbacks,
      },
      extra: { userMetadata: p.userMetadata, links: p.links },
    });
    if (p.signal) {
      tx.append({
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
        attrs: { signalName: p.signal.signalName, input: p.signal.input, header: p.signal.header, identity: p.signal.identity },
      });
      if (p.signal.requestId) run.requestIds = [p.signal.requestId];
    }
    if (backoffMs) {
      run.startBackoffAt = now + backoffMs;
      engine.arm(run, 'start-backoff', run.startBackoffAt, 'start-backoff');
    } else {
      scheduleWft(tx, { offer: !p.eager });
    }
    armRunTimeout(tx);
  });
  return run;
}

function armRunTimeout(tx: Tx): void {
  const run = tx.run;
  const runDeadline = run.runTimeoutMs ? run.executionTime + run.runTimeoutMs : undefined;
  const deadline = Math.min(runDeadline ?? Infinity, run.expirationTime ?? Infinity);
  if (Number.isFinite(deadline)) {
    run.runDeadline = deadline;
    tx.engine.arm(run, 'run-timeout', deadline, 'run-timeout');
  }
}

export interface StartOutcome { run: Run; started: boolean }

/** Start with request-id dedupe, conflict and reuse policies (notes §16). */
export function startWorkflow(engine: Engine, p: StartParams, req: { conflictPolicy?: string; reusePolicy?: string }, onExisting?: (run: Run) => void): StartOutcome {
  let conflict = req.conflictPolicy && req.conflictPolicy !== 'WORKFLOW_ID_CONFLICT_POLICY_UNSPECIFIED' ? req.conflictPolicy : undefined;
  let reuse = req.reusePolicy && req.reusePolicy !== 'WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED' ? req.reusePolicy : 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE';
  if (reuse === 'WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING') {
    if (conflict) throw new TypeError('Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING cannot be used together with a WorkflowIDConflictPolicy.');
    conflict = 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING';
    reuse = 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE';
  }
  conflict ??= 'WORKFLOW_ID_CONFLICT_POLICY_FAIL';
  if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING' && reuse === 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE') {
    throw new TypeError('Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE cannot be used together with WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING.');
  }
  const current = engine.currentRun(p.ns, p.workflowId);
  if (current && current.startRequestId === p.requestId && p.requestId) return { run: current, started: true };
  const alreadyStarted = (run: Run) =>
    new GrpcError(GrpcStatus.ALREADY_EXISTS, `Workflow execution is already running. WorkflowId: ${p.workflowId}, RunId: ${run.runId}.`, [
      { typeName: 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', value: { startRequestId: run.startRequestId, runId: run.runId } },
    ]);
  if (current && isOpen(current)) {
    if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_FAIL') throw alreadyStarted(current);
    if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING') {
      onExisting?.(current);
      return { run: current, started: false };
    }
    terminate(engine, current, 'TerminateIfRunning WorkflowIdReusePolicy Policy', undefined, p.identity);
  } else if (current) {
    if (reuse === 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE') {
      throw new GrpcError(GrpcStatus.ALREADY_EXISTS, `Workflow execution already finished and Workflow ID reuse policy does not allow new execution. WorkflowId: ${p.workflowId}, RunId: ${current.runId}.`, [
        { typeName: 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', value: { startRequestId: current.startRequestId, runId: current.runId } },
      ]);
    }
    if (reuse === 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY' && (current.status === 'COMPLETED' || current.status === 'CONTINUED_AS_NEW')) {
      throw new GrpcError(GrpcStatus.ALREADY_EXISTS, `Workflow execution already finished successfully. WorkflowId: ${p.workflowId}, RunId: ${current.runId}. Workflow Id reuse policy: allow duplicate workflow Id if last run failed.`, [
        { typeName: 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', value: { startRequestId: current.startRequestId, runId: current.runId } },
      ]);
    }
  }
  return { run: createRun(engine, p), started: true };
}

export function signal(tx: Tx, s: SignalParams): void {
  const run = tx.run;
  if (s.requestId) {
    if (run.requestIds?.includes(s.requestId)) return;
    (run.requestIds ??= []).push(s.requestId);
    if (run.requestIds.length > 100) run.requestIds.shift();
  }
  tx.appendOrBuffer({
    eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
    attrs: { signalName: s.signalName, input: s.input, header: s.header, identity: s.identity, externalWorkflowExecution: s.externalWorkflowExecution },
  });
  scheduleWft(tx);
}

export function requestCancel(tx: Tx, c: { reason?: string; identity?: string; externalInitiatedEventId?: number; externalWorkflowExecution?: WorkflowExecution }): void {
  const run = tx.run;
  if (run.cancelRequested) return;
  run.cancelRequested = true;
  tx.appendOrBuffer({
    eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED',
    attrs: { cause: c.reason, identity: c.identity, externalInitiatedEventId: c.externalInitiatedEventId, externalWorkflowExecution: c.externalWorkflowExecution },
  });
  scheduleWft(tx);
}

export function assertOpen(run: Run): void {
  if (!isOpen(run)) throw notFound('workflow execution already completed');
}

export function terminate(engine: Engine, run: Run, reason: string | undefined, details: Payloads | undefined, identity: string | undefined): void {
  engine.update(run, (tx) => {
    // Terminate never waits for the running task: buffered events are dropped with it (notes §5.2).
    run.buffered = undefined;
    closeRun(tx, 'TERMINATED', 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason, details, identity });
  });
}

const CLOSE_RETRYABLE: Partial<Record<RunStatus, true>> = { FAILED: true, TIMED_OUT: true };

/**
 * Closes the run with its close event; continues the chain for continue-as-new, retries and cron.
 * Everything open is released: task, activities (and their locks), timers, updates.
 */
export function closeRun(tx: Tx, status: RunStatus, eventType: string, attrs: Record<string, unknown>, next?: StartParams): void {
  const { run, engine } = tx;
  if (!isOpen(run)) return;
  let continuation = next;
  if (!continuation && CLOSE_RETRYABLE[status] && run.retryPolicy) {
    // A FAILED close carries the FAIL_WORKFLOW_EXECUTION command's failure.
    continuation = retryContinuation(tx, status === 'FAILED' ? (attrs.failure as Failure | undefined) : undefined, attrs);
  }
  if (continuation) {
    continuation.runId = randomUUID();
    attrs.newExecutionRunId = continuation.runId;
    run.newRunId = continuation.runId;
  }
  dropWft(tx);
  abandonActivities(tx);
  cancelAllTimers(tx);
  engine.disarmAll(run);
  closeUpdates(tx);
  releaseChildLocks(tx);
  run.closeEventId = tx.append({ eventType, attrs });
  run.status = status;
  run.closeTime = tx.now;
  run.startBackoffAt = undefined;
  run.buffered = undefined;
  run.sticky = undefined;
  const chainEnds = !continuation;
  tx.after(() => {
    settleQueriesAfterTask(engine, run, undefined);
    if (continuation) createRun(engine, continuation);
    if (chainEnds) notifyParentOfClose(engine, run, status, attrs);
    applyParentClosePolicy(engine, run);
  });
}

function releaseChildLocks(tx: Tx): void {
  for (const c of tx.run.children?.values() ?? []) {
    if (c.locked) {
      c.locked = false;
      tx.engine.unlock('child');
    }
  }
}

/** The next run of a chain inherits identity, policies and (when not given) memo and search attributes. */
export function chainParams(run: Run, over: Partial<StartParams>): StartParams {
  return {
    ns: run.ns,
    workflowId: run.workflowId,
    typeName: run.typeName,
    taskQueue: run.taskQueue,
    requestId: randomUUID(),
    wftTimeoutMs: run.wftTimeoutMs,
    runTimeoutMs: run.runTimeoutMs,
    expirationTime: run.expirationTime,
    retryPolicy: run.retryPolicy,
    cron: run.cron,
    memo: run.memo ? { fields: run.memo } : undefined,
    sa: run.sa ? { indexedFields: run.sa } : undefined,
    firstRunId: run.firstRunId,
    continuedRunId: run.runId,
    parent: run.parent,
    root: run.root,
    ...over,
  };
}

function retryContinuation(tx: Tx, failure: Failure | undefined, attrs: Record<string, unknown>): StartParams | undefined {
  const run = tx.run;
  let policy;
  try {
    policy = normalizeRetryPolicy(run.retryPolicy, 'workflow');
  } catch {
    return undefined;
  }
  const info = failure?.applicationFailureInfo;
  if (failure && (info?.nonRetryable || (info?.type && policy.nonRetryable.includes(info.type)))) return undefined;
  if (failure && !info && (failure.canceledFailureInfo || failure.terminatedFailureInfo)) return undefined;
  if (policy.maxAttempts > 0 && run.attempt >= policy.maxAttempts) return undefined;
  const backoffMs = durationToMs(info?.nextRetryDelay) ?? Math.min(policy.initialMs * Math.pow(policy.coefficient, run.attempt - 1), policy.maxIntervalMs);
  if (run.expirationTime && tx.now + backoffMs >= run.expirationTime) return undefined;
  attrs.retryState = 'RETRY_STATE_IN_PROGRESS';
  return chainParams(run, {
    attempt: run.attempt + 1,
    initiator: 'CONTINUE_AS_NEW_INITIATOR_RETRY',
    continuedFailure: failure ?? { message: 'workflow timed out', timeoutFailureInfo: { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' } },
    backoffMs,
    continuedRunId: run.runId,
    userMetadata: undefined,
  });
}

export function registerWorkflowTimers(engine: Engine): void {
  engine.onTimer('start-backoff', (tx) => {
    if (!isOpen(tx.run)) return;
    tx.run.startBackoffAt = undefined;
    scheduleWft(tx);
  });
  engine.onTimer('run-timeout', (tx) => {
    if (!isOpen(tx.run)) return;
    tx.run.buffered = undefined;
    closeRun(tx, 'TIMED_OUT', 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT', { retryState: 'RETRY_STATE_TIMEOUT' });
  });
}
