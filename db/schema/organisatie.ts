// Who works the werkroute: WSPs, medewerkers (all roles), the receiving contact (+ achtervang) per regio, the duty roster.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { ROLLEN } from './enums';
import { regios } from './referentie';
import { inList, timestamps } from './sql-helpers';

/** Werkgeversservicepunten; a regio can have more than one (e.g. Zuid-Limburg). */
export const wsps = pgTable(
  'wsps',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    regioCode: text('regio_code')
      .notNull()
      .references(() => regios.code),
    naam: text('naam').notNull(),
    email: text('email'),
    actief: boolean('actief').notNull().default(true),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
  },
  (t) => [index('wsps_regio_idx').on(t.regioCode), unique('wsps_regio_naam_key').on(t.regioCode, t.naam)],
);

/** Staff of every role. Deactivate (actief = false) instead of deleting: the audit log refers to them. */
export const medewerkers = pgTable(
  'medewerkers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    naam: text('naam').notNull(),
    email: text('email').notNull(),
    rol: text('rol', { enum: ROLLEN }).notNull(),
    wspId: integer('wsp_id').references(() => wsps.id),
    /** scrypt hash (db/password.ts); null = cannot log in with a password. */
    passwordHash: text('password_hash'),
    actief: boolean('actief').notNull().default(true),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', timestamps).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('medewerkers_email_key').on(sql`lower(${t.email})`),
    check('medewerkers_rol_check', inList(t.rol, ROLLEN)),
    check('medewerkers_wsp_check', sql`${t.rol} <> 'wsp' or ${t.wspId} is not null`),
    check('medewerkers_email_check', sql`${t.email} like '%_@_%'`),
    index('medewerkers_rol_idx').on(t.rol, t.actief),
  ],
);

/** One receiving contact per regio, with a backup (achtervang) who takes over after a missed acknowledgement. */
export const regioContacten = pgTable(
  'regio_contacten',
  {
    regioCode: text('regio_code')
      .primaryKey()
      .references(() => regios.code),
    medewerkerId: integer('medewerker_id')
      .notNull()
      .references(() => medewerkers.id),
    achtervangId: integer('achtervang_id').references(() => medewerkers.id),
    updatedAt: timestamp('updated_at', timestamps).notNull().defaultNow(),
  },
  (t) => [
    check('regio_contacten_achtervang_check', sql`${t.achtervangId} is null or ${t.achtervangId} <> ${t.medewerkerId}`),
    index('regio_contacten_medewerker_idx').on(t.medewerkerId),
    index('regio_contacten_achtervang_idx').on(t.achtervangId),
  ],
);

/** Duty roster of Team NLWerktDoor: who follows up new meldingen on which working day. */
export const rooster = pgTable(
  'rooster',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    datum: date('datum', { mode: 'string' }).notNull(),
    medewerkerId: integer('medewerker_id')
      .notNull()
      .references(() => medewerkers.id),
  },
  (t) => [unique('rooster_datum_medewerker_key').on(t.datum, t.medewerkerId), index('rooster_medewerker_idx').on(t.medewerkerId)],
);

/** Regional partners a regio-contact may copy when forwarding to the WSP (werkroute: "cc"). */
export const REGIO_PARTNER_SOORTEN = ['vno_ncw_mkb', 'pow_regisseur'] as const;
export type RegioPartnerSoort = (typeof REGIO_PARTNER_SOORTEN)[number];

/** Per regio at most one VNO-NCW/MKB-Nederland representative and one Perspectief op Werk regio-regisseur. */
export const regioPartners = pgTable(
  'regio_partners',
  {
    regioCode: text('regio_code')
      .notNull()
      .references(() => regios.code),
    soort: text('soort').$type<RegioPartnerSoort>().notNull(),
    naam: text('naam').notNull(),
    email: text('email').notNull(),
    updatedAt: timestamp('updated_at', timestamps).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('regio_partners_regio_soort_key').on(t.regioCode, t.soort),
    check('regio_partners_soort_check', inList(t.soort, REGIO_PARTNER_SOORTEN)),
    check('regio_partners_email_check', sql`${t.email} ~ '^[^@[:space:]]+@[^@[:space:]]+$'`),
  ],
);
