// Per-account sign-in throttling (OWASP ASVS 2.2.1): every fifth failure in a row locks the e-mail address,
// for 15 minutes the first time and twice as long each time after (at most a day). A beheerder can lift
// it; a successful sign-in clears it. Rows hold a hash of the address, never the address itself.
import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { inlogBlokkades } from '../schema';

export const POGINGEN_PER_BLOKKADE = 5;
const EERSTE_BLOKKADE_MS = 15 * 60_000;
const LANGSTE_BLOKKADE_MS = 24 * 3_600_000;
/** Failures further apart than this do not add up; rows this old (and not locked) are deleted. */
const VENSTER_MS = 24 * 3_600_000;

const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** Until when the address is locked, if it is now. */
export async function geblokkeerdTot(db: Db, email: string, nu = new Date()): Promise<Date | undefined> {
  const [r] = await db.select({ tot: inlogBlokkades.geblokkeerdTot }).from(inlogBlokkades).where(eq(inlogBlokkades.emailHash, emailHash(email)));
  return r?.tot && r.tot > nu ? r.tot : undefined;
}

/** Counts a failure; returns the lock's end when this failure started one. */
export async function mislukkingNoteren(db: Db, email: string, nu = new Date()): Promise<Date | undefined> {
  const venster = new Date(nu.getTime() - VENSTER_MS);
  const [r] = await db
    .insert(inlogBlokkades)
    .values({ emailHash: emailHash(email), mislukt: 1, laatstePoging: nu })
    .onConflictDoUpdate({
      target: inlogBlokkades.emailHash,
      set: {
        mislukt: sql`case when ${inlogBlokkades.laatstePoging} < ${venster.toISOString()}::timestamptz then 1 else ${inlogBlokkades.mislukt} + 1 end`,
        laatstePoging: nu,
      },
    })
    .returning({ mislukt: inlogBlokkades.mislukt });
  await db.delete(inlogBlokkades).where(and(lt(inlogBlokkades.laatstePoging, venster), or(isNull(inlogBlokkades.geblokkeerdTot), lt(inlogBlokkades.geblokkeerdTot, nu))));
  const mislukt = r!.mislukt;
  if (mislukt % POGINGEN_PER_BLOKKADE !== 0) return undefined;
  const keer = mislukt / POGINGEN_PER_BLOKKADE;
  const tot = new Date(nu.getTime() + Math.min(LANGSTE_BLOKKADE_MS, EERSTE_BLOKKADE_MS * 2 ** (keer - 1)));
  await db.update(inlogBlokkades).set({ geblokkeerdTot: tot }).where(eq(inlogBlokkades.emailHash, emailHash(email)));
  return tot;
}

/** After a successful sign-in, or by a beheerder. Returns whether a lock was in place. */
export async function blokkadeOpheffen(db: Db, email: string, nu = new Date()): Promise<boolean> {
  const rows = await db.delete(inlogBlokkades).where(eq(inlogBlokkades.emailHash, emailHash(email))).returning({ tot: inlogBlokkades.geblokkeerdTot });
  return rows.some((r) => r.tot !== null && r.tot > nu);
}
