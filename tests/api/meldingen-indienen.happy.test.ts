// POST /api/meldingen, happy paths: the example is stored, its workflow runs, the employer gets a
// follow link, and an Idempotency-Key replay returns the first answer without a second melding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
});
afterAll(() => h?.stop());

describe('POST /api/meldingen', () => {
  it('stores the melding, starts its workflow and returns 201 with Location and volgLink', async () => {
    const body = geldigeMelding();
    const r = await h.req('POST', '/api/meldingen', { body });
    expect(r.status, expectMsg(r)).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/meldingen/${r.body.id}`);
    expect(r.body).toMatchObject({ id: expect.any(String), nummer: expect.any(Number), volgLink: expect.stringMatching(/\/volg\/[A-Za-z0-9_-]{43}$/) });

    const [m] = await h.db.sql`select soort, sector_letter, sbi_versie, periode_van, periode_tot, toelichting from meldingen where id = ${r.body.id}`;
    expect(m).toMatchObject({ soort: 'vraag', sector_letter: 'C', sbi_versie: '2025', periode_van: '2026-12-01', periode_tot: '2027-02-28' });
    const [v] = await h.db.sql`select postcode, huisnummer, plaats, regio_code from vestigingen v join meldingen m on m.werkgever_id = v.werkgever_id where m.id = ${r.body.id}`;
    expect(v).toMatchObject({ postcode: '1621 AB', huisnummer: 12, plaats: 'Hoorn', regio_code: 'AM15' });
    const audit = await h.db.sql`select actor_soort, actie from audit_log where melding_id = ${r.body.id} and actie = 'melding.ingediend'`;
    expect(audit).toEqual([{ actor_soort: 'werkgever', actie: 'melding.ingediend' }]);

    const live = await waitFor(() => h.temporal.status(r.body.id), { what: 'workflow state' });
    expect(live).toMatchObject({ meldingId: r.body.id, status: 'ontvangen', fase: 'intake' });
    expect(live.klokken.some((k) => k.soort === 'intake')).toBe(true);
  });

  it('normalises postcode 1234AB and accepts a submission without periode and telefoon', async () => {
    const body = geldigeMelding({ periode: undefined, contactpersoon: { naam: 'Jan', email: 'jan@example.nl' } });
    (body.werkgever as { vestigingen: { postcode: string }[] }).vestigingen[0]!.postcode = '1621ab';
    const r = await h.req('POST', '/api/meldingen', { body });
    expect(r.status, expectMsg(r)).toBe(201);
    const [v] = await h.db.sql`select v.postcode from vestigingen v join meldingen m on m.werkgever_id = v.werkgever_id where m.id = ${r.body.id}`;
    expect(v!.postcode).toBe('1621 AB');
  });

  it('replays the first answer for a repeated Idempotency-Key and creates nothing', async () => {
    const body = geldigeMelding();
    const key = `key-${Date.now()}`;
    const first = await h.req('POST', '/api/meldingen', { body, headers: { 'idempotency-key': key } });
    expect(first.status, expectMsg(first)).toBe(201);
    const [{ n: voor }] = (await h.db.sql`select count(*)::int as n from meldingen`) as unknown as [{ n: number }];
    const again = await h.req('POST', '/api/meldingen', { body, headers: { 'idempotency-key': key } });
    expect(again.status, expectMsg(again)).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [{ n: na }] = (await h.db.sql`select count(*)::int as n from meldingen`) as unknown as [{ n: number }];
    expect(na).toBe(voor);
  });

  it('gives concurrent submissions with one Idempotency-Key one melding', async () => {
    const body = geldigeMelding();
    const key = `gelijktijdig-${Date.now()}`;
    const rs = await Promise.all([1, 2, 3, 4].map(() => h.req('POST', '/api/meldingen', { body, headers: { 'idempotency-key': key } })));
    for (const r of rs) expect(r.status, expectMsg(r)).toBe(201);
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    const rows = await h.db.sql`select id from meldingen where werkgever_id = (select id from werkgevers where kvk_nummer = ${body.werkgever.kvkNummer})`;
    expect(rows).toHaveLength(1);
  });

  it('keeps one location per employer address, also when submissions of one employer race', async () => {
    const body = geldigeMelding();
    const kvk = body.werkgever.kvkNummer;
    const rs = await Promise.all([1, 2, 3, 4].map(() => h.req('POST', '/api/meldingen', { body })));
    for (const r of rs) expect(r.status, expectMsg(r)).toBe(201);
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(4);
    const adres = (b: typeof body) => b.werkgever.vestigingen as { postcode: string; huisnummer: string; plaats: string }[];
    adres(body).push({ postcode: '1011 AB', huisnummer: '5a', plaats: 'Amsterdam' }, { postcode: '1621AB', huisnummer: '12', plaats: 'hoorn' });
    const meer = await h.req('POST', '/api/meldingen', { body });
    expect(meer.status, expectMsg(meer)).toBe(201);
    const rows = await h.db.sql`select postcode, huisnummer, toevoeging from vestigingen where werkgever_id = (select id from werkgevers where kvk_nummer = ${kvk}) order by id`;
    expect(rows).toEqual([
      { postcode: '1621 AB', huisnummer: 12, toevoeging: null },
      { postcode: '1011 AB', huisnummer: 5, toevoeging: 'a' },
    ]);
  });

  it('accepts unicode and SQL-looking text as plain data', async () => {
    const naam = "Bakkerij 'Ö Zoë'; DROP TABLE meldingen; -- 🥖";
    const body = geldigeMelding({ toelichting: "' OR 1=1 --  ✓ 日本語" });
    (body.werkgever as { naam: string }).naam = naam;
    const r = await h.req('POST', '/api/meldingen', { body });
    expect(r.status, expectMsg(r)).toBe(201);
    const [m] = await h.db.sql`select toelichting from meldingen where id = ${r.body.id}`;
    expect(m!.toelichting).toBe("' OR 1=1 --  ✓ 日本語");
  });
});
