// Reference data from CBS (data/*.csv), loaded by db/seed.ts. Codes are the keys; join on codes, never names.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, integer } from 'drizzle-orm/pg-core';
import { SBI_VERSIES } from './enums';
import { inList } from './sql-helpers';

/** Arbeidsmarktregio's (35, CBS codes AM01–AM38 with gaps). */
export const regios = pgTable(
  'regios',
  {
    code: text('code').primaryKey(),
    naam: text('naam').notNull(),
    centrumgemeente: text('centrumgemeente'),
  },
  (t) => [check('regios_code_check', sql`${t.code} ~ '^AM[0-9]{2}$'`)],
);

/** Municipalities (342 in 2026), each in exactly one regio. */
export const gemeenten = pgTable(
  'gemeenten',
  {
    code: text('code').primaryKey(),
    naam: text('naam').notNull(),
    regioCode: text('regio_code')
      .notNull()
      .references(() => regios.code),
    provincieCode: text('provincie_code').notNull(),
    provincie: text('provincie').notNull(),
  },
  (t) => [
    check('gemeenten_code_check', sql`${t.code} ~ '^GM[0-9]{4}$'`),
    index('gemeenten_regio_idx').on(t.regioCode),
    // A submission looks up the regio of each location by place name, case-insensitively.
    index('gemeenten_naam_lower_idx').on(sql`lower(${t.naam})`),
  ],
);

/** SBI top-level sections (sector), per SBI version ('2008', '2025'). */
export const sbiSecties = pgTable(
  'sbi_secties',
  {
    versie: text('versie', { enum: SBI_VERSIES }).notNull(),
    letter: text('letter').notNull(),
    naam: text('naam').notNull(),
    naamEn: text('naam_en'),
    divisies: text('divisies'),
    volgorde: integer('volgorde').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'sbi_secties_pkey', columns: [t.versie, t.letter] }),
    check('sbi_secties_versie_check', inList(t.versie, SBI_VERSIES)),
    check('sbi_secties_letter_check', sql`${t.letter} ~ '^[A-Z]$'`),
  ],
);
