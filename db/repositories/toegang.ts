// Staff identities, sessions and API tokens. Secrets are random 256-bit tokens; only their SHA-256 is stored,
// so a database leak does not hand out working credentials.
import { createHash } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, medewerkers, regioContacten, sessies, wsps } from '../schema';
import type { Medewerker } from './types';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface MedewerkerMetHash extends Medewerker {
  passwordHash: string | null;
  actief: boolean;
}

async function regioCodesVan(db: Db, m: { id: number; rol: string; wspId: number | null }): Promise<string[]> {
  if (m.rol === 'regio-contact') {
    const rows = await db
      .select({ code: regioContacten.regioCode })
      .from(regioContacten)
      .where(or(eq(regioContacten.medewerkerId, m.id), eq(regioContacten.achtervangId, m.id)))
      .orderBy(regioContacten.regioCode);
    return rows.map((r) => r.code);
  }
  if (m.rol === 'wsp' && m.wspId !== null) {
    const rows = await db.select({ code: wsps.regioCode }).from(wsps).where(eq(wsps.id, m.wspId));
    return rows.map((r) => r.code);
  }
  return [];
}

const medewerkerKolommen = {
  id: medewerkers.id,
  naam: medewerkers.naam,
  email: medewerkers.email,
  rol: medewerkers.rol,
  wspId: medewerkers.wspId,
  passwordHash: medewerkers.passwordHash,
  actief: medewerkers.actief,
};

export async function medewerkerOpEmail(db: Db, email: string): Promise<MedewerkerMetHash | undefined> {
  const [m] = await db.select(medewerkerKolommen).from(medewerkers).where(eq(sql`lower(${medewerkers.email})`, email.toLowerCase()));
  if (!m) return undefined;
  return { ...m, regioCodes: await regioCodesVan(db, m) };
}

async function actieveMedewerker(db: Db, id: number): Promise<Medewerker | undefined> {
  const [m] = await db.select(medewerkerKolommen).from(medewerkers).where(and(eq(medewerkers.id, id), eq(medewerkers.actief, true)));
  if (!m) return undefined;
  const { passwordHash: _p, actief: _a, ...rest } = m;
  return { ...rest, regioCodes: await regioCodesVan(db, m) };
}

export async function medewerkerOpId(db: Db, id: number): Promise<Medewerker | undefined> {
  return actieveMedewerker(db, id);
}

export async function sessieAanmaken(db: Db, medewerkerId: number, token: string, expiresAt: Date): Promise<void> {
  await db.insert(sessies).values({ tokenHash: hashToken(token), medewerkerId, expiresAt });
  // Opportunistic clean-up keeps the table small without a separate job.
  await db.delete(sessies).where(and(eq(sessies.medewerkerId, medewerkerId), lt(sessies.expiresAt, new Date())));
}

export async function sessieMedewerker(db: Db, token: string, nu = new Date()): Promise<Medewerker | undefined> {
  const [s] = await db
    .select({ medewerkerId: sessies.medewerkerId })
    .from(sessies)
    .where(and(eq(sessies.tokenHash, hashToken(token)), gt(sessies.expiresAt, nu)));
  return s ? actieveMedewerker(db, s.medewerkerId) : undefined;
}

export async function sessieBeeindigen(db: Db, token: string): Promise<void> {
  await db.delete(sessies).where(eq(sessies.tokenHash, hashToken(token)));
}

export async function apiTokenMedewerker(db: Db, token: string, nu = new Date()): Promise<{ medewerker: Medewerker; tokenId: number } | undefined> {
  const [t] = await db
    .select({ id: apiTokens.id, medewerkerId: apiTokens.medewerkerId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, nu))));
  if (!t) return undefined;
  const medewerker = await actieveMedewerker(db, t.medewerkerId);
  return medewerker ? { medewerker, tokenId: t.id } : undefined;
}

export async function apiTokenAanmaken(db: Db, medewerkerId: number, naam: string, token: string, expiresAt: Date | null) {
  const [t] = await db
    .insert(apiTokens)
    .values({ tokenHash: hashToken(token), medewerkerId, naam, expiresAt })
    .returning({ id: apiTokens.id, naam: apiTokens.naam, aangemaaktOp: apiTokens.createdAt, verlooptOp: apiTokens.expiresAt });
  return t!;
}

export async function apiTokensVan(db: Db, medewerkerId: number) {
  return db
    .select({ id: apiTokens.id, naam: apiTokens.naam, aangemaaktOp: apiTokens.createdAt, verlooptOp: apiTokens.expiresAt, ingetrokkenOp: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.medewerkerId, medewerkerId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes the caller's own token; false when it is not theirs or already revoked. */
export async function apiTokenIntrekken(db: Db, medewerkerId: number, id: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.medewerkerId, medewerkerId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function wachtwoordZetten(db: Db, medewerkerId: number, passwordHash: string): Promise<void> {
  await db.update(medewerkers).set({ passwordHash, updatedAt: sql`now()` }).where(eq(medewerkers.id, medewerkerId));
}

/** Ends every session of the medewerker, except the one with token `behalve` (the caller's own). */
export async function sessiesBeeindigen(db: Db, medewerkerId: number, behalve?: string): Promise<number> {
  const rows = await db
    .delete(sessies)
    .where(and(eq(sessies.medewerkerId, medewerkerId), behalve ? sql`${sessies.tokenHash} <> ${hashToken(behalve)}` : undefined))
    .returning({ h: sessies.tokenHash });
  return rows.length;
}
