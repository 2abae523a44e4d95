// The wegwijzer: regional and sectoral initiatives. Public reads; the beheerder edits, audited.
import { and, asc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog, initiatieven, regios } from '../schema';

const kolommen = {
  id: initiatieven.id,
  titel: initiatieven.titel,
  omschrijving: initiatieven.omschrijving,
  regioCode: initiatieven.regioCode,
  sectorLetter: initiatieven.sectorLetter,
  url: initiatieven.url,
  actief: initiatieven.actief,
};

/** `regio`/`sector` also match national and all-sector initiatives (null), which apply everywhere. */
export async function initiatievenZoeken(db: Db, f: { q?: string | undefined; regio?: string | undefined; sector?: string | undefined }) {
  const patroon = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select(kolommen)
    .from(initiatieven)
    .where(
      and(
        eq(initiatieven.actief, true),
        patroon ? or(ilike(initiatieven.titel, patroon), ilike(initiatieven.omschrijving, patroon)) : undefined,
        f.regio ? or(eq(initiatieven.regioCode, f.regio), isNull(initiatieven.regioCode)) : undefined,
        f.sector ? or(eq(initiatieven.sectorLetter, f.sector), isNull(initiatieven.sectorLetter)) : undefined,
      ),
    )
    .orderBy(asc(initiatieven.titel))
    .limit(500);
}

export interface InitiatiefInvoer {
  titel?: string | undefined;
  omschrijving?: string | undefined;
  regioCode?: string | null | undefined;
  sectorLetter?: string | null | undefined;
  url?: string | null | undefined;
  actief?: boolean | undefined;
}

async function regioBestaat(db: Db, code: string | null | undefined): Promise<boolean> {
  if (!code) return true;
  return (await db.select({ code: regios.code }).from(regios).where(eq(regios.code, code))).length > 0;
}

function waarden(i: InitiatiefInvoer) {
  const w: Partial<typeof initiatieven.$inferInsert> = {};
  if (i.titel !== undefined) w.titel = i.titel;
  if (i.omschrijving !== undefined) w.omschrijving = i.omschrijving;
  if (i.regioCode !== undefined) w.regioCode = i.regioCode;
  if (i.sectorLetter !== undefined) {
    w.sectorLetter = i.sectorLetter;
    w.sbiVersie = i.sectorLetter === null ? null : '2025';
  }
  if (i.url !== undefined) w.url = i.url;
  if (i.actief !== undefined) w.actief = i.actief;
  return w;
}

export async function initiatiefAanmaken(db: Db, actorId: number, i: InitiatiefInvoer & { titel: string; omschrijving: string }) {
  if (!(await regioBestaat(db, i.regioCode))) return { fout: 'onbekende-regio' as const };
  return db.transaction(async (tx) => {
    const [r] = await tx.insert(initiatieven).values({ titel: i.titel, omschrijving: i.omschrijving, ...waarden(i) }).returning(kolommen);
    await tx.insert(auditLog).values({ actorSoort: 'medewerker', actorId, actie: 'beheer.initiatief_aangemaakt', na: { initiatiefId: r!.id } });
    return { initiatief: r! };
  });
}

export async function initiatiefWijzigen(db: Db, actorId: number, id: number, i: InitiatiefInvoer) {
  if (!(await regioBestaat(db, i.regioCode))) return { fout: 'onbekende-regio' as const };
  return db.transaction(async (tx) => {
    const w = waarden(i);
    const [r] = await tx
      .update(initiatieven)
      .set({ ...w, updatedAt: sql`now()` })
      .where(eq(initiatieven.id, id))
      .returning(kolommen);
    if (!r) return { fout: 'onbekend' as const };
    await tx.insert(auditLog).values({ actorSoort: 'medewerker', actorId, actie: 'beheer.initiatief_gewijzigd', na: { initiatiefId: id, velden: Object.keys(w) } });
    return { initiatief: r };
  });
}
