/**
 * The state machines of a workflow task, an activity and an update, as tables of what happened
 * (the event) → from which state → to which state. Machines say what happened and the table decides
 * where it leads, so a move the table does not have is a thrown error at that point instead of a
 * corrupted history later (the Java test server's StateMachines are the model).
 */
type Table<E extends string, S extends string> = Readonly<Record<E, Readonly<Partial<Record<S, S>>>>>;

export interface Machine<E extends string, S extends string> {
  readonly name: string;
  readonly table: Table<E, S>;
}

function machine<E extends string, S extends string>(name: string, table: Table<E, S>): Machine<E, S> {
  return { name, table };
}

export type WftState = 'NONE' | 'SCHEDULED' | 'STARTED';
export const WFT_MACHINE = machine<'schedule' | 'start' | 'complete' | 'fail' | 'timeOut' | 'drop', WftState>('workflow task', {
  schedule: { NONE: 'SCHEDULED' },
  start: { SCHEDULED: 'STARTED' },
  complete: { STARTED: 'NONE' },
  fail: { STARTED: 'NONE' },
  timeOut: { STARTED: 'NONE', SCHEDULED: 'NONE' },
  drop: { SCHEDULED: 'NONE', STARTED: 'NONE' },
});

/** `NEW` exists only inside the mutation that schedules the activity; `CLOSED` only as its last move. */
export type ActivityMachineState = 'NEW' | 'SCHEDULED' | 'STARTED' | 'BACKOFF' | 'CLOSED';
export const ACTIVITY_MACHINE = machine<'schedule' | 'start' | 'retryLater' | 'requeue' | 'close', ActivityMachineState>('activity', {
  schedule: { NEW: 'SCHEDULED' },
  start: { SCHEDULED: 'STARTED' },
  retryLater: { STARTED: 'BACKOFF' },
  requeue: { BACKOFF: 'SCHEDULED' },
  close: { SCHEDULED: 'CLOSED', STARTED: 'CLOSED', BACKOFF: 'CLOSED' },
});

export type UpdateStage = 'ADMITTED' | 'SENT' | 'ACCEPTED' | 'COMPLETED';
export const UPDATE_MACHINE = machine<'send' | 'return' | 'accept' | 'complete', UpdateStage>('update', {
  send: { ADMITTED: 'SENT' },
  return: { SENT: 'ADMITTED' },
  accept: { ADMITTED: 'ACCEPTED', SENT: 'ACCEPTED' },
  complete: { ADMITTED: 'COMPLETED', SENT: 'COMPLETED', ACCEPTED: 'COMPLETED' },
});

/** The state `event` leads to from `from`; throws when the table has no such move. */
export function next<E extends string, S extends string>(m: Machine<E, S>, from: S, event: E): S {
  const to = m.table[event][from];
  if (to === undefined) throw new Error(`illegal ${m.name} transition: ${event} in state ${from}`);
  return to;
}
