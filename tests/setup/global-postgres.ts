// vitest globalSetup: ONE embedded PostgreSQL per test run, in a temp directory on a free port (several runs
// can share a machine), with a migrated and seeded template database. Test files clone it with
// createTestDatabase() (tests/helpers/db.ts): CREATE DATABASE … TEMPLATE is much faster than migrating.
// The cluster is ours even when DATABASE_URL is set in the environment: tests never touch a configured database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDbClient } from '../../db/client';
import { startEmbeddedPostgres } from '../../db/embedded';
import { runMigrations } from '../../db/migrate';
import { seedReferenceData } from '../../db/seed';

export const TEMPLATE_DATABASE = 'werkroute_template';

export interface TestPostgresInfo {
  /** URL of the cluster's `postgres` maintenance database (superuser). */
  adminUrl: string;
  /** URL of the template database: migrated + reference data, no demo data. Do not connect to it in tests. */
  templateUrl: string;
  templateDatabase: string;
  port: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    werkroutePostgres: TestPostgresInfo;
  }
}

export default async function setup(project: TestProject) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-test-pg-'));
  fs.chmodSync(root, 0o755); // as root, PostgreSQL runs as the postgres user and must enter this directory
  const debug = process.env.LOG_LEVEL === 'debug';
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(root, 'postgres'),
    database: TEMPLATE_DATABASE,
    ephemeral: true,
    onLog: debug ? (line) => process.stderr.write(`[postgres] ${line}\n`) : undefined,
  });
  try {
    await runMigrations(pg.url);
    const client = createDbClient(pg.url, { max: 1 });
    try {
      await seedReferenceData(client.db);
    } finally {
      await client.close();
    }
  } catch (err) {
    await pg.stop();
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }

  project.provide('werkroutePostgres', {
    adminUrl: pg.adminUrl,
    templateUrl: pg.url,
    templateDatabase: TEMPLATE_DATABASE,
    port: pg.port,
  });

  return async () => {
    await pg.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
}
