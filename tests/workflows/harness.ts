// Harness for the melding workflow tests: our Temporal server in time-skipping mode, a fresh PostgreSQL
// database, a real SMTP sink and the real worker with the real activities. One per test file.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { type InternalConnectionOptions, InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import protoModule from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { eq, sql } from 'drizzle-orm';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { startMailRelay, type MailRelay } from '../../activities/mail-relay';
import { createDbClient, type DbClient } from '../../db/client';
import { contactpersonen, medewerkers, meldingen, regioContacten, werkgevers, wsps } from '../../db/schema';
import type { MeldingStatusView } from '../../domain/melding';
import { fromAmsterdam } from '../../domain/werkdagen';
import { createWerkrouteWorker, ensureSearchAttributes, WORKFLOWS_PATH } from '../../worker';
import { isBevestiging, meldingStatusQuery, meldingWorkflowId, type MeldingWorkflowInput, type StapAntwoord } from '../../workflows/melding.messages';
import type { UpdateDefinition } from '@temporalio/common';
import type { meldingWorkflow } from '../../workflows/melding';
import { stapOndertekenaar, stapSleutel } from '../../security/stap-handtekening';
import { FAILURE_CONVERTER_PATH, werkrouteDataConverter, werkroutePayloadCodec, type VersleutelCodec } from '../../security/payload-codec';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { EMBEDDED_TEMPORAL_PATH, freePort, getWorkflowBundle, installQuietRuntime, REPO_ROOT, waitFor } from '../helpers/temporal';

/**
 * A melding's handle whose steps answer with the view, as the API's do: a v2 melding only confirms a step
 * (its view is then in the read model), so the view is read with the query the step's commit made current.
 */
export type MeldingHandle = {
  executeUpdate<A>(def: UpdateDefinition<StapAntwoord, [A]>, opties: { args: [A]; updateId?: string }): Promise<MeldingStatusView>;
  /** The workflow's own answer. */
  antwoord<A>(def: UpdateDefinition<StapAntwoord, [A]>, opties: { args: [A]; updateId?: string }): Promise<StapAntwoord>;
} & WorkflowHandle<typeof meldingWorkflow>;

export function metWeergave(handle: WorkflowHandle<typeof meldingWorkflow>): MeldingHandle {
  const antwoord = <A,>(def: UpdateDefinition<StapAntwoord, [A]>, opties: { args: [A]; updateId?: string }) => handle.executeUpdate(def, opties);
  return Object.assign(Object.create(handle) as WorkflowHandle<typeof meldingWorkflow>, {
    antwoord,
    async executeUpdate<A>(def: UpdateDefinition<StapAntwoord, [A]>, opties: { args: [A]; updateId?: string }): Promise<MeldingStatusView> {
      const a = await antwoord(def, opties);
      if (!isBevestiging(a)) return a;
      const v = await handle.query(meldingStatusQuery);
      if (!v) throw new Error('geen weergave na de stap');
      return v;
    },
  }) as unknown as MeldingHandle;
}

/** Secret of the committed fixture histories (a test value, published on purpose). */
export const FIXTURE_GEHEIM = 'x'.repeat(32);

export const HISTORY_DIR = path.join(REPO_ROOT, 'tests/workflows/histories');

export interface Personen {
  team1: string;
  team2: string;
  manager: string;
  am01Primair: string;
  am01Achtervang: string;
  am02Primair: string;
  am02Achtervang: string;
  wsp01: string;
}

export const MAIL = {
  team1: 'team1@nlwerktdoor.test',
  team2: 'team2@nlwerktdoor.test',
  manager: 'coordinator@nlwerktdoor.test',
  am01Primair: 'contact.am01@regio.test',
  am01Achtervang: 'achtervang.am01@regio.test',
  am02Primair: 'contact.am02@regio.test',
  am02Achtervang: 'achtervang.am02@regio.test',
  wsp01: 'wsp-medewerker.am01@wsp.test',
  wspAm01: 'info@wsp-am01.test',
  wspAm02: 'info@wsp-am02.test',
  werkgever: 'vraag@werkgever.test',
  aanbieder: 'aanbod@werkgever.test',
} as const;

export interface Harness {
  env: TestWorkflowEnvironment;
  /** The client the API would be: it signs every step (the workflow refuses unsigned ones); h.start's handles use it. */
  client: Client;
  /** The step-signing key the worker checks with. */
  sleutel: Buffer;
  /** The payload codec of client, worker and replay (security/payload-codec.ts): everything in history is encrypted. */
  codec: VersleutelCodec;
  db: TestDatabase;
  sink: SmtpSink;
  taskQueue: string;
  p: Personen;
  /** Starts (or restarts) the worker; a new Worker instance has an empty workflow cache. */
  startWorker(opties?: { maxCachedWorkflows?: number; workflowsPath?: string }): Promise<void>;
  stopWorker(): Promise<void>;
  /** Inserts a melding row (with an employer contact) and returns its id. */
  nieuweMelding(soort?: 'vraag' | 'aanbod', werkgever?: 'werkgever' | 'aanbieder'): Promise<string>;
  start(meldingId: string, soort: 'vraag' | 'aanbod', extra?: Partial<MeldingWorkflowInput>): Promise<MeldingHandle>;
  /** Advances the server's virtual time to this Europe/Amsterdam moment (must lie ahead). */
  naar(datum: string, uur: number, minuut?: number): Promise<number>;
  nu(): Promise<number>;
  status(h: WorkflowHandle): Promise<MeldingStatusView>;
  /** Polls the query until `pred` holds. */
  wachtOp(h: WorkflowHandle, pred: (v: MeldingStatusView) => boolean, what: string): Promise<MeldingStatusView>;
  /** Polls until every queued effect ran: the projection caught up with the state version. */
  rustig(h: WorkflowHandle): Promise<MeldingStatusView>;
  /** Mails to an address (optionally with a subject fragment). */
  mails(adres: string, onderwerp?: string): { subject: string; messageId: string }[];
  /** Ids of every workflow this file started, for the replay check. */
  gestart: string[];
  /** Terminates the runs a test left open, so their timers do not slow down later time skips. */
  opruimen(): Promise<void>;
  teardown(): Promise<void>;
}

export const at = (datum: string, uur: number, minuut = 0) => fromAmsterdam(datum, uur, minuut);

async function seed(db: TestDatabase): Promise<Personen> {
  const wsp1 = await db.db.insert(wsps).values({ regioCode: 'AM01', naam: 'WSP Groningen', email: MAIL.wspAm01 }).returning({ id: wsps.id });
  await db.db.insert(wsps).values({ regioCode: 'AM02', naam: 'WSP Friesland', email: MAIL.wspAm02 });
  const mw = async (naam: string, email: string, rol: 'team' | 'manager' | 'regio-contact' | 'wsp', wspId?: number) =>
    String((await db.db.insert(medewerkers).values({ naam, email, rol, wspId: wspId ?? null }).returning({ id: medewerkers.id }))[0]!.id);
  const p: Personen = {
    team1: await mw('Team Een', MAIL.team1, 'team'),
    team2: await mw('Team Twee', MAIL.team2, 'team'),
    manager: await mw('Coördinator', MAIL.manager, 'manager'),
    am01Primair: await mw('Contact AM01', MAIL.am01Primair, 'regio-contact'),
    am01Achtervang: await mw('Achtervang AM01', MAIL.am01Achtervang, 'regio-contact'),
    am02Primair: await mw('Contact AM02', MAIL.am02Primair, 'regio-contact'),
    am02Achtervang: await mw('Achtervang AM02', MAIL.am02Achtervang, 'regio-contact'),
    wsp01: await mw('WSP-medewerker AM01', MAIL.wsp01, 'wsp', wsp1[0]!.id),
  };
  await db.db.insert(regioContacten).values([
    { regioCode: 'AM01', medewerkerId: Number(p.am01Primair), achtervangId: Number(p.am01Achtervang) },
    { regioCode: 'AM02', medewerkerId: Number(p.am02Primair), achtervangId: Number(p.am02Achtervang) },
  ]);
  // Team 1 is on duty every day the tests can reach.
  await db.sql`insert into rooster (datum, medewerker_id) select d::date, ${Number(p.team1)} from generate_series('2026-01-01'::date, '2030-12-31'::date, '1 day') d`;
  return p;
}

interface TijdreisServer {
  env: TestWorkflowEnvironment;
  sleep(ms: number): Promise<void>;
  nu(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Our executable in time-skipping mode (`bin/embedded-temporal <port>`, exactly what the SDK's
 * createTimeSkipping spawns), launched here rather than by Core: Core allows a server 5 s to answer, which
 * a machine busy with other test runs sometimes misses. Time is moved through the TestService, as
 * TestWorkflowEnvironment.sleep does for a time-skipping environment.
 */
async function startTijdreisServer(): Promise<TijdreisServer> {
  const port = await freePort();
  const child = spawn(EMBEDDED_TEMPORAL_PATH, [String(port)], { stdio: ['ignore', 'inherit', 'inherit'] });
  const weg = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await weg;
  };
  const address = `127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`bin/embedded-temporal stopte met ${child.exitCode}`);
      const c = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await c.workflowService.getSystemInfo({});
        return true;
      } finally {
        await c.close();
      }
    }, { what: `bin/embedded-temporal op ${address}`, timeoutMs: 60_000, intervalMs: 100 });
  } catch (err) {
    await stop();
    throw err;
  }
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address });
  // The SDK opens its TestService client only for environments it launched itself; ask for one explicitly.
  const opties: InternalConnectionOptions = { address, [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
  const test = await Connection.connect(opties);
  const testService = test.testService!;
  return {
    env,
    sleep: async (ms) => {
      await testService.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
    },
    nu: async () => tsToMs((await testService.getCurrentTime({})).time),
    stop: async () => {
      await test.close();
      await env.teardown();
      await stop();
    },
  };
}

export interface HarnessOpties {
  /** Workflow code to run (default workflows/index.ts); used to record fixtures of an older code version. */
  workflowsPath?: string;
}

export async function createHarness(naam: string, opties: HarnessOpties = {}): Promise<Harness> {
  installQuietRuntime();
  const [server, db, sink, bundle] = await Promise.all([
    startTijdreisServer(),
    createTestDatabase(`wf_${naam}`),
    startSmtpSink(),
    getWorkflowBundle(opties.workflowsPath ?? WORKFLOWS_PATH, { failureConverterPath: FAILURE_CONVERTER_PATH }),
  ]);
  const env = server.env;
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  const p = await seed(db);
  const taskQueue = `werkroute-${naam}-${randomUUID()}`;
  // As the app does: one secret for the step signatures and the payload key.
  // Recording fixtures: the published fixture secret, so the committed histories can be decrypted on replay.
  const geheim = process.env.WERKROUTE_RECORD_HISTORIES === '1' ? FIXTURE_GEHEIM : randomBytes(32);
  const sleutel = stapSleutel(geheim);
  const codec = werkroutePayloadCodec(geheim);
  const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: werkrouteDataConverter(codec), interceptors: { workflow: [stapOndertekenaar(sleutel)] } });
  const gestart: string[] = [];
  let worker: { w: Worker; run: Promise<void>; mailer: Mailer; relay: MailRelay; relayDb: DbClient } | undefined;

  const werkgeverIds: Record<'werkgever' | 'aanbieder', { werkgeverId: number; contactId: number } | undefined> = { werkgever: undefined, aanbieder: undefined };
  async function werkgever(wie: 'werkgever' | 'aanbieder') {
    const bestaand = werkgeverIds[wie];
    if (bestaand) return bestaand;
    const kvk = wie === 'werkgever' ? '12345678' : '87654321';
    const w = await db.db.insert(werkgevers).values({ kvkNummer: kvk, naam: `BV ${wie}` }).returning({ id: werkgevers.id });
    const c = await db.db
      .insert(contactpersonen)
      .values({ werkgeverId: w[0]!.id, naam: `Contact ${wie}`, email: wie === 'werkgever' ? MAIL.werkgever : MAIL.aanbieder })
      .returning({ id: contactpersonen.id });
    return (werkgeverIds[wie] = { werkgeverId: w[0]!.id, contactId: c[0]!.id });
  }

  const h: Harness = {
    env,
    client,
    sleutel,
    codec,
    db,
    sink,
    taskQueue,
    p,
    gestart,
    async startWorker(opties = {}) {
      if (worker) return;
      const code = opties.workflowsPath ? await getWorkflowBundle(opties.workflowsPath) : bundle;
      const mailer = createSmtpMailer(sink.url, { timeoutMs: 2000 });
      const w = await createWerkrouteWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        payloadCodec: codec,
        deps: { db: db.db, stapSleutel: sleutel },
        workflowBundle: code,
        // A stopped worker's sticky queue would hold the next task for the default 10 s before it moves on.
        worker: { stickyQueueScheduleToStartTimeout: '1s', ...(opties.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opties.maxCachedWorkflows } : {}) },
      });
      // The mail relay runs beside the worker, as in the worker process; short retries for the tests.
      const relayDb = createDbClient(db.url, { max: 5, applicationName: 'werkroute-test-relay' });
      const relay = await startMailRelay({ db: relayDb.db, sql: relayDb.sql, mailer, backoffMs: 100, maxBackoffMs: 1_000 });
      worker = { w, run: w.run(), mailer, relay, relayDb };
    },
    async stopWorker() {
      const x = worker;
      worker = undefined;
      if (!x) return;
      x.w.shutdown();
      await x.run;
      await x.relay.stop();
      x.mailer.close();
      await x.relayDb.close();
    },
    async nieuweMelding(soort = 'vraag', wie = soort === 'vraag' ? 'werkgever' : 'aanbieder') {
      const w = await werkgever(wie);
      const r = await db.db
        .insert(meldingen)
        .values({ soort, werkgeverId: w.werkgeverId, contactpersoonId: w.contactId, volgTokenHash: randomBytes(16).toString('hex') })
        .returning({ id: meldingen.id });
      return r[0]!.id;
    },
    async start(meldingId, soort, extra = {}) {
      const handle = await client.workflow.start<typeof meldingWorkflow>('meldingWorkflow', {
        workflowId: meldingWorkflowId(meldingId),
        taskQueue,
        args: [{ meldingId, soort, ...extra }],
      });
      gestart.push(handle.workflowId);
      return metWeergave(handle);
    },
    nu: server.nu,
    async naar(datum, uur, minuut = 0) {
      const doel = at(datum, uur, minuut);
      const nu = await server.nu();
      if (doel < nu) throw new Error(`naar(${datum} ${uur}:${minuut}) ligt in het verleden van de testserver (${new Date(nu).toISOString()})`);
      if (doel > nu) await server.sleep(doel - nu);
      return doel;
    },
    async status(handle) {
      const v = await handle.query(meldingStatusQuery);
      if (!v) throw new Error('status nog niet beschikbaar');
      return v;
    },
    async wachtOp(handle, pred, what) {
      return waitFor(async () => {
        const v = await handle.query(meldingStatusQuery);
        return v && pred(v) ? v : undefined;
      }, { what, timeoutMs: 20_000 });
    },
    async rustig(handle) {
      return waitFor(async () => {
        const v = await handle.query(meldingStatusQuery);
        if (!v || v.openEffecten > 0) return undefined;
        const rij = await db.db.select({ versie: meldingen.projectieVersie }).from(meldingen).where(eq(meldingen.id, v.meldingId));
        // The projection runs before the step's other effects; wait until the outbox and audit settled too.
        if (rij[0]?.versie !== v.versie) return undefined;
        const open = await db.db.execute(sql`select count(*)::int as n from outbox where melding_id = ${v.meldingId} and status <> 'sent'`);
        return Number((open as unknown as { n: number }[])[0]?.n ?? 0) === 0 ? v : undefined;
      }, { what: 'projectie en mails bij', timeoutMs: 20_000 });
    },
    mails(adres, onderwerp) {
      return sink.to(adres).filter((m) => onderwerp === undefined || m.subject.includes(onderwerp)).map((m) => ({ subject: m.subject, messageId: m.messageId }));
    },
    async opruimen() {
      for (const id of gestart) {
        const handle = env.client.workflow.getHandle(id);
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test klaar');
      }
    },
    async teardown() {
      for (const id of gestart) {
        try {
          await env.client.workflow.getHandle(id).terminate('test klaar');
        } catch {
          // already closed
        }
      }
      await h.stopWorker().catch(() => {});
      await sink.stop();
      await server.stop();
      await db.drop();
    },
  };
  await h.startWorker();
  return h;
}

const { History } = protoModule.temporal.api.history.v1;

/** Stable JSON for a history fixture: 64-bit numbers and enums as strings, payload bytes as base64. */
export function historyNaarJson(history: unknown): string {
  const msg = History.fromObject(history as Record<string, unknown>);
  return JSON.stringify(History.toObject(msg, { longs: String, enums: String, bytes: String }));
}

export function historyUitJson(tekst: string) {
  return History.fromObject(JSON.parse(tekst));
}

/** Fixture name: the test file's harness name and the start order, stable across runs (ids are random). */
function naamVan(h: Harness, id: string): string {
  return `${h.taskQueue.split('-')[1]}-${String(h.gestart.indexOf(id) + 1).padStart(2, '0')}`;
}

/** Replays every history this file recorded with the current workflow code; optionally saves them as fixtures. */
export async function replayAlles(h: Harness): Promise<{ aantal: number; fouten: string[] }> {
  const bundle = await getWorkflowBundle(WORKFLOWS_PATH, { failureConverterPath: FAILURE_CONVERTER_PATH });
  const histories = [];
  for (const id of h.gestart) {
    const handle = h.env.client.workflow.getHandle(id);
    // Open runs are ended first so every history is complete; the replayer then checks all of it.
    if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('replaycontrole');
    const history = await handle.fetchHistory();
    histories.push({ workflowId: id, history });
    if (process.env.WERKROUTE_RECORD_HISTORIES === '1') {
      mkdirSync(HISTORY_DIR, { recursive: true });
      writeFileSync(path.join(HISTORY_DIR, `${naamVan(h, id)}.json`), historyNaarJson(history));
    }
  }
  const fouten: string[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'werkroute-replay', dataConverter: werkrouteDataConverter(h.codec) }, histories)) {
    if (r.error) fouten.push(`${r.workflowId}: ${String(r.error)}`);
  }
  return { aantal: histories.length, fouten };
}
