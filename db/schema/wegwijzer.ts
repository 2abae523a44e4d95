// The wegwijzer: regional and sectoral initiatives, maintained by an editor (beheerder).
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { SBI_VERSIES } from './enums';
import { regios, sbiSecties } from './referentie';
import { timestamps } from './sql-helpers';

export const initiatieven = pgTable(
  'initiatieven',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    titel: text('titel').notNull(),
    omschrijving: text('omschrijving').notNull(),
    /** null = national. */
    regioCode: text('regio_code').references(() => regios.code),
    /** null = every sector. */
    sbiVersie: text('sbi_versie', { enum: SBI_VERSIES }),
    sectorLetter: text('sector_letter'),
    url: text('url'),
    actief: boolean('actief').notNull().default(true),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', timestamps).notNull().defaultNow(),
  },
  (t) => [
    check('initiatieven_url_check', sql`${t.url} is null or ${t.url} ~ '^https?://'`),
    check('initiatieven_sector_check', sql`(${t.sbiVersie} is null) = (${t.sectorLetter} is null)`),
    foreignKey({
      name: 'initiatieven_sector_fk',
      columns: [t.sbiVersie, t.sectorLetter],
      foreignColumns: [sbiSecties.versie, sbiSecties.letter],
    }),
    index('initiatieven_regio_idx').on(t.regioCode),
  ],
);
