// Beheer: regio contacts and backups, roster, WSPs, medewerkers; every change audited with the beheerder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, DEMO_PASSWORD, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
let b: string;
beforeAll(async () => {
  h = await startApiHarness();
  b = await h.login(ACCOUNTS.beheerder);
});
afterAll(() => h?.stop());

const idVan = async (email: string) => ((await h.db.sql`select id from medewerkers where email = ${email}`)[0] as { id: number }).id;

describe('beheer', () => {
  it('lists the 35 regio\'s with contact and backup', async () => {
    const r = await h.req('GET', '/api/beheer/regios', { token: b });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.items).toHaveLength(35);
    expect(r.body.items[0]).toMatchObject({ code: 'AM01', contactNaam: expect.any(String), achtervangNaam: expect.any(String) });
  });

  it('sets a regio contact and backup; the new backup gets that regio in scope', async () => {
    const am03 = await idVan(ACCOUNTS.regioAM03);
    const am01 = await idVan(ACCOUNTS.regioAM01);
    const r = await h.req('PUT', '/api/beheer/regios/AM05/contacten', { token: b, body: { medewerkerId: am03, achtervangId: am01 } });
    expect(r.status, expectMsg(r)).toBe(204);
    const me = await h.req('GET', '/api/auth/me', { token: await h.login(ACCOUNTS.regioAM01) });
    expect(me.body.regioCodes).toContain('AM05');
    const audit = await h.db.sql`select actor_id, na from audit_log where actie = 'beheer.regio_contact'`;
    expect(audit).toEqual([{ actor_id: await idVan(ACCOUNTS.beheerder), na: { regioCode: 'AM05', medewerkerId: am03, achtervangId: am01 } }]);
  });

  it('sets, replaces and removes a regional partner; audited by name, without the address', async () => {
    const pad = '/api/beheer/regios/AM05/partners/vno_ncw_mkb';
    expect((await h.req('PUT', pad, { token: b, body: { naam: 'Vera Vos', email: 'v.vos@vnoncw.example' } })).status).toBe(204);
    expect((await h.req('PUT', pad, { token: b, body: { naam: 'Vera Vos', email: 'vera@vnoncw.example' } })).status).toBe(204);
    let r = await h.req('GET', '/api/beheer/regio-partners', { token: b });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.items).toEqual([{ regioCode: 'AM05', soort: 'vno_ncw_mkb', naam: 'Vera Vos', email: 'vera@vnoncw.example' }]);
    const audit = await h.db.sql<{ na: unknown }[]>`select na from audit_log where actie = 'beheer.regio_partner' order by id`;
    expect(audit.map((a) => a.na)).toEqual([
      { regioCode: 'AM05', soort: 'vno_ncw_mkb', naam: 'Vera Vos' },
      { regioCode: 'AM05', soort: 'vno_ncw_mkb', naam: 'Vera Vos' },
    ]);
    expect((await h.req('DELETE', pad, { token: b })).status).toBe(204);
    r = await h.req('GET', '/api/beheer/regio-partners', { token: b });
    expect(r.body.items).toEqual([]);
  });

  it('manages the roster', async () => {
    const team = await idVan(ACCOUNTS.team2);
    const add = await h.req('POST', '/api/beheer/rooster', { token: b, body: { datum: '2027-06-01', medewerkerId: team } });
    expect(add.status, expectMsg(add)).toBe(201);
    const lijst = await h.req('GET', '/api/beheer/rooster?van=2027-06-01&tot=2027-06-01', { token: b });
    expect(lijst.body.items).toEqual([expect.objectContaining({ id: add.body.id, datum: '2027-06-01', medewerkerId: team })]);
    expect((await h.req('DELETE', `/api/beheer/rooster/${add.body.id}`, { token: b })).status).toBe(204);
  });

  it('adds and deactivates a WSP', async () => {
    const add = await h.req('POST', '/api/beheer/wsps', { token: b, body: { regioCode: 'AM38', naam: 'WSP Zuid-Limburg Oost', email: 'oost@wsp.example' } });
    expect(add.status, expectMsg(add)).toBe(201);
    const upd = await h.req('PATCH', `/api/beheer/wsps/${add.body.id}`, { token: b, body: { actief: false } });
    expect(upd.status, expectMsg(upd)).toBe(200);
    expect(upd.body.actief).toBe(false);
    const lijst = await h.req('GET', '/api/beheer/wsps?regio=AM38', { token: b });
    expect(lijst.body.items.map((w: { naam: string }) => w.naam)).toContain('WSP Zuid-Limburg Oost');
  });

  it('creates a WSP medewerker who can sign in, and deactivates them', async () => {
    const [w] = await h.db.sql`select id from wsps where regio_code = 'AM02' limit 1`;
    const add = await h.req('POST', '/api/beheer/medewerkers', {
      token: b,
      body: { naam: 'Nieuwe WSP-er', email: 'nieuw@wsp.example', rol: 'wsp', wspId: w!.id, wachtwoord: 'een-lang-wachtwoord' },
    });
    expect(add.status, expectMsg(add)).toBe(201);
    const login = await h.req('POST', '/api/auth/login', { body: { email: 'nieuw@wsp.example', wachtwoord: 'een-lang-wachtwoord' } });
    expect(login.status).toBe(200);
    expect(login.body.medewerker.regioCodes).toEqual(['AM02']);
    const off = await h.req('PATCH', `/api/beheer/medewerkers/${add.body.id}`, { token: b, body: { actief: false } });
    expect(off.status, expectMsg(off)).toBe(200);
    expect((await h.req('GET', '/api/auth/me', { token: login.body.token })).status).toBe(401);
    void DEMO_PASSWORD;
  });
});
