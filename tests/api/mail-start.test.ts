// The whole system as `npm start` runs it with SMTP_URL: the mail relay beside the in-process worker
// (app/temporal.ts) delivers the confirmation to the employer with its follow link filled in, and stops
// with the app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '../../app/logger';
import { startWerkroute, type RunningWerkroute } from '../../app/start';
import { loadConfig } from '../../config';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startSmtpSink, tekstVan, type SmtpSink } from '../helpers/smtp-sink';
import { waitFor } from '../helpers/temporal';

let t: TestDatabase;
let sink: SmtpSink;
let running: RunningWerkroute | undefined;
let dataDir: string;

beforeAll(async () => {
  [t, sink] = await Promise.all([createTestDatabase('mail_start'), startSmtpSink()]);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-mail-'));
  running = await startWerkroute({ ...loadConfig({}), port: 0, databaseUrl: t.url, dataDir, smtpUrl: sink.url }, { logger: silentLogger });
});
afterAll(async () => {
  await running?.stop();
  await sink?.stop();
  await t?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start with SMTP_URL', () => {
  test('the employer gets the confirmation with the follow link the API returned; the outbox keeps the placeholder', async () => {
    const res = await fetch(`${running!.url}/api/meldingen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        soort: 'aanbod',
        werkgever: { naam: 'Test BV', kvkNummer: '87654321', vestigingen: [{ postcode: '1621 AB', huisnummer: '1', plaats: 'Hoorn' }] },
        contactpersoon: { naam: 'Test Persoon', email: 'mail-start@example.nl' },
        sector: 'C',
        functies: [{ omschrijving: 'monteur', aantal: 1 }],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id, volgLink } = (await res.json()) as { id: string; volgLink: string };
    const mail = await waitFor(() => sink.to('mail-start@example.nl')[0], { what: 'confirmation mail', timeoutMs: 30_000 });
    expect(tekstVan(mail)).toContain(`Volg uw melding: ${volgLink}`);
    expect(mail.messageId).toMatch(/@werkroute>$/);
    const rijen = await t.sql<{ body: string; status: string }[]>`select body, status from outbox where melding_id = ${id} and ontvanger_contactpersoon_id is not null`;
    await waitFor(async () => (await t.sql`select 1 from outbox where melding_id = ${id} and ontvanger_contactpersoon_id is not null and status = 'sent'`).length > 0, { what: 'marked sent' });
    expect(rijen[0]!.body).toContain('{{volglink}}');
    expect(rijen[0]!.body).not.toContain(volgLink.split('/volg/')[1]!);
  });

  test('stops cleanly with the relay', async () => {
    const r = running!;
    running = undefined;
    await r.stop();
  });
});
