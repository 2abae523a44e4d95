/**
 * API benchmarks (issue #5; docs: style-and-performance-anchors.md Part 3, scenarios 1 and 0).
 *
 * Processes: embedded PostgreSQL; our Temporal server in a child (bench/server-child.ts); the API with its
 * worker and the baseline routes in another child (bench/api-child.ts); the load generator here (keep-alive
 * HTTP, fixed concurrency). Baseline and subject alternate B S B S B S in the same run; ratios are medians
 * of per-pair ratios.
 *
 * - post: `POST /api/meldingen` (zod; the submission rows written by a group-committed statement that carries
 *   every submission that arrived meanwhile; workflow start) against `POST /bench/baseline` (one INSERT …
 *   RETURNING per request), same bodies. Target ≥ 0.5× the baseline's req/s.
 *   The worker is not running yet (a start needs none); it starts for the read scenario.
 * - get: `GET /api/meldingen/{id}` (auth, stored data, live workflow query) with BENCH_API_OPEN (10,000)
 *   open meldingen, against `GET /bench/pk/{id}` (one primary-key SELECT).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemoData } from '../db/demo-seed';
import { createDbClient, type DbClient } from '../db/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { seedReferenceData } from '../db/seed';
import { fmt, freePort, latencyStats, median, runConcurrently, type Row, type ScenarioContext, type ScenarioModule } from './lib';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The app secret of this bench run: the API child derives its payload key from it, and so do the starts made here. */
const benchGeheim = randomBytes(32).toString('base64url');
const repoRoot = path.resolve(here, '..');
const CONCURRENCY = Number(process.env.BENCH_API_CONCURRENCY ?? 50);
const PAIRS = 3;
const ROUND_MS = Number(process.env.BENCH_API_ROUND_MS ?? 8_000);
const OPEN = Number(process.env.BENCH_API_OPEN ?? 10_000);

let pg: EmbeddedPostgres | undefined;
let pgDir: string | undefined;
let db: DbClient | undefined;
let temporalChild: ChildProcess | undefined;
let apiChild: ChildProcess | undefined;
let baseUrl = '';
let temporalAddress = '';
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const createdIds: string[] = [];
let startRij: Row | undefined;

/** Children may use both CPUs even when an earlier bench module pinned this process to one. */
function spawnUnpinned(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const opts = { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[], cwd: repoRoot, env };
  return spawnSync('taskset', ['-V']).status === 0 ? spawn('taskset', ['-c', '0,1', process.execPath, ...args], opts) : spawn(process.execPath, args, opts);
}

/** BENCH_PROFILE=dir: the children write V8 CPU profiles there when they exit. */
const profileArgs = () => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []);

function waitReady(child: ChildProcess, what: string, timeoutMs = 120_000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not become ready`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
    child.on('message', (m: any) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
}

interface HttpResult {
  status: number;
  body: string;
}

function request(method: string, pad: string, body?: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(baseUrl + pad, { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const CLK_TCK = 100;

/** CPU seconds used so far by the processes of the run, by role (Linux /proc; empty elsewhere). */
function cpuByRole(): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (role: string, pid: number) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      out[role] = (out[role] ?? 0) + (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    } catch {
      // process gone or no /proc
    }
  };
  if (apiChild?.pid) add('api', apiChild.pid);
  if (temporalChild?.pid) add('temporal', temporalChild.pid);
  add('load', process.pid);
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') add('postgres', Number(d));
      } catch {
        // raced with exit
      }
    }
  } catch {
    // no /proc
  }
  return out;
}

/** CPU milliseconds per completed request, by process role, between two snapshots. */
function cpuPerRequest(before: Record<string, number>, after: Record<string, number>, requests: number): string {
  return Object.keys(after)
    .map((k) => `${k} ${fmt((((after[k] ?? 0) - (before[k] ?? 0)) * 1000) / Math.max(1, requests), 2)}`)
    .join(', ');
}

/** Runs `fn` from CONCURRENCY lanes for `durationMs`; counts completed requests with the expected status. */
async function load(durationMs: number, fn: (i: number) => Promise<HttpResult>, expectStatus: number) {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const cpu0 = cpuByRole();
  const t0 = performance.now();
  const end = t0 + durationMs;
  async function lane() {
    while (performance.now() < end) {
      const s = performance.now();
      const r = await fn(i++);
      if (r.status === expectStatus) latencies.push(performance.now() - s);
      else if (++errors <= 3) console.error(`  ! unexpected ${r.status}: ${r.body.slice(0, 200)}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const elapsed = performance.now() - t0;
  const cpuMs = cpuPerRequest(cpu0, cpuByRole(), latencies.length);
  return { perSecond: (latencies.length / elapsed) * 1000, ...latencyStats(latencies), errors, cpuMs };
}

let kvk = 10_000_000;
function submission(): string {
  kvk++;
  return JSON.stringify({
    soort: kvk % 2 ? 'vraag' : 'aanbod',
    werkgever: { naam: `Bench BV ${kvk}`, kvkNummer: String(kvk), vestigingen: [{ postcode: '1621 AB', huisnummer: '12', plaats: 'Hoorn' }] },
    contactpersoon: { naam: 'Iet Jongbloed', email: 'iet@example.nl', telefoon: '0612345678' },
    sector: 'C',
    functies: [{ omschrijving: 'monteur', aantal: 2 }],
    periode: { van: '2026-12-01', tot: '2027-02-28' },
    toelichting: 'Tijdelijk extra handen nodig',
  });
}

async function postSubject(): Promise<HttpResult> {
  const r = await request('POST', '/api/meldingen', submission());
  if (r.status === 201) createdIds.push((JSON.parse(r.body) as { id: string }).id);
  return r;
}

const postBaseline = () => request('POST', '/bench/baseline', submission());

/**
 * A client of this process as the API child's: payloads encrypted with its key (security/payload-codec.ts) and
 * steps signed with its step key (security/stap-handtekening.ts), both derived from the run's secret.
 */
async function benchTemporalClient() {
  const { Client, Connection } = await import('@temporalio/client');
  const { werkrouteDataConverter, werkroutePayloadCodec } = await import('../security/payload-codec');
  const { stapOndertekenaar, stapSleutel } = await import('../security/stap-handtekening');
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({
    connection,
    dataConverter: werkrouteDataConverter(werkroutePayloadCodec(benchGeheim)),
    interceptors: { workflow: [stapOndertekenaar(stapSleutel(benchGeheim))] },
  });
  return { client, connection };
}

async function setup(ctx: ScenarioContext): Promise<void> {
  pgDir = mkdtempSync(path.join(tmpdir(), 'werkroute-bench-pg-'));
  pg = await startEmbeddedPostgres({ dataDir: pgDir });
  await runMigrations(pg.url);
  db = createDbClient(pg.url, { max: 4 });
  await seedReferenceData(db.db);
  await seedDemoData(db.db);
  await db.sql`create table if not exists bench_baseline (id bigint generated always as identity primary key, body jsonb not null, created_at timestamptz not null default now())`;
  const [{ setting }] = (await db.sql`select setting from pg_settings where name = 'synchronous_commit'`) as unknown as [{ setting: string }];
  ctx.facts.apiSynchronousCommit = setting;

  const tPort = await freePort();
  temporalChild = spawnUnpinned([...profileArgs(), '--import', 'tsx', path.join(here, 'server-child.ts'), String(tPort)], process.env);
  const t = await waitReady(temporalChild, 'Temporal server child');
  temporalAddress = (t.address ?? `127.0.0.1:${t.port}`).replace(/^http:\/\//, '');
  apiChild = spawnUnpinned([...profileArgs(), '--import', 'tsx', path.join(here, 'api-child.ts')], { ...process.env, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporalAddress, BENCH_SECRET: benchGeheim });
  const a = await waitReady(apiChild, 'API child');
  baseUrl = `http://127.0.0.1:${a.port}`;
  ctx.facts.apiProcesses = 'PostgreSQL, Temporal server child, API+worker child, load generator (this process); no pinning';
  ctx.facts.apiConcurrency = CONCURRENCY;
}

async function postScenario(ctx: ScenarioContext): Promise<Row[]> {
  ctx.log(`warm-up, then ${PAIRS} pairs of ${ROUND_MS / 1000} s rounds at c=${CONCURRENCY}`);
  await load(2_000, postBaseline, 201);
  await load(2_000, postSubject, 201);
  const b: Awaited<ReturnType<typeof load>>[] = [];
  const s: typeof b = [];
  for (let p = 0; p < PAIRS; p++) {
    b.push(await load(ROUND_MS, postBaseline, 201));
    s.push(await load(ROUND_MS, postSubject, 201));
    ctx.log(`pair ${p + 1}: baseline ${fmt(b[p]!.perSecond)} req/s (p99 ${fmt(b[p]!.p99, 1)} ms), subject ${fmt(s[p]!.perSecond)} req/s (p99 ${fmt(s[p]!.p99, 1)} ms)`);
    ctx.log(`  CPU ms per request: baseline ${b[p]!.cpuMs}; subject ${s[p]!.cpuMs}`);
  }
  const ratio = median(s.map((x, i) => x.perSecond / b[i]!.perSecond));
  const med = (xs: typeof b, k: 'perSecond' | 'p50' | 'p99') => median(xs.map((x) => x[k]));
  return [
    {
      scenario: 'api:post',
      metric: `req/s (c=${CONCURRENCY})`,
      subject: fmt(med(s, 'perSecond')),
      baseline: fmt(med(b, 'perSecond')),
      ratio,
      target: '≥ 0.5',
      pass: ratio >= 0.5,
      notes: `POST /api/meldingen (1 statement + workflow start, worker idle) vs one INSERT; errors subject ${s.reduce((n, x) => n + x.errors, 0)}, baseline ${b.reduce((n, x) => n + x.errors, 0)}`,
    },
    { scenario: 'api:post', metric: 'p50 ms', subject: fmt(med(s, 'p50'), 1), baseline: fmt(med(b, 'p50'), 1), ratio: med(s, 'p50') / med(b, 'p50') },
    { scenario: 'api:post', metric: 'p99 ms', subject: fmt(med(s, 'p99'), 1), baseline: fmt(med(b, 'p99'), 1), ratio: med(s, 'p99') / med(b, 'p99') },
  ];
}

async function getScenario(ctx: ScenarioContext): Promise<Row[]> {
  await new Promise<void>((resolve) => {
    const onMsg = (m: any) => {
      if (m?.type === 'worker-ready') {
        apiChild!.off('message', onMsg);
        resolve();
      }
    };
    apiChild!.on('message', onMsg);
    apiChild!.send({ type: 'worker', id: 0 });
  });
  ctx.log('worker started in the API process');
  if (createdIds.length < OPEN) {
    // Seeding through POST /api/meldingen would take minutes on a busy 2-core box; rows by SQL and
    // workflow starts straight to Temporal give the same state: open workflows the query must reach.
    const missing = OPEN - createdIds.length;
    ctx.log(`seeding ${missing} more open meldingen (${createdIds.length} came from the POST scenario)`);
    const rows = await db!.sql<{ id: string; created_at: Date }[]>`
      with wg as (
        insert into werkgevers (kvk_nummer, naam)
        select (40000000 + g)::text, 'Seed BV ' || g from generate_series(1, ${missing}) g
        on conflict (kvk_nummer) do update set updated_at = now() returning id)
      insert into meldingen (soort, werkgever_id, sbi_versie, sector_letter, volg_token)
      select 'vraag', id, '2025', 'C', md5(random()::text) || md5(random()::text) from wg
      returning id, created_at`;
    const { client, connection } = await benchTemporalClient();
    await runConcurrently(rows.length, CONCURRENCY, (i) =>
      client.workflow.start('meldingWorkflow', {
        workflowId: `melding-${rows[i]!.id}`,
        taskQueue: 'werkroute',
        args: [{ meldingId: rows[i]!.id, soort: 'vraag', ontvangenOp: new Date(rows[i]!.created_at).getTime() }],
      }),
    );
    await connection.close();
    createdIds.push(...rows.map((r) => r.id));
  }
  {
    // Let the worker catch up with the first workflow tasks, so the GETs measure reads, not a start backlog
    // (each melding's start runs several activities; on 2 vCPUs the worker clears a few dozen a second).
    const t0 = Date.now();
    const deadline = t0 + Number(process.env.BENCH_API_BACKLOG_MS ?? 1_200_000);
    const telKlaar = async () =>
      ((await db!.sql`select count(distinct melding_id)::int as n from termijnen where soort = 'intake'`) as unknown as [{ n: number }])[0].n;
    const begin = await telKlaar();
    let gelogd = Date.now();
    for (;;) {
      const klaar = await telKlaar();
      if (klaar >= createdIds.length * 0.99 || Date.now() > deadline) {
        const s = (Date.now() - t0) / 1000;
        const perSeconde = (klaar - begin) / Math.max(1, s);
        ctx.log(`${klaar} meldingen have their intake clock stored (${fmt(perSeconde, 1)} werkroute starts processed/s over ${fmt(s)} s)`);
        ctx.facts.apiWerkrouteStartsPerSecond = +perSeconde.toFixed(1);
        startRij = {
          scenario: 'api:get',
          metric: 'melding starts processed/s by the worker',
          subject: fmt(perSeconde, 1),
          baseline: 'v1 route: ~18–20/s (2 Dec 2026)',
          target: '≥ 80/s',
          pass: perSeconde >= 80,
          notes: `${klaar - begin} starts (intake clock stored) over ${fmt(s)} s, drained from the backlog the POST rounds and the seeding left`,
        };
        break;
      }
      if (Date.now() - gelogd > 60_000) {
        ctx.log(`  backlog: ${klaar} of ${createdIds.length} started`);
        gelogd = Date.now();
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  {
    // The first tasks done is not the end of the work: each start's mails, tasks and audit follow. Wait
    // until the processes are quiet (< 0.3 of a core together over 5 s), so the GETs measure reads.
    const tot = Date.now() + Number(process.env.BENCH_API_QUIET_MS ?? 600_000);
    const t0 = Date.now();
    for (;;) {
      const a = cpuByRole();
      await new Promise((r) => setTimeout(r, 5_000));
      const b = cpuByRole();
      const kernen = ['api', 'temporal', 'postgres'].reduce((som, k) => som + ((b[k] ?? 0) - (a[k] ?? 0)), 0) / 5;
      if (kernen < 0.3 || Date.now() > tot) {
        ctx.log(`quiet after ${fmt((Date.now() - t0) / 1000)} s (${fmt(kernen, 2)} cores busy)`);
        break;
      }
    }
  }
  const [{ n }] = (await db!.sql`select count(*)::int as n from meldingen where gesloten_at is null`) as unknown as [{ n: number }];
  ctx.log(`${n} open meldingen`);
  const login = await request('POST', '/api/auth/login', JSON.stringify({ email: 'manager@werkroute.example', wachtwoord: 'werkroute-demo' }));
  const token = (JSON.parse(login.body) as { token: string }).token;
  const auth = { authorization: `Bearer ${token}` };
  const ids = createdIds;
  const pick = (i: number) => ids[(i * 7919) % ids.length]!;
  let zonderLive = 0;
  let uitLeesmodel = 0;
  let gemeten = 0;
  const subject = async (i: number) => {
    const r = await request('GET', `/api/meldingen/${pick(i)}`, undefined, auth);
    gemeten++;
    if (r.body.includes('"live":null')) zonderLive++;
    else if (r.body.includes('"liveBron":"leesmodel"')) uitLeesmodel++;
    return r;
  };
  const baseline = (i: number) => request('GET', `/bench/pk/${pick(i)}`);
  await load(2_000, baseline, 200);
  await load(2_000, subject, 200);
  zonderLive = 0;
  uitLeesmodel = 0;
  gemeten = 0;
  const b: Awaited<ReturnType<typeof load>>[] = [];
  const s: typeof b = [];
  for (let p = 0; p < PAIRS; p++) {
    b.push(await load(ROUND_MS, baseline, 200));
    s.push(await load(ROUND_MS, subject, 200));
    ctx.log(`pair ${p + 1}: baseline ${fmt(b[p]!.perSecond)} req/s (p99 ${fmt(b[p]!.p99, 1)} ms), subject ${fmt(s[p]!.perSecond)} req/s (p99 ${fmt(s[p]!.p99, 1)} ms)`);
    ctx.log(`  CPU ms per request: baseline ${b[p]!.cpuMs}; subject ${s[p]!.cpuMs}`);
  }
  const med = (xs: typeof b, k: 'perSecond' | 'p50' | 'p99') => median(xs.map((x) => x[k]));
  return [
    ...(startRij ? [startRij] : []),
    { scenario: 'api:get', metric: `p99 ms (${n} open)`, subject: fmt(med(s, 'p99'), 1), baseline: fmt(med(b, 'p99'), 1), ratio: median(s.map((x, i) => x.p99 / b[i]!.p99)), notes: `GET /api/meldingen/{id} (auth + stored data + live state: read model, else a workflow query waiting at most 2 s) vs one PK SELECT; of ${gemeten} answers ${fmt((100 * uitLeesmodel) / Math.max(1, gemeten), 1)}% live from the read model, ${fmt((100 * (gemeten - zonderLive - uitLeesmodel)) / Math.max(1, gemeten), 1)}% from a query, ${fmt((100 * zonderLive) / Math.max(1, gemeten), 1)}% without live state` },
    { scenario: 'api:get', metric: 'p50 ms', subject: fmt(med(s, 'p50'), 1), baseline: fmt(med(b, 'p50'), 1), ratio: med(s, 'p50') / med(b, 'p50') },
    { scenario: 'api:get', metric: `req/s (c=${CONCURRENCY})`, subject: fmt(med(s, 'perSecond')), baseline: fmt(med(b, 'perSecond')), ratio: median(s.map((x, i) => x.perSecond / b[i]!.perSecond)) },
  ];
}

/**
 * A step (update) through the worker beside a query through the same worker on the same melding, one at a
 * time: per melding a warm-up query (loads it into the worker's cache), the measured query, then the
 * measured step `inBehandelingNemen`, so both find the workflow in the same state of the cache. Also counts
 * history events: a new melding's and one step's.
 */
async function updateScenario(ctx: ScenarioContext): Promise<Row[]> {
  const N = Number(process.env.BENCH_API_UPDATES ?? 300);
  const { inBehandelingNemenUpdate, meldingStatusQuery } = await import('../workflows/melding.messages');
  const { client, connection } = await benchTemporalClient();
  try {
    const [team] = (await db!.sql`select id from medewerkers where rol = 'team' and actief order by id limit 1`) as unknown as [{ id: number }];
    const actor = { medewerkerId: String(team.id), rol: 'team' as const, regioCodes: [] };
    const kandidaten = (await db!.sql`select id from meldingen where gesloten_at is null and stap = 'ontvangen' order by created_at desc limit ${N + 20}`) as unknown as { id: string }[];
    if (kandidaten.length < N) throw new Error(`only ${kandidaten.length} meldingen waiting for intake`);
    const query: number[] = [];
    const update: number[] = [];
    const eventsStart: number[] = [];
    const eventsStap: number[] = [];
    const telEvents = async (h: ReturnType<typeof client.workflow.getHandle>) => (await h.fetchHistory()).events?.length ?? 0;
    for (let i = 0; i < kandidaten.length && update.length < N; i++) {
      const h = client.workflow.getHandle(`melding-${kandidaten[i]!.id}`);
      const voor = i < 20 ? await telEvents(h) : 0;
      await h.query(meldingStatusQuery);
      let t = performance.now();
      await h.query(meldingStatusQuery);
      const q = performance.now() - t;
      t = performance.now();
      await h.executeUpdate(inBehandelingNemenUpdate, { args: [{ actor }] });
      const u = performance.now() - t;
      if (i < 20) {
        const na = await telEvents(h);
        eventsStart.push(voor);
        eventsStap.push(na - voor);
        continue; // the first 20 are warm-up
      }
      query.push(q);
      update.push(u);
    }
    const qs = latencyStats(query);
    const us = latencyStats(update);
    ctx.log(`query p50 ${fmt(qs.p50, 2)} ms p99 ${fmt(qs.p99, 2)} ms; update p50 ${fmt(us.p50, 2)} ms p99 ${fmt(us.p99, 2)} ms (n=${us.n})`);
    return [
      { scenario: 'api:update', metric: 'step round trip p50 ms (c=1)', subject: fmt(us.p50, 2), baseline: `query, same worker, same melding: ${fmt(qs.p50, 2)}`, ratio: us.p50 / qs.p50, target: '≤ 1.2', pass: us.p50 / qs.p50 <= 1.2, notes: `executeUpdate inBehandelingNemen (signed, one PostgreSQL transaction in a local activity) on ${us.n} meldingen` },
      { scenario: 'api:update', metric: 'step round trip p99 ms (c=1)', subject: fmt(us.p99, 2), baseline: fmt(qs.p99, 2), ratio: us.p99 / qs.p99 },
      { scenario: 'api:update', metric: 'history events: new melding (after start)', subject: String(median(eventsStart)), baseline: 'v1 route: ~47', target: '≤ ~15', pass: median(eventsStart) <= 15, notes: `median of ${eventsStart.length} meldingen (min ${Math.min(...eventsStart)}, max ${Math.max(...eventsStart)})` },
      { scenario: 'api:update', metric: 'history events: one step', subject: String(median(eventsStap)), baseline: 'v1 route: ~28', target: '≤ ~8', pass: median(eventsStap) <= 8, notes: `inBehandelingNemen, median of ${eventsStap.length} (min ${Math.min(...eventsStap)}, max ${Math.max(...eventsStap)})` },
    ];
  } finally {
    await connection.close();
  }
}

async function teardown(): Promise<void> {
  agent.destroy();
  for (const c of [apiChild, temporalChild]) {
    if (!c || c.exitCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.send?.({ type: 'stop' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (c.exitCode === null) c.kill('SIGKILL');
  }
  await db?.close();
  await pg?.stop();
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
}

export const apiBenchmarks: ScenarioModule = {
  name: 'api',
  setup,
  teardown,
  scenarios: [
    { name: 'post', title: 'POST /api/meldingen vs one INSERT (scenario 1)', run: postScenario },
    { name: 'get', title: `GET /api/meldingen/{id} with ${OPEN} open meldingen vs a PK SELECT (scenario 0)`, run: getScenario },
    { name: 'update', title: 'a step through the worker beside a query through the same worker; history events', run: updateScenario },
  ],
};
