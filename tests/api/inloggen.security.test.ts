// Sign-in as OWASP ASVS level 2 asks: per-account lockout across client addresses (audited, lifted by time or
// a beheerder, the same for unknown addresses), argon2id with re-hash of older hashes, and sessions that end
// on a password change.
import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, DEMO_PASSWORD, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  // Behind one trusted proxy, so each attempt can come from another client address, with the per-address limit on.
  h = await startApiHarness({ trustProxy: 1, api: { loginLimiet: { capaciteit: 10, perSeconde: 1 / 6 } } });
});
afterAll(() => h?.stop());

let adres = 0;
const login = (email: string, wachtwoord: string) =>
  h.req('POST', '/api/auth/login', { body: { email, wachtwoord }, headers: { 'x-forwarded-for': `198.51.100.${++adres % 250}` } });

describe('per-account lockout', () => {
  it('locks an account after 5 failures from 5 addresses: the right password then gets 429 with Retry-After, audited', async () => {
    for (let i = 0; i < 5; i++) expect((await login(ACCOUNTS.team2, `fout-${i}`)).status).toBe(401);
    const r = await login(ACCOUNTS.team2, DEMO_PASSWORD);
    expect(r.status, expectMsg(r)).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(r.body.detail).toBe('Te veel mislukte pogingen met dit e-mailadres. Probeer het over 15 minuten opnieuw, of vraag een beheerder de blokkade op te heffen.');
    const [a] = await h.db.sql`select count(*)::int as n from audit_log where actie = 'auth.account_geblokkeerd'`;
    expect(a!.n).toBe(1);
    // The table holds a hash of the address, not the address.
    const rows = await h.db.sql`select email_hash from inlog_blokkades`;
    expect(rows.map((x) => x.email_hash).join()).not.toContain('werkroute');
  });

  it('is lifted by time, and a success clears the count', async () => {
    await h.db.sql`update inlog_blokkades set geblokkeerd_tot = now() - interval '1 second'`;
    expect((await login(ACCOUNTS.team2, DEMO_PASSWORD)).status).toBe(200);
    const [n] = await h.db.sql`select count(*)::int as n from inlog_blokkades`;
    expect(n!.n).toBe(0);
  });

  it('doubles the lock each time it comes back', async () => {
    for (let i = 0; i < 5; i++) expect((await login(ACCOUNTS.regioAM03, `fout-${i}`)).status).toBe(401);
    await h.db.sql`update inlog_blokkades set geblokkeerd_tot = now() - interval '1 second'`;
    for (let i = 5; i < 10; i++) expect((await login(ACCOUNTS.regioAM03, `fout-${i}`)).status).toBe(401);
    const r = await login(ACCOUNTS.regioAM03, DEMO_PASSWORD);
    expect(r.status).toBe(429);
    expect(r.body.detail).toContain('over 30 minuten');
  });

  it('is lifted by a beheerder, audited', async () => {
    const beheer = await h.login(ACCOUNTS.beheerder);
    const [m] = await h.db.sql`select id from medewerkers where email = ${ACCOUNTS.regioAM03}`;
    const r = await h.req('DELETE', `/api/beheer/medewerkers/${m!.id}/inlogblokkade`, { token: beheer });
    expect(r.status, expectMsg(r)).toBe(204);
    expect((await login(ACCOUNTS.regioAM03, DEMO_PASSWORD)).status).toBe(200);
    const [a] = await h.db.sql`select na from audit_log where actie = 'beheer.inlogblokkade_opgeheven'`;
    expect(a!.na).toEqual({ medewerkerId: m!.id, wasGeblokkeerd: true });
  });

  it('an unknown address is locked the same way, so a lockout does not tell whether an account exists', async () => {
    for (let i = 0; i < 5; i++) expect((await login('niemand@example.nl', `fout-${i}`)).status).toBe(401);
    const r = await login('niemand@example.nl', 'iets');
    expect(r.status).toBe(429);
    expect(r.body.detail).toMatch(/^Te veel mislukte pogingen met dit e-mailadres/);
  });

  it('only a beheerder lifts a lock or sets a password', async () => {
    const team = await h.login(ACCOUNTS.team);
    expect((await h.req('DELETE', '/api/beheer/medewerkers/1/inlogblokkade', { token: team })).status).toBe(403);
    expect((await h.req('PUT', '/api/beheer/medewerkers/1/wachtwoord', { token: team, body: { wachtwoord: 'een-lang-wachtwoord' } })).status).toBe(403);
  });
});

describe('password hashing', () => {
  it('re-hashes an older scrypt hash with argon2id at the next successful sign-in', async () => {
    const salt = randomBytes(16);
    const key = scryptSync(DEMO_PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 });
    const oud = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    await h.db.sql`update medewerkers set password_hash = ${oud} where email = ${ACCOUNTS.wspAM01}`;
    expect((await login(ACCOUNTS.wspAM01, DEMO_PASSWORD)).status).toBe(200);
    const [m] = await h.db.sql`select password_hash from medewerkers where email = ${ACCOUNTS.wspAM01}`;
    expect(m!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login(ACCOUNTS.wspAM01, DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('sessions end on a password change', () => {
  it('changing one\'s own password ends the other sessions, keeps this one, and the old password stops working', async () => {
    const a = (await login(ACCOUNTS.regioAM01, DEMO_PASSWORD)).body.token as string;
    const b = (await login(ACCOUNTS.regioAM01, DEMO_PASSWORD)).body.token as string;
    const fout = await h.req('POST', '/api/auth/wachtwoord', { token: a, body: { huidigWachtwoord: 'niet-het-wachtwoord', nieuwWachtwoord: 'nieuw-en-lang-genoeg' } });
    expect(fout.status).toBe(403);
    expect(fout.body.errors).toEqual([{ path: 'huidigWachtwoord', message: 'Dit is niet uw huidige wachtwoord.' }]);
    const kort = await h.req('POST', '/api/auth/wachtwoord', { token: a, body: { huidigWachtwoord: DEMO_PASSWORD, nieuwWachtwoord: 'kort' } });
    expect(kort.status).toBe(400);
    expect(kort.body.errors).toEqual([{ path: 'nieuwWachtwoord', message: 'Kies een wachtwoord van minstens 12 tekens.' }]);

    const r = await h.req('POST', '/api/auth/wachtwoord', { token: a, body: { huidigWachtwoord: DEMO_PASSWORD, nieuwWachtwoord: 'nieuw-en-lang-genoeg' } });
    expect(r.status, expectMsg(r)).toBe(204);
    expect((await h.req('GET', '/api/auth/me', { token: a })).status).toBe(200);
    expect((await h.req('GET', '/api/auth/me', { token: b })).status).toBe(401);
    expect((await login(ACCOUNTS.regioAM01, DEMO_PASSWORD)).status).toBe(401);
    expect((await login(ACCOUNTS.regioAM01, 'nieuw-en-lang-genoeg')).status).toBe(200);
  });

  it('a password set by a beheerder ends every session of that medewerker, audited', async () => {
    const wsp = (await login(ACCOUNTS.wspAM03, DEMO_PASSWORD)).body.token as string;
    const beheer = await h.login(ACCOUNTS.beheerder);
    const [m] = await h.db.sql`select id from medewerkers where email = ${ACCOUNTS.wspAM03}`;
    const r = await h.req('PUT', `/api/beheer/medewerkers/${m!.id}/wachtwoord`, { token: beheer, body: { wachtwoord: 'door-beheer-gezet' } });
    expect(r.status, expectMsg(r)).toBe(204);
    expect((await h.req('GET', '/api/auth/me', { token: wsp })).status).toBe(401);
    expect((await login(ACCOUNTS.wspAM03, 'door-beheer-gezet')).status).toBe(200);
    const [a] = await h.db.sql`select na from audit_log where actie = 'beheer.wachtwoord_ingesteld'`;
    expect(a!.na).toEqual({ medewerkerId: m!.id, sessiesBeeindigd: 1 });
  });

  it('deactivating a medewerker ends their sessions', async () => {
    const t = (await login(ACCOUNTS.team, DEMO_PASSWORD)).body.token as string;
    const beheer = await h.login(ACCOUNTS.beheerder);
    const [m] = await h.db.sql`select id from medewerkers where email = ${ACCOUNTS.team}`;
    expect((await h.req('PATCH', `/api/beheer/medewerkers/${m!.id}`, { token: beheer, body: { actief: false } })).status).toBe(200);
    const [n] = await h.db.sql`select count(*)::int as n from sessies where medewerker_id = ${m!.id}`;
    expect(n!.n).toBe(0);
    expect((await h.req('GET', '/api/auth/me', { token: t })).status).toBe(401);
  });
});
