import postgres from 'postgres';
import type { HistoryNode, NamespaceRow, RunRow, StartState, StoreBatch, StoredRun, TemporalStore } from './store';
import type { RunStatus } from '../state/run';
import type { SaType } from '../state/search-attributes';

export interface PostgresStoreOptions {
  url: string;
  /** Schema for the server's tables (default `temporal`), beside the application's own. */
  schema?: string;
}

/** Another engine holds the store: two engines on one store would run every timer and task twice. */
export class StoreInUseError extends Error {
  override name = 'StoreInUseError';
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;


/** Rows per multi-row INSERT: PostgreSQL takes at most 65,535 parameters per statement. */
const CHUNK = 4_000;

/**
 * One engine per database: a session-level advisory lock on a reserved connection, held while the
 * store is open. The key is derived from the schema name, so two schemas can hold two engines.
 */
async function takeEngineLock(sql: postgres.Sql, schema: string): Promise<postgres.ReservedSql> {
  const reserved = await sql.reserve();
  const [row] = await reserved<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtext(${'temporal-engine:' + schema})) as ok`;
  if (!row?.ok) {
    reserved.release();
    throw new StoreInUseError(
      `another embedded Temporal server already uses schema "${schema}" of this database; stop it first, or run a Temporal cluster (TEMPORAL_ADDRESS) to scale out`,
    );
  }
  return reserved;
}

async function migrate(sql: postgres.Sql, schema: string): Promise<void> {
  const s = sql(schema);
  await sql.begin(async (tx) => {
    // Serialises concurrent first starts on one database (the engine lock is per schema, taken after this).
    await tx`select pg_advisory_xact_lock(hashtext(${'temporal-migrate:' + schema}))`;
    await tx`create schema if not exists ${s}`;
    await tx`create table if not exists ${s}.namespaces (
      name text primary key,
      id text not null,
      retention_ms bigint not null
    )`;
    await tx`create table if not exists ${s}.search_attributes (
      ns text primary key,
      custom text not null
    )`;
    await tx`create table if not exists ${s}.executions (
      run_id text primary key,
      ns text not null,
      workflow_id text not null,
      status text not null,
      start_time bigint not null,
      close_time bigint,
      history_count integer not null,
      history_bytes integer not null,
      state text not null
    )`;
    await tx`create index if not exists executions_workflow on ${s}.executions (ns, workflow_id)`;
    await tx`create index if not exists executions_open on ${s}.executions (run_id) where status = 'RUNNING'`;
    await tx`create index if not exists executions_closed on ${s}.executions (ns, close_time) where close_time is not null`;
    await tx`create table if not exists ${s}.history_node (
      run_id text not null references ${s}.executions (run_id) on delete cascade,
      first_event_id integer not null,
      data bytea not null,
      primary key (run_id, first_event_id)
    )`;
  });
}

interface RawRunRow {
  run_id: string;
  ns: string;
  workflow_id: string;
  status: string;
  start_time: string;
  close_time: string | null;
  history_count: number;
  history_bytes: number;
  state: string;
}

function fromRaw(r: RawRunRow): RunRow {
  return {
    runId: r.run_id,
    ns: r.ns,
    workflowId: r.workflow_id,
    status: r.status as RunStatus,
    startTime: Number(r.start_time),
    closeTime: r.close_time === null ? null : Number(r.close_time),
    historyCount: r.history_count,
    historyBytes: r.history_bytes,
    state: r.state,
  };
}

class PostgresStore implements TemporalStore {
  readonly describe: string;
  private readonly s: postgres.Helper<string>;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly lock: postgres.ReservedSql,
    schema: string,
  ) {
    this.s = sql(schema);
    this.describe = `PostgreSQL schema "${schema}"`;
  }

  async loadForStart(): Promise<StartState> {
    const { sql, s } = this;
    const namespaces = (await sql<{ name: string; id: string; retention_ms: string }[]>`select name, id, retention_ms from ${s}.namespaces`).map(
      (r): NamespaceRow => ({ name: r.name, id: r.id, retentionMs: Number(r.retention_ms) }),
    );
    const searchAttributes = (await sql<{ ns: string; custom: string }[]>`select ns, custom from ${s}.search_attributes`).map((r) => ({
      ns: r.ns,
      custom: JSON.parse(r.custom) as Record<string, SaType>,
    }));
    return { namespaces, searchAttributes, openRuns: this.openRuns() };
  }

  /** Open runs in pages, so a start never holds one huge result; histories are read when needed. */
  private async *openRuns(): AsyncIterable<StoredRun> {
    const { sql, s } = this;
    let after = '';
    for (;;) {
      const rows = (await sql<RawRunRow[]>`select * from ${s}.executions where status = 'RUNNING' and run_id > ${after} order by run_id limit 1000`).map(fromRaw);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.runId;
      for (const row of rows) yield { row };
    }
  }

  async historyOf(runId: string, upToEventId: number): Promise<Buffer> {
    const { sql, s } = this;
    const nodes = await sql<{ data: Buffer }[]>`select data from ${s}.history_node where run_id = ${runId} and first_event_id <= ${upToEventId} order by first_event_id`;
    return nodes.length === 1 ? nodes[0]!.data : Buffer.concat(nodes.map((n) => n.data));
  }

  private async histories(runIds: string[]): Promise<Map<string, Buffer>> {
    const { sql, s } = this;
    const parts = new Map<string, Buffer[]>();
    if (runIds.length === 0) return new Map();
    const nodes = await sql<{ run_id: string; data: Buffer }[]>`select run_id, data from ${s}.history_node where run_id = any(${runIds}) order by run_id, first_event_id`;
    for (const n of nodes) {
      let list = parts.get(n.run_id);
      if (!list) parts.set(n.run_id, (list = []));
      list.push(n.data);
    }
    const out = new Map<string, Buffer>();
    for (const [id, list] of parts) out.set(id, list.length === 1 ? list[0]! : Buffer.concat(list));
    return out;
  }

  async write(batch: StoreBatch): Promise<void> {
    const { sql, s } = this;
    const runs = batch.runs.map((r) => ({
      run_id: r.runId,
      ns: r.ns,
      workflow_id: r.workflowId,
      status: r.status,
      start_time: r.startTime,
      close_time: r.closeTime,
      history_count: r.historyCount,
      history_bytes: r.historyBytes,
      state: r.state,
    }));
    const nodes = batch.history.map((h: HistoryNode) => ({ run_id: h.runId, first_event_id: h.firstEventId, data: h.data }));
    // The common batch (run states and their new history nodes): both statements pipelined in one
    // transaction, so the commit costs about one round trip. Namespace changes and large batches take the long way.
    if (batch.namespaces.length === 0 && batch.searchAttributes.length === 0 && runs.length <= CHUNK && nodes.length <= CHUNK) {
      await sql.begin((tx) => {
        const statements = [];
        if (runs.length > 0) {
          statements.push(tx`insert into ${s}.executions ${tx(runs)} on conflict (run_id) do update set status = excluded.status, close_time = excluded.close_time,
            history_count = excluded.history_count, history_bytes = excluded.history_bytes, state = excluded.state`);
        }
        if (nodes.length > 0) statements.push(tx`insert into ${s}.history_node ${tx(nodes)} on conflict do nothing`);
        return statements;
      });
      return;
    }
    await sql.begin(async (tx) => {
      for (const n of batch.namespaces) {
        await tx`insert into ${s}.namespaces (name, id, retention_ms) values (${n.name}, ${n.id}, ${n.retentionMs})
          on conflict (name) do update set id = excluded.id, retention_ms = excluded.retention_ms`;
      }
      for (const a of batch.searchAttributes) {
        await tx`insert into ${s}.search_attributes (ns, custom) values (${a.ns}, ${JSON.stringify(a.custom)})
          on conflict (ns) do update set custom = excluded.custom`;
      }
      for (let i = 0; i < runs.length; i += CHUNK) await tx`insert into ${s}.executions ${tx(runs.slice(i, i + CHUNK))} on conflict (run_id) do update set status = excluded.status, close_time = excluded.close_time,
            history_count = excluded.history_count, history_bytes = excluded.history_bytes, state = excluded.state`;
      // A node that is already there is the same commit written again (a retried batch).
      for (let i = 0; i < nodes.length; i += CHUNK) await tx`insert into ${s}.history_node ${tx(nodes.slice(i, i + CHUNK))} on conflict do nothing`;
    });
  }

  async runsOfWorkflow(ns: string, workflowId: string): Promise<StoredRun[]> {
    const { sql, s } = this;
    const rows = (await sql<RawRunRow[]>`select * from ${s}.executions where ns = ${ns} and workflow_id = ${workflowId} order by start_time, run_id`).map(fromRaw);
    const histories = await this.histories(rows.map((r) => r.runId));
    return rows.map((row) => ({ row, history: histories.get(row.runId) ?? Buffer.alloc(0) }));
  }

  async closedRuns(ns: string): Promise<RunRow[]> {
    const { sql, s } = this;
    return (await sql<RawRunRow[]>`select * from ${s}.executions where ns = ${ns} and close_time is not null`).map(fromRaw);
  }

  async deleteClosedBefore(ns: string, cutoffMs: number): Promise<string[]> {
    const { sql, s } = this;
    const rows = await sql<{ run_id: string }[]>`delete from ${s}.executions where ns = ${ns} and close_time is not null and close_time < ${cutoffMs} returning run_id`;
    return rows.map((r) => r.run_id);
  }

  async isEmpty(): Promise<boolean> {
    const { sql, s } = this;
    const [row] = await sql<{ n: number }[]>`select (select count(*) from ${s}.executions)::int + (select count(*) from ${s}.namespaces)::int as n`;
    return (row?.n ?? 0) === 0;
  }

  async close(): Promise<void> {
    this.lock.release();
    await this.sql.end({ timeout: 5 });
  }
}

export async function openPostgresStore(opts: PostgresStoreOptions): Promise<TemporalStore> {
  const schema = opts.schema ?? 'temporal';
  if (!SCHEMA_RE.test(schema)) throw new Error(`invalid schema name '${schema}'`);
  const sql = postgres(opts.url, {
    max: 4,
    onnotice: () => {},
    // Connections opened by the writer stay: a commit must not wait for a new connection.
    idle_timeout: 0,
    connection: { application_name: 'embedded-temporal' },
  });
  try {
    await migrate(sql, schema);
    const lock = await takeEngineLock(sql, schema);
    return new PostgresStore(sql, lock, schema);
  } catch (err) {
    await sql.end({ timeout: 1 });
    throw err;
  }
}
