/**
 * The benchmarked API process for bench/api.ts: the real app (routes of issue #5, request logging) plus the
 * werkroute worker (started on request), as one process serves them in production, and beside them the baselines, an app
 * of their own in the same server: `POST /bench/baseline` (express.json + one postgres.js INSERT … RETURNING) and
 * `GET /bench/pk/:id` (one primary-key SELECT). IPC: → { type: 'ready', port }.
 * env: DATABASE_URL, TEMPORAL_ADDRESS, BENCH_SECRET (the payload key's secret, shared with bench/api.ts).
 */
import { randomBytes } from 'node:crypto';
import { volglinkSleutel } from '../security/volglink';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { buildApp } from '../api/app';
import { createHealthRegistry } from '../api/routes/health';
import { createMeldingTemporal } from '../api/temporal';
import { createLogger } from '../app/logger';
import { startOntbrekendeWorkflows } from '../app/ontbrekende-workflows';
import { createDbClient } from '../db/client';
import { createWerkrouteWorker, ensureSearchAttributes, WORKFLOWS_PATH } from '../worker';
import { FAILURE_CONVERTER_PATH, werkrouteDataConverter, werkroutePayloadCodec } from '../security/payload-codec';
import { stapOndertekenaar, stapSleutel } from '../security/stap-handtekening';

const databaseUrl = process.env.DATABASE_URL!;
const address = process.env.TEMPORAL_ADDRESS!;
Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });

const client = createDbClient(databaseUrl, { max: 20, applicationName: 'werkroute-bench-api' });
const connection = await Connection.connect({ address });
await ensureSearchAttributes(connection);
const native = await NativeConnection.connect({ address });
const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger: new DefaultLogger('WARN') });
// As in production (app/temporal.ts): every payload encrypted (security/payload-codec.ts).
const geheim = process.env.BENCH_SECRET || randomBytes(32).toString('base64url');
const payloadCodec = werkroutePayloadCodec(geheim);
// As in production: the API's client signs every step and the worker checks it (security/stap-handtekening.ts).
const sleutel = stapSleutel(geheim);
const interceptors = { workflow: [stapOndertekenaar(sleutel)] };
const dataConverter = werkrouteDataConverter(payloadCodec);
// The worker starts on request: scenario 1 measures the API's write path (a workflow start needs no worker),
// the read scenario needs it to answer queries.
let worker: Awaited<ReturnType<typeof createWerkrouteWorker>> | undefined;
let workerRun: Promise<void> | undefined;
let sweep: ReturnType<typeof startOntbrekendeWorkflows> | undefined;
async function startWorker() {
  // As in production (app/start.ts): the sweep for meldingen without a workflow and read models behind.
  sweep ??= startOntbrekendeWorkflows({ db: client.db, temporal: createMeldingTemporal(new Client({ connection: native, dataConverter })), logger: createLogger('warn', () => {}) });
  worker ??= await createWerkrouteWorker({ connection: native, payloadCodec, deps: { db: client.db, mailer: null, stapSleutel: sleutel, temporal: new Client({ connection: native, dataConverter, interceptors }) }, workflowBundle, worker: { maxCachedWorkflows: 2_000 } });
  workerRun ??= worker.run();
}

// Request logs are produced (JSON.stringify and all) and then dropped, so the subject pays for logging.
const logger = createLogger('info', () => {});
const app = buildApp({
  logger,
  health: createHealthRegistry(),
  api: {
    db: client.db,
    logger,
    volglinkSleutel: volglinkSleutel(randomBytes(32)),
    temporal: process.env.BENCH_API_NO_WORKFLOW
      ? { ...createMeldingTemporal(new Client({ connection: native, dataConverter, interceptors })), start: async () => undefined }
      : createMeldingTemporal(new Client({ connection: native, dataConverter, interceptors })),
    indienLimiet: false,
  },
});

// The baselines are an app of their own, chosen per request before express runs, so neither side pays for
// the other's routing or for a mounted sub-app (which swaps the prototypes of req and res on every request).
const baseline = express();
baseline.disable('x-powered-by');
baseline.post('/bench/baseline', express.json({ limit: '100kb' }), async (req, res) => {
  const [row] = await client.sql`insert into bench_baseline (body) values (${JSON.stringify(req.body)}::jsonb) returning id`;
  res.status(201).json({ id: row!.id });
});
baseline.get('/bench/pk/:id', async (req, res) => {
  const [row] = await client.sql`select * from meldingen where id = ${req.params.id}`;
  if (!row) return void res.status(404).end();
  res.json(row);
});

const server = http.createServer((req, res) => (req.url?.startsWith('/bench/') ? baseline : app)(req, res));
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });

const stop = async () => {
  server.closeAllConnections();
  server.close();
  await sweep?.stop();
  worker?.shutdown();
  await workerRun?.catch(() => undefined);
  await native.close();
  await connection.close();
  await client.close();
  process.exit(0);
};
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'stop') void stop();
  if (m?.type === 'worker') void startWorker().then(() => process.send?.({ type: 'worker-ready' }));
});
process.on('disconnect', () => void stop());
