// A fresh database per test file, cloned from the migrated + seeded template of the run
// (tests/setup/global-postgres.ts):
//
//   const t = await createTestDatabase();      // { name, url, sql, db, drop() }
//   afterAll(() => t.drop());
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDbClient, type Db, type Sql } from '../../db/client';

export interface TestDatabase {
  name: string;
  /** Connection URL (superuser of the throw-away test cluster). */
  url: string;
  sql: Sql;
  db: Db;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export function testPostgres() {
  return inject('werkroutePostgres');
}

export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const info = testPostgres();
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  await withAdmin(async (admin) => {
    // Concurrent clones of one template are fine; retry if a connection to the template is open for a moment.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${info.templateDatabase}"`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  });
  const url = databaseUrl(name);
  const client = createDbClient(url, { max: 5, applicationName: 'werkroute-test' });
  let dropped = false;
  return {
    name,
    url,
    sql: client.sql,
    db: client.db,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await client.close();
      await withAdmin((admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** URL of another database on the test cluster. */
export function databaseUrl(database: string): string {
  const u = new URL(testPostgres().adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const admin = postgres(testPostgres().adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
