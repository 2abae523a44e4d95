// Reads for the staff API and the employer's follow link. Every staff read takes a `Zicht`: a regio-scoped
// medewerker only ever gets meldingen routed to one of their regio's, so "not yours" and "does not exist"
// look the same to them (no existence leak).
import { volgTokenHash } from '../../security/volglink';
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import {
  contactpersonen,
  meldingen,
  meldingFuncties,
  meldingTrajecten,
  medewerkers,
  taken,
  termijnen,
  uitkomsten,
  vestigingen,
  werkgevers,
  type MeldingSoort,
  type MeldingStatus,
} from '../schema';
import type { Zicht } from './types';

function zichtFilter(zicht: Zicht): SQL | undefined {
  if (zicht.alles) return undefined;
  if (zicht.regioCodes.length === 0) return sql`false`;
  // `&&` on text[] uses the GIN index meldingen_regio_codes_idx.
  return sql`${meldingen.regioCodes} && ${sql.param(zicht.regioCodes)}::text[]`;
}

export async function meldingZichtbaar(db: Db, id: string, zicht: Zicht): Promise<boolean> {
  const rows = await db
    .select({ id: meldingen.id })
    .from(meldingen)
    .where(and(eq(meldingen.id, id), zichtFilter(zicht)));
  return rows.length > 0;
}

/** Does the melding exist at all (for regio checks against the workflow's own state). */
export async function meldingBestaat(db: Db, id: string): Promise<boolean> {
  const rows = await db.select({ id: meldingen.id }).from(meldingen).where(eq(meldingen.id, id));
  return rows.length > 0;
}

export interface MeldingDetailOpties {
  /** Contact person's name, e-mail and phone: only for roles that contact the employer. */
  metContactgegevens: boolean;
}

export async function meldingDetail(db: Db, id: string, zicht: Zicht, opties: MeldingDetailOpties) {
  const [m] = await db
    .select({
      id: meldingen.id,
      nummer: meldingen.nummer,
      soort: meldingen.soort,
      status: meldingen.status,
      stap: meldingen.stap,
      sbiVersie: meldingen.sbiVersie,
      sector: meldingen.sectorLetter,
      periodeVan: meldingen.periodeVan,
      periodeTot: meldingen.periodeTot,
      toelichting: meldingen.toelichting,
      regioCodes: meldingen.regioCodes,
      volgendeDeadline: meldingen.volgendeDeadline,
      teLaat: meldingen.teLaat,
      toegewezenAan: meldingen.toegewezenAan,
      ontvangenOp: meldingen.createdAt,
      bijgewerktOp: meldingen.updatedAt,
      geslotenOp: meldingen.geslotenAt,
      werkgeverId: meldingen.werkgeverId,
      werkgeverNaam: werkgevers.naam,
      kvkNummer: werkgevers.kvkNummer,
      contactpersoonId: meldingen.contactpersoonId,
      projectieVersie: meldingen.projectieVersie,
    })
    .from(meldingen)
    .innerJoin(werkgevers, eq(werkgevers.id, meldingen.werkgeverId))
    .where(and(eq(meldingen.id, id), zichtFilter(zicht)));
  if (!m) return undefined;

  const [vest, functies, trajecten, klokken, uitk, contact] = await Promise.all([
    db
      .select({ postcode: vestigingen.postcode, huisnummer: vestigingen.huisnummer, toevoeging: vestigingen.toevoeging, plaats: vestigingen.plaats, gemeenteCode: vestigingen.gemeenteCode, regioCode: vestigingen.regioCode })
      .from(vestigingen)
      .where(eq(vestigingen.werkgeverId, m.werkgeverId))
      .orderBy(asc(vestigingen.id)),
    db.select({ omschrijving: meldingFuncties.omschrijving, aantal: meldingFuncties.aantal }).from(meldingFuncties).where(eq(meldingFuncties.meldingId, id)).orderBy(asc(meldingFuncties.id)),
    db
      .select({
        regioCode: meldingTrajecten.regioCode,
        ronde: meldingTrajecten.ronde,
        status: meldingTrajecten.status,
        stap: meldingTrajecten.stap,
        contactId: meldingTrajecten.contactId,
        wspId: meldingTrajecten.wspId,
        doorgezetOp: meldingTrajecten.doorgezetAt,
        bevestigdOp: meldingTrajecten.bevestigdAt,
        wspDoorgestuurdOp: meldingTrajecten.wspDoorgestuurdAt,
        statusGemeldOp: meldingTrajecten.statusGemeldAt,
        teruggemeldOp: meldingTrajecten.teruggemeldAt,
      })
      .from(meldingTrajecten)
      .where(eq(meldingTrajecten.meldingId, id))
      .orderBy(asc(meldingTrajecten.regioCode), asc(meldingTrajecten.ronde)),
    db
      .select({
        soort: termijnen.soort,
        eigenaarRol: termijnen.eigenaarRol,
        gestartOp: termijnen.gestartAt,
        deadline: termijnen.deadline,
        kalenderVersie: termijnen.kalenderVersie,
        uitleg: termijnen.uitleg,
        status: termijnen.status,
        gestoptOp: termijnen.gestoptAt,
        teLaatMs: termijnen.teLaatMs,
        regioCode: meldingTrajecten.regioCode,
      })
      .from(termijnen)
      .leftJoin(meldingTrajecten, eq(meldingTrajecten.id, termijnen.trajectId))
      .where(eq(termijnen.meldingId, id))
      .orderBy(asc(termijnen.gestartAt)),
    db
      .select({ regioCode: uitkomsten.regioCode, ronde: uitkomsten.ronde, resultaat: uitkomsten.resultaat, aantalGeplaatst: uitkomsten.aantalGeplaatst, oplossing: uitkomsten.oplossing, doorlooptijdDagen: uitkomsten.doorlooptijdDagen })
      .from(uitkomsten)
      .where(eq(uitkomsten.meldingId, id)),
    opties.metContactgegevens && m.contactpersoonId !== null
      ? db.select({ naam: contactpersonen.naam, email: contactpersonen.email, telefoon: contactpersonen.telefoon }).from(contactpersonen).where(eq(contactpersonen.id, m.contactpersoonId))
      : Promise.resolve([]),
  ]);

  const { werkgeverId: _w, werkgeverNaam, kvkNummer, contactpersoonId: _c, ...rest } = m;
  return {
    ...rest,
    werkgever: { naam: werkgeverNaam, kvkNummer, vestigingen: vest },
    contactpersoon: contact[0] ?? null,
    functies,
    trajecten,
    termijnen: klokken,
    uitkomsten: uitk,
  };
}
export type MeldingDetail = NonNullable<Awaited<ReturnType<typeof meldingDetail>>>;

/** The follow-link view: no contact details, no internal notes, no staff names. */
export async function meldingVoorVolgLink(db: Db, volgToken: string) {
  const [m] = await db
    .select({
      id: meldingen.id,
      nummer: meldingen.nummer,
      soort: meldingen.soort,
      status: meldingen.status,
      stap: meldingen.stap,
      ontvangenOp: meldingen.createdAt,
      geslotenOp: meldingen.geslotenAt,
      werkgeverNaam: werkgevers.naam,
    })
    .from(meldingen)
    .innerJoin(werkgevers, eq(werkgevers.id, meldingen.werkgeverId))
    .where(eq(meldingen.volgTokenHash, volgTokenHash(volgToken)));
  return m;
}

export interface LijstFilter {
  regio?: string | undefined;
  status?: MeldingStatus | undefined;
  soort?: MeldingSoort | undefined;
  sector?: string | undefined;
  teLaat?: boolean | undefined;
  van?: string | undefined;
  tot?: string | undefined;
  limit: number;
  offset: number;
}

function lijstWhere(f: LijstFilter, zicht: Zicht, nu: Date): SQL | undefined {
  const overdue = or(eq(meldingen.teLaat, true), and(isNull(meldingen.geslotenAt), lt(meldingen.volgendeDeadline, nu)));
  return and(
    zichtFilter(zicht),
    f.regio ? sql`${meldingen.regioCodes} @> ${sql.param([f.regio])}::text[]` : undefined,
    f.status ? eq(meldingen.status, f.status) : undefined,
    f.soort ? eq(meldingen.soort, f.soort) : undefined,
    f.sector ? eq(meldingen.sectorLetter, f.sector) : undefined,
    f.teLaat === true ? overdue : f.teLaat === false ? sql`not coalesce(${overdue}, false)` : undefined,
    // Period: the melding was received on or after `van` and on or before `tot` (dates, Europe/Amsterdam).
    f.van ? gte(meldingen.createdAt, sql`(${f.van}::date)::timestamp at time zone 'Europe/Amsterdam'`) : undefined,
    f.tot ? lt(meldingen.createdAt, sql`(${f.tot}::date + 1)::timestamp at time zone 'Europe/Amsterdam'`) : undefined,
  );
}

const lijstKolommen = {
  id: meldingen.id,
  nummer: meldingen.nummer,
  soort: meldingen.soort,
  status: meldingen.status,
  stap: meldingen.stap,
  sector: meldingen.sectorLetter,
  werkgever: werkgevers.naam,
  regioCodes: meldingen.regioCodes,
  ontvangenOp: meldingen.createdAt,
  volgendeDeadline: meldingen.volgendeDeadline,
  teLaat: meldingen.teLaat,
  toegewezenAan: meldingen.toegewezenAan,
  geslotenOp: meldingen.geslotenAt,
};

export async function meldingenLijst(db: Db, f: LijstFilter, zicht: Zicht, nu = new Date()) {
  const where = lijstWhere(f, zicht, nu);
  const [items, [telling]] = await Promise.all([
    db
      .select(lijstKolommen)
      .from(meldingen)
      .innerJoin(werkgevers, eq(werkgevers.id, meldingen.werkgeverId))
      .where(where)
      .orderBy(desc(meldingen.createdAt), desc(meldingen.nummer))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(meldingen).where(where),
  ]);
  return { items, totaal: telling?.n ?? 0 };
}
export type MeldingLijstItem = Awaited<ReturnType<typeof meldingenLijst>>['items'][number];

/** Every row matching the filter (CSV export), in pages so a large export does not hold one huge result. */
export async function* meldingenExport(db: Db, f: Omit<LijstFilter, 'limit' | 'offset'>, zicht: Zicht, nu = new Date()) {
  const pagina = 1000;
  let offset = 0;
  for (;;) {
    const { items } = await meldingenLijst(db, { ...f, limit: pagina, offset }, zicht, nu);
    yield* items;
    if (items.length < pagina) return;
    offset += pagina;
  }
}

/** Team inbox: meldingen waiting for intake, the earliest deadline first. */
export async function teamInbox(db: Db, limit: number, offset: number) {
  const intakeKlok = db
    .select({ meldingId: termijnen.meldingId, deadline: sql<Date>`min(${termijnen.deadline})`.as('deadline'), uitleg: sql<string | null>`min(${termijnen.uitleg})`.as('uitleg') })
    .from(termijnen)
    .where(and(eq(termijnen.soort, 'intake'), eq(termijnen.status, 'lopend')))
    .groupBy(termijnen.meldingId)
    .as('intake_klok');
  const deadline = sql<Date | null>`coalesce(${intakeKlok.deadline}, ${meldingen.volgendeDeadline})`;
  const where = and(isNull(meldingen.geslotenAt), inArray(meldingen.stap, ['ontvangen', 'intake']), inArray(meldingen.status, ['ontvangen', 'in_behandeling']));
  const [items, [telling]] = await Promise.all([
    db
      .select({ ...lijstKolommen, deadline, deadlineUitleg: intakeKlok.uitleg, toegewezenNaam: medewerkers.naam })
      .from(meldingen)
      .innerJoin(werkgevers, eq(werkgevers.id, meldingen.werkgeverId))
      .leftJoin(intakeKlok, eq(intakeKlok.meldingId, meldingen.id))
      .leftJoin(medewerkers, eq(medewerkers.id, meldingen.toegewezenAan))
      .where(where)
      .orderBy(sql`${deadline} asc nulls last`, asc(meldingen.createdAt))
      .limit(limit)
      .offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(meldingen).where(where),
  ]);
  return { items, totaal: telling?.n ?? 0 };
}

/** Open tasks for a medewerker: addressed to them, or to their role within their regio's. */
export async function openTaken(db: Db, medewerker: { id: number; rol: string }, zicht: Zicht, limit: number, offset: number) {
  const voorRol = and(isNull(taken.medewerkerId), sql`${taken.rol} = ${medewerker.rol}`);
  const regioOk = zicht.alles ? undefined : zicht.regioCodes.length === 0 ? sql`false` : inArray(meldingTrajecten.regioCode, zicht.regioCodes);
  const where = and(eq(taken.status, 'open'), or(eq(taken.medewerkerId, medewerker.id), and(voorRol, regioOk)));
  const rows = await db
    .select({
      id: taken.id,
      meldingId: taken.meldingId,
      nummer: meldingen.nummer,
      soort: taken.soort,
      rol: taken.rol,
      regioCode: meldingTrajecten.regioCode,
      due: taken.due,
      aangemaaktOp: taken.createdAt,
      voorMij: sql<boolean>`${taken.medewerkerId} is not null`,
    })
    .from(taken)
    .innerJoin(meldingen, eq(meldingen.id, taken.meldingId))
    .leftJoin(meldingTrajecten, eq(meldingTrajecten.id, taken.trajectId))
    .where(where)
    .orderBy(sql`${taken.due} asc nulls last`, asc(taken.createdAt))
    .limit(limit)
    .offset(offset);
  return rows;
}

/** Regio tracks within the scope (regio-contact and WSP work lists). */
export async function trajectenLijst(db: Db, zicht: Zicht, f: { regio?: string | undefined; status?: string | undefined; limit: number; offset: number }) {
  const where = and(
    zicht.alles ? undefined : zicht.regioCodes.length === 0 ? sql`false` : inArray(meldingTrajecten.regioCode, zicht.regioCodes),
    f.regio ? eq(meldingTrajecten.regioCode, f.regio) : undefined,
    f.status ? sql`${meldingTrajecten.status} = ${f.status}` : undefined,
  );
  return db
    .select({
      meldingId: meldingTrajecten.meldingId,
      nummer: meldingen.nummer,
      soort: meldingen.soort,
      werkgever: werkgevers.naam,
      regioCode: meldingTrajecten.regioCode,
      ronde: meldingTrajecten.ronde,
      status: meldingTrajecten.status,
      stap: meldingTrajecten.stap,
      doorgezetOp: meldingTrajecten.doorgezetAt,
      wspId: meldingTrajecten.wspId,
    })
    .from(meldingTrajecten)
    .innerJoin(meldingen, eq(meldingen.id, meldingTrajecten.meldingId))
    .innerJoin(werkgevers, eq(werkgevers.id, meldingen.werkgeverId))
    .where(where)
    .orderBy(asc(meldingTrajecten.doorgezetAt))
    .limit(f.limit)
    .offset(f.offset);
}

