// Who may act: 401 without (valid) credentials, 403 for a role without the right, and 404 — identical to an
// unknown melding — for a regio-contact or WSP looking at another regio's melding, through every route.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
let t: Record<keyof typeof ACCOUNTS, string>;
let id: string;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
  t = Object.fromEntries(await Promise.all(Object.entries(ACCOUNTS).map(async ([k, e]) => [k, await h.login(e)]))) as typeof t;
  const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
  id = r.body.id;
  await waitFor(() => h.temporal.status(id), { what: 'workflow started' });
  const i = await h.req('POST', `/api/meldingen/${id}/intake`, { token: t.team, body: { besluit: { routeer: [{ regioCode: 'AM01' }] } } });
  expect(i.status, expectMsg(i)).toBe(200);
});
afterAll(() => h?.stop());

describe('authentication', () => {
  it.each([
    { name: 'no credentials', headers: {} },
    { name: 'garbage bearer', headers: { authorization: 'Bearer nope' } },
    { name: 'well-formed unknown session', headers: { authorization: `Bearer wrs_${'A'.repeat(43)}` } },
    { name: 'well-formed unknown API token', headers: { authorization: `Bearer wrt_${'A'.repeat(43)}` } },
    { name: 'basic auth', headers: { authorization: 'Basic dGVhbTE6eA==' } },
    { name: 'unknown cookie', headers: { cookie: `werkroute_sessie=wrs_${'B'.repeat(43)}` } },
  ])('$name → 401', async ({ headers }) => {
    const r = await h.req('POST', `/api/meldingen/${id}/in-behandeling`, { headers: headers as Record<string, string> });
    expect(r.status, expectMsg(r)).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('401 comes before validation and before existence', async () => {
    expect((await h.req('POST', `/api/meldingen/not-a-uuid/intake`, { body: { x: 1 } })).status).toBe(401);
    expect((await h.req('GET', `/api/meldingen/${randomUUID()}`)).status).toBe(401);
  });
});

describe('roles → 403', () => {
  it.each([
    { wie: 'wspAM01', pad: 'in-behandeling' },
    { wie: 'regioAM01', pad: 'intake' },
    { wie: 'beheerder', pad: 'in-behandeling' },
    { wie: 'wspAM01', pad: 'intrekken' },
  ] as const)('$wie may not $pad', async ({ wie, pad }) => {
    const r = await h.req('POST', `/api/meldingen/${id}/${pad}`, { token: t[wie], body: {} });
    expect(r.status, expectMsg(r)).toBe(403);
  });

  it.each([
    { wie: 'manager', pad: 'bevestigen' },
    { wie: 'team', pad: 'bevestigen' },
    { wie: 'wspAM01', pad: 'bevestigen' },
  ] as const)('$wie may not do the regio step $pad', async ({ wie, pad }) => {
    const r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/${pad}`, { token: t[wie] });
    expect(r.status, expectMsg(r)).toBe(403);
  });

  it('beheer and reports are closed to regio roles', async () => {
    expect((await h.req('GET', '/api/beheer/medewerkers', { token: t.regioAM01 })).status).toBe(403);
    expect((await h.req('GET', '/api/rapportage/reactietijden', { token: t.wspAM01 })).status).toBe(403);
    expect((await h.req('GET', '/api/inbox', { token: t.regioAM01 })).status).toBe(403);
  });
});

describe("another regio's melding is invisible (404, same as unknown)", () => {
  const onbekend = randomUUID();
  const strip = (b: { detail?: string; title?: string; status?: number; type?: string }) => ({ type: b.type, title: b.title, status: b.status, detail: b.detail });

  it.each(['regioAM03', 'wspAM03'] as const)('%s cannot see it', async (wie) => {
    const zijn = await h.req('GET', `/api/meldingen/${id}`, { token: t[wie] });
    const niets = await h.req('GET', `/api/meldingen/${onbekend}`, { token: t[wie] });
    expect(zijn.status, expectMsg(zijn)).toBe(404);
    expect(strip(zijn.body)).toEqual(strip(niets.body));

    const lijst = await h.req('GET', '/api/meldingen?limit=500', { token: t[wie] });
    expect(lijst.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const csv = await h.req('GET', '/api/meldingen/export.csv', { token: t[wie] });
    expect(csv.status).toBe(200);
    expect(csv.text).not.toContain(id);
    const tr = await h.req('GET', '/api/trajecten', { token: t[wie] });
    expect(tr.body.items.map((i: { meldingId: string }) => i.meldingId)).not.toContain(id);
  });

  it.each([
    { wie: 'regioAM03', pad: 'regios/AM01/bevestigen' },
    { wie: 'regioAM03', pad: 'regios/AM03/bevestigen' },
    { wie: 'wspAM03', pad: 'regios/AM01/wsp-contact' },
    { wie: 'wspAM03', pad: 'regios/AM03/wsp-contact' },
  ] as const)('$wie cannot act: $pad → 404', async ({ wie, pad }) => {
    const r = await h.req('POST', `/api/meldingen/${id}/${pad}`, { token: t[wie], body: {} });
    expect(r.status, expectMsg(r)).toBe(404);
    const live = await h.temporal.status(id);
    expect(live!.trajecten[0]!.stap).toBe('doorgezet');
  });

  it('the own regio contact can act on it', async () => {
    const r = await h.req('POST', `/api/meldingen/${id}/regios/AM01/bevestigen`, { token: t.regioAM01 });
    expect(r.status, expectMsg(r)).toBe(200);
  });
});

describe('sessions, cookies and API tokens', () => {
  it('a cookie session works for reads; a cross-origin write with it → 403', async () => {
    const cookie = { cookie: `werkroute_sessie=${t.team}` };
    expect((await h.req('GET', '/api/auth/me', { headers: cookie })).status).toBe(200);
    const r = await h.req('POST', `/api/meldingen/${id}/toewijzen`, { headers: { ...cookie, origin: 'https://evil.example' }, body: { naarMedewerkerId: 1 } });
    expect(r.status, expectMsg(r)).toBe(403);
  });

  it('after sign-out the session no longer works', async () => {
    const token = (await h.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.team2, wachtwoord: 'werkroute-demo' } })).body.token;
    expect((await h.req('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await h.req('GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('an API token acts with its owner\'s role; once revoked it is refused', async () => {
    const made = await h.req('POST', '/api/auth/tokens', { token: t.manager, body: { naam: 'dashboard' } });
    expect(made.status, expectMsg(made)).toBe(201);
    expect((await h.req('GET', `/api/meldingen/${id}`, { token: made.body.token })).status).toBe(200);
    expect((await h.req('POST', `/api/meldingen/${id}/regios/AM01/status`, { token: made.body.token, body: { stand: 'x' } })).status).toBe(403);
    expect((await h.req('POST', '/api/auth/tokens', { token: made.body.token, body: { naam: 'tweede' } })).status).toBe(403);
    expect((await h.req('DELETE', `/api/auth/tokens/${made.body.id}`, { token: t.manager })).status).toBe(204);
    expect((await h.req('GET', `/api/meldingen/${id}`, { token: made.body.token })).status).toBe(401);
  });
});
