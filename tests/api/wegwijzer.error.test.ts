import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('wegwijzer errors', () => {
  it.each([
    { body: { titel: '', omschrijving: 'x' }, pad: 'titel' },
    { body: { titel: 'x', omschrijving: 'x', url: 'javascript:alert(1)' }, pad: 'url' },
    { body: { titel: 'x', omschrijving: 'x', sectorLetter: 'Z' }, pad: 'sectorLetter' },
    { body: { titel: 'x', omschrijving: 'x', extra: 1 }, pad: 'extra' },
  ])('POST with a bad $pad → 400', async ({ body, pad }) => {
    const r = await h.req('POST', '/api/wegwijzer', { token: await h.login(ACCOUNTS.beheerder), body });
    expect(r.status, expectMsg(r)).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(pad);
  });

  it('unknown regio → 400 naming the field, unknown initiative → 404, bad filter → 400', async () => {
    const b = await h.login(ACCOUNTS.beheerder);
    for (const regioCode of ['AM99', 'AM04']) {
      const r = await h.req('POST', '/api/wegwijzer', { token: b, body: { titel: 'x', omschrijving: 'y', regioCode } });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ path: 'regioCode', message: expect.stringMatching(/bestaande arbeidsmarktregio/) }]);
    }
    expect((await h.req('GET', '/api/wegwijzer?regio=AM16')).body.errors).toEqual([{ path: 'query.regio', message: expect.any(String) }]);
    expect((await h.req('PATCH', '/api/wegwijzer/999999', { token: b, body: { actief: false } })).status).toBe(404);
    expect((await h.req('GET', '/api/wegwijzer?regio=Groningen')).status).toBe(400);
  });
});
