// Geslaagde cases: list with filters, regio scoping, detail, the .xlsx export read back cell by cell, the
// shareable story (anonymity check) and the public Voorbeelden (no unconsented names).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, expectMsg, meldingInDb, startApiHarness, type ApiHarness } from './harness';

let h: ApiHarness;
const ids: Record<string, number> = {};
beforeAll(async () => {
  h = await startApiHarness();
  const maak = async (regio: string, resultaat: string, oplossing: string, toelichting: string) => {
    const m = await meldingInDb(h, { regioCodes: [regio], sector: 'C' });
    await h.db.sql`update meldingen set created_at = '2026-11-02T09:00:00+01:00' where id = ${m}`;
    await h.db.sql`insert into melding_functies (melding_id, omschrijving, aantal) values (${m}, 'monteur', 2)`;
    const [u] = await h.db.sql<{ id: number }[]>`insert into uitkomsten (melding_id, regio_code, resultaat, aantal_geplaatst, oplossing, doorlooptijd_dagen, toelichting, created_at)
      values (${m}, ${regio}, ${resultaat}, 2, ${oplossing}, 28, ${toelichting}, '2026-11-30T10:00:00+01:00') returning id`;
    return u!.id;
  };
  ids.am01 = await maak('AM01', 'vervuld', 'werk_naar_werk', '=HYPERLINK("x") werkte goed');
  ids.am03 = await maak('AM03', 'niet_vervuld', 'scholing', 'Geen kandidaten');
});
afterAll(() => h?.stop());

describe('GET /api/cases', () => {
  it('lists every outcome with working days, and filters', async () => {
    const t = await h.login(ACCOUNTS.manager);
    const r = await h.req('GET', '/api/cases', { token: t });
    expect(r.status, expectMsg(r)).toBe(200);
    expect(r.body.totaal).toBe(2);
    const c = r.body.items.find((i: { id: number }) => i.id === ids.am01);
    // Mon 2 Nov → Mon 30 Nov: 20 working days (the day of receipt does not count).
    expect(c).toMatchObject({ regioCode: 'AM01', resultaat: 'vervuld', werkdagen: 20, functies: [{ omschrijving: 'monteur', aantal: 2 }] });
    expect((await h.req('GET', '/api/cases?resultaat=niet_vervuld', { token: t })).body.items.map((i: { id: number }) => i.id)).toEqual([ids.am03]);
    expect((await h.req('GET', '/api/cases?tot=2026-11-29', { token: t })).body.totaal).toBe(0);
    expect((await h.req('GET', '/api/cases?oplossing=onbekend', { token: t })).status).toBe(400);
  });

  it('a regio-contact sees only their regio', async () => {
    const t = await h.login(ACCOUNTS.regioAM03);
    const r = await h.req('GET', '/api/cases', { token: t });
    expect(r.body.items.map((i: { id: number }) => i.id)).toEqual([ids.am03]);
    expect((await h.req('GET', `/api/cases/${ids.am01}`, { token: t })).status).toBe(404);
    expect((await h.req('GET', '/api/cases', { token: await h.login(ACCOUNTS.wspAM01) })).status).toBe(403);
    expect((await h.req('GET', '/api/cases')).status).toBe(401);
  });
});

describe('GET /api/cases/export.xlsx', () => {
  it('is a workbook a spreadsheet library reads, with escaped formulas', async () => {
    const r = await fetch(`${h.url}/api/cases/export.xlsx?regio=AM01`, { headers: { authorization: `Bearer ${await h.login(ACCOUNTS.team)}` } });
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await r.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Cases')!;
    expect(ws.rowCount).toBe(2);
    const kop = (ws.getRow(1).values as unknown[]).slice(1);
    const rij = (ws.getRow(2).values as unknown[]).slice(1);
    const cel = (naam: string) => rij[kop.indexOf(naam)];
    expect(cel('Resultaat')).toBe('Vervuld');
    expect(cel('Oplossing')).toBe('Werk-naar-werk');
    expect(cel('Werkdagen')).toBe(20);
    expect(cel('Aantal geplaatst')).toBe(2);
    // Amsterdam wall-clock time, as a real date cell.
    expect((cel('Teruggemeld op') as Date).toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(cel('Toelichting regio')).toBe(`'=HYPERLINK("x") werkte goed`);
    expect(ws.getRow(2).getCell(kop.indexOf('Toelichting regio') + 1).formula).toBeUndefined();
  });
});

describe('PUT /api/cases/{id}/verhaal and GET /api/voorbeelden', () => {
  it('shares an anonymised story; the name only with consent', async () => {
    const t = await h.login(ACCOUNTS.regioAM01);
    const fout = await h.req('PUT', `/api/cases/${ids.am01}/verhaal`, { token: t, body: { deelbaar: true, verhaal: 'Bel 06-12345678 of mail a@b.nl bij Testbedrijf BV' } });
    expect(fout.status).toBe(400);
    expect(fout.body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(/e-mailadres.*telefoonnummer.*werkgever/s);
    expect((await h.req('PUT', `/api/cases/${ids.am01}/verhaal`, { token: t, body: { deelbaar: true } })).status).toBe(400);
    expect((await h.req('PUT', `/api/cases/${ids.am03}/verhaal`, { token: t, body: { deelbaar: true, verhaal: 'x' } })).status).toBe(404);
    const ok = await h.req('PUT', `/api/cases/${ids.am01}/verhaal`, { token: t, body: { deelbaar: true, verhaal: 'Twee monteurs gingen via werk-naar-werk over.' } });
    expect(ok.status, expectMsg(ok)).toBe(200);
    let v = await h.req('GET', '/api/voorbeelden?sector=C');
    expect(v.body.items).toEqual([expect.objectContaining({ id: ids.am01, organisatie: null, verhaal: 'Twee monteurs gingen via werk-naar-werk over.', maand: '2026-11' })]);
    expect(v.text).not.toMatch(/Jongbloed|example\.nl|Testbedrijf/);
    const [rij] = await h.db.sql<{ melding_id: string }[]>`select melding_id from uitkomsten where id = ${ids.am01!}`;
    const melding_id = rij!.melding_id;
    await h.db.sql`insert into naam_toestemmingen (melding_id, naam_tonen) values (${melding_id}, true)`;
    v = await h.req('GET', '/api/voorbeelden?regio=AM01');
    expect(v.body.items[0].organisatie).toBe('Testbedrijf BV');
    expect((await h.req('GET', '/api/voorbeelden?regio=AM03')).body.items).toEqual([]);
  });
});
