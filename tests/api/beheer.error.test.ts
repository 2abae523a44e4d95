// Beheer errors: unknown things are 404 (a regio code that does not exist is bad input: 400), impossible combinations 422, duplicates 409, bad input 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
let b: string;
beforeAll(async () => {
  h = await startApiHarness();
  b = await h.login(ACCOUNTS.beheerder);
});
afterAll(() => h?.stop());

const idVan = async (email: string) => ((await h.db.sql`select id from medewerkers where email = ${email}`)[0] as { id: number }).id;

describe('beheer errors', () => {
  it('regio contacts: unknown regio, wrong role, same person', async () => {
    const regio = await idVan(ACCOUNTS.regioAM01);
    const team = await idVan(ACCOUNTS.team);
    const onbekend = await h.req('PUT', '/api/beheer/regios/AM31/contacten', { token: b, body: { medewerkerId: regio, achtervangId: null } });
    expect(onbekend.status).toBe(400);
    expect(onbekend.body.errors.map((e: { path: string }) => e.path)).toEqual(['params.code']);
    expect((await h.req('PUT', '/api/beheer/regios/AM02/contacten', { token: b, body: { medewerkerId: team, achtervangId: null } })).status).toBe(422);
    expect((await h.req('PUT', '/api/beheer/regios/AM02/contacten', { token: b, body: { medewerkerId: regio, achtervangId: regio } })).status).toBe(422);
    expect((await h.req('PUT', '/api/beheer/regios/XX/contacten', { token: b, body: { medewerkerId: regio, achtervangId: null } })).status).toBe(400);
  });

  it('regional partners: unknown regio, unknown kind or bad address 400 naming the field', async () => {
    const body = { naam: 'Piet', email: 'piet@pow.example' };
    expect((await h.req('PUT', '/api/beheer/regios/AM99/partners/pow_regisseur', { token: b, body })).status).toBe(400);
    const soort = await h.req('PUT', '/api/beheer/regios/AM01/partners/burgemeester', { token: b, body });
    expect(soort.status).toBe(400);
    expect(soort.body.errors.map((e: { path: string }) => e.path)).toContain('params.soort');
    const adres = await h.req('PUT', '/api/beheer/regios/AM01/partners/pow_regisseur', { token: b, body: { naam: 'Piet', email: 'geen adres' } });
    expect(adres.status).toBe(400);
    expect(adres.body.errors).toEqual([{ path: 'email', message: expect.any(String) }]);
  });

  it('roster: a non-team member, a duplicate, an unknown row', async () => {
    const regio = await idVan(ACCOUNTS.regioAM01);
    const team = await idVan(ACCOUNTS.team);
    expect((await h.req('POST', '/api/beheer/rooster', { token: b, body: { datum: '2027-07-01', medewerkerId: regio } })).status).toBe(422);
    expect((await h.req('POST', '/api/beheer/rooster', { token: b, body: { datum: '2027-07-01', medewerkerId: team } })).status).toBe(201);
    expect((await h.req('POST', '/api/beheer/rooster', { token: b, body: { datum: '2027-07-01', medewerkerId: team } })).status).toBe(409);
    expect((await h.req('DELETE', '/api/beheer/rooster/999999', { token: b })).status).toBe(404);
  });

  it('WSPs and medewerkers: duplicates and missing links', async () => {
    const wsp = await h.req('POST', '/api/beheer/wsps', { token: b, body: { regioCode: 'AM04', naam: 'x' } });
    expect(wsp.status).toBe(400);
    expect(wsp.body.errors).toEqual([{ path: 'regioCode', message: expect.any(String) }]);
    const [w] = await h.db.sql`select naam from wsps where regio_code = 'AM01' limit 1`;
    expect((await h.req('POST', '/api/beheer/wsps', { token: b, body: { regioCode: 'AM01', naam: w!.naam } })).status).toBe(409);
    expect((await h.req('PATCH', '/api/beheer/wsps/999999', { token: b, body: { actief: false } })).status).toBe(404);
    expect((await h.req('POST', '/api/beheer/medewerkers', { token: b, body: { naam: 'x', email: ACCOUNTS.team, rol: 'team' } })).status).toBe(409);
    expect((await h.req('POST', '/api/beheer/medewerkers', { token: b, body: { naam: 'x', email: 'w@x.nl', rol: 'wsp' } })).status).toBe(422);
    const kort = await h.req('POST', '/api/beheer/medewerkers', { token: b, body: { naam: 'x', email: 'k@x.nl', rol: 'team', wachtwoord: 'kort' } });
    expect(kort.status, expectMsg(kort)).toBe(400);
    expect(kort.body.errors).toEqual([{ path: 'wachtwoord', message: 'Kies een wachtwoord van minstens 12 tekens.' }]);
  });

  it('a beheerder cannot deactivate themselves', async () => {
    const r = await h.req('PATCH', `/api/beheer/medewerkers/${await idVan(ACCOUNTS.beheerder)}`, { token: b, body: { actief: false } });
    expect(r.status, expectMsg(r)).toBe(409);
  });
});
