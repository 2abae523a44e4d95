/**
 * Temporal benchmarks (issue #3; docs: style-and-performance-anchors.md Part 3, scenarios 2–5).
 * One server in a child process (`bench/server-child.ts`, --expose-gc); client and worker in this
 * process (BENCH_PIN=1 pins them to CPU 1 and the server to CPU 0 with taskset). Baseline and subject
 * alternate (B S B S B S) where that applies; ratios are medians of per-pair ratios.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import protoModule from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { askerOf, fmt, freePort, latencyStats, median, runConcurrently, type Row, type ScenarioContext, type ScenarioModule } from './lib';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const CONCURRENCY = 64;
const PAIRS = 3;
const N = {
  startsPerRound: Number(process.env.BENCH_STARTS ?? 2_000),
  e2eWorkflows: Number(process.env.BENCH_E2E ?? 1_000),
  updatesPerRound: Number(process.env.BENCH_UPDATES ?? 300),
  idleWorkflows: Number(process.env.BENCH_IDLE ?? 5_000),
  idleWarmup: Number(process.env.BENCH_IDLE_WARMUP ?? 500),
};

interface ServerHandle {
  child: ChildProcess;
  address: string;
  ask<T = any>(type: 'mem' | 'cpu'): Promise<T>;
}

let server: ServerHandle | undefined;
let connection: Connection;
let client: Client;
let nativeConnection: NativeConnection;
let workflowBundle: { code: string };
let worker: Worker | undefined;
let workerRun: Promise<void> | undefined;
const workerTaskQueue = `bench-worker-${randomUUID()}`;

const hasTaskset = () => spawnSync('taskset', ['-V']).status === 0;

async function startServerChild(ctx: ScenarioContext): Promise<ServerHandle> {
  const port = await freePort();
  // Pinning (server on CPU 0, client+worker on CPU 1) is opt-in: in the end-to-end scenario the
  // worker, not the server, is the busy side, and a single core for it halves its throughput.
  const pin = process.env.BENCH_PIN === '1' && hasTaskset() && (await import('node:os')).cpus().length >= 2;
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const nodeArgs = [...profile, '--expose-gc', '--import', 'tsx', path.join(here, 'server-child.ts'), String(port)];
  const child = pin
    ? spawn('taskset', ['-c', '0', process.execPath, ...nodeArgs], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: repoRoot })
    : spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: repoRoot });
  if (pin) {
    // this process (client, worker and Core's threads) on CPU 1
    spawnSync('taskset', ['-a', '-cp', '1', String(process.pid)]);
  }
  ctx.facts.pinning = pin ? 'server child on CPU 0, client+worker on CPU 1 (taskset)' : 'none (BENCH_PIN=1 pins)';
  ctx.facts.loadAverageAtStart = (await import('node:os')).loadavg().map((x) => +x.toFixed(1));
  const ready = await new Promise<{ address: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server child did not become ready in 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`server child exited with ${code}`)));
    child.on('message', (m: any) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve({ address: m.address ?? `127.0.0.1:${m.port}` });
      }
    });
  });
  return { child, address: ready.address.replace(/^http:\/\//, ''), ask: askerOf(child) };
}

async function ensureWorker(): Promise<void> {
  if (worker) return;
  worker = await Worker.create({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue: workerTaskQueue,
    workflowBundle,
    activities: { noop: async () => undefined },
    maxCachedWorkflows: 2_000,
  });
  workerRun = worker.run();
}

const rpcBaseline = () => runConcurrently(N.startsPerRound, CONCURRENCY, () => client.workflowService.getSystemInfo({}));

// ------------------------------------------------------------------------------------------------

async function startRate(ctx: ScenarioContext): Promise<Row[]> {
  const queue = `bench-no-worker-${randomUUID()}`;
  const start = (tag: string) => (i: number) =>
    client.workflow.start('noopWorkflow', { taskQueue: queue, workflowId: `start-${tag}-${i}-${randomUUID()}` });
  await runConcurrently(200, CONCURRENCY, () => client.workflowService.getSystemInfo({}));
  await runConcurrently(200, CONCURRENCY, start('warmup'));
  const ratios: number[] = [];
  const b: number[] = [];
  const s: number[] = [];
  const sLat: number[] = [];
  const bLat: number[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    const base = await rpcBaseline();
    const subj = await runConcurrently(N.startsPerRound, CONCURRENCY, start(String(pair)));
    b.push(base.perSecond);
    s.push(subj.perSecond);
    bLat.push(...base.latenciesMs);
    sLat.push(...subj.latenciesMs);
    ratios.push(subj.perSecond / base.perSecond);
    ctx.log(`start-rate pair ${pair + 1}: GetSystemInfo ${fmt(base.perSecond)}/s, start ${fmt(subj.perSecond)}/s`);
  }
  const ratio = median(ratios);
  const sl = latencyStats(sLat);
  const bl = latencyStats(bLat);
  return [
    {
      scenario: '1 start rate',
      metric: `workflow starts/s (c=${CONCURRENCY}, ${N.startsPerRound}/round)`,
      subject: `${fmt(median(s))}/s (p50 ${fmt(sl.p50, 1)} ms, p99 ${fmt(sl.p99, 1)} ms)`,
      baseline: `GetSystemInfo ${fmt(median(b))}/s (p50 ${fmt(bl.p50, 1)} ms, p99 ${fmt(bl.p99, 1)} ms)`,
      ratio,
      target: '≥ 0.50',
      pass: ratio >= 0.5,
      notes: `per-pair ratios ${ratios.map((r) => fmt(r, 2)).join(', ')}`,
    },
  ];
}

async function endToEnd(ctx: ScenarioContext): Promise<Row[]> {
  await ensureWorker();
  const runBatch = async (count: number, tag: string) => {
    const results: Promise<unknown>[] = [];
    const t0 = performance.now();
    await runConcurrently(count, CONCURRENCY, async (i) => {
      const h = await client.workflow.start('singleNoopActivityWorkflow', { taskQueue: workerTaskQueue, workflowId: `e2e-${tag}-${i}-${randomUUID()}` });
      results.push(h.result());
    });
    await Promise.all(results);
    return { elapsedMs: performance.now() - t0, perSecond: (count / (performance.now() - t0)) * 1000 };
  };
  await runBatch(50, 'warmup');
  const before = await rpcBaseline();
  const cpu0 = await server!.ask<{ userUs: number; systemUs: number }>('cpu');
  const subj = await runBatch(N.e2eWorkflows, 'run');
  const cpu1 = await server!.ask<{ userUs: number; systemUs: number }>('cpu');
  const after = await rpcBaseline();
  const serverCpu = (cpu1.userUs + cpu1.systemUs - cpu0.userUs - cpu0.systemUs) / 1000 / subj.elapsedMs;
  const baseRate = median([before.perSecond, after.perSecond]);
  const sample = await client.workflow.list({ query: `TaskQueue = '${workerTaskQueue}'`, pageSize: 1 })[Symbol.asyncIterator]().next();
  const eventsPerWf = sample.done ? NaN : sample.value.historyLength;
  ctx.log(`e2e: ${N.e2eWorkflows} workflows in ${fmt(subj.elapsedMs)} ms; server CPU ${fmt(serverCpu * 100)}% of one core`);
  const rpcPerWf = 8;
  return [
    {
      scenario: '2 end-to-end',
      metric: `workflows completed/s (1 no-op activity, ${N.e2eWorkflows} wf, c=${CONCURRENCY} starts)`,
      subject: `${fmt(subj.perSecond)} wf/s (${fmt(subj.perSecond * eventsPerWf)} history events/s)`,
      baseline: `GetSystemInfo ${fmt(baseRate)}/s ÷ ${rpcPerWf} RPC/wf = ${fmt(baseRate / rpcPerWf)} wf/s`,
      ratio: subj.perSecond / (baseRate / rpcPerWf),
      target: '≥ 100 wf/s',
      pass: subj.perSecond >= 100,
      notes: `server process CPU during the run: ${fmt(serverCpu * 100)}% of one core; ${eventsPerWf} events per workflow; B S B (baselines ${fmt(before.perSecond)}, ${fmt(after.perSecond)}/s)`,
    },
  ];
}

async function updateLatency(ctx: ScenarioContext): Promise<Row[]> {
  await ensureWorker();
  const h = await client.workflow.start('parkedUpdateWorkflow', { taskQueue: workerTaskQueue, workflowId: `update-${randomUUID()}` });
  const update = (i: number) => h.executeUpdate<number, [number]>('echo', { args: [i] });
  for (let i = 0; i < 50; i++) await update(i);
  const seq = async (fn: (i: number) => Promise<unknown>) => {
    const lat: number[] = [];
    for (let i = 0; i < N.updatesPerRound; i++) {
      const t = performance.now();
      await fn(i);
      lat.push(performance.now() - t);
    }
    return latencyStats(lat);
  };
  const p50Ratios: number[] = [];
  const p99Ratios: number[] = [];
  const bs: ReturnType<typeof latencyStats>[] = [];
  const ss: ReturnType<typeof latencyStats>[] = [];
  const qs: ReturnType<typeof latencyStats>[] = [];
  const queryRatios: number[] = [];
  // Second reference: a query on the same cached workflow makes the same trip through the same worker
  // (poll, activation, answer) without a workflow task, so update ÷ query is what the update's
  // workflow task and its history events add on top of the worker's own cost.
  const query = () => h.query<string>('__temporal_workflow_metadata');
  for (let pair = 0; pair < PAIRS; pair++) {
    const b = await seq(() => client.workflowService.getSystemInfo({}));
    const s = await seq(update);
    const q = await seq(query);
    bs.push(b);
    ss.push(s);
    qs.push(q);
    p50Ratios.push(s.p50 / b.p50);
    p99Ratios.push(s.p99 / b.p99);
    queryRatios.push(s.p50 / q.p50);
    ctx.log(`update pair ${pair + 1}: rpc p50 ${fmt(b.p50, 2)} p99 ${fmt(b.p99, 2)}; update p50 ${fmt(s.p50, 2)} p99 ${fmt(s.p99, 2)}; query p50 ${fmt(q.p50, 2)} ms`);
  }
  await h.signal('stop');
  const r50 = median(p50Ratios);
  const r99 = median(p99Ratios);
  const m = (xs: ReturnType<typeof latencyStats>[], k: 'p50' | 'p99') => median(xs.map((x) => x[k]));
  return [
    {
      scenario: '3 update round trip',
      metric: `executeUpdate p50 (sequential, ${N.updatesPerRound}/round)`,
      subject: `${fmt(m(ss, 'p50'), 2)} ms`,
      baseline: `GetSystemInfo p50 ${fmt(m(bs, 'p50'), 2)} ms`,
      ratio: r50,
      target: '≤ 3×',
      pass: r50 <= 3,
      notes: `per-pair p50 ratios ${p50Ratios.map((r) => fmt(r, 2)).join(', ')}`,
    },
    {
      scenario: '3 update round trip',
      metric: 'executeUpdate p99',
      subject: `${fmt(m(ss, 'p99'), 2)} ms`,
      baseline: `GetSystemInfo p99 ${fmt(m(bs, 'p99'), 2)} ms`,
      ratio: r99,
      target: '≤ 5×',
      pass: r99 <= 5,
      notes: `per-pair p99 ratios ${p99Ratios.map((r) => fmt(r, 2)).join(', ')}`,
    },
    {
      scenario: '3 update round trip',
      metric: 'executeUpdate p50 vs a query through the same worker',
      subject: `${fmt(m(ss, 'p50'), 2)} ms`,
      baseline: `query (cached workflow) p50 ${fmt(m(qs, 'p50'), 2)} ms`,
      ratio: median(queryRatios),
      notes: 'reference only (no target): the worker trip both share is the floor for any round trip through a worker',
    },
  ];
}

/**
 * Starts `count` idle timer workflows and waits (bounded) until each has its timer started (first
 * task completed): stops when all are done, when no progress was made for 30 s (reported, not
 * hidden), or after 180 s. Returns the ids and the ones still pending.
 */
async function startIdleWorkflows(tag: string, count: number): Promise<{ ids: string[]; pending: string[]; waitedMs: number }> {
  const ids: string[] = [];
  await runConcurrently(count, CONCURRENCY, async (i) => {
    const workflowId = `idle-${tag}-${i}`;
    ids.push(workflowId);
    await client.workflow.start('idleTimerWorkflow', { taskQueue: workerTaskQueue, workflowId });
  });
  const t0 = Date.now();
  let lastProgress = Date.now();
  let pending = ids;
  while (pending.length && Date.now() - lastProgress < 30_000 && Date.now() - t0 < 180_000) {
    const still: string[] = [];
    await runConcurrently(pending.length, CONCURRENCY, async (i) => {
      const d = await client.workflow.getHandle(pending[i]!).describe();
      if (d.historyLength < 5) still.push(pending[i]!);
    });
    if (still.length < pending.length) lastProgress = Date.now();
    pending = still;
    if (pending.length) await new Promise((r) => setTimeout(r, 500));
  }
  return { ids, pending, waitedMs: Date.now() - t0 };
}

async function idleMemory(ctx: ScenarioContext): Promise<Row[]> {
  await ensureWorker();
  const count = N.idleWorkflows;
  const tag = randomUUID();
  // Warm-up through the same path (start, first task, timer, describe) before the baseline: code
  // compiled on first use (bytecode, feedback, JIT code, protobuf codecs; ~3 MB) is a one-off of the
  // process, not memory per workflow, and it moved the figure by hundreds of B/wf between runs of
  // the same code. The warm-up workflows stay open inside the baseline; the cold figure is reported too.
  const memCold = await server!.ask<{ rss: number; heapUsed: number; external: number; arrayBuffers: number; gc: boolean }>('mem');
  const warm = await startIdleWorkflows(`${tag}-warmup`, N.idleWarmup);
  const mem0 = await server!.ask<typeof memCold>('mem');
  const { ids, pending, waitedMs } = await startIdleWorkflows(tag, count);
  let stuckNote = '';
  if (pending.length) {
    const d = await client.workflow.getHandle(pending[0]!).describe();
    stuckNote = ` ${pending.length} of ${count} workflows never completed their first workflow task (e.g. ${pending[0]}: historyLength ${d.historyLength}, pendingWorkflowTask ${JSON.stringify(d.raw.pendingWorkflowTask ?? null)})`;
    ctx.log(`idle:${stuckNote}`);
  }
  ctx.log(`idle: ${count - pending.length} timers armed ${fmt(waitedMs / 1000, 1)} s after the last start (after ${N.idleWarmup - warm.pending.length} warm-up workflows)`);
  const mem1 = await server!.ask<typeof mem0>('mem');
  const History = protoModule.temporal.api.history.v1.History;
  const sampleIds = ids.slice(0, 100);
  let bytes = 0;
  let sizeFromDescribe = 0;
  for (const id of sampleIds) {
    const h = client.workflow.getHandle(id);
    bytes += History.encode(await h.fetchHistory()).finish().length;
    sizeFromDescribe += (await h.describe()).historySize ?? 0;
  }
  const historyBytes = bytes / sampleIds.length;
  const describeBytes = sizeFromDescribe / sampleIds.length;
  const heapPer = (mem1.heapUsed + mem1.external - mem0.heapUsed - mem0.external) / count;
  const rssPer = (mem1.rss - mem0.rss) / count;
  const coldPer = (mem1.heapUsed + mem1.external - memCold.heapUsed - memCold.external) / (count + N.idleWarmup);
  const coldRssPer = (mem1.rss - memCold.rss) / (count + N.idleWarmup);
  ctx.log(`idle: heap+external ${fmt(heapPer)} B/wf (cold ${fmt(coldPer)}), RSS ${fmt(rssPer)} B/wf (cold ${fmt(coldRssPer)}), history ${fmt(historyBytes)} B (describe historySizeBytes ${fmt(describeBytes)})`);
  // the timers stay armed; terminate nothing (the server process ends with the bench)
  return [
    {
      scenario: '4 idle workflow memory',
      metric: `server heap+external per idle workflow with a timer (N=${count}, gc=${mem0.gc})`,
      subject: `${fmt(heapPer)} B/wf`,
      baseline: `encoded history ${fmt(historyBytes)} B/wf`,
      ratio: heapPer / historyBytes,
      target: '≤ 3×',
      pass: heapPer / historyBytes <= 3 && !stuckNote,
      notes: `${stuckNote}describe historySizeBytes ${fmt(describeBytes)} B; heap ${fmt((mem0.heapUsed) / 2 ** 20, 1)} → ${fmt(mem1.heapUsed / 2 ** 20, 1)} MiB; baseline after ${N.idleWarmup} warm-up workflows (cold, from before the warm-up: ${fmt(coldPer)} B/wf)`,
    },
    {
      scenario: '4 idle workflow memory',
      metric: `server RSS per idle workflow (N=${count})`,
      subject: `${fmt(rssPer)} B/wf`,
      baseline: `encoded history ${fmt(historyBytes)} B/wf`,
      ratio: rssPer / historyBytes,
      target: '≤ 3×',
      pass: rssPer / historyBytes <= 3,
      notes: `RSS ${fmt(mem0.rss / 2 ** 20, 1)} → ${fmt(mem1.rss / 2 ** 20, 1)} MiB (includes allocator slack and V8 heap growth; cold, from before the warm-up: ${fmt(coldRssPer)} B/wf)`,
    },
  ];
}

function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of ['@temporalio/client', '@temporalio/worker', '@temporalio/proto', '@grpc/grpc-js', 'tsx']) {
    try {
      out[p] = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', p, 'package.json'), 'utf8')).version;
    } catch {
      out[p] = 'missing';
    }
  }
  return out;
}

export const temporalBenchmarks: ScenarioModule = {
  name: 'temporal',
  async setup(ctx) {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // already installed
    }
    ctx.facts.packages = packageVersions();
    ctx.facts.server = 'temporal-server (startTemporalServer) in a child process, wall clock, in-memory';
    server = await startServerChild(ctx);
    [connection, nativeConnection, workflowBundle] = await Promise.all([
      Connection.connect({ address: server.address }),
      NativeConnection.connect({ address: server.address }),
      bundleWorkflowCode({ workflowsPath: path.join(here, 'workflows.ts'), logger: new DefaultLogger('WARN') }),
    ]);
    client = new Client({ connection, namespace: 'default' });
  },
  scenarios: [
    { name: 'start-rate', title: 'workflow starts/s vs GetSystemInfo RPC/s', run: startRate },
    { name: 'e2e', title: 'workflows completed/s end to end', run: endToEnd },
    { name: 'update', title: 'update round trip p50/p99 vs RPC', run: updateLatency },
    { name: 'idle-memory', title: 'memory per idle workflow vs history bytes', run: idleMemory },
  ],
  async teardown() {
    if (worker) {
      worker.shutdown();
      await workerRun?.catch(() => undefined);
    }
    await nativeConnection?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    if (server) {
      // A clean exit first, so a --cpu-prof profile (BENCH_PROFILE) gets written.
      const child = server.child;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  },
};
