// Append-only audit trail. The database rejects UPDATE, DELETE and TRUNCATE (trigger in migration
// 0001_audit_log_append_only.sql). Keep personal data out of voor/na: ids, states and codes only.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ACTOR_SOORTEN } from './enums';
import { meldingen } from './meldingen';
import { medewerkers } from './organisatie';
import { inList, timestamps } from './sql-helpers';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', timestamps).notNull().defaultNow(),
    actorSoort: text('actor_soort', { enum: ACTOR_SOORTEN }).notNull(),
    actorId: integer('actor_id').references(() => medewerkers.id),
    /** The medewerker the actor acted for (e.g. the achtervang acting for the regio contact). */
    namensId: integer('namens_id').references(() => medewerkers.id),
    actie: text('actie').notNull(),
    meldingId: uuid('melding_id').references(() => meldingen.id),
    reden: text('reden'),
    voor: jsonb('voor'),
    na: jsonb('na'),
    idempotencyKey: text('idempotency_key').unique('audit_log_idempotency_key_key'),
  },
  (t) => [
    check('audit_log_actor_soort_check', inList(t.actorSoort, ACTOR_SOORTEN)),
    check('audit_log_actor_check', sql`${t.actorSoort} <> 'medewerker' or ${t.actorId} is not null`),
    check('audit_log_actie_check', sql`length(${t.actie}) > 0`),
    index('audit_log_melding_idx').on(t.meldingId, t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
  ],
);
