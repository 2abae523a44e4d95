// Tasks on someone's list: for a role (any regio contact / the team on duty) or a specific medewerker.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ROLLEN, TAAK_STATUSSEN } from './enums';
import { meldingen, meldingTrajecten } from './meldingen';
import { medewerkers } from './organisatie';
import { inList, timestamps } from './sql-helpers';

export const taken = pgTable(
  'taken',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meldingId: uuid('melding_id')
      .notNull()
      .references(() => meldingen.id, { onDelete: 'cascade' }),
    trajectId: uuid('traject_id').references(() => meldingTrajecten.id, { onDelete: 'cascade' }),
    rol: text('rol', { enum: ROLLEN }).notNull(),
    medewerkerId: integer('medewerker_id').references(() => medewerkers.id),
    /** Kind of task (intake, regio_beoordeling, wsp_contact, statusrapport, terugmelding, vervolg, …); free text, set by the workflows. */
    soort: text('soort').notNull(),
    due: timestamp('due', timestamps),
    status: text('status', { enum: TAAK_STATUSSEN }).notNull().default('open'),
    /** Makes task creation from activities safe to retry. */
    idempotencyKey: text('idempotency_key').notNull().unique('taken_idempotency_key_key'),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
    afgerondAt: timestamp('afgerond_at', timestamps),
    afgerondDoor: integer('afgerond_door').references(() => medewerkers.id),
  },
  (t) => [
    check('taken_rol_check', inList(t.rol, ROLLEN)),
    check('taken_status_check', inList(t.status, TAAK_STATUSSEN)),
    check('taken_soort_check', sql`length(${t.soort}) > 0`),
    index('taken_medewerker_status_due_idx').on(t.medewerkerId, t.status, t.due),
    index('taken_rol_status_due_idx').on(t.rol, t.status, t.due),
    index('taken_melding_idx').on(t.meldingId),
  ],
);
