// What a case may show beyond its facts. Kept apart from `uitkomsten` (written by the workflow) so that
// sharing a story and the employer's consent never touch the werkroute or its history.
import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { meldingen } from './meldingen';
import { medewerkers } from './organisatie';
import { timestamps } from './sql-helpers';
import { uitkomsten } from './uitkomsten';

/** The regio's anonymised story of one outcome, and whether it may appear on the public Voorbeelden page. */
export const caseVerhalen = pgTable(
  'case_verhalen',
  {
    uitkomstId: integer('uitkomst_id')
      .primaryKey()
      .references(() => uitkomsten.id, { onDelete: 'cascade' }),
    deelbaar: boolean('deelbaar').notNull().default(false),
    verhaal: text('verhaal'),
    bijgewerktDoor: integer('bijgewerkt_door').references(() => medewerkers.id),
    bijgewerktAt: timestamp('bijgewerkt_at', timestamps).notNull().defaultNow(),
  },
  (t) => [check('case_verhalen_deelbaar_check', sql`not ${t.deelbaar} or coalesce(length(${t.verhaal}), 0) > 0`)],
);

/** The employer's answer, given on the follow page, to "may we show your organisation's name with an example?". */
export const naamToestemmingen = pgTable('naam_toestemmingen', {
  meldingId: uuid('melding_id')
    .primaryKey()
    .references(() => meldingen.id, { onDelete: 'cascade' }),
  naamTonen: boolean('naam_tonen').notNull(),
  gegevenAt: timestamp('gegeven_at', timestamps).notNull().defaultNow(),
});

/** Per medewerker: whether the Monday report mail goes out to them (default on; the beheerder turns it off). */
export const weekrapportOntvangers = pgTable('weekrapport_ontvangers', {
  medewerkerId: integer('medewerker_id')
    .primaryKey()
    .references(() => medewerkers.id, { onDelete: 'cascade' }),
  aan: boolean('aan').notNull(),
  bijgewerktAt: timestamp('bijgewerkt_at', timestamps).notNull().defaultNow(),
});
