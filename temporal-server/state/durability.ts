import { openJournal, type Journal } from '../persistence';
import type { Engine } from './engine';
import { makeRun, runFields, type Run, type TimerState } from './run';
import { historyFromBytes, historyBytes } from '../history/history-log';
import { rearmRun } from '../machines/restore';
import type { SaType } from './search-attributes';
import { ksSet, ksValues, type KeyedSet } from './small-map';
import { makeTimer } from '../machines/timer';

type RunSnapshot = Omit<Run, 'history' | 'handles' | 'activities' | 'timers' | 'children' | 'updates'> & {
  activities?: any[];
  timers?: [string, any][];
  children?: any[];
  updates?: any[];
};

type JournalRecord =
  | { k: 'ns'; name: string; id: string }
  | { k: 'sa'; ns: string; custom: Record<string, SaType> }
  | { k: 'run'; id: string; h?: Buffer; s: RunSnapshot };

function snapshot(run: Run): RunSnapshot {
  const { history: _h, handles: _hd, activities, timers, children, updates, locked: _l, ...rest } = runFields(run) as unknown as Run;
  return {
    ...rest,
    activities: activities ? [...activities.values()] : undefined,
    timers: timers ? ksValues(timers).map((t) => [t.key, { startedEventId: t.startedEventId, at: t.atMs }]) : undefined,
    children: children ? [...children.values()] : undefined,
    updates: updates ? [...updates.values()] : undefined,
  };
}

function restore(engine: Engine, s: RunSnapshot, history: Buffer): Run {
  const { activities, timers, children, updates, ...rest } = s;
  const run = makeRun({
    ...rest,
    history: historyFromBytes(history),
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

/**
 * Durable mode: replays the journal into the engine, compacts it to one record per run, and then
 * appends one record per committed mutation (new history bytes + the run's non-history state).
 * Appends are synchronous writes, so a `kill -9` loses nothing that was acknowledged.
 */
export function attachJournal(engine: Engine, path: string): { close(): void } {
  const journal: Journal<JournalRecord> = openJournal<JournalRecord>(path);
  const runs = new Map<string, { chunks: Buffer[]; s: RunSnapshot }>();
  const sa = new Map<string, Record<string, SaType>>();
  for (const r of journal.readAll()) {
    if (r.k === 'ns') engine.registerNamespace(r.name, r.id);
    else if (r.k === 'sa') sa.set(r.ns, r.custom);
    else if (r.k === 'run') {
      let e = runs.get(r.id);
      if (!e) runs.set(r.id, (e = { chunks: [], s: r.s }));
      if (r.h && r.h.length) e.chunks.push(r.h);
      e.s = r.s;
    }
  }
  for (const [ns, custom] of sa) {
    engine.registerNamespace(ns);
    const reg = engine.searchAttributes.of(ns);
    for (const d of reg.list()) if (!d.system && !(d.name in custom)) reg.remove(d.name);
    for (const [name, type] of Object.entries(custom)) reg.add(name, type);
  }
  const restored: Run[] = [];
  for (const { chunks, s } of runs.values()) {
    engine.registerNamespace(s.ns);
    const run = restore(engine, s, Buffer.concat(chunks));
    engine.addRun(run);
    restored.push(run);
  }
  // Compact before accepting new writes: one record per run, namespace and registry.
  const compacted: JournalRecord[] = [];
  for (const n of engine.namespaces.values()) compacted.push({ k: 'ns', name: n.name, id: n.id });
  for (const n of engine.namespaces.values()) compacted.push({ k: 'sa', ns: n.name, custom: engine.searchAttributes.customOf(n.name) });
  for (const run of restored) compacted.push({ k: 'run', id: run.runId, h: historyBytes(run.history), s: snapshot(run) });
  journal.rewrite(compacted);

  engine.sink = {
    onCommit(run, added) {
      journal.append({ k: 'run', id: run.runId, h: added ?? undefined, s: snapshot(run) });
    },
    onNamespace(name, id) {
      journal.append({ k: 'ns', name, id });
    },
    onSearchAttributes(ns) {
      journal.append({ k: 'sa', ns, custom: engine.searchAttributes.customOf(ns) });
    },
  };
  for (const run of restored) rearmRun(engine, run);
  return { close: () => journal.close() };
}
