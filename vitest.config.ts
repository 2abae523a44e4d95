import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/setup/global-postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      // The application.
      { extends: true, test: { name: 'werkroute', include: ['tests/**/*.test.ts'], exclude: ['tests/temporal-server/**', 'tests/temporal/**'] } },
      // The package @werkroute/temporal-server: its own tests and the Temporal conformance suite, on the
      // PostgreSQL store (what npm start runs).
      { extends: true, test: { name: 'temporal-server', include: ['tests/temporal-server/**/*.test.ts', 'tests/temporal/**/*.test.ts'] } },
      // The conformance suite once more with the --db-filename file store of bin/embedded-temporal.
      {
        extends: true,
        test: { name: 'conformance-file', include: ['tests/temporal/**/*.test.ts'], exclude: ['tests/temporal/durability.test.ts'], env: { CONFORMANCE_STORE: 'file' } },
      },
    ],
  },
});
