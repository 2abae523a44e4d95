// Sign-in, the session as bearer token and as HttpOnly cookie, sign-out, API tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, DEMO_PASSWORD, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('POST /api/auth/login', () => {
  it.each(Object.entries(ACCOUNTS))('%s signs in with the demo password', async (_naam, email) => {
    const r = await h.req('POST', '/api/auth/login', { body: { email, wachtwoord: DEMO_PASSWORD } });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body).toMatchObject({ token: expect.stringMatching(/^wrs_/), medewerker: { email } });
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^werkroute_sessie=wrs_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('e-mail is case-insensitive; the session works as bearer and as cookie', async () => {
    const r = await h.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.regioAM01.toUpperCase(), wachtwoord: DEMO_PASSWORD } });
    expect(r.status, expectMsg(r)).toBe(200);
    const me1 = await h.req('GET', '/api/auth/me', { token: r.body.token });
    const me2 = await h.req('GET', '/api/auth/me', { headers: { cookie: `andere=1; werkroute_sessie=${r.body.token}` } });
    expect(me1.body).toEqual(me2.body);
    expect(me1.body).toMatchObject({ rol: 'regio-contact', regioCodes: expect.arrayContaining(['AM01']) });
    expect(me1.body.regioCodes).toHaveLength(2);
  });
});

describe('sign-out and API tokens', () => {
  it('signs out and clears the cookie', async () => {
    const token = await h.login(ACCOUNTS.team2);
    const r = await h.req('POST', '/api/auth/logout', { token });
    expect(r.status).toBe(204);
    expect(r.headers.get('set-cookie')).toMatch(/werkroute_sessie=;/);
  });

  it('creates, lists and revokes an API token; actions are audited with the user', async () => {
    const sessie = await h.login(ACCOUNTS.manager);
    const made = await h.req('POST', '/api/auth/tokens', { token: sessie, body: { naam: 'rapportage', verlooptOp: '2099-12-31' } });
    expect(made.status, expectMsg(made)).toBe(201);
    expect(made.body).toMatchObject({ naam: 'rapportage', token: expect.stringMatching(/^wrt_/), verlooptOp: expect.stringMatching(/^2099-12-31/) });
    const me = await h.req('GET', '/api/auth/me', { token: made.body.token });
    expect(me.body.email).toBe(ACCOUNTS.manager);
    const lijst = await h.req('GET', '/api/auth/tokens', { token: sessie });
    expect(lijst.body.items).toEqual([expect.objectContaining({ id: made.body.id, naam: 'rapportage', ingetrokkenOp: null })]);
    expect(JSON.stringify(lijst.body)).not.toContain(made.body.token);
    expect((await h.req('DELETE', `/api/auth/tokens/${made.body.id}`, { token: sessie })).status).toBe(204);

    const acties = await h.db.sql`select a.actie from audit_log a join medewerkers m on m.id = a.actor_id where m.email = ${ACCOUNTS.manager} order by a.id`;
    expect(acties.map((a) => a.actie).filter((a) => a !== 'auth.login')).toEqual(['auth.api_token_aangemaakt', 'auth.api_token_ingetrokken']);
    expect(acties.map((a) => a.actie)).toContain('auth.login');
  });
});
