// Notifications to send (transactional outbox). Written in the same transaction as the state change,
// delivered by a sender that marks rows sent/failed. The idempotency key makes enqueueing retry-safe.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { OUTBOX_KANALEN, OUTBOX_STATUSSEN } from './enums';
import { meldingen } from './meldingen';
import { medewerkers } from './organisatie';
import { inList, timestamps } from './sql-helpers';
import { contactpersonen } from './werkgevers';

/** Channel outbox writers NOTIFY on, in the writing transaction (so it fires on commit); the mail relay LISTENs. */
export const OUTBOX_KANAAL = 'werkroute_outbox';

export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    idempotencyKey: text('idempotency_key').notNull().unique('outbox_idempotency_key_key'),
    kanaal: text('kanaal', { enum: OUTBOX_KANALEN }).notNull().default('email'),
    ontvangerMedewerkerId: integer('ontvanger_medewerker_id').references(() => medewerkers.id),
    ontvangerContactpersoonId: integer('ontvanger_contactpersoon_id').references(() => contactpersonen.id, {
      onDelete: 'set null',
    }),
    /** Free address (e.g. a WSP or cc mailbox) when the recipient is no medewerker/contactpersoon. */
    ontvangerAdres: text('ontvanger_adres'),
    meldingId: uuid('melding_id').references(() => meldingen.id, { onDelete: 'cascade' }),
    onderwerp: text('onderwerp').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: OUTBOX_STATUSSEN }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
    nextAttemptAt: timestamp('next_attempt_at', timestamps).notNull().defaultNow(),
    /** Since when the mail relay tries this row: written, or requeued by a beheerder. It gives up 3 days later. */
    queuedAt: timestamp('queued_at', timestamps).notNull().defaultNow(),
    sentAt: timestamp('sent_at', timestamps),
  },
  (t) => [
    check('outbox_kanaal_check', inList(t.kanaal, OUTBOX_KANALEN)),
    check('outbox_status_check', inList(t.status, OUTBOX_STATUSSEN)),
    check(
      'outbox_ontvanger_check',
      sql`num_nonnulls(${t.ontvangerMedewerkerId}, ${t.ontvangerContactpersoonId}, ${t.ontvangerAdres}) >= 1 or ${t.status} <> 'pending'`,
    ),
    check('outbox_attempts_check', sql`${t.attempts} >= 0`),
    index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_melding_idx').on(t.meldingId),
  ],
);
