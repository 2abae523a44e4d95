// `npm run db:migrate`: apply migrations and reference data to DATABASE_URL, or to the embedded
// PostgreSQL under DATA_DIR when DATABASE_URL is not set. Errors: one line on stderr, exit 1.
import { loadConfig, redactUrl } from '../config';
import { createDbClient } from './client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { runMigrations } from './migrate';
import { seedReferenceData } from './seed';
import path from 'node:path';

let embedded: EmbeddedPostgres | undefined;
try {
  const config = loadConfig();
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort });
  }
  const url = config.databaseUrl ?? embedded!.url;
  await runMigrations(url).catch((err: Error) => {
    throw new Error(`migrating ${redactUrl(url)}: ${err.message}`);
  });
  const client = createDbClient(url, { max: 1 });
  try {
    const counts = await seedReferenceData(client.db);
    process.stdout.write(`migrations applied; reference data: ${counts.regios} regios, ${counts.gemeenten} gemeenten, ${counts.sbiSecties} SBI sections\n`);
  } finally {
    await client.close();
  }
  await embedded?.stop();
} catch (err) {
  await embedded?.stop().catch(() => {});
  process.stderr.write(`werkroute db:migrate: ${(err as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
}
