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
import { ConfigError, isLoopback, redactUrl, type Config } from '../config';
import { buildApp } from '../api/app';
import { createHealthRegistry, type HealthRegistry } from '../api/routes/health';
import { createDbClient, type Db, type Sql } from '../db/client';
import { seedDemoData } from '../db/demo-seed';
import { heeftDemoWachtwoord, zorgVoorBeheerder } from '../db/eerste-beheerder';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { seedReferenceData } from '../db/seed';
import { createLogger, type Logger } from './logger';
import { laadAppGeheim, startTemporalStack, type TemporalStack } from './temporal';
import { volglinkSleutel } from '../security/volglink';
import { volgTokensOmzetten } from '../db/repositories/volglink';
import { createMeldingTemporal } from '../api/temporal';
import { startOntbrekendeWorkflows } from './ontbrekende-workflows';
import { startBewaartermijnen } from './bewaartermijnen';

export interface StartOptions {
  logger?: Logger;
  /** Seed demo accounts, WSPs, regio contacts and roster (default: config DEMO_DATA). Loopback only. */
  demoData?: boolean;
  /** Start Temporal (embedded server or TEMPORAL_ADDRESS), the worker and the API (default true). False: health and web app only. */
  temporal?: boolean;
}

export interface RunningWerkroute {
  /** Base URL of the HTTP server, e.g. http://localhost:3000 */
  url: string;
  port: number;
  /** The address the HTTP socket is bound to (config HOST). */
  address: string;
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
    const demoData = options.demoData ?? config.demoData;
    // A published password may be reachable from this machine only.
    if (!isLoopback(config.host) && (demoData || (await heeftDemoWachtwoord(client.db)))) {
      throw new ConfigError(
        demoData
          ? `demo accounts share a published password and are served on loopback only; unset DEMO_DATA or set HOST=127.0.0.1 (HOST is ${config.host})`
          : `demo accounts with the published password are still active in this database; deactivate them (beheer) or set HOST=127.0.0.1 (HOST is ${config.host})`,
      );
    }
    if (demoData) {
      const demo = await seedDemoData(client.db);
      logger.info('demo accounts (local use only)', { password: demo.password, accounts: demo.accounts.map((a) => `${a.email} (${a.rol})`) });
    }
    const eerste = await zorgVoorBeheerder(client.db, config.beheerderEmail);
    if (eerste) {
      // The only time this password is shown: it is not stored anywhere in readable form.
      logger.warn('first beheerder created: sign in and change the password (shown only now)', { email: eerste.email, password: eerste.wachtwoord });
    }

    const bewaren = startBewaartermijnen({ db: client.db, termijnen: config.bewaartermijnen, logger });
    cleanups.push(() => bewaren.stop());

    const health = createHealthRegistry();
    health.registerHealthCheck('database', async () => {
      await client.sql`select 1`;
    });

    let temporal: TemporalStack | undefined;
    // Links in e-mails: PUBLIC_URL, else this server's own address once it listens.
    let basisUrl = config.publicUrl ?? `http://localhost:${config.port || 3000}`;
    // One app secret for step signatures and the follow links' encryption (security/).
    const geheim = laadAppGeheim(config, logger);
    await volgTokensOmzetten(client.db, volglinkSleutel(geheim));
    if (options.temporal ?? true) {
      const stack = await startTemporalStack({ config, db: client.db, databaseUrl, logger, geheim, appUrl: () => basisUrl });
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
      api: meldingTemporal
        ? { db: client.db, logger, temporal: meldingTemporal, publiekeUrl: () => basisUrl, volglinkSleutel: volglinkSleutel(geheim), volglinkDagen: config.volglinkDagen }
        : undefined,
    });
    const server = http.createServer(app);
    await listen(server, config.port, config.host);
    cleanups.push(() => closeServer(server));
    const { port, address } = server.address() as AddressInfo;
    if (!config.publicUrl) basisUrl = `http://localhost:${port}`;
    const url = `http://localhost:${port}`;
    logger.info('Werkroute listening', { url, host: config.host, pid: process.pid });

    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      address,
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

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new ConfigError(`port ${port} is already in use; set PORT to a free port`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new ConfigError(`cannot listen on HOST ${host}: no such address on this machine`));
      else if (err.code === 'EACCES') reject(new ConfigError(`no permission to listen on port ${port}; set PORT to a port above 1023`));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
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
