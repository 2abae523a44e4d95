// Beheer (functional admin): regio contacts and backups, the duty roster, WSPs and medewerkers.
// Every write goes with its audit entry in one transaction.
import { aliasedTable, and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog, medewerkers, regioContacten, regioPartners, regios, rooster, wsps, type RegioPartnerSoort, type Rol } from '../schema';

export async function regiosMetContacten(db: Db) {
  const contact = aliasedTable(medewerkers, 'contact');
  const achtervang = aliasedTable(medewerkers, 'achtervang');
  return db
    .select({
      code: regios.code,
      naam: regios.naam,
      contactId: regioContacten.medewerkerId,
      contactNaam: contact.naam,
      achtervangId: regioContacten.achtervangId,
      achtervangNaam: achtervang.naam,
    })
    .from(regios)
    .leftJoin(regioContacten, eq(regioContacten.regioCode, regios.code))
    .leftJoin(contact, eq(contact.id, regioContacten.medewerkerId))
    .leftJoin(achtervang, eq(achtervang.id, regioContacten.achtervangId))
    .orderBy(asc(regios.code));
}

export type BeheerFout = 'onbekende-regio' | 'geen-regio-contact' | 'zelfde-persoon' | 'onbekende-medewerker' | 'onbekende-wsp' | 'bestaat-al' | 'geen-team';

async function isActieveRol(db: Db, id: number, rollen: Rol[]): Promise<boolean> {
  const [m] = await db.select({ rol: medewerkers.rol, actief: medewerkers.actief }).from(medewerkers).where(eq(medewerkers.id, id));
  return !!m && m.actief && rollen.includes(m.rol);
}

export async function regioContactZetten(
  db: Db,
  actorId: number,
  regioCode: string,
  medewerkerId: number,
  achtervangId: number | null,
): Promise<BeheerFout | undefined> {
  const [regio] = await db.select({ code: regios.code }).from(regios).where(eq(regios.code, regioCode));
  if (!regio) return 'onbekende-regio';
  if (achtervangId === medewerkerId) return 'zelfde-persoon';
  if (!(await isActieveRol(db, medewerkerId, ['regio-contact']))) return 'geen-regio-contact';
  if (achtervangId !== null && !(await isActieveRol(db, achtervangId, ['regio-contact']))) return 'geen-regio-contact';
  await db.transaction(async (tx) => {
    const [voor] = await tx.select().from(regioContacten).where(eq(regioContacten.regioCode, regioCode));
    await tx
      .insert(regioContacten)
      .values({ regioCode, medewerkerId, achtervangId })
      .onConflictDoUpdate({ target: regioContacten.regioCode, set: { medewerkerId, achtervangId, updatedAt: sql`now()` } });
    await tx.insert(auditLog).values({
      actorSoort: 'medewerker',
      actorId,
      actie: 'beheer.regio_contact',
      voor: voor ? { regioCode, medewerkerId: voor.medewerkerId, achtervangId: voor.achtervangId } : null,
      na: { regioCode, medewerkerId, achtervangId },
    });
  });
  return undefined;
}

export async function roosterLijst(db: Db, van: string, tot: string) {
  return db
    .select({ id: rooster.id, datum: rooster.datum, medewerkerId: rooster.medewerkerId, naam: medewerkers.naam })
    .from(rooster)
    .innerJoin(medewerkers, eq(medewerkers.id, rooster.medewerkerId))
    .where(and(gte(rooster.datum, van), lte(rooster.datum, tot)))
    .orderBy(asc(rooster.datum), asc(medewerkers.naam));
}

export async function roosterToevoegen(db: Db, actorId: number, datum: string, medewerkerId: number) {
  if (!(await isActieveRol(db, medewerkerId, ['team']))) return { fout: 'geen-team' as const };
  return db.transaction(async (tx) => {
    const rows = await tx.insert(rooster).values({ datum, medewerkerId }).onConflictDoNothing().returning({ id: rooster.id });
    if (rows.length === 0) return { fout: 'bestaat-al' as const };
    await tx.insert(auditLog).values({ actorSoort: 'medewerker', actorId, actie: 'beheer.rooster_toegevoegd', na: { datum, medewerkerId } });
    return { id: rows[0]!.id };
  });
}

export async function roosterVerwijderen(db: Db, actorId: number, id: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.delete(rooster).where(eq(rooster.id, id)).returning({ datum: rooster.datum, medewerkerId: rooster.medewerkerId });
    if (rows.length === 0) return false;
    await tx.insert(auditLog).values({ actorSoort: 'medewerker', actorId, actie: 'beheer.rooster_verwijderd', voor: rows[0] });
    return true;
  });
}

export async function wspLijst(db: Db, regioCode?: string) {
  return db
    .select({ id: wsps.id, regioCode: wsps.regioCode, naam: wsps.naam, email: wsps.email, actief: wsps.actief })
    .from(wsps)
    .where(regioCode ? eq(wsps.regioCode, regioCode) : undefined)
    .orderBy(asc(wsps.regioCode), asc(wsps.naam));
}

export async function wspAanmaken(db: Db, actorId: number, w: { regioCode: string; naam: string; email?: string | undefined }) {
  const [regio] = await db.select({ code: regios.code }).from(regios).where(eq(regios.code, w.regioCode));
  if (!regio) return { fout: 'onbekende-regio' as const };
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(wsps)
      .values({ regioCode: w.regioCode, naam: w.naam, email: w.email ?? null })
      .onConflictDoNothing()
      .returning({ id: wsps.id, regioCode: wsps.regioCode, naam: wsps.naam, email: wsps.email, actief: wsps.actief });
    if (rows.length === 0) return { fout: 'bestaat-al' as const };
    await tx.insert(auditLog).values({ actorSoort: 'medewerker', actorId, actie: 'beheer.wsp_aangemaakt', na: { wspId: rows[0]!.id, regioCode: w.regioCode } });
    return { wsp: rows[0]! };
  });
}

export async function wspWijzigen(db: Db, actorId: number, id: number, w: { naam?: string | undefined; email?: string | null | undefined; actief?: boolean | undefined }) {
  return db.transaction(async (tx) => {
    const [voor] = await tx.select().from(wsps).where(eq(wsps.id, id));
    if (!voor) return { fout: 'onbekende-wsp' as const };
    const set: Partial<typeof wsps.$inferInsert> = {};
    if (w.naam !== undefined) set.naam = w.naam;
    if (w.email !== undefined) set.email = w.email;
    if (w.actief !== undefined) set.actief = w.actief;
    if (Object.keys(set).length === 0) return { wsp: voor };
    try {
      const [na] = await tx.update(wsps).set(set).where(eq(wsps.id, id)).returning();
      await tx.insert(auditLog).values({ actorSoort: 'medewerker', actorId, actie: 'beheer.wsp_gewijzigd', voor: { actief: voor.actief }, na: { wspId: id, actief: na!.actief } });
      return { wsp: na! };
    } catch (e) {
      if ((e as { code?: string }).code === '23505') return { fout: 'bestaat-al' as const };
      throw e;
    }
  });
}

export async function medewerkersLijst(db: Db, rol?: Rol) {
  return db
    .select({ id: medewerkers.id, naam: medewerkers.naam, email: medewerkers.email, rol: medewerkers.rol, wspId: medewerkers.wspId, actief: medewerkers.actief })
    .from(medewerkers)
    .where(rol ? eq(medewerkers.rol, rol) : undefined)
    .orderBy(asc(medewerkers.rol), asc(medewerkers.naam));
}

export async function medewerkerAanmaken(
  db: Db,
  actorId: number,
  m: { naam: string; email: string; rol: Rol; wspId?: number | undefined; passwordHash: string | null },
) {
  if (m.rol === 'wsp') {
    if (m.wspId === undefined) return { fout: 'onbekende-wsp' as const };
    const [w] = await db.select({ id: wsps.id }).from(wsps).where(eq(wsps.id, m.wspId));
    if (!w) return { fout: 'onbekende-wsp' as const };
  }
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(medewerkers)
      .values({ naam: m.naam, email: m.email, rol: m.rol, wspId: m.rol === 'wsp' ? m.wspId! : null, passwordHash: m.passwordHash })
      .onConflictDoNothing()
      .returning({ id: medewerkers.id, naam: medewerkers.naam, email: medewerkers.email, rol: medewerkers.rol, wspId: medewerkers.wspId, actief: medewerkers.actief });
    if (rows.length === 0) return { fout: 'bestaat-al' as const };
    await tx.insert(auditLog).values({ actorSoort: 'medewerker', actorId, actie: 'beheer.medewerker_aangemaakt', na: { medewerkerId: rows[0]!.id, rol: m.rol } });
    return { medewerker: rows[0]! };
  });
}

export async function medewerkerActiefZetten(db: Db, actorId: number, id: number, actief: boolean) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(medewerkers)
      .set({ actief, updatedAt: sql`now()` })
      .where(eq(medewerkers.id, id))
      .returning({ id: medewerkers.id, naam: medewerkers.naam, email: medewerkers.email, rol: medewerkers.rol, wspId: medewerkers.wspId, actief: medewerkers.actief });
    if (rows.length === 0) return { fout: 'onbekende-medewerker' as const };
    await tx.insert(auditLog).values({ actorSoort: 'medewerker', actorId, actie: actief ? 'beheer.medewerker_geactiveerd' : 'beheer.medewerker_gedeactiveerd', na: { medewerkerId: id } });
    return { medewerker: rows[0]! };
  });
}

export async function regioPartnersLijst(db: Db) {
  return db
    .select({ regioCode: regioPartners.regioCode, soort: regioPartners.soort, naam: regioPartners.naam, email: regioPartners.email })
    .from(regioPartners)
    .orderBy(asc(regioPartners.regioCode), asc(regioPartners.soort));
}

/** Sets (`partner` given) or removes (null) the regio's partner of one kind; idempotent. */
export async function regioPartnerZetten(
  db: Db,
  actorId: number,
  regioCode: string,
  soort: RegioPartnerSoort,
  partner: { naam: string; email: string } | null,
): Promise<BeheerFout | undefined> {
  const [regio] = await db.select({ code: regios.code }).from(regios).where(eq(regios.code, regioCode));
  if (!regio) return 'onbekende-regio';
  const waar = and(eq(regioPartners.regioCode, regioCode), eq(regioPartners.soort, soort));
  await db.transaction(async (tx) => {
    const [voor] = await tx.select({ naam: regioPartners.naam }).from(regioPartners).where(waar);
    if (partner) {
      await tx
        .insert(regioPartners)
        .values({ regioCode, soort, ...partner })
        .onConflictDoUpdate({ target: [regioPartners.regioCode, regioPartners.soort], set: { ...partner, updatedAt: sql`now()` } });
    } else {
      await tx.delete(regioPartners).where(waar);
    }
    // Names only in the audit trail; the address is contact data, not history.
    await tx.insert(auditLog).values({
      actorSoort: 'medewerker',
      actorId,
      actie: 'beheer.regio_partner',
      voor: voor ? { regioCode, soort, naam: voor.naam } : null,
      na: partner ? { regioCode, soort, naam: partner.naam } : null,
    });
  });
  return undefined;
}
