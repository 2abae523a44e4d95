import type { RunStatus } from '../state/run';
import type { SaType } from '../state/search-attributes';

/**
 * What the engine keeps durable, shaped after Temporal's SQL persistence: namespaces, the
 * search-attribute registry, one row per run (its mutable state, like `executions`) and the run's
 * history as append-only nodes (like `history_node`). Timers and tasks are not tables of their own:
 * every armed timer and queued task follows from a run's state, and the engine re-arms them at start.
 */
export interface NamespaceRow {
  name: string;
  id: string;
  /** Closed runs are deleted this long after they closed. */
  retentionMs: number;
}

export interface RunRow {
  runId: string;
  ns: string;
  workflowId: string;
  status: RunStatus;
  startTime: number;
  closeTime: number | null;
  historyCount: number;
  historyBytes: number;
  /** The run's state without its history (see state/snapshot.ts), encoded. */
  state: string;
}

export interface HistoryNode {
  runId: string;
  /** Id of the first event in `data`; a node holds the events of one commit. */
  firstEventId: number;
  data: Buffer;
}

/** Everything committed since the previous batch; written in one transaction. */
export interface StoreBatch {
  namespaces: NamespaceRow[];
  searchAttributes: { ns: string; custom: Record<string, SaType> }[];
  runs: RunRow[];
  history: HistoryNode[];
}

export interface StoredRun {
  row: RunRow;
  /** The whole history; undefined when it was not read (open runs at start: read on demand). */
  history?: Buffer;
}

export interface StartState {
  namespaces: NamespaceRow[];
  searchAttributes: { ns: string; custom: Record<string, SaType> }[];
  /** Open runs without their histories: what a start needs to re-arm timers and re-queue tasks. */
  openRuns: AsyncIterable<StoredRun>;
}

export interface TemporalStore {
  readonly describe: string;
  loadForStart(): Promise<StartState>;
  /** One transaction; resolves once it is durable. */
  write(batch: StoreBatch): Promise<void>;
  /** Events 1..`upToEventId` of a run's history (whole nodes, as written). */
  historyOf(runId: string, upToEventId: number): Promise<Buffer>;
  /** Every stored run of one workflow id, oldest first, with histories. */
  runsOfWorkflow(ns: string, workflowId: string): Promise<StoredRun[]>;
  /** Rows (without history) of the namespace's closed runs, for visibility queries. */
  closedRuns(ns: string): Promise<RunRow[]>;
  /** Deletes runs of `ns` closed before `cutoffMs` with their histories; returns their ids. */
  deleteClosedBefore(ns: string, cutoffMs: number): Promise<string[]>;
  /** Whether anything at all is stored (an empty store may import a legacy journal). */
  isEmpty(): Promise<boolean>;
  close(): Promise<void>;
}

export const DEFAULT_RETENTION_MS = 30 * 24 * 3_600_000;
