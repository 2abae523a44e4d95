// AVG by design, tried as a data-protection officer would: a melding runs its whole route with personal data
// and free text everywhere it can go; the clock then moves past the retention term, and afterwards no table
// of the app and nothing in Temporal's storage holds any of it, while the facts still count in reports.
// Also the beheerder's access request (art. 15) and erasure (art. 17).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonimiseerVerlopen } from '../../db/repositories/privacy';
import { STANDAARD_BEWAARTERMIJNEN } from '../../db/bewaartermijnen';
import { ACCOUNTS, expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
let tokens: Record<keyof typeof ACCOUNTS, string>;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true, temporalInDatabase: true });
  tokens = Object.fromEntries(await Promise.all(Object.entries(ACCOUNTS).map(async ([k, e]) => [k, await h.login(e)]))) as typeof tokens;
});
afterAll(() => h?.stop());

const MAAND = 31 * 86_400_000;

/** Every marker, wherever it may sit: every text, json and bytea column of both schemas. */
async function vindplaatsen(markers: string[]): Promise<string[]> {
  const kolommen = await h.db.sql<{ schema: string; tabel: string; kolom: string; type: string }[]>`
    select table_schema as schema, table_name as tabel, column_name as kolom, data_type as type
      from information_schema.columns
     where table_schema in ('public', 'temporal') and data_type in ('text', 'jsonb', 'json', 'bytea', 'ARRAY', 'character varying')`;
  const gevonden: string[] = [];
  for (const k of kolommen) {
    for (const m of markers) {
      const expr = k.type === 'bytea' ? `position(convert_to($1, 'UTF8') in "${k.kolom}") > 0` : `"${k.kolom}"::text ilike '%' || $1 || '%'`;
      const [r] = await h.db.sql.unsafe<{ n: number }[]>(`select count(*)::int as n from "${k.schema}"."${k.tabel}" where ${expr}`, [m]);
      if (r!.n > 0) gevonden.push(`${k.schema}.${k.tabel}.${k.kolom}: ${m}`);
    }
  }
  return gevonden;
}

async function doorDeRoute(markers: { naam: string; email: string; telefoon: string; tekst: string }): Promise<string> {
  const r = await h.req('POST', '/api/meldingen', {
    body: geldigeMelding({ contactpersoon: { naam: markers.naam, email: markers.email, telefoon: markers.telefoon }, toelichting: `${markers.tekst}-aanvraag` }),
  });
  expect(r.status, expectMsg(r)).toBe(201);
  const id = r.body.id as string;
  await waitFor(() => h.temporal.status(id), { what: 'workflow started' });
  const stap = async (pad: string, token: string, body?: unknown) => {
    const s = await h.req('POST', `/api/meldingen/${id}${pad}`, { token, body });
    expect(s.status, `${pad}: ${expectMsg(s)}`).toBe(200);
  };
  await stap('/in-behandeling', tokens.team);
  await stap('/intake', tokens.team, { notities: `${markers.tekst}-notitie`, besluit: { routeer: [{ regioCode: 'AM01', toelichting: `${markers.tekst}-route` }] } });
  await stap('/regios/AM01/bevestigen', tokens.regioAM01);
  await stap('/regios/AM01/wsp', tokens.regioAM01, { toelichting: `${markers.tekst}-wsp` });
  await stap('/regios/AM01/wsp-contact', tokens.wspAM01, { toelichting: `${markers.tekst}-contact` });
  await stap('/regios/AM01/status', tokens.regioAM01, { stand: `${markers.tekst}-stand` });
  await stap('/regios/AM01/terugmelding', tokens.regioAM01, { uitkomst: { resultaat: 'vervuld', aantalGeplaatst: 2, oplossing: 'wsp_bemiddeling', toelichting: `${markers.tekst}-uitkomst` } });
  await waitFor(async () => (await h.db.sql`select 1 from meldingen where id = ${id} and gesloten_at is not null`).length > 0, { what: 'melding closed' });
  await waitFor(async () => (await h.db.sql`select 1 from outbox where melding_id = ${id} and ontvanger_contactpersoon_id is not null`).length > 0, { what: 'mail to the contact written' });
  return id;
}

describe('retention', () => {
  it('after the term no table and no Temporal storage holds the personal data or free texts; the case still counts', async () => {
    const markers = { naam: 'Zoë Bewaarmarker', email: 'zoe.bewaarmarker@voorbeeld.nl', telefoon: '0687654321', tekst: 'Vrijetekstmarker' };
    const id = await doorDeRoute(markers);
    const alles = [markers.naam, markers.email, markers.telefoon, markers.tekst];
    expect((await vindplaatsen(alles)).length, 'the markers are stored before the term ends').toBeGreaterThan(3);

    const rapportVoor = await h.req('GET', '/api/rapportage/reactietijden', { token: tokens.manager });
    expect(rapportVoor.status, expectMsg(rapportVoor)).toBe(200);

    // The clock moves: 11 months after closing nothing happens, past 12 months the melding is anonymised.
    expect(await anonimiseerVerlopen(h.db.db, STANDAARD_BEWAARTERMIJNEN, new Date(Date.now() + 11 * MAAND))).toBe(0);
    expect(await anonimiseerVerlopen(h.db.db, STANDAARD_BEWAARTERMIJNEN, new Date(Date.now() + 13 * MAAND))).toBe(1);
    // Temporal's own retention (30 days after closing) has long removed the run by then.
    expect(await h.temporalServer!.sweepRetention(Date.now() + 13 * MAAND)).toBeGreaterThanOrEqual(1);

    expect(await vindplaatsen(alles)).toEqual([]);
    const [m] = await h.db.sql`select soort, status, sector_letter, regio_codes, geanonimiseerd_op, contactpersoon_id from meldingen where id = ${id}`;
    expect(m).toMatchObject({ soort: 'vraag', status: 'afgesloten', sector_letter: 'C', regio_codes: ['AM01'], contactpersoon_id: null });
    expect(m!.geanonimiseerd_op).not.toBeNull();
    const [u] = await h.db.sql`select resultaat, aantal_geplaatst, oplossing, toelichting from uitkomsten where melding_id = ${id}`;
    expect(u).toEqual({ resultaat: 'vervuld', aantal_geplaatst: 2, oplossing: 'wsp_bemiddeling', toelichting: null });
    const rapportNa = await h.req('GET', '/api/rapportage/reactietijden', { token: tokens.manager });
    expect(rapportNa.body).toEqual(rapportVoor.body);
    // The audit trail keeps its facts.
    const [a] = await h.db.sql`select count(*)::int as n from audit_log where melding_id = ${id}`;
    expect(a!.n).toBeGreaterThan(5);
    // The follow link no longer works.
    expect((await h.req('GET', `/api/meldingen/${id}`, { token: tokens.manager })).body.contactpersoon).toBeNull();
  });
});

describe('access and erasure (AVG art. 15 and 17)', () => {
  it('a beheerder exports everything held about a contact person, then erases it; both audited without the address', async () => {
    const markers = { naam: 'Piet Wismarker', email: 'piet.wismarker@voorbeeld.nl', telefoon: '0611122233', tekst: 'Wistekstmarker' };
    const id = await doorDeRoute(markers);

    const inzage = await h.req('POST', '/api/beheer/privacy/inzage', { token: tokens.beheerder, body: { email: 'PIET.wismarker@voorbeeld.nl' } });
    expect(inzage.status, expectMsg(inzage)).toBe(200);
    expect(inzage.body.contactpersonen).toEqual([expect.objectContaining({ naam: markers.naam, email: markers.email, telefoon: markers.telefoon, werkgever: 'Snijder BV' })]);
    expect(inzage.body.meldingen).toEqual([expect.objectContaining({ soort: 'vraag', toelichting: `${markers.tekst}-aanvraag` })]);
    expect(inzage.body.mails.length).toBeGreaterThan(0);
    expect(inzage.body.mails.every((x: { tekst: string }) => typeof x.tekst === 'string')).toBe(true);

    for (const rol of ['team', 'manager', 'regioAM01'] as const) {
      expect((await h.req('POST', '/api/beheer/privacy/wissen', { token: tokens[rol], body: { email: markers.email } })).status).toBe(403);
    }
    const fout = await h.req('POST', '/api/beheer/privacy/wissen', { token: tokens.beheerder, body: { email: 'geen adres' } });
    expect(fout.status).toBe(400);
    expect(fout.body.errors[0].path).toBe('email');

    const wis = await h.req('POST', '/api/beheer/privacy/wissen', { token: tokens.beheerder, body: { email: markers.email } });
    expect(wis.status, expectMsg(wis)).toBe(200);
    expect(wis.body).toMatchObject({ contactpersonen: 1, meldingen: 1 });
    const rest = (await vindplaatsen([markers.naam, markers.email, markers.telefoon, markers.tekst])).filter((v) => !v.startsWith('temporal.'));
    expect(rest).toEqual([]);
    const acties = await h.db.sql`select actie, na::text as na from audit_log where actie like 'privacy.%' order by id`;
    expect(acties.map((x) => x.actie)).toEqual(['privacy.inzage', 'privacy.gewist']);
    expect(acties.map((x) => x.na).join()).not.toContain('wismarker');
    const leeg = await h.req('POST', '/api/beheer/privacy/inzage', { token: tokens.beheerder, body: { email: markers.email } });
    expect(leeg.body).toEqual({ contactpersonen: [], meldingen: [], mails: [] });
    void id;
  });
});
