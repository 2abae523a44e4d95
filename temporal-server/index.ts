import { existsSync, renameSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { installSyncGunzip } from './rpc/sync-gunzip';
import type { Clock, VirtualClock } from './clock/clock';
import { createWallClock, createVirtualClock } from './clock';
import { Engine } from './state/engine';
import { createLogger, type LogLevel } from './state/logger';
import { SearchAttributeRegistry, type SaType } from './state/search-attributes';
import { addServices, bearerAuth } from './frontend/grpc-front';
import { validApiKey } from './cli-args';
import { createWorkflowServiceHandlers } from './frontend/workflow-service';
import { createOperatorServiceHandlers } from './frontend/operator-service';
import { createVisibilityHandlers } from './frontend/visibility-service';
import { createTimeSkippingHandlers } from './frontend/time-skipping';
import { visibilityFilter } from './frontend/visibility-filter';
import { registerWftTimers } from './machines/workflow-task';
import { configuredRetention } from './state/namespace-retention';
import { historyLimitsFrom } from './machines/history-limits';
import { registerActivityTimers } from './machines/activity';
import { registerTimerMachine } from './machines/timer';
import { registerWorkflowTimers } from './machines/workflow';
import { WORKFLOW_SERVICE, OPERATOR_SERVICE, TEST_SERVICE, HEALTH_SERVICE } from './proto/services';
import { attachStore, type StoreBridge, type StoreBridgeOptions } from './state/store-bridge';
import { openPostgresStore } from './persistence/postgres-store';
import { isLegacyJournal, openFileStore } from './persistence/file-store';
import { importLegacyJournal, type ImportResult } from './persistence/journal-import';
import type { TemporalStore } from './persistence/store';

export { StoreInUseError } from './persistence/postgres-store';
export { validApiKey } from './cli-args';
export type { TemporalStore } from './persistence/store';

export interface TemporalServerOptions {
  port?: number;
  ip?: string;
  namespace?: string;
  timeSkipping?: boolean;
  dbFilename?: string;
  /** Keep the server's state in this PostgreSQL (schema `databaseSchema`, default `temporal`) instead of memory or a file. */
  databaseUrl?: string;
  databaseSchema?: string;
  /** A store of the caller's making (tests); wins over `databaseUrl` and `dbFilename`. */
  store?: TemporalStore;
  /** A journal of the earlier file format to move into the store once (kept as `<file>.imported-….bak`). */
  importJournal?: string;
  storeOptions?: StoreBridgeOptions;
  searchAttributes?: Record<string, SaType>;
  dynamicConfig?: Record<string, string>;
  logLevel?: LogLevel;
  clock?: Clock;
  /**
   * When set, every gRPC call (all services, the health check included) must carry the metadata
   * `authorization: Bearer <apiKey>`, which is what the SDK's `apiKey` connection option sends (with
   * `tls: false` for this plain-text server); anything else fails with UNAUTHENTICATED before it is read.
   */
  apiKey?: string;
}

export interface RunningTemporalServer {
  address: string;
  port: number;
  /** Set when a legacy journal was imported at this start. */
  imported?: ImportResult;
  /** Where the state is kept, for start-up messages. */
  storage: string;
  /** Deletes closed runs past retention now (durable stores; also done every minute). */
  sweepRetention(now?: number): Promise<number>;
  /** Runs held in memory (open ones always; closed ones while cached). */
  stats(): { runsInMemory: number; openRuns: number; coldRuns: number; historyBytesInMemory: number };
  stop(): Promise<void>;
}

const DEFAULT_LONG_POLL_MS = 20_000;

function parseDurationMs(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const m = /^"?(\d+(?:\.\d+)?)(ms|s|m|h)?"?$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000;
}

export async function startTemporalServer(opts: TemporalServerOptions = {}): Promise<RunningTemporalServer> {
  // An empty or malformed key must not quietly mean "no key".
  if (opts.apiKey !== undefined && !validApiKey(opts.apiKey)) throw new Error('apiKey must be 16 to 4096 visible ASCII characters');
  // The env override lets a spawned server (bench, bin) be debugged without changing its caller.
  const log = createLogger((process.env.TEMPORAL_SERVER_LOG_LEVEL as LogLevel | undefined) ?? opts.logLevel ?? 'warn');
  const clock: Clock = opts.clock ?? (opts.timeSkipping ? createVirtualClock({ locked: 1 }) : createWallClock());
  const searchAttributes = new SearchAttributeRegistry(opts.searchAttributes ?? {});
  const retention = configuredRetention(opts.dynamicConfig);
  const engine = new Engine({
    clock,
    log,
    longPollMs: parseDurationMs(opts.dynamicConfig?.['history.longPollExpirationInterval']) ?? DEFAULT_LONG_POLL_MS,
    searchAttributes,
    historyLimits: historyLimitsFrom(opts.dynamicConfig),
    defaultRetentionMs: retention,
  });
  registerWftTimers(engine);
  registerActivityTimers(engine);
  registerTimerMachine(engine);
  registerWorkflowTimers(engine);
  engine.registerNamespace('default');
  if (opts.namespace) engine.registerNamespace(opts.namespace);

  let bridge: StoreBridge | undefined;
  let imported: ImportResult | undefined;
  let legacy = opts.importJournal;
  let store = opts.store;
  if (!store && opts.databaseUrl) store = await openPostgresStore({ url: opts.databaseUrl, schema: opts.databaseSchema });
  if (!store && opts.dbFilename) {
    // A --db-filename written by the earlier journal format moves aside and is imported into the new file.
    const aside = `${opts.dbFilename}.legacy-import`;
    if (isLegacyJournal(opts.dbFilename)) renameSync(opts.dbFilename, aside);
    if (existsSync(aside)) legacy = aside;
    store = openFileStore(opts.dbFilename, { warn: (m) => log.warn(m) });
  }
  if (store) {
    try {
      if (legacy && existsSync(legacy) && (legacy.endsWith('.legacy-import') || (await store.isEmpty()))) {
        imported = await importLegacyJournal(legacy, store, legacy.replace(/\.legacy-import$/, ''), new Date(clock.wallNow()));
      }
      bridge = await attachStore(engine, store, opts.storeOptions);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  if (retention !== undefined) {
    // Configured retention wins over what the store remembers for the namespaces the server creates.
    for (const name of ['default', opts.namespace].filter((n): n is string => !!n)) {
      const n = engine.namespace(name);
      if (n.retentionMs === retention) continue;
      n.retentionMs = retention;
      engine.sink?.onNamespace?.(n.name, n.id);
    }
    await bridge?.barrier();
  }
  const storage = store?.describe ?? 'memory';

  const visibility = createVisibilityHandlers(engine, visibilityFilter(engine), bridge ? (n) => bridge.storedClosedRuns(n) : undefined);
  const services = [
    { fullName: WORKFLOW_SERVICE, handlers: createWorkflowServiceHandlers({ engine, visibility }) },
    { fullName: OPERATOR_SERVICE, handlers: createOperatorServiceHandlers(engine) },
    { fullName: HEALTH_SERVICE, handlers: { Check: async () => ({ status: 'SERVING' }) } },
  ];
  if (clock.timeSkipping) services.push({ fullName: TEST_SERVICE, handlers: createTimeSkippingHandlers(clock as VirtualClock) });

  installSyncGunzip();
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
    // Channelz (grpc-js's call statistics service) is not served here; tracking it cost every call.
    'grpc.enable_channelz': 0,
  });
  addServices(server, services, log, bridge ? { prepare: bridge.prepare, barrier: bridge.barrier } : {}, opts.apiKey !== undefined ? bearerAuth(opts.apiKey) : undefined);
  const ip = opts.ip ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${ip}:${opts.port ?? 7233}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  let stopped = false;
  return {
    address: `${ip}:${port}`,
    port,
    imported,
    storage,
    sweepRetention: async (now?: number) => (bridge ? bridge.sweepRetention(now) : 0),
    stats() {
      let openRuns = 0;
      let coldRuns = 0;
      let historyBytesInMemory = 0;
      for (const r of engine.runs.values()) {
        if (r.status === 'RUNNING') openRuns++;
        if (r.history.base) coldRuns++;
        historyBytesInMemory += r.history.len - (r.history.baseLen ?? 0);
      }
      return { runsInMemory: engine.runs.size, openRuns, coldRuns, historyBytesInMemory };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      engine.close();
      clock.close();
      await bridge?.close();
      await new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      });
    },
  };
}
