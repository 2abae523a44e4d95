// Issue #11: the embedded Temporal server listens on loopback only and wants the per-start key; and the
// workflow does not believe an actor the API did not sign. The whole app as `npm start` runs it.
//  - A local process with the SDK but without the key lists, queries, updates and terminates nothing.
//  - With the key (the app's own connection) but without the API's signature, a forged step is refused and
//    changes nothing: not the live state, not the read model, not the audit trail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/logger';
import { startWerkroute, type RunningWerkroute } from '../../app/start';
import { loadConfig } from '../../config';
import { GEHEIM_BESTAND } from '../../security/geheim';
import { ondertekenStap, stapSleutel, MAX_LEEFTIJD_MS } from '../../security/stap-handtekening';
import { werkrouteDataConverter, werkroutePayloadCodec } from '../../security/payload-codec';
import { herToewijzenUpdate, meldingStatusQuery, meldingWorkflowId, type HerToewijzenInput, type MeldingStatusView } from '../../workflows/melding.messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DEMO_PASSWORD, geldigeMelding, waitFor } from './harness';

let t: TestDatabase;
let running: RunningWerkroute;
let dataDir: string;
let team: string;
let team1Id: string;
let team2Id: string;

beforeAll(async () => {
  t = await createTestDatabase('temporal_sleutel');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-sleutel-'));
  running = await startWerkroute({ ...loadConfig({}), port: 0, databaseUrl: t.url, dataDir }, { logger: silentLogger, demoData: true });
  team = await login('team1@werkroute.example');
  const ids = await t.sql<{ email: string; id: number }[]>`select email, id from medewerkers where email in ('team1@werkroute.example', 'team2@werkroute.example')`;
  team1Id = String(ids.find((r) => r.email.startsWith('team1'))!.id);
  team2Id = String(ids.find((r) => r.email.startsWith('team2'))!.id);
});
afterAll(async () => {
  await running?.stop();
  await t?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function post(p: string, body: unknown, token?: string) {
  const r = await fetch(running.url + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined, text };
}

async function login(email: string): Promise<string> {
  const r = await post('/api/auth/login', { email, wachtwoord: DEMO_PASSWORD });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
  return r.body.token;
}

/** A submitted melding whose workflow is up, taken into treatment by team1 through the API. */
async function meldingInBehandeling(): Promise<string> {
  const r = await post('/api/meldingen', geldigeMelding());
  expect(r.status, r.text).toBe(201);
  const id = r.body.id as string;
  await waitFor(() => running.temporal!.client.workflow.getHandle(meldingWorkflowId(id)).query(meldingStatusQuery), { what: 'workflow up', timeoutMs: 30_000 });
  const s = await post(`/api/meldingen/${id}/in-behandeling`, {}, team);
  expect(s.status, s.text).toBe(200);
  await rustig(id);
  return id;
}

/** Until the step's effects (projection, audit, tasks) have all run, so that later reads compare like with like. */
async function rustig(id: string): Promise<void> {
  await waitFor(async () => {
    const live = (await running.temporal!.client.workflow.getHandle(meldingWorkflowId(id)).query(meldingStatusQuery)) as MeldingStatusView;
    const [m] = await t.sql<{ versie: number }[]>`select projectie_versie as versie from meldingen where id = ${id}`;
    return live.openEffecten === 0 && m!.versie === live.versie;
  }, { what: 'effects of the step', timeoutMs: 30_000 });
}

function grpcCode(err: unknown): number | undefined {
  for (let e: any = err; e; e = e.cause) if (typeof e.code === 'number') return e.code;
  return undefined;
}

async function unauthenticated(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call should have been refused').toBeDefined();
  expect(grpcCode(err), String(err)).toBe(16);
}

/** What a forged step could have changed: the live state, the read model and the audit trail. */
async function spoor(id: string) {
  const live = (await running.temporal!.client.workflow.getHandle(meldingWorkflowId(id)).query(meldingStatusQuery)) as MeldingStatusView;
  const [m] = await t.sql<{ versie: number }[]>`select projectie_versie as versie from meldingen where id = ${id}`;
  const [l] = await t.sql<{ n: number }[]>`select count(*)::int as n from melding_live where melding_id = ${id}`;
  const [a] = await t.sql<{ n: number }[]>`select count(*)::int as n from audit_log where melding_id = ${id}`;
  return { versie: live.versie, toegewezenAan: live.toegewezenAan, fase: live.fase, openEffecten: live.openEffecten, projectieVersie: m!.versie, leesmodel: l!.n, audit: a!.n };
}

describe('the embedded Temporal server: loopback only, and only with the key', () => {
  it('listens on 127.0.0.1', () => {
    expect(running.temporal!.address).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('a local SDK client without the key lists, queries, updates, signals and terminates nothing; the app keeps working', async () => {
    const id = await meldingInBehandeling();
    const voor = await spoor(id);
    const conn = Connection.lazy({ address: running.temporal!.address });
    try {
      const vreemd = new Client({ connection: conn });
      const h = vreemd.workflow.getHandle(meldingWorkflowId(id));
      await unauthenticated(vreemd.workflow.list()[Symbol.asyncIterator]().next());
      await unauthenticated(h.describe());
      await unauthenticated(h.query(meldingStatusQuery));
      await unauthenticated(h.executeUpdate(herToewijzenUpdate, { args: [{ actor: { medewerkerId: team1Id, rol: 'team', regioCodes: [] }, naarMedewerkerId: team2Id }] }));
      await unauthenticated(h.signal('koppeling', { meldingId: '1' }));
      await unauthenticated(h.terminate('aanval'));
      await unauthenticated(conn.workflowService.getSystemInfo({}));
    } finally {
      await conn.close();
    }
    // Core's connection (what a rogue worker would use) gets no further.
    await expect(NativeConnection.connect({ address: running.temporal!.address })).rejects.toThrow(/authentication|API key/i);

    expect(await spoor(id)).toEqual(voor);
    expect(voor).toMatchObject({ fase: 'beoordeling', toegewezenAan: team1Id });
    // The app itself: the next step through HTTP still works.
    const r = await post(`/api/meldingen/${id}/toewijzen`, { naarMedewerkerId: Number(team2Id), reden: 'vakantie' }, team);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ toegewezenAan: team2Id });
    const health = await fetch(`${running.url}/api/health`);
    expect(await health.json()).toMatchObject({ checks: { temporal: { status: 'up' } } });
  });
});

describe('a step the API did not sign is refused by the workflow and changes nothing', () => {
  // The app's own Temporal connection: it has the key, as an attacker who got hold of it would; and the payload
  // key (security/payload-codec.ts) from the app secret, so it can read what the workflow answers.
  const metSleutel = () => new Client({ connection: running.temporal!.client.connection, dataConverter: werkrouteDataConverter(werkroutePayloadCodec(appGeheim())) });
  const vervalst = (): HerToewijzenInput => ({ actor: { medewerkerId: team1Id, rol: 'team', regioCodes: [] }, naarMedewerkerId: team2Id, reden: 'vervalst' });
  /** The secret the app made at its first start (DATA_DIR/werkroute-secret, mode 0600). */
  const appGeheim = () => fs.readFileSync(path.join(dataDir, GEHEIM_BESTAND), 'utf8').trim();
  const appSleutel = () => stapSleutel(appGeheim());

  it('the app secret was made once, readable by its owner only', () => {
    const st = fs.statSync(path.join(dataDir, GEHEIM_BESTAND));
    expect(st.mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dataDir, GEHEIM_BESTAND), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
  });

  it('without a signature: refused by the validator, the update never in history', async () => {
    const id = await meldingInBehandeling();
    const h = metSleutel().workflow.getHandle(meldingWorkflowId(id));
    const voor = await spoor(id);
    const events = (await h.fetchHistory()).events!.length;
    const err = await h.executeUpdate(herToewijzenUpdate, { args: [vervalst()] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'ONGELDIGE_HANDTEKENING' });
    // With the Temporal key but without the app secret the refusal itself cannot even be read: it is encrypted.
    const zonderCodec = new Client({ connection: running.temporal!.client.connection }).workflow.getHandle(meldingWorkflowId(id));
    await expect(zonderCodec.executeUpdate(herToewijzenUpdate, { args: [vervalst()] })).rejects.toThrow(/Unknown encoding: binary\/encrypted/);
    await expect(zonderCodec.query(meldingStatusQuery)).rejects.toThrow(/Unknown encoding: binary\/encrypted/);
    expect(await spoor(id)).toEqual(voor);
    // The update itself never reaches history: no accepted or completed update, no marker. (Our server does
    // record the workflow task that carried it, which Temporal, with speculative tasks, would drop.)
    const extra = (await h.fetchHistory()).events!.slice(events).map((e) => Number(e.eventType));
    expect(extra.filter((e) => ![5, 6, 7].includes(e))).toEqual([]);
  });

  it.each([
    ['a made-up signature', (_id: string, _u: string) => ({ v: 1, op: Date.now(), mac: 'AAAA' })],
    ['a signature under another key', (id: string, u: string) => ondertekenStap(stapSleutel('een-ander-geheim-van-minstens-32-tekens'), { workflowId: meldingWorkflowId(id), updateName: 'herToewijzen', updateId: u, input: vervalst() })],
    ['the signature of another input (the actor swapped)', (id: string, u: string) => ondertekenStap(appSleutel(), { workflowId: meldingWorkflowId(id), updateName: 'herToewijzen', updateId: u, input: { ...vervalst(), actor: { medewerkerId: team2Id, rol: 'team', regioCodes: [] } } })],
    ['the signature of another update id (a replayed step)', (id: string, _u: string) => ondertekenStap(appSleutel(), { workflowId: meldingWorkflowId(id), updateName: 'herToewijzen', updateId: 'een-ander-id', input: vervalst() })],
    ['the signature for another melding', (_id: string, u: string) => ondertekenStap(appSleutel(), { workflowId: meldingWorkflowId('999999'), updateName: 'herToewijzen', updateId: u, input: vervalst() })],
    ['an expired signature', (id: string, u: string) => ondertekenStap(appSleutel(), { workflowId: meldingWorkflowId(id), updateName: 'herToewijzen', updateId: u, input: vervalst() }, Date.now() - MAX_LEEFTIJD_MS - 1_000)],
  ])('with %s: refused by the worker before the step has any effect', async (_naam, teken) => {
    const id = await meldingInBehandeling();
    const h = metSleutel().workflow.getHandle(meldingWorkflowId(id));
    const voor = await spoor(id);
    const updateId = `vervalst-${Math.random().toString(36).slice(2)}`;
    const err = await h.executeUpdate(herToewijzenUpdate, { args: [{ ...vervalst(), handtekening: teken(id, updateId) } as HerToewijzenInput], updateId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'ONGELDIGE_HANDTEKENING' });
    expect(await spoor(id)).toEqual(voor);
    expect(voor.toegewezenAan).toBe(team1Id);
  });

  it('the same step, signed with the app secret for this melding and update id, is applied (the check is the only difference)', async () => {
    const id = await meldingInBehandeling();
    const h = metSleutel().workflow.getHandle(meldingWorkflowId(id));
    const updateId = `echt-${Math.random().toString(36).slice(2)}`;
    const handtekening = ondertekenStap(appSleutel(), { workflowId: meldingWorkflowId(id), updateName: 'herToewijzen', updateId, input: vervalst() });
    await h.executeUpdate(herToewijzenUpdate, { args: [{ ...vervalst(), handtekening } as HerToewijzenInput], updateId });
    expect((await h.query(meldingStatusQuery))?.toegewezenAan).toBe(team2Id);
  });
});
