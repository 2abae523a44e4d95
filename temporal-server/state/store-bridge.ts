import type { Engine } from './engine';
import { isOpen, type Run } from './run';
import { decodeSnapshot, restore, runRow } from './snapshot';
import { rearmRun } from '../machines/restore';
import { coolHistory, isWarm, warmHistory } from '../history/history-log';
import type { HistoryNode, NamespaceRow, StoreBatch, StoredRun, TemporalStore } from '../persistence/store';
import type { SaType } from './search-attributes';
import type { WorkflowExecution, WorkflowRequest } from '../proto/wire';

/**
 * The fields by which requests name runs. Requests of every service come in here; those that name runs
 * use these fields with these proto types, the others do not have them.
 */
interface NamingRequest {
  namespace?: string;
  workflowExecution?: WorkflowExecution;
  execution?: WorkflowExecution;
  updateRef?: { workflowExecution?: WorkflowExecution };
  workflowId?: string;
  runId?: string;
  operations?: WorkflowRequest<'ExecuteMultiOperation'>['operations'];
}

export interface StoreBridgeOptions {
  /** Closed runs kept in memory after their last write; older ones are read back on demand. */
  closedCache?: { maxRuns: number; maxHistoryBytes: number };
  /**
   * Bytes of open runs' histories kept in memory; beyond it the histories of runs idle for
   * `minIdleMs` leave memory (their state stays) and are read back when a task or a reader needs them.
   */
  openHistoryBytes?: number;
  minIdleMs?: number;
  /** How often closed runs past their namespace's retention are deleted. */
  retentionSweepMs?: number;
}

/**
 * The engine's link to a durable store. Mutations stay synchronous in memory; every commit marks
 * its run dirty and queues its new history node, and one writer turns everything queued since its
 * previous transaction into the next one (group commit). `barrier()` is what the gRPC front awaits
 * before it answers, so nothing is acknowledged before the transaction holding it has committed.
 */
export interface StoreBridge {
  /** Resolves once everything committed so far is durable; null when nothing is waiting. */
  barrier(): Promise<void> | null;
  /** Reads back the closed runs a request names that are not in memory; null when none need it. */
  prepare(req: unknown): Promise<void> | null;
  /** Closed runs of the namespace that are only in the store (visibility queries). */
  storedClosedRuns(ns: string): Promise<Run[]>;
  /** Deletes closed runs past retention as of `now` (default: the clock's now; also done every `retentionSweepMs`). */
  sweepRetention(now?: number): Promise<number>;
  close(): Promise<void>;
}

interface Queue {
  runs: Map<string, Run>;
  history: HistoryNode[];
  namespaces: Map<string, NamespaceRow>;
  searchAttributes: Set<string>;
}

const newQueue = (): Queue => ({ runs: new Map(), history: [], namespaces: new Map(), searchAttributes: new Set() });
const DEFAULT_CACHE = { maxRuns: 2_000, maxHistoryBytes: 64 * 1024 * 1024 };
const DEFAULT_OPEN_HISTORY_BYTES = 32 * 1024 * 1024;
const DEFAULT_MIN_IDLE_MS = 5_000;
const RETRY_MAX_MS = 5_000;

export async function attachStore(engine: Engine, store: TemporalStore, opts: StoreBridgeOptions = {}): Promise<StoreBridge> {
  const cache = opts.closedCache ?? DEFAULT_CACHE;
  const openBudget = opts.openHistoryBytes ?? DEFAULT_OPEN_HISTORY_BYTES;
  const minIdleMs = opts.minIdleMs ?? DEFAULT_MIN_IDLE_MS;
  const start = await store.loadForStart();
  for (const n of start.namespaces) engine.registerNamespace(n.name, n.id, n.retentionMs);
  for (const { ns, custom } of start.searchAttributes) applyRegistry(engine, ns, custom);
  const restored: Run[] = [];
  for await (const stored of start.openRuns) {
    const run = revive(stored);
    engine.registerNamespace(run.ns);
    engine.addRun(run);
    restored.push(run);
  }

  let queue = newQueue();
  let inflight: Queue | null = null;
  let seq = 0;
  let committed = 0;
  let writing = false;
  let closed = false;
  const waiters: { target: number; resolve: () => void }[] = [];
  /** Closed runs in memory, least recently used first, with their history size. */
  const lru = new Map<string, number>();
  let lruBytes = 0;
  const loading = new Map<string, Promise<void>>();
  /** Open runs whose history is in memory, least recently changed first: bytes held and when. */
  const warm = new Map<string, { bytes: number; at: number }>();
  let warmBytes = 0;
  const warming = new Map<string, Promise<void>>();

  const isDirty = (runId: string) => queue.runs.has(runId) || (inflight?.runs.has(runId) ?? false);
  const mark = () => {
    seq++;
    if (!writing) {
      writing = true;
      // setImmediate, not a microtask: every mutation of this turn of the event loop joins the batch.
      setImmediate(() => void writeLoop());
    }
  };

  const heldBytes = (run: Run) => run.history.len - (run.history.baseLen ?? 0);
  function noteWarm(run: Run): void {
    const old = warm.get(run.runId);
    if (old) {
      warm.delete(run.runId);
      warmBytes -= old.bytes;
    }
    if (!isOpen(run) || !isWarm(run.history)) return;
    const bytes = heldBytes(run);
    warm.set(run.runId, { bytes, at: engine.clock.wallNow() });
    warmBytes += bytes;
  }

  /** Reads a cold run's left-out events back (once at a time per run; again if it cooled meanwhile). */
  function warmRun(run: Run): Promise<void> {
    let p = warming.get(run.runId);
    if (!p) {
      p = (async () => {
        while (!isWarm(run.history)) {
          const base = run.history.base ?? 0;
          const bytes = await store.historyOf(run.runId, base);
          if (!isWarm(run.history) && (run.history.base ?? 0) === base && !warmHistory(run.history, bytes)) {
            throw new Error(`history of run ${run.runId} in the store does not match its state (${base} events expected)`);
          }
        }
        noteWarm(run);
      })().finally(() => warming.delete(run.runId));
      warming.set(run.runId, p);
    }
    return p;
  }
  engine.historyLoader = warmRun;

  /** Idle open runs leave their history to the store while more than the budget is held. */
  function cool(): void {
    if (warmBytes <= openBudget) return;
    const idleBefore = engine.clock.wallNow() - minIdleMs;
    for (const [runId, w] of warm) {
      if (warmBytes <= openBudget || w.at > idleBefore) return;
      const run = engine.runs.get(runId);
      if (isDirty(runId) || warming.has(runId)) continue;
      warm.delete(runId);
      warmBytes -= w.bytes;
      if (run && isOpen(run)) coolHistory(run.history);
    }
  }

  engine.sink = {
    onCommit(run, added, firstEventId) {
      queue.runs.set(run.runId, run);
      noteWarm(run);
      if (added && added.length > 0) queue.history.push({ runId: run.runId, firstEventId, data: Buffer.from(added) });
      mark();
    },
    onNamespace(name, id) {
      const n = engine.namespaces.get(name);
      queue.namespaces.set(name, { name, id, retentionMs: n!.retentionMs });
      mark();
    },
    onSearchAttributes(ns) {
      queue.searchAttributes.add(ns);
      mark();
    },
  };

  const toBatch = (q: Queue): StoreBatch => ({
    namespaces: [...q.namespaces.values()],
    searchAttributes: [...q.searchAttributes].map((ns) => ({ ns, custom: engine.searchAttributes.customOf(ns) })),
    // The state as it is now: later commits of this run in the same batch are already in it.
    runs: [...q.runs.values()].filter((r) => engine.runs.get(r.runId) === r).map(runRow),
    history: q.history,
  });

  async function writeLoop(): Promise<void> {
    while (committed < seq) {
      const q = queue;
      queue = newQueue();
      inflight = q;
      const target = seq;
      const batch = toBatch(q);
      for (let attempt = 0; ; attempt++) {
        try {
          await store.write(batch);
          break;
        } catch (err) {
          // Nothing in the batch is acknowledged yet; callers wait while the store is away.
          engine.log.error(`store write failed (attempt ${attempt + 1}), retrying`, (err as Error)?.message ?? String(err));
          await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, 50 * 2 ** attempt)));
        }
      }
      inflight = null;
      committed = target;
      while (waiters.length > 0 && waiters[0]!.target <= committed) waiters.shift()!.resolve();
      remember(q);
    }
    writing = false;
  }

  /** Closed runs just written join the cache; the least recently used leave memory. */
  function remember(q: Queue): void {
    for (const run of q.runs.values()) if (!isOpen(run) && engine.runs.get(run.runId) === run) touch(run);
    trim();
    cool();
  }

  function touch(run: Run): void {
    const old = lru.get(run.runId);
    if (old !== undefined) {
      lru.delete(run.runId);
      lruBytes -= old;
    }
    lru.set(run.runId, run.history.len);
    lruBytes += run.history.len;
  }

  function drop(runId: string): void {
    const old = lru.get(runId);
    if (old === undefined) return;
    lru.delete(runId);
    lruBytes -= old;
  }

  function trim(): void {
    for (const [runId] of lru) {
      if (lru.size <= cache.maxRuns && lruBytes <= cache.maxHistoryBytes) return;
      drop(runId);
      if (isDirty(runId)) continue; // comes back after its write
      for (const id of engine.evict(runId)) drop(id);
    }
  }

  function revive(stored: StoredRun): Run {
    const history = stored.history ?? { count: stored.row.historyCount, len: stored.row.historyBytes };
    return restore(engine, decodeSnapshot(stored.row), history);
  }

  async function load(ns: string, workflowId: string): Promise<void> {
    const stored = await store.runsOfWorkflow(ns, workflowId);
    for (const s of stored) {
      if (engine.runs.has(s.row.runId)) continue;
      const run = revive(s);
      engine.addStoredRun(run);
      if (isOpen(run)) rearmRun(engine, run);
      else touch(run);
    }
    trim();
  }

  function prepare(req: unknown): Promise<void> | null {
    if (typeof req !== 'object' || req === null) return null;
    const r = req as NamingRequest;
    const nsName = r.namespace || 'default';
    const ns = engine.namespaces.get(nsName);
    if (!ns) return null;
    let wait: Promise<void>[] | null = null;
    for (const ex of namedExecutions(r)) {
      const workflowId = ex.workflowId;
      if (!workflowId) continue;
      const ids = ns.executions.get(workflowId);
      if (ids !== undefined && (!ex.runId || engine.runs.has(ex.runId))) {
        const current = engine.currentRun(nsName, workflowId);
        if (current && lru.has(current.runId)) touch(current);
        continue;
      }
      const key = `${nsName}\u0000${workflowId}`;
      let p = loading.get(key);
      if (!p) {
        p = load(nsName, workflowId).finally(() => loading.delete(key));
        loading.set(key, p);
      }
      (wait ??= []).push(p);
    }
    if (!wait) return null;
    return wait.length === 1 ? wait[0]! : Promise.all(wait).then(() => undefined);
  }

  async function storedClosedRuns(nsName: string): Promise<Run[]> {
    const rows = await store.closedRuns(nsName);
    const out: Run[] = [];
    for (const row of rows) {
      if (engine.runs.has(row.runId)) continue;
      // Enough for visibility: state and history length, not the history itself.
      out.push(restore(engine, decodeSnapshot(row), { count: row.historyCount, len: row.historyBytes }));
    }
    return out;
  }

  async function sweepRetention(now = engine.clock.now()): Promise<number> {
    let deleted = 0;
    for (const ns of [...engine.namespaces.values()]) {
      const ids = await store.deleteClosedBefore(ns.name, now - ns.retentionMs);
      for (const id of ids) {
        drop(id);
        engine.forget(id);
      }
      deleted += ids.length;
    }
    return deleted;
  }

  const sweepMs = opts.retentionSweepMs ?? 60_000;
  const sweepTimer = setInterval(() => {
    sweepRetention().catch((err) => engine.log.error('retention sweep failed', (err as Error)?.message ?? String(err)));
  }, sweepMs);
  sweepTimer.unref();

  const barrier = (): Promise<void> | null => {
    if (committed >= seq) return null;
    const target = seq;
    return new Promise((resolve) => waiters.push({ target, resolve }));
  };

  // Namespaces and registries made before the store was attached (the defaults, CLI flags) are stored too.
  for (const n of engine.namespaces.values()) engine.sink.onNamespace!(n.name, n.id);
  for (const n of engine.namespaces.values()) engine.sink.onSearchAttributes!(n.name);
  for (const run of restored) rearmRun(engine, run);
  await barrier();

  return {
    barrier,
    prepare,
    storedClosedRuns,
    sweepRetention,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweepTimer);
      await barrier();
      await Promise.allSettled([...loading.values(), ...warming.values()]);
      await store.close();
    },
  };
}

/** Every (workflowId, runId) a request names, across the request shapes of the WorkflowService. */
function namedExecutions(r: NamingRequest): WorkflowExecution[] {
  const out: WorkflowExecution[] = [];
  if (r.workflowExecution) out.push(r.workflowExecution);
  if (r.execution) out.push(r.execution);
  if (r.updateRef?.workflowExecution) out.push(r.updateRef.workflowExecution);
  if (typeof r.workflowId === 'string') out.push({ workflowId: r.workflowId, runId: r.runId || undefined });
  if (Array.isArray(r.operations)) {
    for (const op of r.operations) {
      if (op?.startWorkflow?.workflowId) out.push({ workflowId: op.startWorkflow.workflowId });
      if (op?.updateWorkflow?.workflowExecution) out.push(op.updateWorkflow.workflowExecution);
    }
  }
  return out;
}

function applyRegistry(engine: Engine, ns: string, custom: Record<string, SaType>): void {
  engine.registerNamespace(ns);
  const reg = engine.searchAttributes.of(ns);
  for (const d of reg.list()) if (!d.system && !(d.name in custom)) reg.remove(d.name);
  for (const [name, type] of Object.entries(custom)) reg.add(name, type);
}
