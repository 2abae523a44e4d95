// What the follow link must not reveal: staff identities, internal notes, contact details; and the token
// itself never reaches the logs.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
const logLines: string[] = [];
beforeAll(async () => {
  h = await startApiHarness({ temporal: true, logLines });
});
afterAll(() => h?.stop());

describe('follow link security', () => {
  it('shows steps, not staff, notes or contact details; the token is not logged', async () => {
    const s = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
    const { id, volgLink } = s.body as { id: string; volgLink: string };
    await waitFor(() => h.temporal.status(id), { what: 'workflow started' });
    const token = volgLink.split('/volg/')[1]!;
    const team = await h.login(ACCOUNTS.team);
    await h.req('POST', `/api/meldingen/${id}/intake`, {
      token: team,
      body: { notities: 'INTERNE-NOTITIE', besluit: { routeer: [{ regioCode: 'AM01', toelichting: 'INTERNE-TOELICHTING' }] } },
    });

    const r = await h.req('GET', `/api/volg/${token}`);
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.text).not.toMatch(/INTERNE|Iet Jongbloed|iet@example\.nl|0612345678|medewerkerId|toegewezenAan|team1@/);
    expect(Object.keys(r.body).sort()).toEqual(['geslotenOp', 'mogelijk', 'nummer', 'ontvangenOp', 'regios', 'soort', 'stap', 'stappen', 'status', 'werkgever']);

    await h.req('GET', `/api/volg/${token}/onbekend`);
    expect(logLines.join('\n')).not.toContain(token);
  });

  it('a follow token is not a staff credential', async () => {
    const s = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
    const token = (s.body.volgLink as string).split('/volg/')[1]!;
    expect((await h.req('GET', '/api/meldingen', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await h.req('GET', `/api/meldingen/${s.body.id}`, { headers: { cookie: `werkroute_sessie=${token}` } })).status).toBe(401);
  });

  it('the database keeps only a hash and an encrypted copy of the link\'s secret; nor does an idempotent replay keep it', async () => {
    const body = geldigeMelding();
    const s = await h.req('POST', '/api/meldingen', { body, headers: { 'idempotency-key': 'volglink-opslag' } });
    expect(s.status, expectMsg(s)).toBe(201);
    const token = (s.body.volgLink as string).split('/volg/')[1]!;
    const [m] = await h.db.sql`select volg_token, volg_token_versleuteld from meldingen where id = ${s.body.id}`;
    expect(m!.volg_token).toBe(createHash('sha256').update(token).digest('hex'));
    expect(m!.volg_token_versleuteld).toMatch(/^v1\./);
    expect(m!.volg_token_versleuteld).not.toContain(token);
    const [k] = await h.db.sql`select response::text as response from idempotency_keys where key = 'volglink-opslag'`;
    expect(k!.response).not.toContain(token);
    // A replay rebuilds the same link from the encrypted copy.
    const replay = await h.req('POST', '/api/meldingen', { body, headers: { 'idempotency-key': 'volglink-opslag' } });
    expect(replay.status, expectMsg(replay)).toBe(201);
    expect(replay.body.volgLink).toBe(s.body.volgLink);
  });

  it('links are built from PUBLIC_URL (or the app\'s own address), never from the Host header', async () => {
    const s = await h.req('POST', '/api/meldingen', { body: geldigeMelding(), headers: { host: 'aanvaller.example' } });
    expect(s.status, expectMsg(s)).toBe(201);
    expect(s.body.volgLink).not.toContain('aanvaller');
  });

  it('a follow link stops working VOLGLINK_DAGEN after the melding closed, and says so politely', async () => {
    const s = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
    const token = (s.body.volgLink as string).split('/volg/')[1]!;
    // A high projection version keeps the workflow's own projections (still arriving) from undoing this.
    await h.db.sql`update meldingen set status = 'afgesloten', gesloten_at = now() - interval '89 days', projectie_versie = 1000000 where id = ${s.body.id}`;
    expect((await h.req('GET', `/api/volg/${token}`)).status).toBe(200);
    await h.db.sql`update meldingen set gesloten_at = now() - interval '91 days' where id = ${s.body.id}`;
    const r = await h.req('GET', `/api/volg/${token}`);
    expect(r.status).toBe(410);
    expect(r.body.detail).toMatch(/^Deze volglink is niet meer geldig: uw melding is op \d{1,2} \w+ \d{4} afgesloten, en een volglink werkt tot 90 dagen daarna\. .*meldingnummer \d+\.$/);
    expect((await h.req('POST', `/api/volg/${token}/intrekken`, { body: {} })).status).toBe(410);
  });
});
