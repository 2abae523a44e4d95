import type { Engine } from './engine';
import { makeRun, runFields, type ActivityState, type ChildState, type Run, type TimerState, type UpdateState } from './run';
import { coldHistory, historyFromBytes } from '../history/history-log';
import { ksSet, ksValues, type KeyedSet } from './small-map';
import { makeTimer } from '../machines/timer';
import { decodeRecord, encodeRecord } from '../persistence/json-codec';
import type { RunRow } from '../persistence/store';

/** A run's state without its history, clock handles and locks: what a store keeps per run. */
export type RunSnapshot = Omit<Run, 'history' | 'handles' | 'activities' | 'timers' | 'children' | 'updates'> & {
  activities?: ActivityState[];
  timers?: [string, { startedEventId: number; at: number }][];
  children?: ChildState[];
  updates?: UpdateState[];
};

export function snapshot(run: Run): RunSnapshot {
  const { history: _h, handles: _hd, activities, timers, children, updates, locked: _l, ...rest } = runFields(run) as unknown as Run;
  return {
    ...rest,
    activities: activities ? [...activities.values()] : undefined,
    timers: timers ? ksValues(timers).map((t) => [t.key, { startedEventId: t.startedEventId, at: t.atMs }]) : undefined,
    children: children ? [...children.values()] : undefined,
    updates: updates ? [...updates.values()] : undefined,
  };
}

/**
 * Rebuilds a run (timers as clock entries, not yet armed: `rearmRun` arms them). Without its history
 * bytes the run starts cold: `count` events of `len` bytes, read from the store when needed.
 */
export function restore(engine: Engine, s: RunSnapshot, history: Buffer | { count: number; len: number }): Run {
  const { activities, timers, children, updates, ...rest } = s;
  const run = makeRun({
    ...rest,
    history: Buffer.isBuffer(history) ? historyFromBytes(history) : coldHistory(history.count, history.len),
    activities: activities?.length ? new Map(activities.map((a) => [a.seid, { ...a, locked: false }])) : undefined,
    timers: undefined,
    children: children?.length ? new Map(children.map((c) => [c.initiatedEventId, c])) : undefined,
    updates: updates?.length ? new Map(updates.map((u) => [u.id, u])) : undefined,
    locked: false,
  } as Run);
  let set: KeyedSet<TimerState> | undefined;
  for (const [id, t] of timers ?? []) set = ksSet(set, makeTimer(engine, run, id, t.startedEventId, t.at));
  run.timers = set;
  return run;
}

export function runRow(run: Run): RunRow {
  return rowOf(snapshot(run), run.history.count, run.history.len);
}

export function rowOf(s: RunSnapshot, historyCount: number, historyBytes: number): RunRow {
  return {
    runId: s.runId,
    ns: s.ns,
    workflowId: s.workflowId,
    status: s.status,
    startTime: s.startTime,
    closeTime: s.status === 'RUNNING' ? null : (s.closeTime ?? s.startTime),
    historyCount,
    historyBytes,
    state: encodeRecord(s),
  };
}

export function decodeSnapshot(row: RunRow): RunSnapshot {
  return decodeRecord<RunSnapshot>(row.state);
}
