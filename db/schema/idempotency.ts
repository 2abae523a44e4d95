// Idempotent API submissions.
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { timestamps } from './sql-helpers';

/** Stored responses of idempotent API submissions (Idempotency-Key header), per scope (e.g. route + caller). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** Hash of the request body, to reject the same key with a different body. */
    requestHash: text('request_hash'),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', timestamps).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pkey', columns: [t.scope, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
