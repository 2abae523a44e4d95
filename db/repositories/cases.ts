// Geslaagde cases: every terugmelding's outcome (uitkomsten) with the facts of its melding, the regio's
// story and the employer's consent. Regio-scoped staff see only outcomes of their own regio's.
import { sql, type SQL } from 'drizzle-orm';
import { werkdagenDuur } from '../../domain/rapportage';
import { toAmsterdam } from '../../domain/werkdagen';
import type { Db } from '../client';
import type { Zicht } from './types';

export interface CaseFilter {
  regio?: string | undefined;
  sector?: string | undefined;
  soort?: string | undefined;
  oplossing?: string | undefined;
  resultaat?: string | undefined;
  /** Date of the terugmelding, Amsterdam, inclusive. */
  van?: string | undefined;
  tot?: string | undefined;
}

export interface CaseRij {
  id: number;
  meldingId: string;
  nummer: number;
  regioCode: string;
  ronde: number;
  soort: string;
  sector: string | null;
  resultaat: string;
  aantalGeplaatst: number;
  oplossing: string;
  functies: { omschrijving: string; aantal: number }[];
  werkgever: string;
  ontvangenOp: Date;
  teruggemeldOp: Date;
  werkdagen: number;
  kalenderdagen: number;
  toelichting: string | null;
  deelbaar: boolean;
  verhaal: string | null;
  naamTonen: boolean | null;
  geanonimiseerd: boolean;
}

type DbRij = {
  id: number;
  melding_id: string;
  nummer: number;
  regio_code: string;
  ronde: number;
  soort: string;
  sector: string | null;
  resultaat: string;
  aantal_geplaatst: number;
  oplossing: string;
  functies: { omschrijving: string; aantal: number }[] | null;
  werkgever: string;
  ontvangen_op: string | Date;
  teruggemeld_op: string | Date;
  doorlooptijd_dagen: number;
  toelichting: string | null;
  deelbaar: boolean | null;
  verhaal: string | null;
  naam_tonen: boolean | null;
  geanonimiseerd_op: string | Date | null;
};

const datum = (v: string | Date) => (v instanceof Date ? v : new Date(v));

function naarCase(r: DbRij): CaseRij {
  const ontvangenOp = datum(r.ontvangen_op);
  const teruggemeldOp = datum(r.teruggemeld_op);
  return {
    id: r.id,
    meldingId: r.melding_id,
    nummer: Number(r.nummer),
    regioCode: r.regio_code,
    ronde: r.ronde,
    soort: r.soort,
    sector: r.sector,
    resultaat: r.resultaat,
    aantalGeplaatst: r.aantal_geplaatst,
    oplossing: r.oplossing,
    functies: r.functies ?? [],
    werkgever: r.werkgever,
    ontvangenOp,
    teruggemeldOp,
    werkdagen: werkdagenDuur(ontvangenOp.getTime(), teruggemeldOp.getTime()),
    kalenderdagen: r.doorlooptijd_dagen,
    toelichting: r.toelichting,
    deelbaar: r.deelbaar ?? false,
    verhaal: r.verhaal,
    naamTonen: r.naam_tonen,
    geanonimiseerd: r.geanonimiseerd_op !== null,
  };
}

const amsterdamDag = (d: string, plus: 0 | 1 = 0) => sql`((${d}::date + ${sql.raw(String(plus))})::timestamp at time zone 'Europe/Amsterdam')`;

function waar(f: CaseFilter, zicht: Zicht): SQL {
  const delen: SQL[] = [sql`true`];
  if (!zicht.alles) {
    delen.push(zicht.regioCodes.length === 0 ? sql`false` : sql`u.regio_code in (${sql.join(zicht.regioCodes.map((c) => sql`${c}`), sql`, `)})`);
  }
  if (f.regio) delen.push(sql`u.regio_code = ${f.regio}`);
  if (f.sector) delen.push(sql`coalesce(u.sector_letter, m.sector_letter) = ${f.sector}`);
  if (f.soort) delen.push(sql`m.soort = ${f.soort}`);
  if (f.oplossing) delen.push(sql`u.oplossing = ${f.oplossing}`);
  if (f.resultaat) delen.push(sql`u.resultaat = ${f.resultaat}`);
  if (f.van) delen.push(sql`u.created_at >= ${amsterdamDag(f.van)}`);
  if (f.tot) delen.push(sql`u.created_at < ${amsterdamDag(f.tot, 1)}`);
  return sql.join(delen, sql` and `);
}

const SELECT = sql`
  select u.id, u.melding_id, m.nummer, u.regio_code, u.ronde, m.soort, coalesce(u.sector_letter, m.sector_letter) as sector,
         u.resultaat, u.aantal_geplaatst, u.oplossing, u.doorlooptijd_dagen, u.toelichting,
         w.naam as werkgever, m.created_at as ontvangen_op, u.created_at as teruggemeld_op, m.geanonimiseerd_op,
         v.deelbaar, v.verhaal, t.naam_tonen,
         (select json_agg(json_build_object('omschrijving', f.omschrijving, 'aantal', f.aantal) order by f.id)
            from melding_functies f where f.melding_id = m.id) as functies
    from uitkomsten u
    join meldingen m on m.id = u.melding_id
    join werkgevers w on w.id = m.werkgever_id
    left join case_verhalen v on v.uitkomst_id = u.id
    left join naam_toestemmingen t on t.melding_id = m.id`;

export async function casesLijst(db: Db, f: CaseFilter & { limit: number; offset: number }, zicht: Zicht): Promise<{ items: CaseRij[]; totaal: number }> {
  const w = waar(f, zicht);
  const [rows, telling] = await Promise.all([
    db.execute<DbRij>(sql`${SELECT} where ${w} order by u.created_at desc, u.id desc limit ${f.limit} offset ${f.offset}`),
    db.execute<{ n: number }>(sql`select count(*)::int as n from uitkomsten u join meldingen m on m.id = u.melding_id where ${w}`),
  ]);
  return { items: [...rows].map(naarCase), totaal: [...telling][0]?.n ?? 0 };
}

/** Every case of the filter, for the export; bounded so one request cannot hold the server. */
export async function casesExport(db: Db, f: CaseFilter, zicht: Zicht, max = 50_000): Promise<CaseRij[]> {
  const rows = await db.execute<DbRij>(sql`${SELECT} where ${waar(f, zicht)} order by u.created_at desc, u.id desc limit ${max}`);
  return [...rows].map(naarCase);
}

export async function caseDetail(db: Db, id: number, zicht: Zicht): Promise<CaseRij | undefined> {
  const rows = await db.execute<DbRij>(sql`${SELECT} where u.id = ${id} and ${waar({}, zicht)}`);
  const r = [...rows][0];
  return r ? naarCase(r) : undefined;
}

/** Names the story must not carry: the contact person and the organisation (shown only with consent, apart). */
export async function namenBijCase(db: Db, id: number): Promise<string[]> {
  const rows = await db.execute<{ werkgever: string; contact: string | null }>(sql`
    select w.naam as werkgever, c.naam as contact
      from uitkomsten u join meldingen m on m.id = u.melding_id join werkgevers w on w.id = m.werkgever_id
      left join contactpersonen c on c.id = m.contactpersoon_id
     where u.id = ${id}`);
  const r = [...rows][0];
  return r ? [r.werkgever, r.contact].filter((n): n is string => !!n && n.trim().length >= 3) : [];
}

export async function verhaalOpslaan(db: Db, id: number, v: { deelbaar: boolean; verhaal: string | null }, door: number): Promise<void> {
  await db.execute(sql`
    insert into case_verhalen (uitkomst_id, deelbaar, verhaal, bijgewerkt_door, bijgewerkt_at)
    values (${id}, ${v.deelbaar}, ${v.verhaal}, ${door}, now())
    on conflict (uitkomst_id) do update set deelbaar = excluded.deelbaar, verhaal = excluded.verhaal,
      bijgewerkt_door = excluded.bijgewerkt_door, bijgewerkt_at = excluded.bijgewerkt_at`);
}

export interface Voorbeeld {
  id: number;
  regioCode: string;
  sector: string | null;
  soort: string;
  resultaat: string;
  aantalGeplaatst: number;
  oplossing: string;
  werkdagen: number;
  maand: string;
  verhaal: string;
  organisatie: string | null;
}

/**
 * The public Voorbeelden: shareable cases only, with facts and the story. The organisation's name only
 * with the employer's consent and while the melding is not anonymised; no people, no contact details.
 */
export async function voorbeelden(db: Db, f: { sector?: string | undefined; regio?: string | undefined; limit: number; offset: number }): Promise<{ items: Voorbeeld[]; totaal: number }> {
  const delen: SQL[] = [sql`v.deelbaar`, sql`v.verhaal is not null`];
  if (f.sector) delen.push(sql`coalesce(u.sector_letter, m.sector_letter) = ${f.sector}`);
  if (f.regio) delen.push(sql`u.regio_code = ${f.regio}`);
  const w = sql.join(delen, sql` and `);
  const van = sql`from uitkomsten u join meldingen m on m.id = u.melding_id join werkgevers wg on wg.id = m.werkgever_id
    join case_verhalen v on v.uitkomst_id = u.id left join naam_toestemmingen t on t.melding_id = m.id`;
  const [rows, telling] = await Promise.all([
    db.execute<{ id: number; regio_code: string; sector: string | null; soort: string; resultaat: string; aantal_geplaatst: number; oplossing: string; ontvangen_op: string | Date; teruggemeld_op: string | Date; verhaal: string; organisatie: string | null }>(sql`
      select u.id, u.regio_code, coalesce(u.sector_letter, m.sector_letter) as sector, m.soort, u.resultaat, u.aantal_geplaatst, u.oplossing,
             m.created_at as ontvangen_op, u.created_at as teruggemeld_op, v.verhaal,
             case when t.naam_tonen and m.geanonimiseerd_op is null then wg.naam end as organisatie
        ${van} where ${w} order by u.created_at desc, u.id desc limit ${f.limit} offset ${f.offset}`),
    db.execute<{ n: number }>(sql`select count(*)::int as n ${van} where ${w}`),
  ]);
  return {
    items: [...rows].map((r) => {
      const t = datum(r.teruggemeld_op);
      return {
        id: r.id,
        regioCode: r.regio_code,
        sector: r.sector,
        soort: r.soort,
        resultaat: r.resultaat,
        aantalGeplaatst: r.aantal_geplaatst,
        oplossing: r.oplossing,
        werkdagen: werkdagenDuur(datum(r.ontvangen_op).getTime(), t.getTime()),
        // A month, not a date: together with regio and sector a day could point at one employer.
        maand: toAmsterdam(t.getTime()).datum.slice(0, 7),
        verhaal: r.verhaal,
        organisatie: r.organisatie,
      };
    }),
    totaal: [...telling][0]?.n ?? 0,
  };
}

export async function naamToestemming(db: Db, meldingId: string): Promise<boolean | null> {
  const rows = await db.execute<{ naam_tonen: boolean }>(sql`select naam_tonen from naam_toestemmingen where melding_id = ${meldingId}`);
  return [...rows][0]?.naam_tonen ?? null;
}

export async function naamToestemmingOpslaan(db: Db, meldingId: string, naamTonen: boolean): Promise<void> {
  await db.execute(sql`insert into naam_toestemmingen (melding_id, naam_tonen) values (${meldingId}, ${naamTonen})
    on conflict (melding_id) do update set naam_tonen = excluded.naam_tonen, gegeven_at = now()`);
}
