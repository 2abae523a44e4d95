// The wegwijzer: public search; the beheerder adds and edits initiatives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.stop());

describe('wegwijzer', () => {
  it('adds, finds by regio/sector/text (national ones included) and deactivates', async () => {
    const b = await h.login(ACCOUNTS.beheerder);
    const regionaal = await h.req('POST', '/api/wegwijzer', { token: b, body: { titel: 'Techniekpact Groningen', omschrijving: 'Omscholing naar techniek', regioCode: 'AM01', sectorLetter: 'C', url: 'https://example.nl' } });
    expect(regionaal.status, expectMsg(regionaal)).toBe(201);
    const landelijk = await h.req('POST', '/api/wegwijzer', { token: b, body: { titel: 'Werk-naar-werk loket', omschrijving: 'Landelijk 100% korting' } });
    expect(landelijk.status, expectMsg(landelijk)).toBe(201);

    const titels = async (q: string) => (await h.req('GET', `/api/wegwijzer${q}`)).body.items.map((i: { titel: string }) => i.titel);
    expect(await titels('?regio=AM01&sector=C')).toEqual(['Techniekpact Groningen', 'Werk-naar-werk loket']);
    expect(await titels('?regio=AM02')).toEqual(['Werk-naar-werk loket']);
    expect(await titels('?q=omscholing&regio=&sector=')).toEqual(['Techniekpact Groningen']);
    expect(await titels('?q=100%25')).toEqual(['Werk-naar-werk loket']);

    const uit = await h.req('PATCH', `/api/wegwijzer/${regionaal.body.id}`, { token: b, body: { actief: false } });
    expect(uit.status, expectMsg(uit)).toBe(200);
    expect(await titels('?regio=AM01')).toEqual(['Werk-naar-werk loket']);
  });
});
