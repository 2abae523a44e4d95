import { newId as randomUUID } from './ids';
import type { Clock, ClockEntry, TimerHandle } from '../clock/clock';
import { Matching } from '../matching/task-queues';
import { buildEvent, encodeFramedEvent } from '../history/events';
import { appendFramed, isWarm } from '../history/history-log';
import { Tx } from './tx';
import type { Run } from './run';
import type { Logger } from './logger';
import { notFound } from '../rpc/grpc-error';
import { QueryRegistry } from '../machines/query';
import { DEFAULT_RETENTION_MS } from '../persistence/store';
import { DEFAULT_HISTORY_LIMITS, type HistoryLimits } from '../machines/history-limits';
import { isOpen } from './run';
import type { SearchAttributeRegistry } from './search-attributes';

export interface NamespaceState {
  name: string;
  id: string;
  /** workflowId → run id, or run ids oldest first (the last one is the current run). */
  executions: Map<string, string | string[]>;
  /** Closed runs are deleted this long after closing (durable stores only). */
  retentionMs: number;
}

/** Persistence hook: called once per committed mutation (durable mode only). */
export interface CommitSink {
  onCommit(run: Run, newHistoryBytes: Buffer | null, firstEventId: number): void;
  onNamespace?(name: string, id: string): void;
  onSearchAttributes?(ns: string): void;
}

export type TimerKind = string;
export type TimerHandler = (tx: Tx, arg: string) => void;

export interface EngineOptions {
  clock: Clock;
  log: Logger;
  longPollMs: number;
  searchAttributes: SearchAttributeRegistry;
  historyLimits?: HistoryLimits;
  /** Retention of namespaces registered without one (default 30 days). */
  defaultRetentionMs?: number;
}

/**
 * Owns every run and the single mutation path (`update`). Handlers and machines never touch a
 * run outside `update`, so events, timers, locks, queued tasks and journal records stay consistent.
 */
export class Engine {
  readonly clock: Clock;
  readonly log: Logger;
  readonly matching: Matching;
  readonly longPollMs: number;
  readonly searchAttributes: SearchAttributeRegistry;
  readonly historyLimits: HistoryLimits;
  readonly defaultRetentionMs: number;
  readonly namespaces = new Map<string, NamespaceState>();
  readonly runs = new Map<string, Run>();
  readonly queries = new QueryRegistry();
  sink: CommitSink | null = null;
  /** Reads the events of a cold history back from the store (set by the store bridge). */
  historyLoader: ((run: Run) => Promise<void>) | null = null;
  private readonly timerHandlers = new Map<TimerKind, TimerHandler>();
  private readonly watchers = new Map<string, Set<() => void>>();
  private pendingEffects: (() => void)[] = [];
  private draining = false;
  private closed = false;

  constructor(opts: EngineOptions) {
    this.clock = opts.clock;
    this.matching = new Matching(() => opts.clock.wallNow());
    this.log = opts.log;
    this.longPollMs = opts.longPollMs;
    this.searchAttributes = opts.searchAttributes;
    this.historyLimits = opts.historyLimits ?? DEFAULT_HISTORY_LIMITS;
    this.defaultRetentionMs = opts.defaultRetentionMs ?? DEFAULT_RETENTION_MS;
  }

  registerNamespace(name: string, id: string = randomUUID(), retentionMs?: number): NamespaceState {
    let ns = this.namespaces.get(name);
    if (ns && id !== ns.id && arguments.length > 1) ns.id = id;
    if (ns && retentionMs !== undefined) ns.retentionMs = retentionMs;
    if (!ns) {
      ns = { name, id, executions: new Map(), retentionMs: retentionMs ?? this.defaultRetentionMs };
      this.namespaces.set(name, ns);
    }
    return ns;
  }

  namespace(name: string): NamespaceState {
    const ns = this.namespaces.get(name);
    if (!ns) {
      throw notFound(`Namespace ${name} is not found.`, [
        { typeName: 'temporal.api.errordetails.v1.NamespaceNotFoundFailure', value: { namespace: name } },
      ]);
    }
    return ns;
  }

  currentRun(ns: string, workflowId: string): Run | undefined {
    const ids = this.namespaces.get(ns)?.executions.get(workflowId);
    if (ids === undefined) return undefined;
    return this.runs.get(typeof ids === 'string' ? ids : ids[ids.length - 1]!);
  }

  /** Resolves {workflowId, runId?} (+ firstExecutionRunId) as the real server does (notes §3.1). */
  resolveRun(nsName: string, execution: { workflowId?: string; runId?: string } | undefined, firstExecutionRunId?: string): Run {
    const ns = this.namespace(nsName);
    const workflowId = execution?.workflowId ?? '';
    if (!workflowId) throw Object.assign(new TypeError('workflowId is not set on request.'));
    const runId = execution?.runId;
    let run: Run | undefined;
    if (runId) {
      run = this.runs.get(runId);
      if (run && (run.workflowId !== workflowId || run.ns !== ns.name)) run = undefined;
    } else {
      run = this.currentRun(ns.name, workflowId);
      if (run && firstExecutionRunId && run.firstRunId !== firstExecutionRunId) run = undefined;
    }
    if (!run) {
      throw notFound(`workflow not found for ID: ${workflowId}`, [
        { typeName: 'temporal.api.errordetails.v1.NotFoundFailure', value: {} },
      ]);
    }
    return run;
  }

  addRun(run: Run): void {
    const ns = this.namespace(run.ns);
    const ids = ns.executions.get(run.workflowId);
    if (ids === undefined) ns.executions.set(run.workflowId, run.runId);
    else if (typeof ids === 'string') ns.executions.set(run.workflowId, [ids, run.runId]);
    else ids.push(run.runId);
    this.runs.set(run.runId, run);
  }

  /** Adds a run read back from the store among the workflow's runs in memory, by start time. */
  addStoredRun(run: Run): void {
    if (this.runs.has(run.runId)) return;
    const ns = this.namespace(run.ns);
    const ids = ns.executions.get(run.workflowId);
    const list = ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
    let at = list.length;
    while (at > 0 && (this.runs.get(list[at - 1]!)?.startTime ?? 0) > run.startTime) at--;
    list.splice(at, 0, run.runId);
    ns.executions.set(run.workflowId, list.length === 1 ? list[0]! : list);
    this.runs.set(run.runId, run);
  }

  /**
   * Drops closed runs from memory (they stay in the store). A closed current run takes its whole
   * workflow id with it, so "workflow id in memory" keeps meaning "its current run is in memory".
   * Returns the ids dropped; none when any of them is still open.
   */
  evict(runId: string): string[] {
    const run = this.runs.get(runId);
    if (!run || isOpen(run)) return [];
    const ns = this.namespaces.get(run.ns);
    const ids = ns?.executions.get(run.workflowId);
    const list = ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
    const victims = list[list.length - 1] === runId ? [...list] : [runId];
    if (victims.some((id) => { const r = this.runs.get(id); return r !== undefined && isOpen(r); })) return [];
    for (const id of victims) this.forget(id);
    return victims;
  }

  /** Removes one run from memory entirely (retention deleted it, or `evict`). */
  forget(runId: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.disarmAll(run);
    this.runs.delete(runId);
    const ns = this.namespaces.get(run.ns);
    const ids = ns?.executions.get(run.workflowId);
    if (!ns || ids === undefined) return;
    if (typeof ids === 'string') {
      if (ids === runId) ns.executions.delete(run.workflowId);
      return;
    }
    const rest = ids.filter((id) => id !== runId);
    if (rest.length === 0) ns.executions.delete(run.workflowId);
    else ns.executions.set(run.workflowId, rest.length === 1 ? rest[0]! : rest);
  }

  /** Null when the run's events from `fromId` on are in memory; otherwise resolves once they are. */
  warm(run: Run, fromId = 1): Promise<void> | null {
    if (isWarm(run.history, fromId)) return null;
    if (!this.historyLoader) return Promise.reject(new Error(`history of run ${run.runId} is not in memory and there is no store`));
    return this.historyLoader(run);
  }

  /** The one mutation path for a run. */
  update<T>(run: Run, fn: (tx: Tx) => T): T {
    const tx = new Tx(this, run);
    this.lock('mutation');
    let result: T;
    try {
      result = fn(tx);
    } finally {
      this.commit(tx);
      this.unlock('mutation');
    }
    this.pendingEffects.push(...tx.effects);
    this.drain();
    return result;
  }

  private commit(tx: Tx): void {
    const run = tx.run;
    let added: Buffer | null = null;
    if (tx.events.length > 0) {
      const framed = tx.events.map(({ id, e }) => encodeFramedEvent(buildEvent(id, tx.now, e)));
      added = appendFramed(run.history, framed);
    }
    this.sink?.onCommit(run, added, run.history.count - tx.events.length + 1);
    const ws = this.watchers.get(run.runId);
    if (ws) for (const w of [...ws]) w();
  }

  /** Queues work to run after the current mutation(s) commit. */
  defer(fn: () => void): void {
    this.pendingEffects.push(fn);
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pendingEffects.length > 0) {
        const fn = this.pendingEffects.shift()!;
        try {
          fn();
        } catch (err) {
          this.log.error('effect failed', (err as Error)?.stack ?? String(err));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  // ---- watchers (long polls on a run) ----

  /** Resolves with check()'s first defined value after any commit of the run, or undefined on timeout/abort. */
  waitFor<T>(runId: string, check: () => T | undefined, timeoutMs: number, signal?: AbortSignal): Promise<T | undefined> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      let set = this.watchers.get(runId);
      if (!set) {
        set = new Set();
        this.watchers.set(runId, set);
      }
      const s = set;
      const done = (v: T | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        s.delete(watcher);
        if (s.size === 0) this.watchers.delete(runId);
        resolve(v);
      };
      const watcher = () => {
        const v = check();
        if (v !== undefined) done(v);
      };
      const onAbort = () => done(undefined);
      const timer = setTimeout(onAbort, Math.max(0, timeoutMs));
      signal?.addEventListener('abort', onAbort);
      s.add(watcher);
    });
  }

  // ---- timers on the injected clock ----

  onTimer(kind: TimerKind, handler: TimerHandler): void {
    this.timerHandlers.set(kind, handler);
  }

  /** Arms (or re-arms) the run's timer `key`; its firing goes through `update`. */
  arm(run: Run, key: string, atMs: number, kind: TimerKind, arg?: string): void {
    this.disarm(run, key);
    if (this.closed) return;
    setHandle(run, key, this.schedule(run.runId, key, atMs, kind, arg ?? ''));
  }

  /** Arms a caller-owned clock entry (user timers: no handle, closure or per-run key bookkeeping). */
  armEntry(entry: ClockEntry): void {
    this.clock.cancelEntry(entry);
    if (!this.closed) this.clock.scheduleEntry(entry);
  }

  disarmEntry(entry: ClockEntry): void {
    this.clock.cancelEntry(entry);
  }

  /** A run timer fired: runs its handler inside `update` (entries call this from `fire`). */
  fireTimer(runId: string, kind: TimerKind, arg: string): void {
    this.fire(runId, '', kind, arg);
  }

  // A plain function (no defaults, no other closures) keeps the per-timer closure to one small context.
  private schedule(runId: string, key: string, atMs: number, kind: TimerKind, arg: string): TimerHandle {
    return this.clock.schedule(atMs, () => this.fire(runId, key, kind, arg), kind);
  }

  disarm(run: Run, key: string): void {
    const h = takeHandle(run, key);
    if (h) h.cancel();
  }

  disarmAll(run: Run): void {
    const hs = run.handles;
    if (!hs) return;
    run.handles = undefined;
    if (hs instanceof Map) for (const h of hs.values()) h.cancel();
    else for (let i = 1; i < hs.length; i += 2) (hs[i] as TimerHandle).cancel();
  }

  private fire(runId: string, key: string, kind: TimerKind, arg: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    if (key) takeHandle(run, key);
    const handler = this.timerHandlers.get(kind);
    if (!handler) return;
    try {
      this.update(run, (tx) => handler(tx, arg));
    } catch (err) {
      this.log.error(`timer ${kind} failed`, (err as Error)?.stack ?? String(err));
    }
  }

  // ---- time-skipping locks (no-ops on the wall clock) ----

  lock(reason: string): void {
    this.clock.hold(reason);
  }

  unlock(reason: string): void {
    try {
      this.clock.release(reason);
    } catch (err) {
      this.log.warn('unbalanced unlock', reason, (err as Error).message);
    }
  }

  close(): void {
    this.closed = true;
    for (const run of this.runs.values()) this.disarmAll(run);
    this.matching.closeAll();
    for (const set of this.watchers.values()) for (const w of set) w();
  }
}

/** Few timers per run: a flat [key, handle, …] array; many (timer storms): a Map. */
const SMALL_HANDLES = 16;

function setHandle(run: Run, key: string, h: TimerHandle): void {
  const hs = run.handles;
  if (!hs) {
    run.handles = [key, h];
  } else if (hs instanceof Map) {
    hs.set(key, h);
  } else if (hs.length >= SMALL_HANDLES * 2) {
    const m = new Map<string, TimerHandle>();
    for (let i = 0; i < hs.length; i += 2) m.set(hs[i] as string, hs[i + 1] as TimerHandle);
    m.set(key, h);
    run.handles = m;
  } else {
    hs.push(key, h);
  }
}

function takeHandle(run: Run, key: string): TimerHandle | undefined {
  const hs = run.handles;
  if (!hs) return undefined;
  if (hs instanceof Map) {
    const h = hs.get(key);
    if (h) hs.delete(key);
    if (hs.size === 0) run.handles = undefined;
    return h;
  }
  for (let i = 0; i < hs.length; i += 2) {
    if (hs[i] === key) {
      const h = hs[i + 1] as TimerHandle;
      hs.splice(i, 2);
      if (hs.length === 0) run.handles = undefined;
      return h;
    }
  }
  return undefined;
}
