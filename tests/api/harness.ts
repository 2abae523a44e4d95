// The real stack for API tests: a fresh PostgreSQL database (demo accounts seeded), optionally our Temporal
// server in-process with the real werkroute worker, and the express app listening on a free port. Tests talk
// plain HTTP to it, as any client would.
import http from 'node:http';
import type { Client } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../api/app';
import { volglinkSleutel } from '../../security/volglink';
import { createHealthRegistry } from '../../api/routes/health';
import type { ApiDeps } from '../../api/routes/deps';
import { HttpProblem } from '../../api/errors';
import { createMeldingTemporal, type MeldingTemporal } from '../../api/temporal';
import { createLogger, silentLogger } from '../../app/logger';
import { DEMO_PASSWORD, seedDemoData } from '../../db/demo-seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { waitFor } from './wait';

export { DEMO_PASSWORD, waitFor };

export const ACCOUNTS = {
  team: 'team1@werkroute.example',
  team2: 'team2@werkroute.example',
  manager: 'manager@werkroute.example',
  beheerder: 'beheer@werkroute.example',
  /** Primary contact of AM01; achtervang of the last regio (AM38's contact is the achtervang of AM01's predecessor). */
  regioAM01: 'regio.am01@werkroute.example',
  regioAM03: 'regio.am03@werkroute.example',
  wspAM01: 'wsp.am01@werkroute.example',
  wspAM03: 'wsp.am03@werkroute.example',
} as const;

export interface Resp<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface ReqOptions {
  body?: unknown;
  /** Sent as is (malformed JSON, other media types). */
  raw?: string | Buffer;
  token?: string;
  headers?: Record<string, string>;
}

export interface ApiHarness {
  url: string;
  db: TestDatabase;
  temporal: MeldingTemporal;
  /** The embedded Temporal server (with `temporal: true`). */
  temporalServer?: Awaited<ReturnType<typeof import('@werkroute/temporal-server').startTemporalServer>>;
  /** The Temporal client (with `temporal: true`), e.g. to describe a melding's workflow. */
  temporalClient?: Client;
  req<T = any>(method: string, path: string, opts?: ReqOptions): Promise<Resp<T>>;
  /** Session token of a demo account. */
  login(email: string): Promise<string>;
  /** Stops the worker (with `temporal: true`): workflows stay, nothing answers their tasks or queries. */
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** For files that never touch a workflow: any Temporal call fails as if the service were down. */
const geenTemporal: MeldingTemporal = {
  start: () => Promise.reject(new HttpProblem('service-unavailable', 'geen Temporal in deze test')),
  stap: () => Promise.reject(new HttpProblem('service-unavailable', 'geen Temporal in deze test')),
  status: () => Promise.reject(new HttpProblem('service-unavailable', 'geen Temporal in deze test')),
};

export interface HarnessOptions {
  temporal?: boolean;
  /** Keep the Temporal server's state in the test database (schema `temporal`), as `npm start` does. */
  temporalInDatabase?: boolean;
  /** `false`: Temporal payloads in plain text, as before the payload codec (to compare; default: encrypted). */
  payloadCodec?: boolean;
  /** Receives every log line (JSON) of the app. */
  logLines?: string[];
  api?: Partial<ApiDeps>;
  trustProxy?: number | string[];
  /** buildApp's publicUrl (PUBLIC_URL): https turns on HSTS and Secure cookies. */
  publicUrl?: string;
}

export async function startApiHarness(opts: HarnessOptions = {}): Promise<ApiHarness> {
  const stops: (() => Promise<unknown>)[] = [];
  const db = await createTestDatabase('api');
  stops.push(() => db.drop());
  await seedDemoData(db.db);

  const volgSleutel = volglinkSleutel(randomBytes(32));
  let temporal = geenTemporal;
  let temporalServer: ApiHarness['temporalServer'];
  let temporalClient: Client | undefined;
  let stopWorker = async () => undefined as void;
  if (opts.temporal) {
    // Imported lazily: files without workflows should not pay for loading the worker and server.
    const [{ Client, Connection }, { NativeConnection }, { freePort, getWorkflowBundle, installQuietRuntime }, { createWerkrouteWorker, ensureSearchAttributes, WORKFLOWS_PATH }, { startTemporalServer }, { stapOndertekenaar, stapSleutel }, { FAILURE_CONVERTER_PATH, werkrouteDataConverter, werkroutePayloadCodec }, { randomBytes }] =
      await Promise.all([import('@temporalio/client'), import('@temporalio/worker'), import('../helpers/temporal'), import('../../worker'), import('@werkroute/temporal-server'), import('../../security/stap-handtekening'), import('../../security/payload-codec'), import('node:crypto')]);
    // As the app does: the API signs every step, the worker checks it (security/stap-handtekening.ts), and
    // every payload is encrypted before it reaches Temporal (security/payload-codec.ts), both keys from one secret.
    const geheim = randomBytes(32);
    const sleutel = stapSleutel(geheim);
    const codec = opts.payloadCodec === false ? undefined : werkroutePayloadCodec(geheim);
    const dataConverter = codec ? werkrouteDataConverter(codec) : undefined;
    installQuietRuntime();
    const server = await startTemporalServer({ port: await freePort(), ip: '127.0.0.1', ...(opts.temporalInDatabase ? { databaseUrl: db.url } : {}) });
    temporalServer = server;
    stops.push(() => server.stop());
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    await ensureSearchAttributes(connection);
    const native = await NativeConnection.connect({ address: server.address });
    stops.push(() => native.close());
    const worker = await createWerkrouteWorker({
      connection: native,
      payloadCodec: codec ?? { encode: async (p) => p, decode: async (p) => p },
      deps: { db: db.db, mailer: null, temporal: new Client({ connection: native, dataConverter }), stapSleutel: sleutel, volglinkSleutel: volgSleutel },
      workflowBundle: await getWorkflowBundle(WORKFLOWS_PATH, codec ? { failureConverterPath: FAILURE_CONVERTER_PATH } : {}),
    });
    const running = worker.run();
    stopWorker = async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    };
    stops.push(stopWorker);
    // As the app does (app/temporal.ts): the client on the native connection.
    temporalClient = new Client({ connection: native, dataConverter, interceptors: { workflow: [stapOndertekenaar(sleutel)] } });
    temporal = createMeldingTemporal(temporalClient, { timeoutMs: 10_000 });
  }

  const logger = opts.logLines ? createLogger('debug', (line) => opts.logLines!.push(line)) : silentLogger;
  const app = buildApp({
    logger,
    trustProxy: opts.trustProxy,
    publicUrl: opts.publicUrl,
    health: createHealthRegistry(),
    api: { db: db.db, logger, temporal, indienLimiet: false, loginLimiet: false, volglinkSleutel: volgSleutel, ...opts.api },
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const req = async <T,>(method: string, path: string, o: ReqOptions = {}): Promise<Resp<T>> => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | Buffer | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const r = await fetch(url + path, { method, headers, body, redirect: 'manual' });
    const text = await r.text();
    let parsed: unknown = text;
    if (/json/.test(r.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: r.status, headers: r.headers, body: parsed as T, text };
  };

  const tokens = new Map<string, string>();
  return {
    url,
    db,
    temporal,
    temporalServer,
    temporalClient,
    req,
    async login(email) {
      const t = tokens.get(email);
      if (t) return t;
      const r = await req<{ token: string }>('POST', '/api/auth/login', { body: { email, wachtwoord: DEMO_PASSWORD } });
      if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
      tokens.set(email, r.body.token);
      return r.body.token;
    },
    stopWorker: () => stopWorker(),
    async stop() {
      for (const s of stops.reverse()) await s().catch(() => {});
    },
  };
}

let volgnummer = 0;
/** A valid submission (the example), with a distinct KvK number per call unless given. */
export function geldigeMelding(overrides: Record<string, unknown> = {}) {
  volgnummer++;
  return {
    soort: 'vraag',
    werkgever: {
      naam: 'Snijder BV',
      kvkNummer: String(10_000_000 + ((process.pid * 1000 + volgnummer) % 89_999_999)),
      vestigingen: [{ postcode: '1621 AB', huisnummer: '12', plaats: 'Hoorn' }],
    },
    contactpersoon: { naam: 'Iet Jongbloed', email: 'iet@example.nl', telefoon: '0612345678' },
    sector: 'C',
    functies: [{ omschrijving: 'monteur', aantal: 2 }],
    periode: { van: '2026-12-01', tot: '2027-02-28' },
    toelichting: 'Tijdelijk extra handen nodig',
    ...overrides,
  };
}

/** Inserts a melding straight into the database (for list and scope tests that need no workflow). */
export async function meldingInDb(h: ApiHarness, o: { regioCodes?: string[]; soort?: 'vraag' | 'aanbod'; sector?: string; status?: string; teLaat?: boolean } = {}): Promise<string> {
  const [wg] = await h.db.sql<{ id: number }[]>`
    insert into werkgevers (kvk_nummer, naam) values (${String(20_000_000 + Math.floor(Math.random() * 70_000_000))}, 'Testbedrijf BV')
    on conflict (kvk_nummer) do update set naam = excluded.naam returning id`;
  const [m] = await h.db.sql<{ id: string }[]>`
    insert into meldingen (soort, werkgever_id, sbi_versie, sector_letter, volg_token, regio_codes, status, te_laat)
    values (${o.soort ?? 'vraag'}, ${wg!.id}, '2025', ${o.sector ?? 'C'}, ${'t'.repeat(10) + Math.random().toString(36).slice(2).padEnd(12, 'x')},
            ${o.regioCodes ?? []}, ${o.status ?? 'ontvangen'}, ${o.teLaat ?? false})
    returning id`;
  return m!.id;
}

export const expectMsg = (r: Resp) => `status ${r.status}: ${r.text.slice(0, 2000)}`;
