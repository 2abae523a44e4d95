// Database of outcomes ("geslaagde cases"): one row per melding × regio × ronde at terugmelding.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { OPLOSSINGEN, SBI_VERSIES, UITKOMST_RESULTATEN } from './enums';
import { meldingen, meldingTrajecten } from './meldingen';
import { medewerkers } from './organisatie';
import { regios, sbiSecties } from './referentie';
import { inList, timestamps } from './sql-helpers';

export const uitkomsten = pgTable(
  'uitkomsten',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    meldingId: uuid('melding_id')
      .notNull()
      .references(() => meldingen.id, { onDelete: 'cascade' }),
    trajectId: uuid('traject_id').references(() => meldingTrajecten.id, { onDelete: 'set null' }),
    regioCode: text('regio_code')
      .notNull()
      .references(() => regios.code),
    ronde: integer('ronde').notNull().default(1),
    sbiVersie: text('sbi_versie', { enum: SBI_VERSIES }),
    sectorLetter: text('sector_letter'),
    resultaat: text('resultaat', { enum: UITKOMST_RESULTATEN }).notNull(),
    aantalGeplaatst: integer('aantal_geplaatst').notNull().default(0),
    oplossing: text('oplossing', { enum: OPLOSSINGEN }).notNull(),
    /** Calendar days from receipt of the melding to the terugmelding. */
    doorlooptijdDagen: integer('doorlooptijd_dagen').notNull(),
    toelichting: text('toelichting'),
    geregistreerdDoor: integer('geregistreerd_door').references(() => medewerkers.id),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
  },
  (t) => [
    unique('uitkomsten_melding_regio_ronde_key').on(t.meldingId, t.regioCode, t.ronde),
    check('uitkomsten_resultaat_check', inList(t.resultaat, UITKOMST_RESULTATEN)),
    check('uitkomsten_oplossing_check', inList(t.oplossing, OPLOSSINGEN)),
    check('uitkomsten_aantal_check', sql`${t.aantalGeplaatst} >= 0`),
    check('uitkomsten_doorlooptijd_check', sql`${t.doorlooptijdDagen} >= 0`),
    check('uitkomsten_ronde_check', sql`${t.ronde} >= 1`),
    foreignKey({
      name: 'uitkomsten_sector_fk',
      columns: [t.sbiVersie, t.sectorLetter],
      foreignColumns: [sbiSecties.versie, sbiSecties.letter],
    }),
    index('uitkomsten_regio_idx').on(t.regioCode, t.resultaat),
    index('uitkomsten_sector_idx').on(t.sbiVersie, t.sectorLetter),
  ],
);
