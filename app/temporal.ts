// The Temporal half of the composition root: a real cluster at TEMPORAL_ADDRESS, or our own
// Temporal-compatible server started in this process with its state in the application's PostgreSQL
// (schema `temporal`), plus the werkroute worker and the client the API uses.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Config } from '../config';
import { ConfigError } from '../config';
import type { Db } from '../db/client';
import { createSmtpMailer } from '../activities/mailer';
import { startMailRelay } from '../activities/mail-relay';
import { createDbClient } from '../db/client';
import { startTemporalServer, StoreInUseError, type RunningTemporalServer } from '@werkroute/temporal-server';
import { createWerkrouteWorker, ensureSearchAttributes } from '../worker';
import { GeheimFout, laadGeheim, vorigeGeheimen } from '../security/geheim';
import { werkrouteDataConverter, werkroutePayloadCodec, type VersleutelCodec } from '../security/payload-codec';
import { stapOndertekenaar, stapSleutel } from '../security/stap-handtekening';
import { volglinkSleutel } from '../security/volglink';
import type { Logger } from './logger';
import { routeSdkLogs } from './sdk-logs';

export interface TemporalStack {
  address: string;
  client: Client;
  /** Resolves when the frontend answers; used by /api/health. */
  ping(): Promise<void>;
  stop(): Promise<void>;
}

export interface TemporalStackOptions {
  config: Config;
  db: Db;
  /** The application's PostgreSQL; the embedded Temporal server keeps its state there too (schema `temporal`). */
  databaseUrl: string;
  logger: Logger;
  namespace?: string;
  /** Run the werkroute worker in this process (default true). */
  worker?: boolean;
  /** Base URL of the web app for links in e-mails; read when a mail is written (the port may be known only later). */
  appUrl?: () => string;
  /** The app secret (security/geheim.ts); loaded here when the caller has not. */
  geheim?: string;
}

/** The app secret, with where it came from in the log (never the value). */
export function laadAppGeheim(config: Config, logger: Logger): string {
  try {
    const geheim = laadGeheim({ secret: config.werkrouteSecret, dataDir: config.dataDir });
    logger.info('app secret loaded', { bron: geheim.bron, ...(geheim.bestand ? { bestand: geheim.bestand } : {}) });
    return geheim.geheim;
  } catch (err) {
    if (err instanceof GeheimFout) throw new ConfigError(err.message);
    throw err;
  }
}

export async function startTemporalStack(opts: TemporalStackOptions): Promise<TemporalStack> {
  const { config, logger } = opts;
  const namespace = opts.namespace ?? 'default';
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((err: unknown) => logger.warn('temporal cleanup failed', { err }));
  };

  routeSdkLogs(logger);
  try {
    // The key the API signs every step with and the worker checks (security/); read before anything starts.
    let sleutel: Buffer;
    let geheim: string;
    // And the key every payload is encrypted with before it reaches Temporal (security/payload-codec.ts).
    let codec: VersleutelCodec;
    try {
      geheim = opts.geheim ?? laadAppGeheim(config, logger);
      sleutel = stapSleutel(geheim);
      const vorige = vorigeGeheimen(config.werkrouteSecretVorige);
      codec = werkroutePayloadCodec(geheim, vorige);
      logger.info('Temporal payloads encrypted', { sleutelId: codec.sleutelId, vorigeSleutels: vorige.length });
    } catch (err) {
      if (err instanceof GeheimFout) throw new ConfigError(err.message);
      throw err;
    }

    let address = config.temporalAddress;
    let embedded: RunningTemporalServer | undefined;
    // The embedded server's key: fresh at every start, known to this process only (README "Security").
    // A real cluster (TEMPORAL_ADDRESS) brings its own authentication; nothing is sent there.
    let apiKey: string | undefined;
    if (!address) {
      apiKey = randomBytes(32).toString('base64url');
      // One backup of the database covers the whole system. The journal of earlier versions is moved in once.
      const journal = path.join(config.dataDir, 'temporal', 'journal.jsonl');
      try {
        embedded = await startTemporalServer({
          port: 0,
          // Loopback only: the server is for this process; the key keeps out other local processes.
          ip: '127.0.0.1',
          apiKey,
          databaseUrl: opts.databaseUrl,
          namespace,
          importJournal: fs.existsSync(journal) ? journal : undefined,
        });
      } catch (err) {
        if (err instanceof StoreInUseError) throw new ConfigError(err.message);
        throw err;
      }
      const server = embedded;
      cleanups.push(() => server.stop());
      address = embedded.address;
      if (embedded.imported) {
        logger.warn('embedded Temporal: the journal of the earlier version was imported into PostgreSQL', { runs: embedded.imported.runs, backup: embedded.imported.backup });
      }
      logger.info('embedded Temporal server started', { address, storage: embedded.storage });
    }

    // With apiKey the SDK would switch to TLS; the embedded server speaks plain text on loopback.
    const auth = apiKey ? { apiKey, tls: false as const } : {};
    const connection = await connectWithRetry(address, embedded ? 5_000 : 15_000, auth);
    cleanups.push(() => connection.close());
    await ensureSearchAttributes(connection, namespace);
    // The API's client rides on Core's Rust gRPC client (NativeConnection implements the client's
    // ConnectionLike): a workflow start costs the API process about a third of the CPU it costs through
    // grpc-js (bench: CPU per request by process). The worker shares the same connection.
    const native = await NativeConnection.connect({ address, ...auth });
    cleanups.push(() => native.close());
    // Every step this client sends is signed; the worker refuses steps that are not (security/stap-handtekening.ts).
    // Every payload it sends is encrypted, every one it reads decrypted (inputs, results, failures).
    const client = new Client({ connection: native, namespace, dataConverter: werkrouteDataConverter(codec), interceptors: { workflow: [stapOndertekenaar(sleutel)] } });

    if (opts.worker ?? true) {
      const workerLog = logger.child({ component: 'worker' });
      const appUrl = opts.appUrl ?? (() => config.publicUrl ?? `http://localhost:${config.port || 3000}`);
      const worker: Worker = await createWerkrouteWorker({
        connection: native,
        namespace,
        payloadCodec: codec,
        deps: { db: opts.db, temporal: client, stapSleutel: sleutel, appUrl, log: { info: workerLog.info.bind(workerLog), warn: workerLog.warn.bind(workerLog), error: workerLog.error.bind(workerLog) } },
      });
      const running = worker.run().catch((err: unknown) => logger.error('werkroute worker stopped', { err }));
      // Registered after the connections, so it runs first on stop: drain the worker, then close.
      cleanups.push(async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      });
      logger.info('werkroute worker running', { taskQueue: 'werkroute' });

      // The mail relay beside the worker: the only sender of outbox rows (activities/mail-relay.ts). Its own
      // small pool, so sends in flight never take connections from the API.
      if (config.smtpUrl) {
        const mailer = createSmtpMailer(config.smtpUrl);
        cleanups.push(async () => mailer.close());
        const relayDb = createDbClient(opts.databaseUrl, { max: 5, applicationName: 'werkroute-mail-relay' });
        cleanups.push(() => relayDb.close());
        const relayLog = logger.child({ component: 'mail-relay' });
        const relay = await startMailRelay({ db: relayDb.db, sql: relayDb.sql, mailer, appUrl, volglinkSleutel: volglinkSleutel(geheim), maxInFlight: 4, log: { info: relayLog.info.bind(relayLog), warn: relayLog.warn.bind(relayLog), error: relayLog.error.bind(relayLog) } });
        // Runs first on stop: no new claims, the sends in flight finish and are marked.
        cleanups.push(() => relay.stop());
      } else {
        logger.info('no SMTP_URL: outbox rows stay pending');
      }
    }

    let stopping: Promise<void> | undefined;
    return {
      address,
      client,
      ping: async () => {
        await connection.withDeadline(Date.now() + 2_000, () => connection.workflowService.getSystemInfo({}));
      },
      stop: () => (stopping ??= cleanup()),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function connectWithRetry(address: string, withinMs: number, auth: { apiKey?: string; tls?: false }): Promise<Connection> {
  const until = Date.now() + withinMs;
  for (;;) {
    try {
      return await Connection.connect({ address, connectTimeout: 2_000, ...auth });
    } catch (err) {
      if (Date.now() > until) throw new ConfigError(`cannot reach Temporal at ${address}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
