// Scope of the staff reads: regio roles see only their regio's meldingen (own and achtervang), managers
// see everything but no contact details, and everything needs a sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, meldingInDb, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
let am01: string;
let am02: string;
let laatste: string;
beforeAll(async () => {
  h = await startApiHarness();
  am01 = await meldingInDb(h, { regioCodes: ['AM01'] });
  am02 = await meldingInDb(h, { regioCodes: ['AM02'] });
  const [r] = await h.db.sql<{ code: string }[]>`select regio_code as code from regio_contacten rc join medewerkers m on m.id = rc.achtervang_id where m.email = ${ACCOUNTS.regioAM01}`;
  laatste = await meldingInDb(h, { regioCodes: [r!.code] });
});
afterAll(() => h?.stop());

const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((i) => i.id).sort();

describe('scope of regio roles', () => {
  it('a regio contact sees its own regio and the regio it backs up, nothing else', async () => {
    const t = await h.login(ACCOUNTS.regioAM01);
    const r = await h.req('GET', '/api/meldingen', { token: t });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(ids(r)).toEqual([am01, laatste].sort());
    expect((await h.req('GET', `/api/meldingen/${am02}`, { token: t })).status).toBe(404);
    expect((await h.req('GET', '/api/meldingen?regio=AM02', { token: t })).body.items).toEqual([]);
    const csv = await h.req('GET', '/api/meldingen/export.csv', { token: t });
    expect(csv.text).not.toContain(am02);
  });

  it('a WSP sees only its own regio', async () => {
    const t = await h.login(ACCOUNTS.wspAM01);
    expect(ids(await h.req('GET', '/api/meldingen', { token: t }))).toEqual([am01]);
  });

  it('a manager sees everything, without contact details', async () => {
    const t = await h.login(ACCOUNTS.manager);
    expect(ids(await h.req('GET', '/api/meldingen', { token: t }))).toEqual([am01, am02, laatste].sort());
    const d = await h.req('GET', `/api/meldingen/${am02}`, { token: t });
    expect(d.status, expectMsg(d)).toBe(200);
    expect(d.body.contactpersoon).toBeNull();
  });
});

describe('sign-in required', () => {
  it.each(['/api/meldingen', '/api/meldingen/export.csv', `/api/inbox`, '/api/taken', '/api/trajecten', '/api/rapportage/reactietijden'])('%s → 401', async (pad) => {
    expect((await h.req('GET', pad)).status).toBe(401);
  });

  it('the inbox is for the team and managers only', async () => {
    for (const wie of [ACCOUNTS.wspAM01, ACCOUNTS.beheerder]) {
      expect((await h.req('GET', '/api/inbox', { token: await h.login(wie) })).status).toBe(403);
    }
  });

  it('CSV cells cannot smuggle spreadsheet formulas', async () => {
    await h.db.sql`update werkgevers set naam = '=HYPERLINK("http://evil")' where id = (select werkgever_id from meldingen where id = ${am01})`;
    const r = await h.req('GET', '/api/meldingen/export.csv', { token: await h.login(ACCOUNTS.manager) });
    expect(r.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
