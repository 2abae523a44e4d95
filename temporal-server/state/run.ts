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
  buffered: PendingEvent[];
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
