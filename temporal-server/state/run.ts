import type { ClockEntry, TimerHandle } from '../clock/clock';
import type { HistoryLog } from '../history/history-log';
import type { PendingEvent } from '../history/events';
import type { KeyedSet } from './small-map';
import { flatString, intern, internString } from './intern';
import type { Failure, PayloadMap, Payloads, RetryPolicy, UpdateOutcome, UpdateRequest } from '../proto/wire';

export type RunStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'TERMINATED' | 'CONTINUED_AS_NEW' | 'TIMED_OUT';

export interface WftSlot {
  state: 'NONE' | 'SCHEDULED' | 'STARTED';
  scheduledEventId: number;
  startedEventId: number;
  attempt: number;
  /** Queue the current task was offered to (sticky or normal). */
  queue: string;
  sticky: boolean;
  /** Bumped on every (re)offer so stale queue entries are recognised. */
  gen: number;
  scheduledTime: number;
  startedTime: number;
  /** Set when attached queries must be answered by this task. */
  locked: boolean;
}

export interface RetryPolicyMs {
  initialMs: number;
  coefficient: number;
  maxIntervalMs: number;
  maxAttempts: number;
  nonRetryable: string[];
}

export interface ActivityState {
  seid: number;
  activityId: string;
  typeName: string;
  taskQueue: string;
  /** `NEW` only inside the mutation that schedules it (see machines/transitions.ts). */
  state: 'NEW' | 'SCHEDULED' | 'STARTED' | 'BACKOFF';
  attempt: number;
  scheduledTime: number;
  attemptScheduledTime: number;
  startedTime?: number;
  identity?: string;
  requestId?: string;
  s2sMs?: number;
  s2cMs?: number;
  stcMs?: number;
  hbMs?: number;
  retry?: RetryPolicyMs;
  heartbeatDetails?: Payloads;
  lastHeartbeatTime?: number;
  lastFailure?: Failure;
  cancelRequestedEventId?: number;
  /** Absolute deadlines of the armed timers (re-armed from these after a restart). */
  s2cAt?: number;
  s2sAt?: number;
  stcAt?: number;
  hbAt?: number;
  backoffAt?: number;
  locked: boolean;
}

/**
 * A user timer. It is its own clock entry (no handle, no closure): an idle workflow usually keeps
 * exactly one of these for days. `key` is the timer id.
 */
export interface TimerState extends ClockEntry {
  readonly key: string;
  readonly startedEventId: number;
}

export interface ChildState {
  initiatedEventId: number;
  workflowId: string;
  ns: string;
  typeName: string;
  runId?: string;
  startedEventId?: number;
  parentClosePolicy?: string;
  locked: boolean;
}

export interface UpdateState {
  id: string;
  request: UpdateRequest;
  stage: 'ADMITTED' | 'SENT' | 'ACCEPTED' | 'COMPLETED';
  acceptedEventId?: number;
  outcome?: UpdateOutcome;
  rejected?: boolean;
}

export interface ParentRef {
  ns: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
}

/** Mutable state of one run. Changed only inside `Engine.update`. */
export interface Run {
  ns: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  typeName: string;
  taskQueue: string;
  startTime: number;
  executionTime: number;
  closeTime?: number;
  status: RunStatus;
  attempt: number;
  wftTimeoutMs: number;
  runTimeoutMs?: number;
  execTimeoutMs?: number;
  expirationTime?: number;
  runDeadline?: number;
  startBackoffAt?: number;
  retryPolicy?: RetryPolicy;
  cron?: string;
  parent?: ParentRef;
  root?: { workflowId: string; runId: string };
  startRequestId: string;
  requestIds?: string[];
  memo?: PayloadMap;
  sa?: PayloadMap;
  history: HistoryLog;
  wft: WftSlot;
  lastCompletedStartedEventId: number;
  needsNewTask: boolean;
  /** Events waiting for the started task to finish; undefined when empty. */
  buffered?: PendingEvent[];
  sticky?: { queue: string; s2sMs: number };
  activities?: Map<number, ActivityState>;
  timers?: KeyedSet<TimerState>;
  children?: Map<number, ChildState>;
  updates?: Map<string, UpdateState>;
  cancelRequested?: boolean;
  closeEventId?: number;
  newRunId?: string;
  buildIds?: string[];
  binaryChecksums?: string[];
  /** Armed clock timers; never persisted. */
  handles?: Map<string, TimerHandle> | (string | TimerHandle)[];
  /** Whether this run holds a time-skipping lock for its workflow task. */
  locked?: boolean;
}

export const isOpen = (run: Run) => run.status === 'RUNNING';

export const STATUS_ENUM: Record<RunStatus, string> = {
  RUNNING: 'WORKFLOW_EXECUTION_STATUS_RUNNING',
  COMPLETED: 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
  FAILED: 'WORKFLOW_EXECUTION_STATUS_FAILED',
  CANCELED: 'WORKFLOW_EXECUTION_STATUS_CANCELED',
  TERMINATED: 'WORKFLOW_EXECUTION_STATUS_TERMINATED',
  CONTINUED_AS_NEW: 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW',
  TIMED_OUT: 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT',
};

/** Names used by visibility (`ExecutionStatus = 'Running'`). */
export const STATUS_NAME: Record<RunStatus, string> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELED: 'Canceled',
  TERMINATED: 'Terminated',
  CONTINUED_AS_NEW: 'ContinuedAsNew',
  TIMED_OUT: 'TimedOut',
};

/**
 * Fields most runs never set. They live in a side object created on first write (and dropped when
 * all are unset again), so an idle run pays one pointer for all of them instead of a slot each
 * (memory per idle workflow, issue #3).
 */
const COLD_FIELDS = [
  'runTimeoutMs', 'execTimeoutMs', 'expirationTime', 'runDeadline', 'startBackoffAt', 'retryPolicy', 'cron', 'parent', 'root',
  'requestIds', 'memo', 'sa', 'closeTime', 'activities', 'children', 'updates', 'cancelRequested', 'closeEventId', 'newRunId',
  'offsets', 'buffered', 'handles', 'base', 'baseLen',
] as const;

/** Cold fields that describe what of the history is in memory, not the run's state: never snapshotted. */
const MEMORY_ONLY_FIELDS: ReadonlySet<string> = new Set(['offsets', 'base', 'baseLen']);

/** Cold fields that, when unset, read as another field: most runs are their chain's first run and start without delay. */
const DEFAULTED_FIELDS = [
  ['firstRunId', 'runId'],
  ['executionTime', 'startTime'],
] as const;

/** Cold fields that, when unset, read as the value nearly every run has (first attempt, default task timeout, no task owed). */
const CONSTANT_DEFAULT_FIELDS = [
  ['attempt', 1],
  ['wftTimeoutMs', 10_000],
  ['needsNewTask', false],
] as const;

const HOT_FIELDS = [
  'ns', 'workflowId', 'runId', 'firstRunId', 'typeName', 'taskQueue', 'startTime', 'executionTime', 'status', 'attempt',
  'wftTimeoutMs', 'startRequestId', 'wft', 'lastCompletedStartedEventId', 'needsNewTask', 'sticky',
  'timers', 'buildIds', 'binaryChecksums', 'locked',
] as const;

/**
 * The workflow-task slot of an idle run (no task, attempt 1) as readers see it. An idle run keeps
 * only its generation counter (a small integer, no object); `ownWft` gives writers a real slot.
 * Frozen, so a write that skipped `ownWft` throws instead of changing every idle run.
 */
const IDLE_WFT: WftSlot = Object.freeze({
  state: 'NONE', scheduledEventId: 0, startedEventId: 0, attempt: 1, queue: '', sticky: false, gen: 0, scheduledTime: 0, startedTime: 0, locked: false,
});

const isIdleSlot = (w: WftSlot) => w.state === 'NONE' && w.attempt === 1 && !w.locked;

/**
 * Start request ids are kept for the life of the run (start dedupe) and are nearly always UUIDs:
 * a canonical lowercase UUID is kept as a tag plus its 16 bytes (40 B instead of 56 B); anything
 * else as a tag plus the id.
 */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PACKED = '\u0001'; // = byte 1, written by packRequestId
const VERBATIM = '\u0000';

function packRequestId(id: string): string {
  if (typeof id !== 'string') id = String(id ?? '');
  if (!UUID_RE.test(id)) return flatString(VERBATIM + id);
  // Built as one buffer: a concatenation would be a rope (cons string) costing more than it saves.
  const b = Buffer.allocUnsafe(17);
  b[0] = 1;
  b.write(id.replace(/-/g, ''), 1, 'hex');
  return b.toString('latin1');
}

function unpackRequestId(p: string): string {
  if (p[0] !== PACKED) return p.slice(1);
  const h = Buffer.from(p.slice(1), 'latin1').toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Build-id / binary-checksum lists share one interned holder: every run of one worker build has the same. */
interface Versions {
  readonly buildIds?: string[];
  readonly binaryChecksums?: string[];
}

function versions(buildIds: string[] | undefined, binaryChecksums: string[] | undefined): Versions | undefined {
  if (!buildIds && !binaryChecksums) return undefined;
  return intern(`ver\u0000${JSON.stringify([buildIds ?? null, binaryChecksums ?? null])}`, () => Object.freeze({ buildIds, binaryChecksums }));
}

// Explicit assignments (not a loop) so V8 sizes the object for all hot fields in-object.
class RunRecord {
  ns: unknown;
  workflowId: unknown;
  runId: unknown;
  typeName: unknown;
  taskQueue: unknown;
  startTime: unknown;
  status: unknown;
  /** The start request id, packed (see packRequestId). */
  rq: string;
  data: unknown;
  count: unknown;
  /** The workflow-task slot, or the generation counter of an idle slot (see IDLE_WFT). */
  w: WftSlot | number;
  lastCompletedStartedEventId: unknown;
  sticky: unknown;
  timers: unknown;
  ver: Versions | undefined;
  c: Record<string, unknown> | undefined;
  constructor(init: Record<string, unknown>) {
    this.ns = internString(init.ns as string);
    this.workflowId = init.workflowId;
    this.runId = init.runId;
    this.typeName = init.typeName;
    this.taskQueue = init.taskQueue;
    this.startTime = init.startTime;
    this.status = init.status;
    this.rq = packRequestId(init.startRequestId as string);
    const h = init.history as HistoryLog;
    this.data = h.data;
    this.count = h.count;
    const w = init.wft as WftSlot;
    this.w = isIdleSlot(w) ? w.gen : w;
    this.lastCompletedStartedEventId = init.lastCompletedStartedEventId;
    this.sticky = init.sticky;
    this.timers = init.timers;
    this.ver = versions(init.buildIds as string[] | undefined, init.binaryChecksums as string[] | undefined);
    this.c = undefined;
    const self = this as unknown as Record<string, unknown>;
    // Before `len`: a cold history's length counts the events left out of memory.
    if (h.base) {
      self.base = h.base;
      self.baseLen = h.baseLen;
    }
    self.len = h.len;
    if (init.locked !== undefined) self.locked = init.locked;
    for (const k of COLD_FIELDS) if (init[k] !== undefined && !MEMORY_ONLY_FIELDS.has(k)) self[k] = init[k];
    if (h.offsets !== undefined) self.offsets = h.offsets;
    for (const [k] of DEFAULTED_FIELDS) if (init[k] !== undefined) self[k] = init[k];
    for (const [k] of CONSTANT_DEFAULT_FIELDS) if (init[k] !== undefined) self[k] = init[k];
  }
}

function defineAccessor<V>(k: string, get: (this: RunRecord) => V, set: (this: RunRecord, v: V) => void): void {
  Object.defineProperty(RunRecord.prototype, k, { get, set, enumerable: false, configurable: true });
}

// The record is its own HistoryLog: one object less per run.
Object.defineProperty(RunRecord.prototype, 'history', {
  get(this: RunRecord) {
    return this;
  },
  enumerable: false,
  configurable: true,
});

function setCold(r: RunRecord, k: string, v: unknown): void {
  if (v !== undefined) {
    (r.c ??= {})[k] = v;
    return;
  }
  const c = r.c;
  if (!c || c[k] === undefined) return;
  c[k] = undefined;
  for (const key in c) if (c[key] !== undefined) return;
  r.c = undefined;
}

for (const k of COLD_FIELDS) {
  defineAccessor(k, function () {
    return this.c?.[k];
  }, function (v) {
    setCold(this, k, v);
  });
}

for (const [k, fallback] of DEFAULTED_FIELDS) {
  defineAccessor(k, function () {
    return this.c?.[k] ?? (this as unknown as Record<string, unknown>)[fallback];
  }, function (v) {
    setCold(this, k, v === (this as unknown as Record<string, unknown>)[fallback] ? undefined : v);
  });
}

for (const [k, value] of CONSTANT_DEFAULT_FIELDS) {
  defineAccessor(k, function () {
    return this.c?.[k] ?? value;
  }, function (v) {
    setCold(this, k, v === value ? undefined : v);
  });
}

// A small history is a latin1 string whose length is its byte size (plus what a cold history left
// out of memory); only a Buffer needs `len` kept.
defineAccessor('len', function () {
  const d = this.data;
  return typeof d === 'string' ? d.length + ((this.c?.baseLen as number | undefined) ?? 0) : ((this.c?.len as number | undefined) ?? 0);
}, function (v: number) {
  const d = this.data;
  setCold(this, 'len', typeof d === 'string' && v === d.length + ((this.c?.baseLen as number | undefined) ?? 0) ? undefined : v);
});

defineAccessor('startRequestId', function () {
  return unpackRequestId(this.rq);
}, function (v: string) {
  this.rq = packRequestId(v);
});

defineAccessor('wft', function () {
  return typeof this.w === 'number' ? IDLE_WFT : this.w;
}, function (v: WftSlot) {
  this.w = isIdleSlot(v) ? v.gen : v;
});

// The run holds its time-skipping lock exactly while it has a workflow task, so the flag lives in the slot.
defineAccessor('locked', function () {
  return typeof this.w === 'number' ? false : this.w.locked;
}, function (v: boolean) {
  if (typeof this.w !== 'number') this.w.locked = !!v;
  else if (v) ownWft(this as unknown as Run).locked = true;
});

defineAccessor('buildIds', function () {
  return this.ver?.buildIds;
}, function (v: string[] | undefined) {
  this.ver = versions(v, this.ver?.binaryChecksums);
});

defineAccessor('binaryChecksums', function () {
  return this.ver?.binaryChecksums;
}, function (v: string[] | undefined) {
  this.ver = versions(this.ver?.buildIds, v);
});

/** The run's workflow-task slot, ready for writes (an idle run gets its own object back). */
export function ownWft(run: Run): WftSlot {
  const r = run as unknown as RunRecord;
  const w = r.w;
  if (typeof w !== 'number') return w;
  const slot: WftSlot = { state: 'NONE', scheduledEventId: 0, startedEventId: 0, attempt: 1, queue: '', sticky: false, gen: w, scheduledTime: 0, startedTime: 0, locked: false };
  r.w = slot;
  return slot;
}

/** Drops the slot object once the run is idle again (no task, attempt 1); only the generation is kept. */
export function settleWft(run: Run): void {
  const r = run as unknown as RunRecord;
  const w = r.w;
  if (typeof w !== 'number' && isIdleSlot(w)) r.w = w.gen;
}

export function makeRun(init: Run): Run {
  return new RunRecord(init as unknown as Record<string, unknown>) as unknown as Run;
}

/** Every field (hot and cold) as a plain object, for snapshots. */
export function runFields(run: Run): Record<string, unknown> {
  const r = run as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of HOT_FIELDS) out[k] = r[k];
  for (const k of COLD_FIELDS) if (!MEMORY_ONLY_FIELDS.has(k)) out[k] = r[k];
  const w = (run as unknown as RunRecord).w;
  if (typeof w === 'number') out.wft = { ...IDLE_WFT, gen: w };
  out.history = run.history;
  return out;
}
