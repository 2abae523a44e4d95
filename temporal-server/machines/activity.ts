import { newId as randomUUID } from '../state/ids';
import type { Engine } from '../state/engine';
import type { Tx } from '../state/tx';
import { isOpen, type ActivityState, type RetryPolicyMs, type Run } from '../state/run';
import { queueKey } from '../matching/task-queues';
import { durationToMs, msToDuration, msToTs } from '../proto/codec';
import { readEvent } from '../history/history-log';
import { notFound } from '../rpc/grpc-error';
import { encodeToken, type ActToken } from './tokens';
import { next, ACTIVITY_MACHINE, type ActivityMachineState } from './transitions';
import { scheduleWft } from './workflow-task';
import { BadCommand } from './bad-command';
import type { Command, Duration, Failure, HistoryEvent, Payloads, RetryPolicy, Wire } from '../proto/wire';
import type { temporal } from '@temporalio/proto';

type ScheduleAttrs = NonNullable<Command['scheduleActivityTaskCommandAttributes']>;
type ScheduledAttrs = NonNullable<HistoryEvent['activityTaskScheduledEventAttributes']>;
export type ActivityTaskResponse = Wire<temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse>;

export interface ActivityTask { runId: string; seid: number; attempt: number }

export function normalizeRetryPolicy(p: RetryPolicy | undefined, what: 'activity' | 'workflow'): RetryPolicyMs {
  const initialMs = durationToMs(p?.initialInterval) || 1000;
  const coefficient = p?.backoffCoefficient || 2;
  const maxIntervalMs = durationToMs(p?.maximumInterval) || 100 * initialMs;
  const maxAttempts = p?.maximumAttempts ?? 0;
  if (initialMs < 0 || coefficient < 1 || maxIntervalMs < initialMs || maxAttempts < 0) {
    throw new TypeError(`invalid ${what} retry policy`);
  }
  return { initialMs, coefficient, maxIntervalMs, maxAttempts, nonRetryable: p?.nonRetryableErrorTypes ?? [] };
}

export function retryPolicyToProto(r: RetryPolicyMs): RetryPolicy {
  return {
    initialInterval: msToDuration(r.initialMs),
    backoffCoefficient: r.coefficient,
    maximumInterval: msToDuration(r.maxIntervalMs),
    maximumAttempts: r.maxAttempts,
    nonRetryableErrorTypes: r.nonRetryable.length ? r.nonRetryable : undefined,
  };
}

/** Normalizes a SCHEDULE_ACTIVITY_TASK command as the real server does (notes §8.1). Throws BadCommand. */
export function prepareSchedule(run: Run, a: ScheduleAttrs | undefined): { attrs: ScheduledAttrs; state: Omit<ActivityState, 'seid' | 'scheduledTime' | 'attemptScheduledTime' | 'locked'> } {
  const bad = (m: string) => new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES', m);
  if (!a) throw bad('ScheduleActivityTaskCommandAttributes is not set on command.');
  if (!a.activityId) throw bad('ActivityId is not set on command.');
  if (!a.activityType?.name) throw bad('ActivityType is not set on command.');
  for (const act of run.activities?.values() ?? []) if (act.activityId === a.activityId) throw bad(`Activity with id ${a.activityId} is already open.`);
  const d = (x: Duration | undefined) => {
    const ms = durationToMs(x);
    if (ms !== undefined && ms < 0) throw bad('A valid timeout may not be negative.');
    return ms || 0;
  };
  let s2c = d(a.scheduleToCloseTimeout);
  let s2s = d(a.scheduleToStartTimeout);
  let stc = d(a.startToCloseTimeout);
  let hb = d(a.heartbeatTimeout);
  const runTimeout = run.runTimeoutMs ?? 0;
  if (s2c > 0) {
    s2s = Math.min(s2s || s2c, s2c);
    stc = Math.min(stc || s2c, s2c);
  } else if (stc > 0) {
    s2c = runTimeout;
    s2s = s2s || s2c;
  } else {
    throw bad('A valid StartToClose or ScheduleToCloseTimeout is not set on command.');
  }
  if (runTimeout > 0) {
    s2c = Math.min(s2c || runTimeout, runTimeout);
    s2s = Math.min(s2s || runTimeout, runTimeout);
    stc = Math.min(stc, runTimeout);
  }
  if (s2c > 0 && hb > s2c) hb = s2c;
  let retry: RetryPolicyMs;
  try {
    retry = normalizeRetryPolicy(a.retryPolicy, 'activity');
  } catch (e) {
    throw bad((e as Error).message);
  }
  const taskQueue = a.taskQueue?.name || run.taskQueue;
  const opt = (ms: number) => (ms > 0 ? msToDuration(ms) : undefined);
  const attrs = {
    activityId: a.activityId,
    activityType: a.activityType,
    taskQueue: { name: taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
    header: a.header,
    input: a.input,
    scheduleToCloseTimeout: opt(s2c),
    scheduleToStartTimeout: opt(s2s),
    startToCloseTimeout: opt(stc),
    heartbeatTimeout: opt(hb),
    retryPolicy: retryPolicyToProto(retry),
    priority: a.priority,
  };
  return {
    attrs,
    state: { activityId: a.activityId, typeName: a.activityType.name, taskQueue, state: 'NEW', attempt: 1, s2sMs: s2s || undefined, s2cMs: s2c || undefined, stcMs: stc || undefined, hbMs: hb || undefined, retry },
  };
}

type ActivityEvent = keyof typeof ACTIVITY_MACHINE.table;

/** Moves the activity as the table says for `event`, and holds time-skipping while it is queued or running. */
function activityEvent(tx: Tx, act: ActivityState, event: ActivityEvent): void {
  const to = next<ActivityEvent, ActivityMachineState>(ACTIVITY_MACHINE, act.state, event);
  if (to !== 'CLOSED' && to !== 'NEW') act.state = to;
  const wantLock = to === 'SCHEDULED' || to === 'STARTED';
  if (wantLock && !act.locked) {
    act.locked = true;
    tx.engine.lock('activity');
  } else if (!wantLock && act.locked) {
    act.locked = false;
    tx.engine.unlock('activity');
  }
}

const tkey = (seid: number, kind: string) => `a${seid}:${kind}`;
const targ = (act: ActivityState) => `${act.seid}:${act.attempt}`;

function armTimers(tx: Tx, act: ActivityState, phase: 'queued' | 'started'): void {
  const { engine, run } = tx;
  if (phase === 'queued') {
    if (act.s2sMs) {
      act.s2sAt = tx.now + act.s2sMs;
      engine.arm(run, tkey(act.seid, 's2s'), act.s2sAt, 'act-s2s', targ(act));
    }
  } else {
    engine.disarm(run, tkey(act.seid, 's2s'));
    act.s2sAt = undefined;
    if (act.stcMs) {
      act.stcAt = tx.now + act.stcMs;
      engine.arm(run, tkey(act.seid, 'stc'), act.stcAt, 'act-stc', targ(act));
    }
    armHeartbeat(tx, act);
  }
}

function armHeartbeat(tx: Tx, act: ActivityState): void {
  if (!act.hbMs) return;
  act.hbAt = tx.now + act.hbMs;
  tx.engine.arm(tx.run, tkey(act.seid, 'hb'), act.hbAt, 'act-hb', targ(act));
}

function disarmAttempt(tx: Tx, act: ActivityState): void {
  for (const k of ['s2s', 'stc', 'hb', 'backoff']) tx.engine.disarm(tx.run, tkey(act.seid, k));
  act.s2sAt = act.stcAt = act.hbAt = act.backoffAt = undefined;
}

export function offerActivity(tx: Tx, act: ActivityState): void {
  const task: ActivityTask = { runId: tx.run.runId, seid: act.seid, attempt: act.attempt };
  const key = queueKey(tx.run.ns, 'activity', act.taskQueue);
  tx.after(() => tx.engine.matching.offer(key, task));
}

export function scheduleActivity(tx: Tx, prepared: ReturnType<typeof prepareSchedule>, completedEventId: number): void {
  const seid = tx.append({ eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', attrs: { ...prepared.attrs, workflowTaskCompletedEventId: completedEventId } });
  const act: ActivityState = { ...prepared.state, seid, scheduledTime: tx.now, attemptScheduledTime: tx.now, locked: false };
  (tx.run.activities ??= new Map()).set(seid, act);
  activityEvent(tx, act, 'schedule');
  if (act.s2cMs) {
    act.s2cAt = tx.now + act.s2cMs;
    tx.engine.arm(tx.run, tkey(seid, 's2c'), act.s2cAt, 'act-s2c', String(seid));
  }
  armTimers(tx, act, 'queued');
  offerActivity(tx, act);
}

export function dispatchActivity(engine: Engine, task: ActivityTask, identity: string): ActivityTaskResponse | Promise<ActivityTaskResponse> | null {
  const run = engine.runs.get(task.runId);
  if (!run || !isOpen(run)) return null;
  const act = run.activities?.get(task.seid);
  if (!act || act.state !== 'SCHEDULED' || act.attempt !== task.attempt) return null;
  engine.update(run, (tx) => {
    activityEvent(tx, act, 'start');
    act.startedTime = tx.now;
    act.identity = identity;
    act.requestId = randomUUID();
    armTimers(tx, act, 'started');
  });
  const attempt = { attempt: act.attempt, heartbeatDetails: act.heartbeatDetails, startedTime: act.startedTime!, attemptScheduledTime: act.attemptScheduledTime };
  const loading = engine.warm(run, act.seid);
  return loading ? loading.then(() => activityTask(run, act, attempt)) : activityTask(run, act, attempt);
}

/** The poll answer; the attempt's fields are as they were at dispatch (the answer may wait for the history). */
function activityTask(run: Run, act: ActivityState, at: { attempt: number; heartbeatDetails: Payloads | undefined; startedTime: number; attemptScheduledTime: number }): ActivityTaskResponse {
  const ev = readEvent(run.history, act.seid).activityTaskScheduledEventAttributes ?? {};
  return {
    taskToken: encodeToken({ k: 'a', ns: run.ns, r: run.runId, s: act.seid, a: at.attempt }),
    workflowNamespace: run.ns,
    workflowType: { name: run.typeName },
    workflowExecution: { workflowId: run.workflowId, runId: run.runId },
    activityType: ev.activityType,
    activityId: act.activityId,
    header: ev.header,
    input: ev.input,
    heartbeatDetails: at.heartbeatDetails,
    scheduledTime: msToTs(act.scheduledTime),
    currentAttemptScheduledTime: msToTs(at.attemptScheduledTime),
    startedTime: msToTs(at.startedTime),
    attempt: at.attempt,
    // The TS worker requires both to be present; {} means "no limit" (notes §8.2).
    scheduleToCloseTimeout: act.s2cMs ? msToDuration(act.s2cMs) : {},
    startToCloseTimeout: act.stcMs ? msToDuration(act.stcMs) : {},
    heartbeatTimeout: act.hbMs ? msToDuration(act.hbMs) : undefined,
    retryPolicy: ev.retryPolicy,
    priority: ev.priority,
  };
}

/** Looks up the started attempt a token names; NOT_FOUND when stale or closed. */
export function activityForToken(engine: Engine, t: Pick<ActToken, 'r' | 's' | 'a'>): { run: Run; act: ActivityState } {
  const run = engine.runs.get(t.r);
  const act = run && isOpen(run) ? run.activities?.get(t.s) : undefined;
  if (!run || !act || act.attempt !== t.a || act.state !== 'STARTED') {
    throw notFound('activity task not found', [{ typeName: 'temporal.api.errordetails.v1.NotFoundFailure', value: {} }]);
  }
  return { run, act };
}

export function activityById(engine: Engine, ns: string, workflowId: string | undefined, runId: string | undefined, activityId: string | undefined): { run: Run; act: ActivityState } {
  const run = engine.resolveRun(ns, { workflowId, runId });
  if (isOpen(run)) {
    for (const act of run.activities?.values() ?? []) {
      if (act.activityId === activityId && act.state === 'STARTED') return { run, act };
    }
  }
  throw notFound('activity task not found', [{ typeName: 'temporal.api.errordetails.v1.NotFoundFailure', value: {} }]);
}

function removeActivity(tx: Tx, act: ActivityState): void {
  disarmAttempt(tx, act);
  tx.engine.disarm(tx.run, tkey(act.seid, 's2c'));
  activityEvent(tx, act, 'close');
  tx.run.activities!.delete(act.seid);
  if (tx.run.activities!.size === 0) tx.run.activities = undefined;
}

/** Started is written lazily, once, right before the close event (notes §8.3). */
function appendStarted(tx: Tx, act: ActivityState): void {
  tx.appendOrBuffer({
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_STARTED',
    attrs: { scheduledEventId: act.seid, identity: act.identity, attempt: act.attempt, requestId: act.requestId, lastFailure: act.lastFailure },
  });
}

export function completeActivity(tx: Tx, act: ActivityState, result: Payloads | undefined, identity?: string): void {
  appendStarted(tx, act);
  tx.appendOrBuffer({
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
    attrs: { scheduledEventId: act.seid, result, identity: identity ?? act.identity },
    link: { prevAs: 'startedEventId' },
  });
  removeActivity(tx, act);
  scheduleWft(tx);
}

export function canceledActivity(tx: Tx, act: ActivityState, details: Payloads | undefined, identity?: string): void {
  appendStarted(tx, act);
  tx.appendOrBuffer({
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_CANCELED',
    attrs: { scheduledEventId: act.seid, details, identity: identity ?? act.identity, latestCancelRequestedEventId: act.cancelRequestedEventId ?? 0 },
    link: { prevAs: 'startedEventId' },
  });
  removeActivity(tx, act);
  scheduleWft(tx);
}

type RetryState = string;

function retryDecision(act: ActivityState, failure: Failure | undefined, now: number): { backoffMs?: number; retryState: RetryState } {
  const r = act.retry;
  if (!r) return { retryState: 'RETRY_STATE_RETRY_POLICY_NOT_SET' };
  const info = failure?.applicationFailureInfo;
  if (info?.nonRetryable) return { retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE' };
  if (info?.type && r.nonRetryable.includes(info.type)) return { retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE' };
  if (r.maxAttempts > 0 && act.attempt >= r.maxAttempts) return { retryState: 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED' };
  const explicit = durationToMs(info?.nextRetryDelay);
  const backoffMs = explicit ?? Math.min(r.initialMs * Math.pow(r.coefficient, act.attempt - 1), r.maxIntervalMs);
  if (act.s2cMs && now + backoffMs > act.scheduledTime + act.s2cMs) return { retryState: 'RETRY_STATE_TIMEOUT' };
  return { backoffMs, retryState: 'RETRY_STATE_IN_PROGRESS' };
}

/** A failed attempt (worker failure or start-to-close/heartbeat timeout): retry or close. */
export function failAttempt(tx: Tx, act: ActivityState, failure: Failure | undefined, opts: { identity?: string; timeoutType?: string; heartbeatDetails?: Payloads }): void {
  if (opts.heartbeatDetails !== undefined) act.heartbeatDetails = opts.heartbeatDetails;
  const d = retryDecision(act, failure, tx.now);
  if (d.backoffMs !== undefined) {
    disarmAttempt(tx, act);
    act.lastFailure = failure;
    activityEvent(tx, act, 'retryLater');
    act.attempt++;
    act.startedTime = undefined;
    if (d.backoffMs <= 0) {
      requeue(tx, act);
    } else {
      act.backoffAt = tx.now + d.backoffMs;
      tx.engine.arm(tx.run, tkey(act.seid, 'backoff'), act.backoffAt, 'act-backoff', targ(act));
    }
    return;
  }
  appendStarted(tx, act);
  if (opts.timeoutType) {
    tx.appendOrBuffer({
      eventType: 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT',
      attrs: { failure, retryState: d.retryState, scheduledEventId: act.seid },
      link: { prevAs: 'startedEventId' },
    });
  } else {
    tx.appendOrBuffer({
      eventType: 'EVENT_TYPE_ACTIVITY_TASK_FAILED',
      attrs: { failure, retryState: d.retryState, scheduledEventId: act.seid, identity: opts.identity ?? act.identity },
      link: { prevAs: 'startedEventId' },
    });
  }
  removeActivity(tx, act);
  scheduleWft(tx);
}

function requeue(tx: Tx, act: ActivityState): void {
  act.backoffAt = undefined;
  act.attemptScheduledTime = tx.now;
  activityEvent(tx, act, 'requeue');
  armTimers(tx, act, 'queued');
  offerActivity(tx, act);
}

function timeoutFailure(act: ActivityState, timeoutType: string, cause?: Failure): Failure {
  const short = timeoutType.replace('TIMEOUT_TYPE_', '');
  return {
    message: `activity ${short} timeout`,
    source: 'Server',
    cause,
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: act.heartbeatDetails },
  };
}

/** A final timeout; Started only exists if the attempt was running. */
function finalTimeout(tx: Tx, act: ActivityState, timeoutType: string): void {
  if (act.state === 'STARTED') appendStarted(tx, act);
  const failure = timeoutFailure(act, timeoutType, timeoutType === 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE' ? act.lastFailure : undefined);
  const started = act.state === 'STARTED';
  tx.appendOrBuffer({
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT',
    attrs: { failure, retryState: 'RETRY_STATE_TIMEOUT', scheduledEventId: act.seid, startedEventId: 0 },
    link: started ? { prevAs: 'startedEventId' } : undefined,
  });
  removeActivity(tx, act);
  scheduleWft(tx);
}

function lookup(tx: Tx, arg: string, withAttempt: boolean): ActivityState | undefined {
  if (!isOpen(tx.run)) return undefined;
  const [seid, attempt] = arg.split(':').map(Number);
  const act = tx.run.activities?.get(seid!);
  if (!act) return undefined;
  if (withAttempt && act.attempt !== attempt) return undefined;
  return act;
}

export function registerActivityTimers(engine: Engine): void {
  engine.onTimer('act-s2c', (tx, arg) => {
    const act = lookup(tx, arg, false);
    if (act) finalTimeout(tx, act, 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE');
  });
  engine.onTimer('act-s2s', (tx, arg) => {
    const act = lookup(tx, arg, true);
    if (act && act.state === 'SCHEDULED') finalTimeout(tx, act, 'TIMEOUT_TYPE_SCHEDULE_TO_START');
  });
  engine.onTimer('act-stc', (tx, arg) => {
    const act = lookup(tx, arg, true);
    if (act && act.state === 'STARTED') failAttempt(tx, act, timeoutFailure(act, 'TIMEOUT_TYPE_START_TO_CLOSE'), { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' });
  });
  engine.onTimer('act-hb', (tx, arg) => {
    const act = lookup(tx, arg, true);
    if (act && act.state === 'STARTED') failAttempt(tx, act, timeoutFailure(act, 'TIMEOUT_TYPE_HEARTBEAT'), { timeoutType: 'TIMEOUT_TYPE_HEARTBEAT' });
  });
  engine.onTimer('act-backoff', (tx, arg) => {
    const act = lookup(tx, arg, true);
    if (act && act.state === 'BACKOFF') requeue(tx, act);
  });
}

export function heartbeat(tx: Tx, act: ActivityState, details: Payloads | undefined): { cancelRequested: boolean } {
  if (details !== undefined) act.heartbeatDetails = details;
  act.lastHeartbeatTime = tx.now;
  armHeartbeat(tx, act);
  return { cancelRequested: act.cancelRequestedEventId !== undefined };
}

/** REQUEST_CANCEL_ACTIVITY_TASK: not started → closed at once; started → the worker learns on heartbeat. */
export function requestCancelActivity(tx: Tx, seid: number, completedEventId: number): void {
  const act = tx.run.activities?.get(seid);
  const reqId = tx.append({ eventType: 'EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED', attrs: { scheduledEventId: seid, workflowTaskCompletedEventId: completedEventId } });
  if (!act) return;
  act.cancelRequestedEventId = reqId;
  if (act.state !== 'STARTED') {
    tx.append({ eventType: 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', attrs: { scheduledEventId: seid, startedEventId: 0, latestCancelRequestedEventId: reqId } });
    removeActivity(tx, act);
    scheduleWft(tx);
  }
}

/** Run closed: orphan the activities and give back their time-skipping locks. */
export function abandonActivities(tx: Tx): void {
  for (const act of [...(tx.run.activities?.values() ?? [])]) removeActivity(tx, act);
}
