// Failed sign-ins and bad token requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, DEMO_PASSWORD, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('sign-in errors', () => {
  it.each([
    { name: 'wrong password', body: { email: ACCOUNTS.team, wachtwoord: 'fout' }, status: 401 },
    { name: 'unknown e-mail', body: { email: 'niemand@example.nl', wachtwoord: DEMO_PASSWORD }, status: 401 },
    { name: 'missing password', body: { email: ACCOUNTS.team }, status: 400 },
    { name: 'password as number', body: { email: ACCOUNTS.team, wachtwoord: 12345 }, status: 400 },
    { name: 'huge password', body: { email: ACCOUNTS.team, wachtwoord: 'x'.repeat(5000) }, status: 400 },
    { name: 'extra field', body: { email: ACCOUNTS.team, wachtwoord: DEMO_PASSWORD, rol: 'beheerder' }, status: 400 },
    { name: 'SQL in e-mail', body: { email: "' or 1=1 --", wachtwoord: 'x' }, status: 401 },
  ])('$name → $status', async ({ body, status }) => {
    const r = await h.req('POST', '/api/auth/login', { body });
    expect(r.status, expectMsg(r)).toBe(status);
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('the same message for an unknown e-mail and a wrong password', async () => {
    const a = await h.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.team, wachtwoord: 'fout' } });
    const b = await h.req('POST', '/api/auth/login', { body: { email: 'niemand@example.nl', wachtwoord: 'fout' } });
    expect(a.body.detail).toBe(b.body.detail);
  });

  it('a deactivated medewerker cannot sign in, and their sessions stop working', async () => {
    const token = await h.login(ACCOUNTS.team2);
    await h.db.sql`update medewerkers set actief = false where email = ${ACCOUNTS.team2}`;
    expect((await h.req('GET', '/api/auth/me', { token })).status).toBe(401);
    const r = await h.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.team2, wachtwoord: DEMO_PASSWORD } });
    expect(r.status).toBe(401);
  });
});

describe('API token errors', () => {
  it.each([
    { name: 'no name', body: {}, status: 400 },
    { name: 'date in the past', body: { naam: 'x', verlooptOp: '2001-01-01' }, status: 400 },
    { name: 'bad date', body: { naam: 'x', verlooptOp: 'morgen' }, status: 400 },
  ])('$name → $status', async ({ body, status }) => {
    const r = await h.req('POST', '/api/auth/tokens', { token: await h.login(ACCOUNTS.team), body });
    expect(r.status, expectMsg(r)).toBe(status);
  });

  it('revoking an unknown or malformed token id', async () => {
    const t = await h.login(ACCOUNTS.team);
    expect((await h.req('DELETE', '/api/auth/tokens/999999', { token: t })).status).toBe(404);
    expect((await h.req('DELETE', '/api/auth/tokens/abc', { token: t })).status).toBe(400);
    expect((await h.req('DELETE', '/api/auth/tokens/99999999999999999999', { token: t })).status).toBe(400);
  });
});
