// The werkroute through the API, each step a Temporal update on the real worker: intake by the team,
// routing to a regio, acknowledgement, forwarding to the WSP, WSP contact, status report, terugmelding; and
// the reads along the way (live state, inbox, tasks, tracks, lists, audit trail with the acting user).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
let tokens: Record<keyof typeof ACCOUNTS, string>;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
  tokens = Object.fromEntries(await Promise.all(Object.entries(ACCOUNTS).map(async ([k, e]) => [k, await h.login(e)]))) as typeof tokens;
});
afterAll(() => h?.stop());

async function nieuweMelding(): Promise<string> {
  const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
  expect(r.status, expectMsg(r)).toBe(201);
  await waitFor(() => h.temporal.status(r.body.id), { what: 'workflow started' });
  return r.body.id;
}

const idVan = async (email: string) => ((await h.db.sql`select id from medewerkers where email = ${email}`)[0] as { id: number }).id;

describe('steps along the werkroute', () => {
  it('team → regio → WSP → terugmelding, with the live state after every step', async () => {
    const id = await nieuweMelding();

    const inbox = await h.req('GET', '/api/inbox', { token: tokens.team });
    expect(inbox.status, expectMsg(inbox)).toBe(200);
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(id);

    let r = await h.req('POST', `/api/meldingen/${id}/in-behandeling`, { token: tokens.team });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body).toMatchObject({ meldingId: id, fase: 'beoordeling', toegewezenAan: String(await idVan(ACCOUNTS.team)) });

    r = await h.req('POST', `/api/meldingen/${id}/intake`, {
      token: tokens.team,
      body: { notities: 'gebeld', besluit: { routeer: [{ regioCode: 'AM01', toelichting: 'twee monteurs, ploegendienst' }] } },
    });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.trajecten).toEqual([expect.objectContaining({ regioCode: 'AM01', status: 'open', stap: 'doorgezet' })]);

    r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/bevestigen`, { token: tokens.regioAM01 });
    expect(r.status, expectMsg(r)).toBe(200);
    r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/wsp`, { token: tokens.regioAM01, body: { cc: ['wsp_managers'] } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.trajecten[0]).toMatchObject({ stap: 'bij_wsp' });

    r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/wsp-contact`, { token: tokens.wspAM01, body: { toelichting: 'gebeld op dinsdag' } });
    expect(r.status, expectMsg(r)).toBe(200);
    r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/status`, { token: tokens.regioAM01, body: { stand: 'twee kandidaten in gesprek' } });
    expect(r.status, expectMsg(r)).toBe(200);
    r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/terugmelding`, {
      token: tokens.regioAM01,
      body: { uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 2, oplossing: 'wsp_bemiddeling' } },
    });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.trajecten[0]).toMatchObject({ stap: 'teruggemeld' });

    const detail = await h.req('GET', `/api/meldingen/${id}`, { token: tokens.manager });
    expect(detail.status, expectMsg(detail)).toBe(200);
    expect(detail.body).toMatchObject({ id, werkgever: { naam: 'Snijder BV' }, contactpersoon: null, functies: [{ omschrijving: 'monteur', aantal: 2 }] });
    expect(detail.body.live.klokken.length).toBeGreaterThan(0);
    expect(detail.body.live.klokken[0]).toMatchObject({ deadlineIso: expect.any(String), uitleg: expect.any(String), kalenderVersie: expect.any(String) });
    expect(detail.body.live.tijdlijn.map((t: { actie: string }) => t.actie)).toEqual(expect.arrayContaining(['ontvangen', 'gerouteerd', 'regio_bevestigd']));

    // The workflow's audit effects carry the acting medewerker.
    const regioId = await idVan(ACCOUNTS.regioAM01);
    await waitFor(async () => (await h.db.sql`select 1 from audit_log where melding_id = ${id} and actor_id = ${regioId}`).length > 0, { what: 'audit with actor' });
  });

  it('the regio contact sees the routed melding in detail (with contact details), lists and tracks', async () => {
    const id = await nieuweMelding();
    await h.req('POST', `/api/meldingen/${id}/intake`, { token: tokens.team, body: { besluit: { routeer: [{ regioCode: 'AM01' }] } } });

    const detail = await h.req('GET', `/api/meldingen/${id}`, { token: tokens.regioAM01 });
    expect(detail.status, expectMsg(detail)).toBe(200);
    expect(detail.body.contactpersoon).toMatchObject({ naam: 'Iet Jongbloed', email: 'iet@example.nl' });

    await waitFor(async () => {
      const l = await h.req('GET', '/api/meldingen?regio=AM01', { token: tokens.regioAM01 });
      return l.status === 200 && l.body.items.some((i: { id: string }) => i.id === id);
    }, { what: 'projection lists the melding for AM01' });
    const tr = await h.req('GET', '/api/trajecten', { token: tokens.wspAM01 });
    expect(tr.status, expectMsg(tr)).toBe(200);
    expect(tr.body.items.every((t: { regioCode: string }) => t.regioCode === 'AM01')).toBe(true);

    const taken = await h.req('GET', '/api/taken', { token: tokens.regioAM01 });
    expect(taken.status, expectMsg(taken)).toBe(200);
  });

  it('reassigns and withdraws; an Idempotency-Key applies a step once', async () => {
    const id = await nieuweMelding();
    const team2 = await idVan(ACCOUNTS.team2);
    let r = await h.req('POST', `/api/meldingen/${id}/in-behandeling`, { token: tokens.team, headers: { 'idempotency-key': 'stap-1' } });
    expect(r.status, expectMsg(r)).toBe(200);
    const versie = r.body.versie;
    r = await h.req('POST', `/api/meldingen/${id}/in-behandeling`, { token: tokens.team, headers: { 'idempotency-key': 'stap-1' } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.versie).toBe(versie);

    // Managers coordinate: they reassign (what an escalation asks of them); the team withdraws.
    r = await h.req('POST', `/api/meldingen/${id}/toewijzen`, { token: tokens.manager, body: { naarMedewerkerId: team2, reden: 'vakantie' } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.toegewezenAan).toBe(String(team2));
    expect((await h.req('POST', `/api/meldingen/${id}/intrekken`, { token: tokens.manager, body: { reden: 'werkgever belde' } })).status).toBe(403);

    r = await h.req('POST', `/api/meldingen/${id}/intrekken`, { token: tokens.team, body: { reden: 'werkgever belde' } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.status).toBe('ingetrokken');
  });

  it('after an unfilled terugmelding the team decides the follow-up', async () => {
    const id = await nieuweMelding();
    await h.req('POST', `/api/meldingen/${id}/intake`, { token: tokens.team, body: { besluit: { routeer: [{ regioCode: 'AM01' }] } } });
    await h.req('POST', `/api/meldingen/${id}/regios/AM01/bevestigen`, { token: tokens.regioAM01 });
    let r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/terugmelding`, {
      token: tokens.regioAM01,
      body: { uitkomst: { resultaat: 'niet_vervuld', aantalGeplaatst: 0, oplossing: 'anders', toelichting: 'geen kandidaten' } },
    });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.fase).toBe('vervolg');
    r = await h.req('POST', `/api/meldingen/${id}/vervolg`, { token: tokens.team, body: { regioCode: 'AM01', besluit: { soort: 'andere_regios', regios: [{ regioCode: 'AM02' }] } } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.trajecten.map((t: { regioCode: string }) => t.regioCode)).toEqual(['AM01', 'AM02']);
  });
});
