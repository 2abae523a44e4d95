/**
 * Benchmarks of the embedded server's stores (issue #10): completed workflows/s on PostgreSQL and on
 * the --db-filename file beside the in-memory mode, each against the same run's GetSystemInfo rate;
 * and restart time and RSS against the number of stored runs. One embedded PostgreSQL (fsync on, as
 * in production) for the module; each server in a child process (bench/server-child.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded';
import { askerOf, fmt, freePort, median, runConcurrently, type Row, type ScenarioContext, type ScenarioModule } from './lib';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const CONCURRENCY = 64;
const N = {
  e2eWorkflows: Number(process.env.BENCH_STORE_E2E ?? 1_500),
  rpcs: Number(process.env.BENCH_STORE_RPCS ?? 2_000),
  restartSizes: (process.env.BENCH_RESTART_SIZES ?? '1000,5000,10000,50000').split(',').map(Number),
  openShare: 0.2,
  routeSteps: Number(process.env.BENCH_ROUTE_STEPS ?? 80),
};

let root: string;
let pg: EmbeddedPostgres;
let workflowBundle: { code: string };

interface Child {
  child: ChildProcess;
  address: string;
  startMs: number;
  /** Spawn to listening, node start-up included. */
  readyMs: number;
  stats: { runsInMemory: number; openRuns: number; coldRuns: number };
  ask<T = any>(type: 'mem' | 'cpu'): Promise<T>;
  stop(): Promise<void>;
}

async function spawnServer(store: string): Promise<Child> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'server-child.ts'), String(port), store], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    cwd: repoRoot,
  });
  const ready = await new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server child did not become ready in 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`server child exited with ${code}`)));
    child.on('message', (m: any) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
  const readyMs = performance.now() - t0;
  const ask = askerOf(child);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    address: ready.address,
    startMs: ready.startMs,
    readyMs,
    stats: ready.stats,
    ask,
    async stop() {
      child.send({ type: 'stop' });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** A client and a worker (this process) on a server. */
async function connect(address: string, activities: Record<string, (...a: any[]) => Promise<unknown>>, taskQueue = `bench-store-${randomUUID()}`) {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const native = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection: native, namespace: 'default', taskQueue, workflowBundle, activities, maxCachedWorkflows: 2_000 });
  const running = worker.run();
  return {
    client,
    taskQueue,
    async close() {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
      await native.close();
    },
  };
}

async function freshDatabase(name: string): Promise<string> {
  const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(pg.adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

// ------------------------------------------------------------------------------------------------

async function throughput(ctx: ScenarioContext): Promise<Row[]> {
  const modes: [string, () => Promise<string>][] = [
    ['memory', async () => 'memory'],
    ['PostgreSQL', async () => `postgres:${await freshDatabase('bench_e2e')}`],
    ['file', async () => `file:${path.join(root, `e2e-${randomUUID()}.db`)}`],
  ];
  const results: { mode: string; wfs: number; rpc: number; serverCpu: number }[] = [];
  for (const [mode, store] of modes) {
    const server = await spawnServer(await store());
    const c = await connect(server.address, { noop: async () => undefined });
    try {
      const batch = async (count: number, tag: string) => {
        const done: Promise<unknown>[] = [];
        const t0 = performance.now();
        await runConcurrently(count, CONCURRENCY, async (i) => {
          const h = await c.client.workflow.start('singleNoopActivityWorkflow', { taskQueue: c.taskQueue, workflowId: `e2e-${tag}-${i}-${randomUUID()}` });
          done.push(h.result());
        });
        await Promise.all(done);
        return (count / (performance.now() - t0)) * 1000;
      };
      const rpc = () => runConcurrently(N.rpcs, CONCURRENCY, () => c.client.workflowService.getSystemInfo({}));
      await batch(100, 'warmup');
      const before = await rpc();
      const cpu0 = await server.ask<{ userUs: number; systemUs: number }>('cpu');
      const t0 = performance.now();
      const wfs = await batch(N.e2eWorkflows, 'run');
      const elapsed = performance.now() - t0;
      const cpu1 = await server.ask<{ userUs: number; systemUs: number }>('cpu');
      const after = await rpc();
      const serverCpu = (cpu1.userUs + cpu1.systemUs - cpu0.userUs - cpu0.systemUs) / 1000 / elapsed;
      results.push({ mode, wfs, rpc: median([before.perSecond, after.perSecond]), serverCpu });
      ctx.log(`${mode}: ${fmt(wfs)} wf/s, GetSystemInfo ${fmt(before.perSecond)}/${fmt(after.perSecond)} per s, server CPU ${fmt(serverCpu * 100)}%`);
    } finally {
      await c.close();
      await server.stop();
    }
  }
  const memory = results.find((r) => r.mode === 'memory')!;
  return results.map((r) => ({
    scenario: 'S1 store throughput',
    metric: `workflows completed/s, ${r.mode} (1 no-op activity, ${N.e2eWorkflows} wf, c=${CONCURRENCY})`,
    subject: `${fmt(r.wfs)} wf/s`,
    baseline: r.mode === 'memory' ? `GetSystemInfo ${fmt(r.rpc)}/s` : `memory ${fmt(memory.wfs)} wf/s; GetSystemInfo ${fmt(r.rpc)}/s`,
    ratio: r.wfs / memory.wfs,
    target: r.mode === 'memory' ? undefined : '≥ 150 wf/s',
    pass: r.mode === 'memory' ? undefined : r.wfs >= 150,
    notes: `server process CPU ${fmt(r.serverCpu * 100)}% of one core; ratio = ÷ memory mode of the same run`,
  }));
}

/**
 * Stores of 1k…50k runs (80 % closed, 20 % open, each a copy of one real route run of the template
 * workflow), then a start on each: time to listening, RSS after GC, and three open copies driven to
 * completion by a worker to show they came back whole.
 */
async function restart(ctx: ScenarioContext): Promise<Row[]> {
  const url = await freshDatabase('bench_restart');
  // The templates: one closed and one open route, written by the real server and SDK.
  let server = await spawnServer(`postgres:${url}`);
  const empty = { readyMs: server.readyMs, startMs: server.startMs, rss: (await server.ask<{ rss: number }>('mem')).rss };
  let c = await connect(server.address, { step: async (s: string) => s.toUpperCase() });
  const routeQueue = c.taskQueue;
  const closedId = `tpl-closed-${randomUUID()}`;
  const openId = `tpl-open-${randomUUID()}`;
  await c.client.workflow.execute('routeWorkflow', { taskQueue: c.taskQueue, workflowId: closedId, args: [N.routeSteps, false] });
  const open = await c.client.workflow.start('routeWorkflow', { taskQueue: c.taskQueue, workflowId: openId, args: [N.routeSteps, true] });
  await waitFor(async () => (await open.describe()).historyLength > N.routeSteps * 6);
  await c.close();
  await server.stop();

  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const [tpl] = await sql<{ events: number; bytes: number }[]>`select history_count as events, history_bytes as bytes from temporal.executions where workflow_id = ${closedId}`;
  ctx.log(`template route: ${tpl!.events} events, ${fmt(tpl!.bytes / 1024, 1)} KiB of history`);
  const rows: Row[] = [];
  let closedMade = 0;
  let openMade = 0;
  try {
    for (const size of N.restartSizes) {
      const openCount = Math.round(size * N.openShare);
      const t0 = performance.now();
      await copies(sql, closedId, 'c', closedMade, size - openCount - closedMade);
      await copies(sql, openId, 'o', openMade, openCount - openMade);
      const newest = openMade;
      closedMade = size - openCount;
      openMade = openCount;
      await sql`vacuum analyze temporal.executions`;
      ctx.log(`store filled to ${size} runs in ${fmt((performance.now() - t0) / 1000, 1)} s`);
      server = await spawnServer(`postgres:${url}`);
      const mem = await server.ask<{ rss: number }>('mem');
      c = await connect(server.address, { step: async (s: string) => s.toUpperCase() }, routeQueue);
      // Three open copies finish (their histories are read back from the store and replayed).
      for (let k = 0; k < 3; k++) {
        const h = c.client.workflow.getHandle(`o-wf-${newest + Math.floor((k * (openCount - newest)) / 3)}`);
        await h.signal('stop');
        if ((await h.result()) !== N.routeSteps) throw new Error('an open copy did not complete');
      }
      await c.close();
      ctx.log(`${size} runs: listening after ${fmt(server.readyMs)} ms (engine ${fmt(server.startMs)} ms), RSS ${fmt(mem.rss / 2 ** 20)} MiB, ${server.stats.openRuns} open runs in memory`);
      rows.push({
        scenario: 'S2 restart',
        metric: `restart with ${size.toLocaleString('en-US')} stored runs (${openCount} open), ${tpl!.events}-event routes`,
        subject: `${fmt(server.readyMs / 1000, 2)} s to listening, RSS ${fmt(mem.rss / 2 ** 20)} MiB`,
        baseline: `empty store ${fmt(empty.readyMs / 1000, 2)} s, RSS ${fmt(empty.rss / 2 ** 20)} MiB`,
        ratio: server.readyMs / empty.readyMs,
        target: size === 5_000 ? '≤ 10 s, RSS ≤ 400 MiB' : undefined,
        pass: size === 5_000 ? server.readyMs <= 10_000 && mem.rss <= 400 * 2 ** 20 : undefined,
        notes: `engine load ${fmt(server.startMs)} ms; ${fmt((size * tpl!.bytes) / 2 ** 20)} MiB of history stored, none read at start; 3 open copies completed after it`,
      });
      await server.stop();
    }
  } finally {
    await sql.end();
  }
  return rows;
}

/** `count` copies of run `templateWorkflowId` named `<p>-wf-<i>` and `<p>-run-<i>`, i from `from`. */
async function copies(sql: postgres.Sql, templateWorkflowId: string, p: string, from: number, count: number): Promise<void> {
  const chunk = 5_000;
  for (let start = from; start < from + count; start += chunk) {
    const end = Math.min(from + count, start + chunk) - 1;
    await sql.begin(async (tx) => {
      await tx`
        insert into temporal.executions (run_id, ns, workflow_id, status, start_time, close_time, history_count, history_bytes, state)
        select ${p} || '-run-' || g, e.ns, ${p} || '-wf-' || g, e.status, e.start_time, e.close_time, e.history_count, e.history_bytes,
               replace(replace(e.state, e.run_id, ${p} || '-run-' || g), e.workflow_id, ${p} || '-wf-' || g)
        from temporal.executions e, generate_series(${start}::int, ${end}::int) g
        where e.workflow_id = ${templateWorkflowId}`;
      await tx`
        insert into temporal.history_node (run_id, first_event_id, data)
        select ${p} || '-run-' || g, h.first_event_id, h.data
        from temporal.history_node h join temporal.executions e on e.run_id = h.run_id, generate_series(${start}::int, ${end}::int) g
        where e.workflow_id = ${templateWorkflowId}`;
    });
  }
}

async function waitFor(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const storeBenchmarks: ScenarioModule = {
  name: 'store',
  async setup(ctx) {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // installed by another module
    }
    root = mkdtempSync(path.join(tmpdir(), 'werkroute-bench-store-'));
    const { chmodSync } = await import('node:fs');
    chmodSync(root, 0o755);
    pg = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres'), database: 'bench' });
    workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(here, 'workflows.ts'), logger: new DefaultLogger('WARN') });
    ctx.facts.storePostgres = 'embedded PostgreSQL 18, fsync on (production settings)';
  },
  scenarios: [
    { name: 'throughput', title: 'completed workflows/s per store vs memory and GetSystemInfo', run: throughput },
    { name: 'restart', title: 'restart time and RSS vs stored runs', run: restart },
  ],
  async teardown() {
    await pg?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  },
};
