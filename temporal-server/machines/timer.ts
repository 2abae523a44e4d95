import type { Engine } from '../state/engine';
import type { Tx } from '../state/tx';
import { isOpen, type TimerState } from '../state/run';
import { durationToMs } from '../proto/codec';
import { BadCommand } from './bad-command';
import { scheduleWft } from './workflow-task';
import { smDelete, smEntries, smGet, smSet } from '../state/small-map';

export function validateStartTimer(tx: Tx, a: any): void {
  if (!a?.timerId) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES', 'TimerId is not set on command.');
  if (smGet(tx.run.timers, a.timerId)) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID', `Timer with id ${a.timerId} is already open.`);
  const ms = durationToMs(a.startToFireTimeout);
  if (ms === undefined || ms < 0) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES', 'A valid StartToFireTimeout is not set on command.');
}

export function startTimer(tx: Tx, a: any, completedEventId: number): void {
  const ms = durationToMs(a.startToFireTimeout) ?? 0;
  const startedEventId = tx.append({
    eventType: 'EVENT_TYPE_TIMER_STARTED',
    attrs: { timerId: a.timerId, startToFireTimeout: a.startToFireTimeout, workflowTaskCompletedEventId: completedEventId },
  });
  const at = tx.now + ms;
  const t: TimerState = { startedEventId, at, h: undefined };
  tx.run.timers = smSet(tx.run.timers, a.timerId, t);
  tx.engine.armOn(t, tx.run, at, 'timer', a.timerId);
}

export function cancelTimer(tx: Tx, a: any, completedEventId: number, identity: string | undefined): void {
  const t = smGet(tx.run.timers, a?.timerId);
  if (!t) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES', `Timer ${a?.timerId} is not open.`);
  tx.append({
    eventType: 'EVENT_TYPE_TIMER_CANCELED',
    attrs: { timerId: a.timerId, startedEventId: t.startedEventId, workflowTaskCompletedEventId: completedEventId, identity },
  });
  removeTimer(tx, a.timerId);
}

function removeTimer(tx: Tx, timerId: string): void {
  const t = smGet(tx.run.timers, timerId);
  if (t) tx.engine.disarmOn(t);
  tx.run.timers = smDelete(tx.run.timers, timerId);
}

export function cancelAllTimers(tx: Tx): void {
  for (const [id] of smEntries(tx.run.timers)) removeTimer(tx, id);
}

export function registerTimerMachine(engine: Engine): void {
  engine.onTimer('timer', (tx, timerId) => {
    const t = smGet(tx.run.timers, timerId);
    if (!t || !isOpen(tx.run)) return;
    t.h = undefined;
    removeTimer(tx, timerId);
    tx.appendOrBuffer({ eventType: 'EVENT_TYPE_TIMER_FIRED', attrs: { timerId, startedEventId: t.startedEventId } });
    scheduleWft(tx);
  });
}
