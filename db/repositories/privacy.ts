// AVG by design: what Werkroute holds about a contact person, for how long, and how it goes.
//  - Retention: a closed melding keeps its personal data and free texts for a configured number of months
//    (per outcome); then `anonimiseerVerlopen` removes them and keeps the facts (soort, sector, regio's, dates,
//    results, numbers placed) for reports and the cases database.
//  - Art. 15: `inzageContactpersoon` collects everything held about one e-mail address.
//  - Art. 17: `wisContactpersoon` anonymises every melding of that address now, open ones too.
// Temporal keeps a closed melding's history until its namespace retention (default 30 days); those
// histories carry no names, e-mail addresses or phone numbers (README "Privacy").
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Bewaartermijnen } from '../bewaartermijnen';
import { VRIJE_TEKST_VELDEN } from '../../domain/melding/vrije-tekst';
import type { Db } from '../client';
import type { DbOrTx } from './audit';
import { auditLog, caseVerhalen, contactpersonen, meldingen, meldingLive, meldingTrajecten, naamToestemmingen, outbox, uitkomsten, werkgevers } from '../schema';


/** The outcome that decides a melding's retention, as SQL over `meldingen` m. */
const UITKOMST_SQL = sql`case when m.status = 'ingetrokken' then 'ingetrokken' else coalesce((
    select u.resultaat from uitkomsten u where u.melding_id = m.id
    order by case u.resultaat when 'vervuld' then 1 when 'deels_vervuld' then 2 else 3 end limit 1), 'niet_vervuld') end`;

function termijnSql(t: Bewaartermijnen) {
  const takken = Object.entries(t.perUitkomst).map(([u, maanden]) => sql`when ${u} then ${maanden}::int`);
  return takken.length === 0 ? sql`${t.standaardMaanden}::int` : sql`case (${UITKOMST_SQL}) ${sql.join(takken, sql` `)} else ${t.standaardMaanden}::int end`;
}

/** Anonymises closed meldingen past their retention, at most `batch` per call; returns how many. */
export async function anonimiseerVerlopen(db: DbOrTx, termijnen: Bewaartermijnen, nu = new Date(), batch = 500): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    select m.id from meldingen m
     where m.gesloten_at is not null and m.geanonimiseerd_op is null
       and m.gesloten_at < ${nu.toISOString()}::timestamptz - make_interval(months => ${termijnSql(termijnen)})
     order by m.gesloten_at limit ${batch}`);
  const ids = [...rows].map((r) => r.id);
  if (ids.length > 0) await anonimiseer(db, ids, nu);
  return ids.length;
}

/**
 * Removes the personal data and free texts of these meldingen in every table, in one transaction: the
 * contact person (when no other melding refers to them), texts of the melding, its tracks and outcomes, the
 * reasons in its audit rows, its mails and its cached live view. Facts stay.
 */
export async function anonimiseer(db: DbOrTx, meldingIds: string[], nu = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const cps = await tx
      .select({ id: meldingen.contactpersoonId })
      .from(meldingen)
      .where(and(inArray(meldingen.id, meldingIds), sql`${meldingen.contactpersoonId} is not null`));
    await tx
      .update(meldingen)
      .set({
        toelichting: null,
        contactpersoonId: null,
        // The follow link stops working: its hash is replaced by one of a secret nobody knows.
        volgTokenHash: sql`md5(random()::text || ${meldingen.id}::text) || md5(random()::text)`,
        volgTokenVersleuteld: null,
        geanonimiseerdOp: nu,
      })
      .where(inArray(meldingen.id, meldingIds));
    await tx.update(meldingTrajecten).set({ toelichting: null }).where(inArray(meldingTrajecten.meldingId, meldingIds));
    await tx.update(uitkomsten).set({ toelichting: null }).where(inArray(uitkomsten.meldingId, meldingIds));
    // A shareable story was written anonymised for the public page and stays; a story never shared is free
    // text like any other and goes. The organisation's name leaves the Voorbeelden with the consent.
    await tx.delete(caseVerhalen).where(and(eq(caseVerhalen.deelbaar, false), inArray(caseVerhalen.uitkomstId, tx.select({ id: uitkomsten.id }).from(uitkomsten).where(inArray(uitkomsten.meldingId, meldingIds)))));
    await tx.delete(naamToestemmingen).where(inArray(naamToestemmingen.meldingId, meldingIds));
    await tx
      .update(auditLog)
      .set({ reden: null, na: sql`${auditLog.na} - ${VRIJE_TEKST}::text[]` })
      .where(and(inArray(auditLog.meldingId, meldingIds), sql`(${auditLog.reden} is not null or ${auditLog.na} ?| ${VRIJE_TEKST}::text[])`));
    await tx.delete(outbox).where(inArray(outbox.meldingId, meldingIds));
    await tx.delete(meldingLive).where(inArray(meldingLive.meldingId, meldingIds));
    const cpIds = [...new Set(cps.map((c) => c.id!))];
    if (cpIds.length > 0) {
      await tx.execute(sql`delete from contactpersonen c where c.id in ${sql`(${sql.join(cpIds.map((i) => sql`${i}`), sql`, `)})`}
        and not exists (select 1 from meldingen m where m.contactpersoon_id = c.id)`);
    }
  });
}

/** Older audit rows carry free text in `na` under these keys (newer ones in `reden` only). */
const VRIJE_TEKST = `{${VRIJE_TEKST_VELDEN.join(',')}}`;

const cpMetEmail = (email: string) => eq(sql`lower(${contactpersonen.email})`, email.trim().toLowerCase());

/** Art. 15: everything held about the contact person with this e-mail address. */
export async function inzageContactpersoon(db: Db, email: string) {
  const personen = await db
    .select({ id: contactpersonen.id, naam: contactpersonen.naam, email: contactpersonen.email, telefoon: contactpersonen.telefoon, vastgelegdOp: contactpersonen.createdAt, werkgever: werkgevers.naam, kvkNummer: werkgevers.kvkNummer })
    .from(contactpersonen)
    .innerJoin(werkgevers, eq(werkgevers.id, contactpersonen.werkgeverId))
    .where(cpMetEmail(email));
  const cpIds = personen.map((p) => p.id);
  const lijst = cpIds.length === 0 ? [] : await db
    .select({ id: meldingen.id, nummer: meldingen.nummer, soort: meldingen.soort, status: meldingen.status, toelichting: meldingen.toelichting, ontvangenOp: meldingen.createdAt, geslotenOp: meldingen.geslotenAt })
    .from(meldingen)
    .where(inArray(meldingen.contactpersoonId, cpIds));
  const mails = await db
    .select({ onderwerp: outbox.onderwerp, tekst: outbox.body, status: outbox.status, aangemaaktOp: outbox.createdAt, verzondenOp: outbox.sentAt })
    .from(outbox)
    .where(
      cpIds.length === 0
        ? eq(sql`lower(${outbox.ontvangerAdres})`, email.trim().toLowerCase())
        : sql`${inArray(outbox.ontvangerContactpersoonId, cpIds)} or lower(${outbox.ontvangerAdres}) = ${email.trim().toLowerCase()}`,
    );
  return { contactpersonen: personen, meldingen: lijst, mails };
}

/** Art. 17: anonymises every melding of this contact person now and deletes the person. Returns counts. */
export async function wisContactpersoon(db: Db, email: string, nu = new Date()): Promise<{ contactpersonen: number; meldingen: number; mails: number }> {
  const personen = await db.select({ id: contactpersonen.id }).from(contactpersonen).where(cpMetEmail(email));
  const cpIds = personen.map((p) => p.id);
  const ids = cpIds.length === 0 ? [] : (await db.select({ id: meldingen.id }).from(meldingen).where(inArray(meldingen.contactpersoonId, cpIds))).map((m) => m.id);
  if (ids.length > 0) await anonimiseer(db, ids, nu);
  const mails = await db.delete(outbox).where(eq(sql`lower(${outbox.ontvangerAdres})`, email.trim().toLowerCase())).returning({ id: outbox.id });
  if (cpIds.length > 0) await db.delete(contactpersonen).where(inArray(contactpersonen.id, cpIds));
  return { contactpersonen: cpIds.length, meldingen: ids.length, mails: mails.length };
}

/** Retention of the small stores: expired sessions, old sign-in counts, idempotency keys after a day. */
export async function ruimKortlevendOp(db: DbOrTx, nu = new Date()): Promise<void> {
  const iso = nu.toISOString();
  await db.execute(sql`delete from sessies where expires_at < ${iso}::timestamptz`);
  await db.execute(sql`delete from inlog_blokkades where laatste_poging < ${iso}::timestamptz - interval '1 day' and (geblokkeerd_tot is null or geblokkeerd_tot < ${iso}::timestamptz)`);
  await db.execute(sql`delete from idempotency_keys where created_at < ${iso}::timestamptz - interval '1 day'`);
}
