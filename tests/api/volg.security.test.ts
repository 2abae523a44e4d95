// What the follow link must not reveal: staff identities, internal notes, contact details; and the token
// itself never reaches the logs.
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
});
