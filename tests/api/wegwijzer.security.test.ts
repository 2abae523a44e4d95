import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('wegwijzer access', () => {
  it('anyone may search; only the beheerder may change', async () => {
    expect((await h.req('GET', '/api/wegwijzer')).status).toBe(200);
    expect((await h.req('POST', '/api/wegwijzer', { body: { titel: 'x', omschrijving: 'y' } })).status).toBe(401);
    for (const wie of [ACCOUNTS.team, ACCOUNTS.manager, ACCOUNTS.regioAM01]) {
      expect((await h.req('POST', '/api/wegwijzer', { token: await h.login(wie), body: { titel: 'x', omschrijving: 'y' } })).status, wie).toBe(403);
      expect((await h.req('PATCH', '/api/wegwijzer/1', { token: await h.login(wie), body: { actief: false } })).status, wie).toBe(403);
    }
  });

  it('SQL-looking search text is just text', async () => {
    const r = await h.req('GET', `/api/wegwijzer?q=${encodeURIComponent("' or 1=1; drop table initiatieven; --")}`);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
  });
});
