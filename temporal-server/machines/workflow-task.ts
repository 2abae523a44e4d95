import { newId as randomUUID } from '../state/ids';
import type { Engine } from '../state/engine';
import type { Tx } from '../state/tx';
import { isOpen, ownWft, settleWft } from '../state/run';
import { queueKey } from '../matching/task-queues';
import { msToDuration, msToTs, RAW_FIELDS } from '../proto/codec';
import { sliceEvents, lastEventId } from '../history/history-log';
import { encodeToken } from './tokens';
import { next, WFT_MACHINE } from './transitions';
import { takeUpdateMessages, returnSentUpdates } from './update';
import { takeAttachedQueries, requeueInflightQueries } from './query';
import type { ProtocolMessage, WorkflowQuery, WorkflowTaskResponse } from '../proto/wire';

export interface WftTask { runId: string; gen: number }

const SUGGEST_CAN_EVENTS = 4096;
const SUGGEST_CAN_BYTES = 4 * 1024 * 1024;

type WftEvent = keyof typeof WFT_MACHINE.table;

/** Moves the slot as the table says for `event`, and holds time-skipping while a task is out. */
function wftEvent(tx: Tx, event: WftEvent): void {
  const run = tx.run;
  const to = next(WFT_MACHINE, run.wft.state, event);
  ownWft(run).state = to;
  // Time skipping holds while a workflow task is outstanding (notes §18.2).
  if (to !== 'NONE' && !run.locked) {
    run.locked = true;
    tx.engine.lock('wft');
  } else if (to === 'NONE' && run.locked) {
    run.locked = false;
    tx.engine.unlock('wft');
  }
}

/** Anything that needs the workflow to make progress calls this (notes §5.1). `offer: false`: the caller hands the task out itself (eager start). */
export function scheduleWft(tx: Tx, opts: { offer?: boolean } = {}): void {
  const run = tx.run;
  if (!isOpen(run)) return;
  const state = run.wft.state;
  if (state === 'STARTED' || tx.inCompletion) {
    run.needsNewTask = true;
    return;
  }
  if (state === 'SCHEDULED') return;
  if (run.startBackoffAt !== undefined) return; // first task waits for the start delay
  const w = ownWft(run);
  const sticky = run.sticky;
  w.scheduledEventId = tx.append({
    eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
    attrs: {
      taskQueue: sticky
        ? { name: sticky.queue, kind: 'TASK_QUEUE_KIND_STICKY', normalName: run.taskQueue }
        : { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      startToCloseTimeout: msToDuration(run.wftTimeoutMs),
      attempt: w.attempt,
    },
  });
  w.startedEventId = 0;
  w.scheduledTime = tx.now;
  run.needsNewTask = false;
  wftEvent(tx, 'schedule');
  if (opts.offer ?? true) offerWft(tx);
}

/** (Re)queues the scheduled task on the sticky queue if any, else the normal one. */
export function offerWft(tx: Tx): void {
  const run = tx.run;
  const w = ownWft(run);
  w.gen++;
  const sticky = run.sticky;
  w.sticky = !!sticky;
  w.queue = sticky ? sticky.queue : run.taskQueue;
  const task: WftTask = { runId: run.runId, gen: w.gen };
  const key = queueKey(run.ns, 'workflow', w.queue);
  if (sticky && sticky.s2sMs > 0) tx.engine.arm(run, 'wft-s2s', tx.now + sticky.s2sMs, 'wft-sticky-timeout', String(w.gen));
  tx.after(() => tx.engine.matching.offer(key, task));
}

/** Sticky schedule-to-start expired: move the task to the normal queue (notes §7). */
export function onStickyTimeout(tx: Tx, gen: string): void {
  const run = tx.run;
  if (!isOpen(run) || run.wft.state !== 'SCHEDULED' || !run.wft.sticky || String(run.wft.gen) !== gen) return;
  run.sticky = undefined;
  offerWft(tx);
}

export function clearSticky(tx: Tx): void {
  const run = tx.run;
  run.sticky = undefined;
  if (run.wft.state === 'SCHEDULED' && run.wft.sticky) {
    tx.engine.disarm(run, 'wft-s2s');
    offerWft(tx);
  }
}

/** Starts the task for a poller; null when the queued pointer is stale. */
export function dispatchWft(engine: Engine, task: WftTask, fromSticky: boolean, identity: string): WorkflowTaskResponse | Promise<WorkflowTaskResponse> | null {
  const run = engine.runs.get(task.runId);
  if (!run || !isOpen(run) || run.wft.state !== 'SCHEDULED' || run.wft.gen !== task.gen) return null;
  let messages: ProtocolMessage[] = [];
  let queries: Record<string, WorkflowQuery> | undefined;
  engine.update(run, (tx) => {
    const w = ownWft(run);
    const events = lastEventId(run.history) + tx.events.length;
    w.startedEventId = tx.append({
      eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      attrs: {
        scheduledEventId: w.scheduledEventId,
        identity,
        requestId: randomUUID(),
        historySizeBytes: run.history.len,
        suggestContinueAsNew: events >= SUGGEST_CAN_EVENTS || run.history.len >= SUGGEST_CAN_BYTES,
      },
    });
    w.startedTime = tx.now;
    wftEvent(tx, 'start');
    engine.disarm(run, 'wft-s2s');
    engine.arm(run, 'wft-timeout', tx.now + run.wftTimeoutMs, 'wft-timeout', String(w.startedEventId));
    messages = takeUpdateMessages(tx, w.startedEventId - 1);
    queries = takeAttachedQueries(engine, run);
  });
  const w = run.wft;
  const from = fromSticky ? run.lastCompletedStartedEventId + 1 : 1;
  const to = w.startedEventId;
  const response = {
    taskToken: encodeToken({ k: 'w', ns: run.ns, r: run.runId, s: w.scheduledEventId, t: w.startedEventId, a: w.attempt }),
    workflowExecution: { workflowId: run.workflowId, runId: run.runId },
    workflowType: { name: run.typeName },
    previousStartedEventId: run.lastCompletedStartedEventId,
    startedEventId: w.startedEventId,
    attempt: w.attempt,
    workflowExecutionTaskQueue: { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
    scheduledTime: msToTs(w.scheduledTime),
    startedTime: msToTs(w.startedTime),
    queries,
    messages: messages.length > 0 ? messages : undefined,
  };
  // The history is sliced once it is in memory (a cold run's is read from the store first).
  const withHistory = (): WorkflowTaskResponse => ({ ...response, [RAW_FIELDS]: [{ fieldNo: 8, bytes: sliceEvents(run.history, from, to) }] });
  const loading = engine.warm(run, from);
  return loading ? loading.then(withHistory) : withHistory();
}

/** Task failed or timed out: record it, drop stickiness, retry on the normal queue (notes §5.5). */
export function failWft(tx: Tx, kind: 'failed' | 'timedOut', attrs: Record<string, unknown>, opts: { resetAttempt?: boolean } = {}): void {
  const run = tx.run;
  const w = ownWft(run);
  const engine = tx.engine;
  if (kind === 'failed') {
    tx.append({ eventType: 'EVENT_TYPE_WORKFLOW_TASK_FAILED', attrs: { scheduledEventId: w.scheduledEventId, startedEventId: w.startedEventId, ...attrs } });
  } else {
    tx.append({ eventType: 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT', attrs: { scheduledEventId: w.scheduledEventId, startedEventId: w.startedEventId, ...attrs } });
  }
  engine.disarm(run, 'wft-timeout');
  engine.disarm(run, 'wft-s2s');
  wftEvent(tx, kind === 'failed' ? 'fail' : 'timeOut');
  w.attempt = opts.resetAttempt ? 1 : w.attempt + 1;
  run.sticky = undefined;
  returnSentUpdates(tx);
  requeueInflightQueries(engine, run);
  tx.flushBuffer();
  scheduleWft(tx);
  settleWft(run);
}

export function onWftTimeout(tx: Tx, startedEventId: string): void {
  const run = tx.run;
  if (!isOpen(run) || run.wft.state !== 'STARTED' || String(run.wft.startedEventId) !== startedEventId) return;
  failWft(tx, 'timedOut', { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' });
}

/** Marks the task completed (used by the completion handler before command events). */
export function completeWftSlot(tx: Tx): void {
  const run = tx.run;
  tx.engine.disarm(run, 'wft-timeout');
  wftEvent(tx, 'complete');
  const w = ownWft(run);
  w.attempt = 1;
  run.lastCompletedStartedEventId = w.startedEventId;
  settleWft(run);
}

/** Drops the outstanding task when the run closes (terminate, timeout). */
export function dropWft(tx: Tx): void {
  const run = tx.run;
  tx.engine.disarm(run, 'wft-timeout');
  tx.engine.disarm(run, 'wft-s2s');
  if (run.wft.state !== 'NONE') wftEvent(tx, 'drop');
  settleWft(run);
}

export function registerWftTimers(engine: Engine): void {
  engine.onTimer('wft-timeout', onWftTimeout);
  engine.onTimer('wft-sticky-timeout', onStickyTimeout);
}
