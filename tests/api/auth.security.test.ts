// Credentials: hashed at rest, rate-limited sign-in, expiring sessions, tokens that only their owner can revoke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, DEMO_PASSWORD, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ api: { loginLimiet: { capaciteit: 4, perSeconde: 0.01 } } });
});
afterAll(() => h?.stop());

describe('credentials at rest', () => {
  it('stores argon2id password hashes and only SHA-256 hashes of sessions and tokens', async () => {
    const r = await h.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.manager, wachtwoord: DEMO_PASSWORD } });
    expect(r.status, expectMsg(r)).toBe(200);
    const [m] = await h.db.sql`select password_hash from medewerkers where email = ${ACCOUNTS.manager}`;
    expect(m!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const sessies = await h.db.sql`select token_hash from sessies`;
    expect(sessies.map((s) => s.token_hash)).not.toContain(r.body.token);
    expect(sessies[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an expired session is refused', async () => {
    const r = await h.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.team, wachtwoord: DEMO_PASSWORD } });
    await h.db.sql`update sessies set expires_at = now() - interval '1 second'`;
    expect((await h.req('GET', '/api/auth/me', { token: r.body.token })).status).toBe(401);
  });

  it("one user cannot revoke another user's token", async () => {
    const [m] = await h.db.sql`select id from medewerkers where email = ${ACCOUNTS.manager}`;
    const [t] = await h.db.sql`insert into api_tokens (token_hash, medewerker_id, naam) values (${'f'.repeat(64)}, ${m!.id}, 'van manager') returning id`;
    const [s] = await h.db.sql`select id from medewerkers where email = ${ACCOUNTS.beheerder}`;
    // A session for the beheerder made directly, so this test does not spend the sign-in budget.
    const { hashToken } = await import('../../db/repositories/toegang');
    const token = `wrs_${'C'.repeat(43)}`;
    await h.db.sql`insert into sessies (token_hash, medewerker_id, expires_at) values (${hashToken(token)}, ${s!.id}, now() + interval '1 hour')`;
    expect((await h.req('DELETE', `/api/auth/tokens/${t!.id}`, { token })).status).toBe(404);
  });
});

describe('brute force', () => {
  it('limits sign-in attempts per address: 429 with Retry-After', async () => {
    const statussen: number[] = [];
    for (let i = 0; i < 4; i++) statussen.push((await h.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.team, wachtwoord: `fout${i}` } })).status);
    expect(statussen.at(-1)).toBe(429);
    const r = await h.req('POST', '/api/auth/login', { body: { email: ACCOUNTS.team, wachtwoord: DEMO_PASSWORD } });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('failed attempts are audited', async () => {
    const rows = await h.db.sql`select count(*)::int as n from audit_log where actie = 'auth.login_mislukt'`;
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
