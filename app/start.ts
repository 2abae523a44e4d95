// Composition root: starts the whole system in-process and returns a handle to stop it.
// Used by server.ts (npm start) and by tests; the Temporal worker wiring hooks in here too.
//
//   const running = await startWerkroute(loadConfig());   // { url, port, databaseUrl, db, sql, health, stop }
//   ...
//   await running.stop();                                  // HTTP → DB pool → embedded PostgreSQL
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ConfigError, redactUrl, type Config } from '../config';
import { buildApp } from '../api/app';
import { createHealthRegistry, type HealthRegistry } from '../api/routes/health';
import { createDbClient, type Db, type Sql } from '../db/client';
import { seedDemoData } from '../db/demo-seed';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { seedReferenceData } from '../db/seed';
import { createLogger, type Logger } from './logger';
import { startTemporalStack, type TemporalStack } from './temporal';
import { createMeldingTemporal } from '../api/temporal';
import { startOntbrekendeWorkflows } from './ontbrekende-workflows';

export interface StartOptions {
  logger?: Logger;
  /** Seed demo accounts, WSPs, regio contacts and roster. Default: only with the embedded PostgreSQL. */
  demoData?: boolean;
  /** Start Temporal (embedded server or TEMPORAL_ADDRESS), the worker and the API (default true). False: health and web app only. */
  temporal?: boolean;
}

export interface RunningWerkroute {
  /** Base URL of the HTTP server, e.g. http://localhost:3000 */
  url: string;
  port: number;
  /** Connection URL of the database in use (contains the password: do not log). */
  databaseUrl: string;
  db: Db;
  sql: Sql;
  health: HealthRegistry;
  logger: Logger;
  /** Set when the embedded PostgreSQL was started. */
  embedded: EmbeddedPostgres | undefined;
  /** Set unless started with `temporal: false`. */
  temporal: TemporalStack | undefined;
  /** Stops HTTP (waits for open requests, up to 10 s), closes the pool, stops embedded PostgreSQL. Idempotent. */
  stop(): Promise<void>;
}

export async function startWerkroute(config: Config, options: StartOptions = {}): Promise<RunningWerkroute> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // Undo what was started so far if a later step fails, in reverse order.
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((err) => logger.warn('cleanup failed', { err }));
  };

  try {
    let embedded: EmbeddedPostgres | undefined;
    if (!config.databaseUrl) {
      ensureWritableDir(config.dataDir);
      const pgLogger = logger.child({ component: 'postgres' });
      try {
        embedded = await startEmbeddedPostgres({
          dataDir: path.join(config.dataDir, 'postgres'),
          port: config.embeddedPgPort,
          onLog: logger.isEnabled('debug') ? (line) => pgLogger.debug(line) : undefined,
        });
      } catch (err) {
        if (err instanceof EmbeddedPostgresError) throw new ConfigError(err.message);
        throw err;
      }
      const pg = embedded;
      cleanups.push(() => pg.stop());
      logger.info('embedded PostgreSQL started', { port: embedded.port, dataDir: embedded.dataDir });
    }
    const databaseUrl = config.databaseUrl ?? embedded!.url;

    const client = createDbClient(databaseUrl);
    cleanups.push(() => client.close());
    try {
      await client.sql`select 1`;
    } catch (err) {
      throw new ConfigError(`cannot connect to PostgreSQL at ${redactUrl(databaseUrl)}: ${oneLine(err)}`);
    }

    await runMigrations(databaseUrl);
    const counts = await seedReferenceData(client.db);
    logger.info('database ready', { ...counts });
    if (options.demoData ?? embedded !== undefined) {
      const demo = await seedDemoData(client.db);
      logger.info('demo accounts (local use only)', { password: demo.password, accounts: demo.accounts.map((a) => `${a.email} (${a.rol})`) });
    }

    const health = createHealthRegistry();
    health.registerHealthCheck('database', async () => {
      await client.sql`select 1`;
    });

    let temporal: TemporalStack | undefined;
    // Links in e-mails: PUBLIC_URL, else this server's own address once it listens.
    let basisUrl = config.publicUrl ?? `http://localhost:${config.port || 3000}`;
    if (options.temporal ?? true) {
      const stack = await startTemporalStack({ config, db: client.db, databaseUrl, logger, appUrl: () => basisUrl });
      temporal = stack;
      cleanups.push(() => stack.stop());
      health.registerHealthCheck('temporal', () => stack.ping());
    }

    const meldingTemporal = temporal ? createMeldingTemporal(temporal.client) : undefined;
    if (meldingTemporal) {
      const sweep = startOntbrekendeWorkflows({ db: client.db, temporal: meldingTemporal, logger });
      cleanups.push(() => sweep.stop());
    }
    const app = buildApp({
      logger,
      health,
      trustProxy: config.trustProxy,
      publicUrl: config.publicUrl,
      api: meldingTemporal ? { db: client.db, logger, temporal: meldingTemporal } : undefined,
    });
    const server = http.createServer(app);
    await listen(server, config.port);
    cleanups.push(() => closeServer(server));
    const port = (server.address() as AddressInfo).port;
    if (!config.publicUrl) basisUrl = `http://localhost:${port}`;
    const url = `http://localhost:${port}`;
    logger.info('Werkroute listening', { url, pid: process.pid });

    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      databaseUrl,
      db: client.db,
      sql: client.sql,
      health,
      logger,
      embedded,
      temporal,
      stop: () => (stopping ??= cleanup().then(() => logger.info('Werkroute stopped'))),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function ensureWritableDir(dir: string) {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    throw new ConfigError(`data directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? oneLine(err)}); set DATA_DIR`);
  }
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new ConfigError(`port ${port} is already in use; set PORT to a free port`));
      else if (err.code === 'EACCES') reject(new ConfigError(`no permission to listen on port ${port}; set PORT to a port above 1023`));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port);
  });
}

async function closeServer(server: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  force.unref();
  await closed;
  clearTimeout(force);
}

function oneLine(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const msg = typeof e?.message === 'string' && e.message !== '' ? e.message : typeof e?.code === 'string' ? e.code : String(err);
  return msg.split('\n')[0]!;
}
