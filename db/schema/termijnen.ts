// Clock records: every deadline a role owns, the calendar version it was computed with, and how late it ended.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ROLLEN, TERMIJN_SOORTEN, TERMIJN_STATUSSEN } from './enums';
import { meldingen, meldingTrajecten } from './meldingen';
import { inList, timestamps } from './sql-helpers';

export const termijnen = pgTable(
  'termijnen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meldingId: uuid('melding_id')
      .notNull()
      .references(() => meldingen.id, { onDelete: 'cascade' }),
    trajectId: uuid('traject_id').references(() => meldingTrajecten.id, { onDelete: 'cascade' }),
    soort: text('soort', { enum: TERMIJN_SOORTEN }).notNull(),
    eigenaarRol: text('eigenaar_rol', { enum: ROLLEN }).notNull(),
    gestartAt: timestamp('gestart_at', timestamps).notNull().defaultNow(),
    deadline: timestamp('deadline', timestamps).notNull(),
    /** Version of the working-day calendar the deadline was computed with. */
    kalenderVersie: text('kalender_versie').notNull(),
    /** Human explanation of the computation ("ontvangen vr 24-04 15:00; 27-04 Koningsdag; 1 werkdag → di 28-04 17:00"). */
    uitleg: text('uitleg'),
    status: text('status', { enum: TERMIJN_STATUSSEN }).notNull().default('lopend'),
    gestoptAt: timestamp('gestopt_at', timestamps),
    /** Milliseconds past the deadline when stopped (0 or null = on time). */
    teLaatMs: bigint('te_laat_ms', { mode: 'number' }),
    /** Clock id within the melding workflow ('intake', 'AM01:wsp_reactie', …): the projection upserts on it. */
    sleutel: text('sleutel').unique('termijnen_sleutel_key'),
    /** Whole working days late when stopped (breach reporting per regio). */
    teLaatWerkdagen: integer('te_laat_werkdagen'),
    /** Moment the deadline passed with the clock still running (the breach record); null = never breached. */
    overschredenAt: timestamp('overschreden_at', timestamps),
    /** Escalations sent so far (at the deadline, then each working day). */
    escalaties: integer('escalaties').notNull().default(0),
  },
  (t) => [
    check('termijnen_soort_check', inList(t.soort, TERMIJN_SOORTEN)),
    check('termijnen_eigenaar_rol_check', inList(t.eigenaarRol, ROLLEN)),
    check('termijnen_status_check', inList(t.status, TERMIJN_STATUSSEN)),
    check('termijnen_te_laat_check', sql`${t.teLaatMs} is null or ${t.teLaatMs} >= 0`),
    check('termijnen_gestopt_check', sql`(${t.status} = 'lopend') = (${t.gestoptAt} is null)`),
    index('termijnen_melding_idx').on(t.meldingId),
    index('termijnen_traject_idx').on(t.trajectId),
    index('termijnen_lopend_deadline_idx').on(t.deadline).where(sql`${t.status} = 'lopend'`),
  ],
);
