import type { TimerHandle } from '../clock/clock';
import type { HistoryLog } from '../history/history-log';
import type { PendingEvent } from '../history/events';
import type { SmallMap } from './small-map';

export type Payloads = Record<string, any>;

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
  state: 'SCHEDULED' | 'STARTED' | 'BACKOFF';
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
  heartbeatDetails?: any;
  lastHeartbeatTime?: number;
  lastFailure?: any;
  cancelRequestedEventId?: number;
  /** Absolute deadlines of the armed timers (re-armed from these after a restart). */
  s2cAt?: number;
  s2sAt?: number;
  stcAt?: number;
  hbAt?: number;
  backoffAt?: number;
  locked: boolean;
}

export interface TimerState {
  startedEventId: number;
  at: number;
  /** Armed clock timer; never persisted. */
  h?: TimerHandle;
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
  request: any;
  stage: 'ADMITTED' | 'SENT' | 'ACCEPTED' | 'COMPLETED';
  acceptedEventId?: number;
  outcome?: any;
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
  retryPolicy?: any;
  cron?: string;
  parent?: ParentRef;
  root?: { workflowId: string; runId: string };
  startRequestId: string;
  requestIds?: string[];
  memo?: Payloads;
  sa?: Payloads;
  history: HistoryLog;
  wft: WftSlot;
  lastCompletedStartedEventId: number;
  needsNewTask: boolean;
  /** Events waiting for the started task to finish; undefined when empty. */
  buffered?: PendingEvent[];
  sticky?: { queue: string; s2sMs: number };
  activities?: Map<number, ActivityState>;
  timers?: SmallMap<TimerState>;
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
 * Fields most runs never set. They live in a side object created on first write, so an idle run
 * pays one pointer for all of them instead of a slot each (memory per idle workflow, issue #3).
 */
const COLD_FIELDS = [
  'runTimeoutMs', 'execTimeoutMs', 'expirationTime', 'runDeadline', 'startBackoffAt', 'retryPolicy', 'cron', 'parent', 'root',
  'requestIds', 'memo', 'sa', 'closeTime', 'activities', 'children', 'updates', 'cancelRequested', 'closeEventId', 'newRunId',
  'binaryChecksums',
] as const;

const HOT_FIELDS = [
  'ns', 'workflowId', 'runId', 'firstRunId', 'typeName', 'taskQueue', 'startTime', 'executionTime', 'status', 'attempt',
  'wftTimeoutMs', 'startRequestId', 'wft', 'lastCompletedStartedEventId', 'needsNewTask', 'buffered', 'sticky',
  'timers', 'buildIds', 'handles', 'locked',
] as const;

// Explicit assignments (not a loop) so V8 sizes the object for all hot fields in-object.
class RunRecord {
  ns: unknown;
  workflowId: unknown;
  runId: unknown;
  firstRunId: unknown;
  typeName: unknown;
  taskQueue: unknown;
  startTime: unknown;
  executionTime: unknown;
  status: unknown;
  attempt: unknown;
  wftTimeoutMs: unknown;
  startRequestId: unknown;
  data: unknown;
  len: unknown;
  count: unknown;
  offsets: unknown;
  wft: unknown;
  lastCompletedStartedEventId: unknown;
  needsNewTask: unknown;
  buffered: unknown;
  sticky: unknown;
  timers: unknown;
  buildIds: unknown;
  handles: unknown;
  locked: unknown;
  c: Record<string, unknown> | undefined;
  constructor(init: Record<string, unknown>) {
    this.ns = init.ns;
    this.workflowId = init.workflowId;
    this.runId = init.runId;
    this.firstRunId = init.firstRunId;
    this.typeName = init.typeName;
    this.taskQueue = init.taskQueue;
    this.startTime = init.startTime;
    this.executionTime = init.executionTime;
    this.status = init.status;
    this.attempt = init.attempt;
    this.wftTimeoutMs = init.wftTimeoutMs;
    this.startRequestId = init.startRequestId;
    const h = init.history as HistoryLog;
    this.data = h.data;
    this.len = h.len;
    this.count = h.count;
    this.offsets = h.offsets;
    this.wft = init.wft;
    this.lastCompletedStartedEventId = init.lastCompletedStartedEventId;
    this.needsNewTask = init.needsNewTask;
    this.buffered = init.buffered;
    this.sticky = init.sticky;
    this.timers = init.timers;
    this.buildIds = init.buildIds;
    this.handles = init.handles;
    this.locked = init.locked;
    this.c = undefined;
    const self = this as unknown as Record<string, unknown>;
    for (const k of COLD_FIELDS) if (init[k] !== undefined) self[k] = init[k];
  }
}

// The record is its own HistoryLog: one object less per run.
Object.defineProperty(RunRecord.prototype, 'history', {
  get(this: RunRecord) {
    return this;
  },
  enumerable: false,
  configurable: true,
});

for (const k of COLD_FIELDS) {
  Object.defineProperty(RunRecord.prototype, k, {
    get(this: RunRecord) {
      return this.c?.[k];
    },
    set(this: RunRecord, v: unknown) {
      if (v === undefined && !this.c) return;
      (this.c ??= {})[k] = v;
    },
    enumerable: false,
    configurable: true,
  });
}

export function makeRun(init: Run): Run {
  return new RunRecord(init as unknown as Record<string, unknown>) as unknown as Run;
}

/** Every field (hot and cold) as a plain object, for snapshots. */
export function runFields(run: Run): Record<string, unknown> {
  const r = run as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of HOT_FIELDS) out[k] = r[k];
  for (const k of COLD_FIELDS) out[k] = r[k];
  out.history = run.history;
  return out;
}
