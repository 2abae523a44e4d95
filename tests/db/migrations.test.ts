// Migrations: from scratch, re-run (idempotent), concurrently, and in step with the drizzle schema.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableName, is, Table } from 'drizzle-orm';
import { migrationsFolder, runMigrations } from '../../db/migrate';
import * as schema from '../../db/schema';
import { databaseUrl, withAdmin } from '../helpers/db';
import postgres from 'postgres';

const name = `migrate_${process.pid}_${Date.now()}`;
const url = () => databaseUrl(name);
let sql: postgres.Sql;

beforeAll(async () => {
  await withAdmin((admin) => admin.unsafe(`create database "${name}"`)); // empty: not from the template
  sql = postgres(url(), { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await withAdmin((admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
});

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, Table));

describe('migrations', () => {
  test('create every table of the drizzle schema on an empty database', async () => {
    await runMigrations(url());
    const rows = await sql`select table_name from information_schema.tables where table_schema = 'public'`;
    const actual = new Set(rows.map((r) => r.table_name as string));
    for (const table of tables) expect(actual, getTableName(table)).toContain(getTableName(table));
  });

  test('every column of the schema exists', async () => {
    const rows = await sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`;
    const actual = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    for (const table of tables) {
      const config = getTableConfig(table);
      for (const column of config.columns) expect(actual).toContain(`${config.name}.${column.name}`);
    }
  });

  test('re-running is a no-op, also concurrently', async () => {
    await Promise.all([runMigrations(url()), runMigrations(url()), runMigrations(url())]);
    const [applied] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(applied!.n).toBe(journal.entries.length);
  });

  test('the audit trigger is installed', async () => {
    const rows = await sql`select tgname from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal order by tgname`;
    expect(rows.map((r) => r.tgname)).toEqual(['audit_log_no_truncate', 'audit_log_no_update_delete']);
  });
});
