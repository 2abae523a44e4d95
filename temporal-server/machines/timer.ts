import type { Engine } from '../state/engine';
import type { Tx } from '../state/tx';
import { isOpen, type Run, type TimerState } from '../state/run';
import { durationToMs } from '../proto/codec';
import { BadCommand } from './bad-command';
import { scheduleWft } from './workflow-task';
import { ksDelete, ksGet, ksSet, ksValues } from '../state/small-map';
import type { Command } from '../proto/wire';

type StartTimerAttrs = NonNullable<Command['startTimerCommandAttributes']>;
type CancelTimerAttrs = NonNullable<Command['cancelTimerCommandAttributes']>;

/** The timer's state, its clock entry and its place in the run's timer set, in one object. */
abstract class UserTimer implements TimerState {
  seq = 0;
  index = -1;
  constructor(
    protected readonly run: Run,
    readonly key: string,
    readonly startedEventId: number,
    readonly atMs: number,
  ) {}

  get label(): string {
    return 'timer';
  }

  abstract fire(): void;
}

type UserTimerClass = new (run: Run, key: string, startedEventId: number, atMs: number) => UserTimer;

// One subclass per engine carries the engine in its prototype instead of a field in every timer.
const timerClasses = new WeakMap<Engine, UserTimerClass>();

function timerClass(engine: Engine): UserTimerClass {
  let C = timerClasses.get(engine);
  if (!C) {
    C = class EngineUserTimer extends UserTimer {
      fire(): void {
        engine.fireTimer(this.run.runId, 'timer', this.key);
      }
    };
    timerClasses.set(engine, C);
  }
  return C;
}

/** A user timer of `run` (armed separately with `engine.armEntry`). */
export function makeTimer(engine: Engine, run: Run, timerId: string, startedEventId: number, atMs: number): TimerState {
  return new (timerClass(engine))(run, timerId, startedEventId, atMs);
}

export function validateStartTimer(tx: Tx, a: StartTimerAttrs | undefined): void {
  if (!a?.timerId) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES', 'TimerId is not set on command.');
  if (ksGet(tx.run.timers, a.timerId)) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID', `Timer with id ${a.timerId} is already open.`);
  const ms = durationToMs(a.startToFireTimeout);
  if (ms === undefined || ms < 0) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES', 'A valid StartToFireTimeout is not set on command.');
}

export function startTimer(tx: Tx, a: StartTimerAttrs, completedEventId: number): void {
  const ms = durationToMs(a.startToFireTimeout) ?? 0;
  const startedEventId = tx.append({
    eventType: 'EVENT_TYPE_TIMER_STARTED',
    attrs: { timerId: a.timerId, startToFireTimeout: a.startToFireTimeout, workflowTaskCompletedEventId: completedEventId },
  });
  // validateStartTimer checked the id before any command was applied.
  const t = makeTimer(tx.engine, tx.run, a.timerId!, startedEventId, tx.now + ms);
  tx.run.timers = ksSet(tx.run.timers, t);
  tx.engine.armEntry(t);
}

export function cancelTimer(tx: Tx, a: CancelTimerAttrs, completedEventId: number, identity: string | undefined): void {
  const t = a.timerId === undefined ? undefined : ksGet(tx.run.timers, a.timerId);
  if (!t) throw new BadCommand('WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES', `Timer ${a.timerId} is not open.`);
  tx.append({
    eventType: 'EVENT_TYPE_TIMER_CANCELED',
    attrs: { timerId: a.timerId, startedEventId: t.startedEventId, workflowTaskCompletedEventId: completedEventId, identity },
  });
  removeTimer(tx, t.key);
}

function removeTimer(tx: Tx, timerId: string): void {
  const t = ksGet(tx.run.timers, timerId);
  if (t) tx.engine.disarmEntry(t);
  tx.run.timers = ksDelete(tx.run.timers, timerId);
}

export function cancelAllTimers(tx: Tx): void {
  for (const t of ksValues(tx.run.timers)) removeTimer(tx, t.key);
}

export function registerTimerMachine(engine: Engine): void {
  engine.onTimer('timer', (tx, timerId) => {
    const t = ksGet(tx.run.timers, timerId);
    if (!t || !isOpen(tx.run)) return;
    removeTimer(tx, timerId);
    tx.appendOrBuffer({ eventType: 'EVENT_TYPE_TIMER_FIRED', attrs: { timerId, startedEventId: t.startedEventId } });
    scheduleWft(tx);
  });
}
