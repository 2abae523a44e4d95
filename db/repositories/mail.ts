// Mail the relay (activities/mail-relay.ts) could not deliver, for the beheerder: what, to which kind of
// recipient, how often tried and why not, never a body or an address; and requeueing one row.
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { outbox, OUTBOX_KANAAL, type OutboxStatus } from '../schema';
import { writeAudit } from './audit';

export interface MailRegel {
  id: number;
  aangemaakt: string;
  status: OutboxStatus;
  /** medewerker (staff, with id), werkgever (the employer's contact person) or adres (a WSP or partner mailbox). */
  ontvanger: 'medewerker' | 'werkgever' | 'adres' | 'geen';
  medewerkerId: number | null;
  onderwerp: string;
  pogingen: number;
  laatsteFout: string | null;
  volgendePoging: string | null;
  verzonden: string | null;
}

export async function mailLijst(db: Db, status: OutboxStatus, limiet = 200): Promise<MailRegel[]> {
  const rijen = await db
    .select({
      id: outbox.id,
      createdAt: outbox.createdAt,
      status: outbox.status,
      medewerkerId: outbox.ontvangerMedewerkerId,
      contactpersoonId: outbox.ontvangerContactpersoonId,
      adres: sql<boolean>`${outbox.ontvangerAdres} is not null`,
      onderwerp: outbox.onderwerp,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(eq(outbox.status, status))
    .orderBy(desc(outbox.id))
    .limit(limiet);
  return rijen.map((r) => ({
    id: r.id,
    aangemaakt: r.createdAt.toISOString(),
    status: r.status,
    ontvanger: r.medewerkerId !== null ? 'medewerker' : r.contactpersoonId !== null ? 'werkgever' : r.adres ? 'adres' : 'geen',
    medewerkerId: r.medewerkerId,
    onderwerp: r.onderwerp,
    pogingen: r.attempts,
    laatsteFout: r.lastError,
    volgendePoging: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    verzonden: r.sentAt?.toISOString() ?? null,
  }));
}

/**
 * Puts a failed row back in the queue (fresh attempts and a fresh 3-day window), with its audit entry and the
 * relay's NOTIFY in one transaction. The Message-ID stays the same: it is derived from the row's key.
 */
export async function mailOpnieuw(db: Db, id: number, door: number): Promise<'ok' | 'onbekend' | 'niet-mislukt'> {
  return db.transaction(async (tx) => {
    const [rij] = await tx.select({ status: outbox.status, meldingId: outbox.meldingId }).from(outbox).where(eq(outbox.id, id)).for('update');
    if (!rij) return 'onbekend';
    if (rij.status !== 'failed') return 'niet-mislukt';
    await tx
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, queuedAt: sql`now()` })
      .where(eq(outbox.id, id));
    await writeAudit(tx, { actorSoort: 'medewerker', actorId: door, actie: 'beheer.mail_opnieuw', meldingId: rij.meldingId, na: { outboxId: id } });
    await tx.execute(sql`select pg_notify(${OUTBOX_KANAAL}, '')`);
    return 'ok';
  });
}
