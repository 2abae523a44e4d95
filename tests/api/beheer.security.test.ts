// Only the beheerder changes beheer data; the team and managers may read it; regio roles and WSPs may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

const schrijven = [
  { method: 'PUT', pad: '/api/beheer/regios/AM01/contacten', body: { medewerkerId: 1, achtervangId: null } },
  { method: 'POST', pad: '/api/beheer/rooster', body: { datum: '2027-01-04', medewerkerId: 1 } },
  { method: 'DELETE', pad: '/api/beheer/rooster/1' },
  { method: 'POST', pad: '/api/beheer/wsps', body: { regioCode: 'AM01', naam: 'x' } },
  { method: 'PATCH', pad: '/api/beheer/wsps/1', body: { actief: false } },
  { method: 'POST', pad: '/api/beheer/medewerkers', body: { naam: 'x', email: 'x@x.nl', rol: 'beheerder' } },
  { method: 'PATCH', pad: '/api/beheer/medewerkers/1', body: { actief: false } },
  { method: 'PUT', pad: '/api/beheer/regios/AM01/partners/pow_regisseur', body: { naam: 'x', email: 'x@x.nl' } },
  { method: 'DELETE', pad: '/api/beheer/regios/AM01/partners/pow_regisseur' },
  { method: 'GET', pad: '/api/beheer/regio-partners' },
];

describe('beheer access', () => {
  it.each(schrijven)('$method $pad: 401 without sign-in, 403 for every role but beheerder', async ({ method, pad, body }) => {
    expect((await h.req(method, pad, { body })).status).toBe(401);
    for (const wie of [ACCOUNTS.team, ACCOUNTS.manager, ACCOUNTS.regioAM01, ACCOUNTS.wspAM01]) {
      const r = await h.req(method, pad, { token: await h.login(wie), body });
      expect(r.status, `${wie}: ${expectMsg(r)}`).toBe(403);
    }
  });

  it('reads: team and manager yes, WSP no (except the WSP list for regio contacts)', async () => {
    const team = await h.login(ACCOUNTS.team);
    const wsp = await h.login(ACCOUNTS.wspAM01);
    const regio = await h.login(ACCOUNTS.regioAM01);
    expect((await h.req('GET', '/api/beheer/regios', { token: team })).status).toBe(200);
    expect((await h.req('GET', '/api/beheer/medewerkers', { token: wsp })).status).toBe(403);
    expect((await h.req('GET', '/api/beheer/wsps', { token: regio })).status).toBe(200);
    expect((await h.req('GET', '/api/beheer/rooster?van=2027-01-01&tot=2027-01-31', { token: regio })).status).toBe(403);
  });

  it('the medewerker list never exposes password hashes', async () => {
    const r = await h.req('GET', '/api/beheer/medewerkers', { token: await h.login(ACCOUNTS.beheerder) });
    expect(r.status).toBe(200);
    expect(r.text).not.toMatch(/scrypt|password/i);
  });
});
