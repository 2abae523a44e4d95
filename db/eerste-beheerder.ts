// A start without demo data must not leave the system without anyone who can sign in, and must not
// create a known credential: the first beheerder gets a random password, shown once at that start.
import { randomBytes } from 'node:crypto';
import { and, eq, isNotNull, like, sql } from 'drizzle-orm';
import type { Db } from './client';
import { DEMO_DOMAIN, DEMO_PASSWORD } from './demo-seed';
import { hashPassword, verifyPassword } from './password';
import { medewerkers } from './schema';

export interface EersteBeheerder {
  email: string;
  /** Shown once; only its hash is stored. */
  wachtwoord: string;
}

/** Creates a beheerder when there is none; returns it (with its password) only when it was created now. */
export async function zorgVoorBeheerder(db: Db, email: string): Promise<EersteBeheerder | undefined> {
  const wachtwoord = randomBytes(15).toString('base64url'); // 120 bits, 20 characters
  const passwordHash = await hashPassword(wachtwoord);
  return db.transaction(async (tx) => {
    // Two instances starting at once must not both create one.
    await tx.execute(sql`select pg_advisory_xact_lock(72617002)`);
    const [bestaand] = await tx.select({ id: medewerkers.id }).from(medewerkers).where(eq(medewerkers.rol, 'beheerder')).limit(1);
    if (bestaand) return undefined;
    await tx.insert(medewerkers).values({ naam: 'Beheerder', email, rol: 'beheerder', passwordHash }).onConflictDoNothing();
    return { email, wachtwoord };
  });
}

/** Whether an active demo account still signs in with the published demo password. */
export async function heeftDemoWachtwoord(db: Db): Promise<boolean> {
  const [demo] = await db
    .select({ passwordHash: medewerkers.passwordHash })
    .from(medewerkers)
    .where(and(like(medewerkers.email, `%@${DEMO_DOMAIN}`), eq(medewerkers.actief, true), isNotNull(medewerkers.passwordHash)))
    .limit(1);
  return !!demo?.passwordHash && (await verifyPassword(DEMO_PASSWORD, demo.passwordHash));
}
