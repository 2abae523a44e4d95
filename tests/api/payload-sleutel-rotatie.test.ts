// Rotating the app secret (README "Temporal payloads encrypted"): the app runs with secret A and stores a
// melding's steps in Temporal under A's payload key; it restarts with WERKROUTE_SECRET=B and
// WERKROUTE_SECRET_VORIGE=A. The new worker, with an empty cache, replays the history written under A, the
// melding goes on, new payloads are under B, and the texts of before still read. The whole app as `npm start`
// runs it, Temporal state in the same PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/logger';
import { startWerkroute, type RunningWerkroute } from '../../app/start';
import { loadConfig } from '../../config';
import { codecSleutel } from '../../security/payload-codec';
import { meldingStatusQuery, meldingWorkflowId } from '../../workflows/melding.messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DEMO_PASSWORD, geldigeMelding, waitFor } from './harness';

const A = randomBytes(32).toString('base64url');
const B = randomBytes(32).toString('base64url');
let t: TestDatabase;
let dataDir: string;
let running: RunningWerkroute | undefined;

beforeAll(async () => {
  t = await createTestDatabase('codec_rotatie');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-rotatie-'));
});
afterAll(async () => {
  await running?.stop();
  await t?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const start = (env: Record<string, string>, demoData: boolean) =>
  startWerkroute({ ...loadConfig(env), port: 0, databaseUrl: t.url, dataDir }, { logger: silentLogger, demoData });

async function post(p: string, body: unknown, token?: string) {
  const r = await fetch(running!.url + p, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body ?? {}) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined, text };
}
const login = async (email: string) => (await post('/api/auth/login', { email, wachtwoord: DEMO_PASSWORD })).body.token as string;
/** How many history nodes carry payloads under this key id. */
const onderSleutel = async (id: string) => (await t.sql<{ n: number }[]>`select count(*)::int as n from temporal.history_node where position(convert_to(${id}, 'UTF8') in data) > 0`)[0]!.n;

describe('rotating the app secret', () => {
  it('a melding started under the old secret goes on under the new one, its earlier texts still readable', async () => {
    running = await start({ WERKROUTE_SECRET: A }, true);
    let team = await login('team1@werkroute.example');
    const r = await post('/api/meldingen', geldigeMelding());
    expect(r.status, r.text).toBe(201);
    const id = r.body.id as string;
    await waitFor(() => running!.temporal!.client.workflow.getHandle(meldingWorkflowId(id)).query(meldingStatusQuery), { what: 'workflow up', timeoutMs: 30_000 });
    expect((await post(`/api/meldingen/${id}/in-behandeling`, {}, team)).status).toBe(200);
    const intake = await post(`/api/meldingen/${id}/intake`, { notities: 'Rotatiemarker-notitie', besluit: { routeer: [{ regioCode: 'AM01', toelichting: 'Rotatiemarker-route' }] } }, team);
    expect(intake.status, intake.text).toBe(200);
    expect(await onderSleutel(codecSleutel(A).id)).toBeGreaterThan(0);
    expect(await onderSleutel(codecSleutel(B).id)).toBe(0);
    await running.stop();
    running = undefined;

    running = await start({ WERKROUTE_SECRET: B, WERKROUTE_SECRET_VORIGE: A }, false);
    team = await login('team1@werkroute.example');
    const regio = await login('regio.am01@werkroute.example');
    // The new worker has nothing cached: answering means replaying the history written under A.
    const status = await waitFor(() => running!.temporal!.client.workflow.getHandle(meldingWorkflowId(id)).query(meldingStatusQuery), { what: 'workflow answers after the restart', timeoutMs: 30_000 });
    expect(JSON.stringify(status)).toContain('Rotatiemarker-route');
    const stap = await post(`/api/meldingen/${id}/regios/AM01/bevestigen`, {}, regio);
    expect(stap.status, stap.text).toBe(200);
    const wsp = await post(`/api/meldingen/${id}/regios/AM01/wsp`, { toelichting: 'Rotatiemarker-wsp' }, regio);
    expect(wsp.status, wsp.text).toBe(200);
    expect(wsp.body.trajecten[0]).toMatchObject({ regioCode: 'AM01', toelichting: 'Rotatiemarker-route' });
    expect(await onderSleutel(codecSleutel(B).id)).toBeGreaterThan(0);
    // Not one marker readable in schema temporal, under either key.
    const [leesbaar] = await t.sql<{ n: number }[]>`select count(*)::int as n from temporal.history_node where position(convert_to('Rotatiemarker', 'UTF8') in data) > 0`;
    expect(leesbaar!.n).toBe(0);
    void team;
  });
});
