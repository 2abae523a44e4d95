// The whole system as `npm start` runs it (embedded Temporal-compatible server + worker + API):
// /api/health reports Temporal, and reports it down once the Temporal side is gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '../../app/logger';
import { startWerkroute, type RunningWerkroute } from '../../app/start';
import { ConfigError, loadConfig } from '../../config';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
let running: RunningWerkroute;
let dataDir: string;

beforeAll(async () => {
  t = await createTestDatabase('health_temporal');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-health-'));
  running = await startWerkroute({ ...loadConfig({}), port: 0, databaseUrl: t.url, dataDir }, { logger: silentLogger });
});
afterAll(async () => {
  await running?.stop();
  await t?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /api/health with the embedded Temporal server', () => {
  test('reports database and temporal up, and keeps the Temporal state in the same PostgreSQL (schema temporal)', async () => {
    const res = await fetch(`${running.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: { status: 'up' }, temporal: { status: 'up' } } });
    expect(fs.existsSync(path.join(dataDir, 'temporal', 'journal.jsonl'))).toBe(false);
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from temporal.namespaces where name = 'default'`;
    expect(row!.n).toBe(1);
  });

  test('a second instance on the same database without TEMPORAL_ADDRESS stops at start with a clear message', async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-health-2-'));
    try {
      const second = startWerkroute({ ...loadConfig({}), port: 0, databaseUrl: t.url, dataDir: otherDir }, { logger: silentLogger });
      await expect(second).rejects.toThrow(/another embedded Temporal server already uses schema "temporal" of this database/);
      await expect(second).rejects.toBeInstanceOf(ConfigError);
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  test('a submitted melding gets its workflow, whose live state the worker answers', async () => {
    const res = await fetch(`${running.url}/api/meldingen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        soort: 'aanbod',
        werkgever: { naam: 'Test BV', kvkNummer: '87654321', vestigingen: [{ postcode: '1621 AB', huisnummer: '1', plaats: 'Hoorn' }] },
        contactpersoon: { naam: 'Test Persoon', email: 'test@example.nl' },
        sector: 'C',
        functies: [{ omschrijving: 'monteur', aantal: 1 }],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const handle = running.temporal!.client.workflow.getHandle(`melding-${id}`);
    const deadline = Date.now() + 30_000;
    let status: unknown = null;
    while (status === null && Date.now() < deadline) {
      status = await handle.query('meldingStatus').catch(() => null);
      if (status === null) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toMatchObject({ meldingId: id, soort: 'aanbod' });
  });

  test('503 with temporal down once the Temporal side has stopped', async () => {
    await running.temporal!.stop();
    const res = await fetch(`${running.url}/api/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: Record<string, { status: string }> };
    expect(body.checks.database?.status).toBe('up');
    expect(body.checks.temporal?.status).toBe('down');
  });
});
