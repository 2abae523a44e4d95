// The beheerder's view of undeliverable mail: a permanent SMTP refusal ends as 'failed' and shows in
// GET /api/beheer/mail (no body, no address); POST …/opnieuw requeues it and the relay delivers it with the
// same Message-ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startMailRelay, type MailRelay } from '../../activities/mail-relay';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { createDbClient, type DbClient } from '../../db/client';
import { OUTBOX_KANAAL, outbox } from '../../db/schema';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { ACCOUNTS, startApiHarness, waitFor, type ApiHarness } from './harness';

let h: ApiHarness;
let sink: SmtpSink;
let pool: DbClient;
let mailer: Mailer;
let relay: MailRelay;
let beheerder: string;

beforeAll(async () => {
  [h, sink] = await Promise.all([startApiHarness(), startSmtpSink()]);
  pool = createDbClient(h.db.url, { max: 3, applicationName: 'test-relay' });
  mailer = createSmtpMailer(sink.url, { timeoutMs: 2000 });
  relay = await startMailRelay({ db: pool.db, sql: pool.sql, mailer, pollMs: 60_000, backoffMs: 100 });
  beheerder = await h.login(ACCOUNTS.beheerder);
});
afterAll(async () => {
  await relay?.stop();
  mailer?.close();
  await pool?.close();
  await sink?.stop();
  await h?.stop();
});

describe('GET /api/beheer/mail and POST /api/beheer/mail/{id}/opnieuw', () => {
  it('a 5xx refusal shows as undeliverable without body or address; requeueing delivers it with the same Message-ID', async () => {
    const [team] = await h.db.sql`select id, email from medewerkers where email = ${ACCOUNTS.team}`;
    sink.weiger = () => ({ code: 550, tekst: `Mailbox ${team!.email as string} does not exist` });
    const [rij] = await h.db.db.transaction(async (tx) => {
      const r = await tx.insert(outbox).values({ idempotencyKey: 'beheer-test:1', ontvangerMedewerkerId: team!.id as number, onderwerp: 'Nieuwe vraag 1234', body: 'Geheime tekst van de mail\n' }).returning({ id: outbox.id });
      await tx.execute(sql`select pg_notify(${OUTBOX_KANAAL}, '')`);
      return r;
    });
    const id = rij!.id;
    await waitFor(async () => (await h.db.sql`select 1 from outbox where id = ${id} and status = 'failed'`).length > 0, { what: 'row failed' });

    const lijst = await h.req('GET', '/api/beheer/mail?status=failed', { token: beheerder });
    expect(lijst.status).toBe(200);
    const item = (lijst.body.items as { id: number }[]).find((x) => x.id === id);
    expect(item).toEqual({
      id,
      aangemaakt: expect.any(String),
      status: 'failed',
      ontvanger: 'medewerker',
      medewerkerId: team!.id,
      onderwerp: 'Nieuwe vraag 1234',
      pogingen: 1,
      laatsteFout: expect.stringContaining('550'),
      volgendePoging: null,
      verzonden: null,
    });
    expect(JSON.stringify(lijst.body)).not.toContain('@');
    expect(JSON.stringify(lijst.body)).not.toContain('Geheime tekst');
    // Default status: failed.
    expect(((await h.req('GET', '/api/beheer/mail', { token: beheerder })).body.items as { id: number }[]).map((x) => x.id)).toContain(id);

    sink.weiger = undefined;
    expect((await h.req('POST', `/api/beheer/mail/${id}/opnieuw`, { token: beheerder })).status).toBe(204);
    await waitFor(async () => (await h.db.sql`select 1 from outbox where id = ${id} and status = 'sent'`).length > 0, { what: 'requeued row sent' });
    expect(sink.messages.map((m) => m.messageId)).toEqual(['<beheer-test:1@werkroute>']);
    const [audit] = await h.db.sql`select na from audit_log where actie = 'beheer.mail_opnieuw'`;
    expect(audit?.na).toEqual({ outboxId: id });

    const verzonden = await h.req('GET', '/api/beheer/mail?status=sent', { token: beheerder });
    expect((verzonden.body.items as { id: number; pogingen: number }[]).find((x) => x.id === id)).toMatchObject({ pogingen: 1, verzonden: expect.any(String) });
  });

  it('only an undeliverable mail can be requeued; an unknown id is 404, a bad status 400', async () => {
    const [sent] = await h.db.sql`select id from outbox where status = 'sent' limit 1`;
    expect((await h.req('POST', `/api/beheer/mail/${sent!.id as number}/opnieuw`, { token: beheerder })).status).toBe(409);
    expect((await h.req('POST', '/api/beheer/mail/999999/opnieuw', { token: beheerder })).status).toBe(404);
    expect((await h.req('GET', '/api/beheer/mail?status=kwijt', { token: beheerder })).status).toBe(400);
  });
});
