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

  it('unknown regio → 422, unknown initiative → 404, bad filter → 400', async () => {
    const b = await h.login(ACCOUNTS.beheerder);
    expect((await h.req('POST', '/api/wegwijzer', { token: b, body: { titel: 'x', omschrijving: 'y', regioCode: 'AM99' } })).status).toBe(422);
    expect((await h.req('PATCH', '/api/wegwijzer/999999', { token: b, body: { actief: false } })).status).toBe(404);
    expect((await h.req('GET', '/api/wegwijzer?regio=Groningen')).status).toBe(400);
  });
});
