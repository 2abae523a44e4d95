// No known credential reachable off-loopback: demo accounts only when asked and only on loopback, and a
// first start creates one beheerder with a random password instead.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '../../app/logger';
import { startWerkroute } from '../../app/start';
import { ConfigError, loadConfig } from '../../config';
import { seedDemoData } from '../../db/demo-seed';
import { zorgVoorBeheerder } from '../../db/eerste-beheerder';
import { verifyPassword } from '../../db/password';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('inrichting');
});
afterAll(async () => {
  await t?.drop();
});

const config = (env: Record<string, string> = {}) => ({ ...loadConfig(env), port: 0, databaseUrl: t.url });

describe('start-up without a known credential off-loopback', () => {
  test('listens on loopback by default and creates one beheerder, with a password that signs in, once', async () => {
    const lines: { msg: string; email?: string; password?: string }[] = [];
    const logger = { ...silentLogger, warn: (msg: string, meta?: Record<string, unknown>) => lines.push({ msg, ...meta }) } as typeof silentLogger;
    const running = await startWerkroute(config(), { temporal: false, logger });
    try {
      const eerste = lines.find((l) => l.msg.startsWith('first beheerder created'));
      expect(eerste?.email).toBe('beheerder@werkroute.local');
      // Signing in through HTTP is in health-server-process.test.ts (npm start); here the stored hash.
      const rows = await t.sql<{ password_hash: string }[]>`select password_hash from medewerkers where rol = 'beheerder'`;
      expect(rows).toHaveLength(1);
      expect(await verifyPassword(eerste!.password!, rows[0]!.password_hash)).toBe(true);
      expect(await zorgVoorBeheerder(t.db, 'tweede@werkroute.local')).toBeUndefined();
      expect(running.address).toBe('127.0.0.1');
    } finally {
      await running.stop();
    }
  });

  test('refuses demo data on a non-loopback HOST with a message naming the fix', async () => {
    await expect(startWerkroute(config({ HOST: '0.0.0.0', DEMO_DATA: '1' }), { temporal: false, logger: silentLogger })).rejects.toThrow(ConfigError);
    await expect(startWerkroute(config({ HOST: '0.0.0.0', DEMO_DATA: '1' }), { temporal: false, logger: silentLogger })).rejects.toThrow(
      /demo accounts share a published password and are served on loopback only; unset DEMO_DATA or set HOST=127.0.0.1/,
    );
  });

  test('refuses a non-loopback HOST while demo accounts with the published password are active', async () => {
    const d = await createTestDatabase('inrichting_demo');
    try {
      await seedDemoData(d.db);
      const start = () => startWerkroute({ ...loadConfig({ HOST: '0.0.0.0' }), port: 0, databaseUrl: d.url }, { temporal: false, logger: silentLogger });
      await expect(start()).rejects.toThrow(/demo accounts with the published password are still active/);
      await d.sql`update medewerkers set actief = false where email like '%@werkroute.example'`;
      const running = await start();
      expect(running.address).toBe('0.0.0.0');
      await running.stop();
    } finally {
      await d.drop();
    }
  });
});
