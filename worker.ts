// The werkroute worker: melding workflows + their activities on one task queue, and with SMTP_URL the mail
// relay that delivers the outbox (activities/mail-relay.ts; PUBLIC_URL for the links in mails).
//   npm run worker   (TEMPORAL_ADDRESS, DATABASE_URL, optional SMTP_URL, PUBLIC_URL, TEMPORAL_NAMESPACE, and the API's
//   secret: WERKROUTE_SECRET, or the same DATA_DIR as the API so that it reads DATA_DIR/werkroute-secret; during a
//   rotation also WERKROUTE_SECRET_VORIGE, to read payloads stored under the previous secret)
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createMeldingActivities, type MeldingActivityDeps } from './activities/melding';
import { createSmtpMailer } from './activities/mailer';
import { startMailRelay } from './activities/mail-relay';
import { createDbClient } from './db/client';
import { laadGeheim, vorigeGeheimen } from './security/geheim';
import { stapSleutel } from './security/stap-handtekening';
import { volglinkSleutel } from './security/volglink';
import { werkrouteDataConverter, werkroutePayloadCodec } from './security/payload-codec';
import { createLogger } from './app/logger';
import { LOG_LEVELS } from './config';
import { routeSdkLogs } from './app/sdk-logs';
import { MELDING_TASK_QUEUE } from './workflows/melding.messages';
import { WERKROUTE_SEARCH_ATTRIBUTES } from './workflows/search-attributes';

export const WORKFLOWS_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workflows/index.ts');

/**
 * Registers the werkroute search attributes in the namespace if they are missing (OperatorService), so
 * workflows can upsert them. Safe to call on every start and from several processes at once.
 */
export async function ensureSearchAttributes(connection: Connection, namespace = 'default'): Promise<void> {
  const bestaand = await connection.operatorService.listSearchAttributes({ namespace });
  const bekend = new Set([...Object.keys(bestaand.customAttributes ?? {}), ...Object.keys(bestaand.systemAttributes ?? {})]);
  const ontbrekend = WERKROUTE_SEARCH_ATTRIBUTES.filter((k) => !bekend.has(k.name));
  if (ontbrekend.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(ontbrekend.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
    });
  } catch (err) {
    // Another process may have registered them between our list and add.
    const na = await connection.operatorService.listSearchAttributes({ namespace });
    const nu = new Set(Object.keys(na.customAttributes ?? {}));
    if (!ontbrekend.every((k) => nu.has(k.name))) throw err;
  }
}

export interface WerkrouteWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  deps: MeldingActivityDeps;
  /**
   * Encrypts every payload the worker writes and reads the ones it finds (security/payload-codec.ts); the same
   * secret as the API's client, or neither can read the other's payloads.
   */
  payloadCodec: PayloadCodec;
  /**
   * Prebuilt bundle (tests bundle once per file); default: bundle workflows/index.ts at start. Build it with
   * `failureConverterPath: FAILURE_CONVERTER_PATH` (security/payload-codec.ts), or failures raised in workflow
   * code keep their message readable.
   */
  workflowBundle?: { code: string };
  /** Extra worker options (tests: maxCachedWorkflows: 0 to force replay, identity, …). */
  worker?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities' | 'workflowBundle' | 'workflowsPath' | 'dataConverter'>>;
}

export async function createWerkrouteWorker(opts: WerkrouteWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace ?? 'default',
    taskQueue: opts.taskQueue ?? MELDING_TASK_QUEUE,
    activities: createMeldingActivities(opts.deps),
    // Applied in the worker's main thread, outside the workflow sandbox; with workflowsPath the failure
    // converter is bundled into the sandbox too.
    dataConverter: werkrouteDataConverter(opts.payloadCodec),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...opts.worker,
  });
}

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  const databaseUrl = process.env.DATABASE_URL;
  if (!address || !databaseUrl) {
    process.stderr.write('worker: TEMPORAL_ADDRESS en DATABASE_URL zijn verplicht\n');
    process.exit(1);
  }
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  // JSON lines like the app's; SDK lines without activity inputs (app/sdk-logs.ts).
  const level = LOG_LEVELS.find((l) => l === process.env.LOG_LEVEL) ?? 'info';
  const logger = createLogger(level);
  routeSdkLogs(logger);
  // The key the API signs steps with; without the same secret as the API every step would be refused.
  const geheim = laadGeheim({ secret: process.env.WERKROUTE_SECRET, dataDir: path.resolve(process.env.DATA_DIR || '.data') });
  // The payload key follows the secret; during a rotation the previous secret still decrypts (README "Security").
  const payloadCodec = werkroutePayloadCodec(geheim.geheim, vorigeGeheimen(process.env.WERKROUTE_SECRET_VORIGE));
  const client = await Connection.connect({ address });
  await ensureSearchAttributes(client, namespace);
  await client.close();
  const db = createDbClient(databaseUrl, { applicationName: 'werkroute-worker' });
  const connection = await NativeConnection.connect({ address });
  const log = logger.child({ component: 'worker' });
  const worker = await createWerkrouteWorker({ connection, namespace, payloadCodec, deps: { db: db.db, log, stapSleutel: stapSleutel(geheim.geheim), appUrl: process.env.PUBLIC_URL } });
  // The mail relay beside the worker (activities/mail-relay.ts), on its own small pool; several worker
  // processes may run one each: rows are claimed with SKIP LOCKED.
  const mailer = process.env.SMTP_URL ? createSmtpMailer(process.env.SMTP_URL) : null;
  const relayDb = mailer ? createDbClient(databaseUrl, { max: 5, applicationName: 'werkroute-mail-relay' }) : null;
  const relay =
    mailer && relayDb
      ? await startMailRelay({ db: relayDb.db, sql: relayDb.sql, mailer, appUrl: process.env.PUBLIC_URL, volglinkSleutel: volglinkSleutel(geheim.geheim), log: logger.child({ component: 'mail-relay' }) })
      : null;
  if (!relay) log.info('no SMTP_URL: outbox rows stay pending');
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await worker.run();
  } finally {
    // Stop claiming and let the sends in flight finish (and be marked) before the pools close.
    await relay?.stop();
    mailer?.close();
    await relayDb?.close();
    await db.close();
    await connection.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`worker: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
