/**
 * Test harness for everything Temporal: which server the tests talk to, the shared workflow
 * bundle, workers, replay checks and bounded polling.
 *
 * Server selection (`createConformanceEnv()`):
 * - default: our executable `bin/embedded-temporal server start-dev …` (the flags the SDK's
 *   `createLocal` passes), launched by the harness with a generous readiness wait, one server per
 *   test file, reached through `TestWorkflowEnvironment.createFromExistingServer`;
 * - `CONFORMANCE_SERVER=in-process`: `startTemporalServer()` inside the test process;
 * - `TEMPORAL_ADDRESS=host:port`: an already running real Temporal server (e.g. `temporal server
 *   start-dev`); tests that need our executable are skipped, see `REAL_TEMPORAL_SKIPS`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { Connection } from '@temporalio/client';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { NativeConnection, WorkerOptions } from '@temporalio/worker';
import protoModule from '@temporalio/proto';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Absolute path of our Temporal-compatible server executable. */
export const EMBEDDED_TEMPORAL_PATH = path.join(REPO_ROOT, 'bin/embedded-temporal');
export const CONFORMANCE_WORKFLOWS_PATH = path.join(REPO_ROOT, 'tests/temporal/workflows/index.ts');

/** Set to run the conformance suite against a real Temporal server instead of ours. */
export const TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS || undefined;
export const AGAINST_REAL_TEMPORAL = TEMPORAL_ADDRESS !== undefined;

/**
 * Tests that cannot run against an arbitrary real server, with the reason. Keep this list short
 * and explicit: everything else in `tests/temporal/` must pass against real Temporal too.
 */
export const REAL_TEMPORAL_SKIPS: Record<string, string> = {
  'time-skipping': 'needs our executable for TestWorkflowEnvironment.createTimeSkipping (existing-path)',
  'dev-server-launch': 'needs our executable for TestWorkflowEnvironment.createLocal (existing-path)',
  durability: 'kills (SIGKILL) and restarts the server process, which we only own for our executable',
};

/** `it` for tests listed in `REAL_TEMPORAL_SKIPS`: skipped when `TEMPORAL_ADDRESS` is set. */
export function itEmbeddedOnly(skipKey: keyof typeof REAL_TEMPORAL_SKIPS & string) {
  if (!(skipKey in REAL_TEMPORAL_SKIPS)) throw new Error(`unknown skip key ${skipKey}`);
  return AGAINST_REAL_TEMPORAL ? it.skip : it;
}

/** Search attributes the suite uses. The Custom* ones are the SDK test defaults (notes §17.2). */
export const SA = {
  keyword: defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD),
  text: defineSearchAttributeKey('CustomTextField', SearchAttributeType.TEXT),
  int: defineSearchAttributeKey('CustomIntField', SearchAttributeType.INT),
  double: defineSearchAttributeKey('CustomDoubleField', SearchAttributeType.DOUBLE),
  bool: defineSearchAttributeKey('CustomBoolField', SearchAttributeType.BOOL),
  datetime: defineSearchAttributeKey('CustomDatetimeField', SearchAttributeType.DATETIME),
  /** Registered by us (`--search-attribute`), not a dev-server default. */
  regio: defineSearchAttributeKey('WerkrouteRegio', SearchAttributeType.KEYWORD),
  keywordList: defineSearchAttributeKey('WerkrouteLabels', SearchAttributeType.KEYWORD_LIST),
} as const;
export const EXTRA_SEARCH_ATTRIBUTES: SearchAttributeKey<SearchAttributeType>[] = [SA.regio, SA.keywordList];

export interface ConformanceEnv {
  env: TestWorkflowEnvironment;
  client: Client;
  nativeConnection: NativeConnection;
  namespace: string;
  /** True when talking to a real Temporal server (`TEMPORAL_ADDRESS`). */
  real: boolean;
  teardown(): Promise<void>;
}

let runtimeInstalled = false;
/** Keep Core quiet: its warnings would flood the vitest output. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    const level = (process.env.TEMPORAL_TEST_LOG_LEVEL ?? 'ERROR') as 'ERROR';
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: { logging: { filter: { core: level, other: level }, forward: {} } },
    });
  } catch {
    // already installed by someone else in this process
  }
}

/**
 * `CONFORMANCE_SERVER=in-process` (or a missing `bin/embedded-temporal`) starts our server with
 * `startTemporalServer()` inside the test process instead of launching the executable.
 */
export const IN_PROCESS = process.env.CONFORMANCE_SERVER === 'in-process' || !existsSync(EMBEDDED_TEMPORAL_PATH);

/**
 * Where our server keeps its state during the suite (`CONFORMANCE_STORE`): `postgres` (default,
 * what `npm start` runs: a fresh database of the test cluster per server), `file` (`--db-filename`)
 * or `memory`.
 */
export const CONFORMANCE_STORE = (process.env.CONFORMANCE_STORE ?? 'postgres') as 'postgres' | 'file' | 'memory';
if (!['postgres', 'file', 'memory'].includes(CONFORMANCE_STORE)) throw new Error(`CONFORMANCE_STORE must be postgres, file or memory, not ${CONFORMANCE_STORE}`);

/** The store for one server of the suite: its flags / options and how to remove it afterwards. */
async function conformanceStore(): Promise<{ args: string[]; options: { databaseUrl?: string; dbFilename?: string }; remove(): Promise<void> }> {
  if (CONFORMANCE_STORE === 'postgres') {
    const { createTestDatabase } = await import('./db');
    const db = await createTestDatabase('conformance');
    return { args: ['--database-url', db.url], options: { databaseUrl: db.url }, remove: () => db.drop() };
  }
  if (CONFORMANCE_STORE === 'file') {
    const dir = path.join(tmpdir(), `werkroute-conformance-${randomUUID()}`);
    mkdirSync(dir, { recursive: true });
    const dbFilename = path.join(dir, 'dev.db');
    const { rmSync } = await import('node:fs');
    return { args: ['--db-filename', dbFilename], options: { dbFilename }, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  return { args: [], options: {}, remove: async () => {} };
}

/** The environment every conformance test file uses; see the module comment for the switch. */
export async function createConformanceEnv(): Promise<ConformanceEnv> {
  installQuietRuntime();
  let env: TestWorkflowEnvironment;
  if (!TEMPORAL_ADDRESS && IN_PROCESS) {
    const { startTemporalServer } = await import('@werkroute/temporal-server');
    const store = await conformanceStore();
    const server = await startTemporalServer({
      port: await freePort(),
      ip: '127.0.0.1',
      searchAttributes: { WerkrouteRegio: 'Keyword', WerkrouteLabels: 'KeywordList' },
      ...store.options,
    });
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address });
    return {
      env,
      client: env.client,
      nativeConnection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      real: false,
      teardown: async () => {
        await env.teardown();
        await server.stop();
        await store.remove();
      },
    };
  }
  if (TEMPORAL_ADDRESS) {
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: TEMPORAL_ADDRESS });
    await ensureSearchAttributes(env, EXTRA_SEARCH_ATTRIBUTES);
  } else {
    // We launch the executable ourselves (same flags as the SDK's createLocal) so that a slow start
    // on a loaded machine does not fail the whole file; the SDK's own launch path, with Core's 5 s
    // readiness window, is tested in time-skipping.test.ts.
    const store = await conformanceStore();
    const server = await launchEmbeddedServer([
      ...EXTRA_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${SA_TYPE_FLAG[k.type]}`]),
      ...store.args,
    ]);
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address });
    return {
      env,
      client: env.client,
      nativeConnection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      real: false,
      teardown: async () => {
        await env.teardown();
        await server.kill();
        await store.remove();
      },
    };
  }
  return {
    env,
    client: env.client,
    nativeConnection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    real: AGAINST_REAL_TEMPORAL,
    teardown: () => env.teardown(),
  };
}

const SA_TYPE_FLAG: Record<string, string> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export interface LaunchedServer {
  address: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL, as Core does; resolves when the process is gone. */
  kill(): Promise<void>;
}

/**
 * Spawns `bin/embedded-temporal server start-dev` with the flags the SDK's createLocal passes
 * (plus `extraArgs`) and waits, bounded by `readyTimeoutMs`, until GetSystemInfo answers.
 */
export async function launchEmbeddedServer(extraArgs: string[] = [], opts: { port?: number; readyTimeoutMs?: number } = {}): Promise<LaunchedServer> {
  const port = opts.port ?? (await freePort());
  const args = [
    'server', 'start-dev', '--port', String(port), '--namespace', 'default', '--ip', '127.0.0.1',
    '--log-format', 'pretty', '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    '--headless', ...extraArgs,
  ];
  const child = spawn(EMBEDDED_TEMPORAL_PATH, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const t0 = Date.now();
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`bin/embedded-temporal exited with ${child.exitCode}`);
        const c = await Connection.connect({ address, connectTimeout: 1_000 });
        try {
          await c.workflowService.getSystemInfo({});
          return true;
        } finally {
          await c.close();
        }
      },
      { what: `bin/embedded-temporal on ${address}`, timeoutMs: opts.readyTimeoutMs ?? 30_000, intervalMs: 100 },
    );
  } catch (err) {
    await kill();
    throw err;
  }
  const readyMs = Date.now() - t0;
  if (readyMs > 5_000) console.warn(`[temporal harness] bin/embedded-temporal took ${readyMs} ms to answer (Core allows 5 s)`);
  return { address, port, child, kill };
}

/**
 * Core gives a launched server 5 s to answer GetSystemInfo. On a machine shared with other
 * builds that window is sometimes missed (see FINDINGS.md, "startup"), so the launch is retried;
 * each retry is logged, and a server that never starts still fails the file.
 */
export async function retryServerStart<T>(launch: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await launch();
    } catch (err) {
      if (i >= attempts || !/did not start within/.test(String((err as Error)?.message))) throw err;
      console.warn(`[temporal harness] server launch attempt ${i} missed Core's 5 s readiness window; retrying`);
    }
  }
}

/** Registers missing search attributes on a real server (ours takes them as start flags). */
async function ensureSearchAttributes(env: TestWorkflowEnvironment, keys: SearchAttributeKey<SearchAttributeType>[]) {
  const namespace = env.namespace ?? 'default';
  const existing = await env.connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  const missing = keys.filter((k) => !known.has(k.name));
  if (missing.length === 0) return;
  await env.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
  });
}

/** A unique name for a workflow id or task queue. */
export const uniqueName = (prefix: string) => `${prefix}-${randomUUID()}`;

// ---------------------------------------------------------------------------------------------
// Workflow bundle: built once per content hash and shared by all test files (and vitest forks)
// through a temp directory.

const bundleMemo = new Map<string, Promise<{ code: string }>>();

function hashTree(dir: string, hash = createHash('sha256')): ReturnType<typeof createHash> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) hashTree(full, hash);
    else if (/\.(ts|js|json)$/.test(name)) hash.update(name).update(readFileSync(full));
  }
  return hash;
}

/**
 * The workflow bundle of `workflowsPath` (default: the conformance workflows). Cached on disk by
 * a hash of the workflows directory, `domain/` and the SDK version, so parallel test files bundle once.
 */
export function getWorkflowBundle(workflowsPath = CONFORMANCE_WORKFLOWS_PATH, opts: { failureConverterPath?: string } = {}): Promise<{ code: string }> {
  const memoKey = `${workflowsPath}\0${opts.failureConverterPath ?? ''}`;
  const memo = bundleMemo.get(memoKey);
  if (memo) return memo;
  const p = (async () => {
    const sdkVersion = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/@temporalio/worker/package.json'), 'utf8')).version;
    // Workflow code imports the pure domain modules too: a change there must invalidate the bundle.
    const fc = opts.failureConverterPath ? `${opts.failureConverterPath}\0${readFileSync(opts.failureConverterPath, 'utf8')}` : '';
    const key = hashTree(path.join(REPO_ROOT, 'domain'), hashTree(path.dirname(workflowsPath))).update(workflowsPath).update(fc).update(sdkVersion).digest('hex').slice(0, 24);
    const dir = path.join(tmpdir(), 'werkroute-workflow-bundles');
    const file = path.join(dir, `${key}.js`);
    if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
    const { code } = await bundleWorkflowCode({
      workflowsPath,
      ...(opts.failureConverterPath ? { failureConverterPath: opts.failureConverterPath } : {}),
      logger: new DefaultLogger('WARN'),
    });
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file); // atomic: a concurrent reader sees the old or the whole new file
    return { code };
  })();
  bundleMemo.set(memoKey, p);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Workers

export interface RunWorkerOptions extends Partial<Omit<WorkerOptions, 'connection' | 'taskQueue'>> {
  taskQueue: string;
}

/** Creates a worker on the conformance bundle (or the given options) for one task queue. */
export async function createWorker(cenv: Pick<ConformanceEnv, 'nativeConnection' | 'namespace'>, opts: RunWorkerOptions): Promise<Worker> {
  const workflowBundle = opts.workflowBundle ?? (opts.workflowsPath ? undefined : await getWorkflowBundle());
  return Worker.create({
    connection: cenv.nativeConnection,
    namespace: cenv.namespace,
    ...opts,
    ...(workflowBundle ? { workflowBundle } : {}),
  });
}

/** Runs `fn` while a worker polls `taskQueue`; shuts the worker down afterwards. */
export async function withWorker<T>(
  cenv: Pick<ConformanceEnv, 'nativeConnection' | 'namespace'>,
  opts: RunWorkerOptions,
  fn: (worker: Worker) => Promise<T>,
): Promise<T> {
  const worker = await createWorker(cenv, opts);
  return worker.runUntil(fn(worker));
}

export interface SharedWorker {
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

/**
 * One worker per test file, polling its own task queue in the background: creating a worker
 * costs 1–2 s (V8 context, bundle load, Core worker), so tests share it and differ by workflow
 * id. Tests that need a particular worker setup create their own with `withWorker`.
 */
export async function startSharedWorker(
  cenv: Pick<ConformanceEnv, 'nativeConnection' | 'namespace'>,
  opts: Partial<RunWorkerOptions> = {},
): Promise<SharedWorker> {
  const taskQueue = opts.taskQueue ?? uniqueName('shared-tq');
  const worker = await createWorker(cenv, { ...opts, taskQueue });
  const running = worker.run();
  return {
    taskQueue,
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Replay: every workflow a test file ran is replayed at the end with the same workflow code.

export interface ReplayTracker {
  track<H extends WorkflowHandle<any>>(handle: H): H;
  /** Replays the histories of all tracked workflows; returns the failures (empty = deterministic). */
  replayAll(client: Client): Promise<{ workflowId: string; error: string }[]>;
  readonly size: number;
}

export function createReplayTracker(): ReplayTracker {
  const handles: WorkflowHandle<any>[] = [];
  return {
    track(handle) {
      handles.push(handle);
      return handle;
    },
    get size() {
      return handles.length;
    },
    async replayAll(client) {
      const workflowBundle = await getWorkflowBundle();
      const histories = [];
      for (const h of handles) {
        // The current run, followed to its end: closed runs only, open ones would fail on purpose.
        const d = await client.workflow.getHandle(h.workflowId).describe();
        if (d.status.name === 'RUNNING') continue;
        histories.push({ workflowId: h.workflowId, history: await client.workflow.getHandle(h.workflowId, d.runId).fetchHistory() });
      }
      const failures: { workflowId: string; error: string }[] = [];
      for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'conformance-replay' }, histories)) {
        if (r.error) failures.push({ workflowId: r.workflowId, error: String(r.error) });
      }
      return failures;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Small utilities

/** Polls `fn` until it returns a truthy value (returned) or `timeoutMs` passes (throws). */
export async function waitFor<T>(fn: () => Promise<T> | T, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${opts.what ?? 'condition'}; last value: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

/** A free TCP port on loopback, chosen at run time. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Event type names of a fetched history, e.g. `EVENT_TYPE_TIMER_FIRED` → `TIMER_FIRED`. */
export function eventTypes(history: { events?: { eventType?: unknown }[] | null }): string[] {
  return (history.events ?? []).map((e) => eventTypeName(e.eventType));
}

export function eventTypeName(t: unknown): string {
  if (typeof t === 'string') return t.replace(/^EVENT_TYPE_/, '');
  // numeric enum from protobufjs objects
  return String(eventTypeNames()[t as number] ?? t).replace(/^EVENT_TYPE_/, '');
}

let enumCache: Record<number, string> | undefined;
function eventTypeNames(): Record<number, string> {
  if (!enumCache) {
    enumCache = {};
    const { temporal } = protoModule;
    for (const [name, value] of Object.entries(temporal.api.enums.v1.EventType)) {
      if (typeof value === 'number') enumCache[value] = name;
    }
  }
  return enumCache;
}
