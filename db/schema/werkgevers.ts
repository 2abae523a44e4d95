// Employers, their locations and their contact persons. Contact persons are personal data (AVG):
// keep them out of Temporal payloads and logs (ids only), and delete them when retention ends
// (meldingen.contactpersoon_id is ON DELETE SET NULL).
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { gemeenten, regios } from './referentie';
import { timestamps } from './sql-helpers';

export const werkgevers = pgTable(
  'werkgevers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** KvK number: exactly 8 digits, stored as text (no check digit). */
    kvkNummer: text('kvk_nummer').notNull().unique('werkgevers_kvk_nummer_key'),
    naam: text('naam').notNull(),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', timestamps).notNull().defaultNow(),
  },
  (t) => [check('werkgevers_kvk_nummer_check', sql`${t.kvkNummer} ~ '^[0-9]{8}$'`)],
);

export const vestigingen = pgTable(
  'vestigingen',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    werkgeverId: integer('werkgever_id')
      .notNull()
      .references(() => werkgevers.id, { onDelete: 'cascade' }),
    /** Normalised `1234 AB`; letter pairs SA, SD and SS are not issued. */
    postcode: text('postcode').notNull(),
    huisnummer: integer('huisnummer').notNull(),
    toevoeging: text('toevoeging'),
    plaats: text('plaats').notNull(),
    gemeenteCode: text('gemeente_code').references(() => gemeenten.code),
    regioCode: text('regio_code').references(() => regios.code),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
  },
  (t) => [
    check(
      'vestigingen_postcode_check',
      sql`${t.postcode} ~ '^[1-9][0-9]{3} [A-Z]{2}$' and right(${t.postcode}, 2) not in ('SA', 'SD', 'SS')`,
    ),
    check('vestigingen_huisnummer_check', sql`${t.huisnummer} > 0`),
    // One row per address of an employer: a resubmission adds only new addresses (ON CONFLICT DO NOTHING on
    // this index), and finding the existing one is an index probe, not a scan of every location.
    uniqueIndex('vestigingen_adres_key').on(t.werkgeverId, t.postcode, t.huisnummer, sql`coalesce(lower(${t.toevoeging}), '')`),
    index('vestigingen_regio_idx').on(t.regioCode),
  ],
);

/** Personal data: name, e-mail, phone. */
export const contactpersonen = pgTable(
  'contactpersonen',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    werkgeverId: integer('werkgever_id')
      .notNull()
      .references(() => werkgevers.id, { onDelete: 'cascade' }),
    naam: text('naam').notNull(),
    email: text('email').notNull(),
    telefoon: text('telefoon'),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
  },
  (t) => [
    check('contactpersonen_email_check', sql`${t.email} like '%_@_%'`),
    index('contactpersonen_werkgever_idx').on(t.werkgeverId),
  ],
);
