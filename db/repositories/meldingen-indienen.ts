// Storing a submitted melding: employer (upserted on KvK number), locations, contact person, the melding
// with its functies and the audit entry, in one transaction. The Idempotency-Key row is inserted first in
// the same transaction: a concurrent retry with the same key blocks on its primary key until this one
// commits and then reads the stored response, so a key never yields two meldingen.
//
// The workflow is started after the commit (its activities read these rows). Until the start has
// succeeded the key's row has no status code, so a retry with the same key finds the melding id and
// starts the workflow again (the start is idempotent on the workflow id) instead of creating a new melding.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  auditLog,
  contactpersonen,
  gemeenten,
  idempotencyKeys,
  meldingen,
  meldingFuncties,
  vestigingen,
  werkgevers,
} from '../schema';

export interface NieuweMelding {
  id: string;
  volgToken: string;
  soort: 'vraag' | 'aanbod';
  werkgever: {
    naam: string;
    kvkNummer: string;
    vestigingen: { postcode: string; huisnummer: string; plaats: string }[];
  };
  contactpersoon: { naam: string; email: string; telefoon?: string | undefined };
  sector: string;
  functies: { omschrijving: string; aantal: number }[];
  periode?: { van: string; tot: string } | undefined;
  toelichting?: string | undefined;
}

export interface OpgeslagenMelding {
  id: string;
  nummer: number;
  ontvangenOp: Date;
  werkgeverId: number;
  /** Regio's of the employer's locations whose plaats matched a gemeente: routing suggestions for the team. */
  regioSuggesties: string[];
}

export interface IdempotentieSleutel {
  scope: string;
  key: string;
  requestHash: string;
  /** Stored responses older than this are forgotten and the key may be used again. */
  maxAgeMs: number;
}

export type IndienResultaat<R> =
  | { soort: 'nieuw'; melding: OpgeslagenMelding; response: R }
  /** statusCode null: the first attempt stored the melding but did not confirm the workflow start. */
  | { soort: 'herhaling'; statusCode: number | null; response: R }
  | { soort: 'andere-inhoud' };

const SBI_VERSIE_NIEUW = '2025' as const;

/** "12a" → { huisnummer: 12, toevoeging: 'a' } (the schema has validated the form). */
export function splitHuisnummer(v: string): { huisnummer: number; toevoeging: string | null } {
  const m = /^([0-9]+)[ -]?(.*)$/.exec(v.trim());
  const nummer = Number(m?.[1] ?? v);
  const rest = (m?.[2] ?? '').trim();
  return { huisnummer: nummer, toevoeging: rest === '' ? null : rest };
}

/** `antwoord` builds the response stored with the Idempotency-Key (its status code follows on confirmation). */
export async function meldingIndienen<R>(
  db: Db,
  m: NieuweMelding,
  idem: IdempotentieSleutel | undefined,
  antwoord: (melding: OpgeslagenMelding) => R,
): Promise<IndienResultaat<R>> {
  return db.transaction(async (tx) => {
    if (idem) {
      await tx
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.scope, idem.scope),
            eq(idempotencyKeys.key, idem.key),
            lt(idempotencyKeys.createdAt, new Date(Date.now() - idem.maxAgeMs)),
          ),
        );
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({ scope: idem.scope, key: idem.key, requestHash: idem.requestHash })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) {
        const [bestaand] = await tx
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.scope, idem.scope), eq(idempotencyKeys.key, idem.key)));
        if (!bestaand || bestaand.requestHash !== idem.requestHash || bestaand.response === null) return { soort: 'andere-inhoud' as const };
        return { soort: 'herhaling' as const, statusCode: bestaand.statusCode, response: bestaand.response as R };
      }
    }

    // A KvK number is the employer's identity; the name on file is kept (a public form must not rename employers).
    const [wg] = await tx
      .insert(werkgevers)
      .values({ kvkNummer: m.werkgever.kvkNummer, naam: m.werkgever.naam })
      .onConflictDoUpdate({ target: werkgevers.kvkNummer, set: { updatedAt: sql`now()` } })
      .returning({ id: werkgevers.id });
    const werkgeverId = wg!.id;

    const plaatsen = [...new Set(m.werkgever.vestigingen.map((v) => v.plaats.toLowerCase()))];
    const gemeenteRows = await tx
      .select({ naam: gemeenten.naam, code: gemeenten.code, regioCode: gemeenten.regioCode })
      .from(gemeenten)
      .where(inArray(sql`lower(${gemeenten.naam})`, plaatsen));
    const gemeentePerNaam = new Map(gemeenteRows.map((g) => [g.naam.toLowerCase(), g]));

    const bekend = await tx
      .select({ postcode: vestigingen.postcode, huisnummer: vestigingen.huisnummer, toevoeging: vestigingen.toevoeging })
      .from(vestigingen)
      .where(eq(vestigingen.werkgeverId, werkgeverId));
    const sleutel = (p: string, h: number, t: string | null) => `${p}|${h}|${(t ?? '').toLowerCase()}`;
    const gezien = new Set(bekend.map((b) => sleutel(b.postcode, b.huisnummer, b.toevoeging)));
    const nieuweVestigingen = [];
    for (const v of m.werkgever.vestigingen) {
      const { huisnummer, toevoeging } = splitHuisnummer(v.huisnummer);
      const k = sleutel(v.postcode, huisnummer, toevoeging);
      if (gezien.has(k)) continue;
      gezien.add(k);
      const g = gemeentePerNaam.get(v.plaats.toLowerCase());
      nieuweVestigingen.push({
        werkgeverId,
        postcode: v.postcode,
        huisnummer,
        toevoeging,
        plaats: v.plaats,
        gemeenteCode: g?.code ?? null,
        regioCode: g?.regioCode ?? null,
      });
    }
    if (nieuweVestigingen.length > 0) await tx.insert(vestigingen).values(nieuweVestigingen);
    const regioSuggesties = [
      ...new Set(m.werkgever.vestigingen.map((v) => gemeentePerNaam.get(v.plaats.toLowerCase())?.regioCode).filter((c): c is string => !!c)),
    ].sort();

    const [cp] = await tx
      .insert(contactpersonen)
      .values({ werkgeverId, naam: m.contactpersoon.naam, email: m.contactpersoon.email, telefoon: m.contactpersoon.telefoon ?? null })
      .returning({ id: contactpersonen.id });

    const [melding] = await tx
      .insert(meldingen)
      .values({
        id: m.id,
        soort: m.soort,
        werkgeverId,
        contactpersoonId: cp!.id,
        sbiVersie: SBI_VERSIE_NIEUW,
        sectorLetter: m.sector,
        periodeVan: m.periode?.van ?? null,
        periodeTot: m.periode?.tot ?? null,
        toelichting: m.toelichting ?? null,
        volgToken: m.volgToken,
      })
      .returning({ id: meldingen.id, nummer: meldingen.nummer, createdAt: meldingen.createdAt });
    await tx.insert(meldingFuncties).values(m.functies.map((f) => ({ meldingId: m.id, omschrijving: f.omschrijving, aantal: f.aantal })));
    await tx.insert(auditLog).values({
      actorSoort: 'werkgever',
      actie: 'melding.ingediend',
      meldingId: m.id,
      na: { soort: m.soort, sector: m.sector, regioSuggesties },
    });

    const opgeslagen: OpgeslagenMelding = {
      id: melding!.id,
      nummer: melding!.nummer,
      ontvangenOp: melding!.createdAt,
      werkgeverId,
      regioSuggesties,
    };
    const response = antwoord(opgeslagen);
    if (idem) {
      await tx
        .update(idempotencyKeys)
        .set({ response: response as unknown })
        .where(and(eq(idempotencyKeys.scope, idem.scope), eq(idempotencyKeys.key, idem.key)));
    }
    return { soort: 'nieuw' as const, melding: opgeslagen, response };
  });
}

/** Records that the request behind an Idempotency-Key completed with `statusCode`. */
export async function idempotentieAfronden(db: Db, scope: string, key: string, statusCode: number): Promise<void> {
  await db.update(idempotencyKeys).set({ statusCode }).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}

/** What the workflow start needs for a melding stored earlier (retry after a failed start). */
export async function meldingStartGegevens(db: Db, id: string): Promise<{ soort: 'vraag' | 'aanbod'; ontvangenOp: Date } | undefined> {
  const [m] = await db.select({ soort: meldingen.soort, ontvangenOp: meldingen.createdAt }).from(meldingen).where(eq(meldingen.id, id));
  return m;
}
