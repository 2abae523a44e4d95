// Access: browser sessions and API tokens. Only hashes of the secrets are stored.
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { medewerkers } from './organisatie';
import { timestamps } from './sql-helpers';

export const sessies = pgTable(
  'sessies',
  {
    /** SHA-256 (hex) of the session cookie value. */
    tokenHash: text('token_hash').primaryKey(),
    medewerkerId: integer('medewerker_id')
      .notNull()
      .references(() => medewerkers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', timestamps).notNull(),
  },
  (t) => [index('sessies_medewerker_idx').on(t.medewerkerId), index('sessies_expires_idx').on(t.expiresAt)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** SHA-256 (hex) of the bearer token. */
    tokenHash: text('token_hash').notNull().unique('api_tokens_token_hash_key'),
    medewerkerId: integer('medewerker_id')
      .notNull()
      .references(() => medewerkers.id, { onDelete: 'cascade' }),
    naam: text('naam').notNull(),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', timestamps),
    revokedAt: timestamp('revoked_at', timestamps),
  },
  (t) => [index('api_tokens_medewerker_idx').on(t.medewerkerId)],
);

/**
 * Failed sign-ins per e-mail address (per account, across client addresses and app instances). Keyed by a
 * hash of the lower-cased address, and kept for unknown addresses too, so a lockout does not reveal
 * whether an account exists. A success deletes the row; stale rows are swept.
 */
export const inlogBlokkades = pgTable(
  'inlog_blokkades',
  {
    /** SHA-256 (hex) of lower(email). */
    emailHash: text('email_hash').primaryKey(),
    mislukt: integer('mislukt').notNull().default(0),
    geblokkeerdTot: timestamp('geblokkeerd_tot', timestamps),
    laatstePoging: timestamp('laatste_poging', timestamps).notNull().defaultNow(),
  },
  (t) => [index('inlog_blokkades_laatste_idx').on(t.laatstePoging)],
);
