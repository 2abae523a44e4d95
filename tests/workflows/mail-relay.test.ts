// The mail relay against PostgreSQL and a real SMTP sink: woken by NOTIFY, rows claimed with SKIP LOCKED,
// a crash between delivery and "sent" resends with the same Message-ID and nothing else is ever doubled,
// transient failures back off, permanent ones end as 'failed', the follow link is filled in at sending.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMeldingActivities } from '../../activities/melding';
import { backoffNa, permanent, startMailRelay, type MailRelay, type MailRelayOpties } from '../../activities/mail-relay';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { createDbClient, type DbClient } from '../../db/client';
import { contactpersonen, medewerkers, meldingen, outbox, OUTBOX_KANAAL, werkgevers } from '../../db/schema';
import { versleutel, volglinkSleutel, volgTokenHash } from '../../security/volglink';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startSmtpSink, tekstVan, type SmtpSink } from '../helpers/smtp-sink';
import { waitFor } from '../helpers/temporal';

let t: TestDatabase;
let sink: SmtpSink;
let meldingId: string;
let teamId: number;
const VOLG_SLEUTEL = volglinkSleutel(randomBytes(32));
const VOLG_TOKEN = randomBytes(32).toString('base64url');
const env = new MockActivityEnvironment();

/** Relays (with their own pools, as in the worker process) started by a test; stopped after it. */
const draaiend: { relay: MailRelay; pool: DbClient; mailer: Mailer }[] = [];
async function relay(extra: Partial<MailRelayOpties> & { mailer?: Mailer; pool?: DbClient } = {}) {
  const pool = extra.pool ?? createDbClient(t.url, { max: 5, applicationName: 'test-relay' });
  const mailer = extra.mailer ?? createSmtpMailer(sink.url, { timeoutMs: 2000 });
  const r = await startMailRelay({ db: pool.db, sql: pool.sql, mailer, pollMs: 60_000, backoffMs: 100, maxBackoffMs: 400, appUrl: 'https://werkroute.example.nl', volglinkSleutel: VOLG_SLEUTEL, ...extra });
  draaiend.push({ relay: r, pool, mailer });
  return r;
}

/** Rows straight into the outbox, with the NOTIFY a writer gives. */
async function rijen(prefix: string, n: number, extra: Partial<typeof outbox.$inferInsert> = {}): Promise<string[]> {
  const keys = Array.from({ length: n }, (_, i) => `${prefix}:${i}`);
  await t.db.transaction(async (tx) => {
    await tx.insert(outbox).values(keys.map((k) => ({ idempotencyKey: k, ontvangerMedewerkerId: teamId, meldingId, onderwerp: `Onderwerp ${k}`, body: `Tekst ${k}\n`, ...extra })));
    await tx.execute(sql`select pg_notify(${OUTBOX_KANAAL}, '')`);
  });
  return keys;
}

const status = async (keys: string[]) =>
  (await t.db.select({ key: outbox.idempotencyKey, status: outbox.status, attempts: outbox.attempts, lastError: outbox.lastError, next: outbox.nextAttemptAt }).from(outbox)).filter((r) => keys.includes(r.key));
const alleVerzonden = async (keys: string[]) => {
  const s = await status(keys);
  return s.length === keys.length && s.every((r) => r.status === 'sent');
};
const mid = (key: string) => `<${key}@werkroute>`;
const van = (keys: string[]) => sink.messages.filter((m) => keys.some((k) => m.messageId === mid(k)));

beforeAll(async () => {
  [t, sink] = await Promise.all([createTestDatabase('mail_relay'), startSmtpSink()]);
  const w = await t.db.insert(werkgevers).values({ kvkNummer: '11223355', naam: 'BV Relay' }).returning({ id: werkgevers.id });
  const c = await t.db.insert(contactpersonen).values({ werkgeverId: w[0]!.id, naam: 'C', email: 'c@werkgever.test' }).returning({ id: contactpersonen.id });
  meldingId = randomUUID();
  await t.db.insert(meldingen).values({ id: meldingId, soort: 'vraag', werkgeverId: w[0]!.id, contactpersoonId: c[0]!.id, volgTokenHash: volgTokenHash(VOLG_TOKEN), volgTokenVersleuteld: versleutel(VOLG_SLEUTEL, meldingId, VOLG_TOKEN) });
  teamId = (await t.db.insert(medewerkers).values({ naam: 'T', email: 't@team.test', rol: 'team' }).returning({ id: medewerkers.id }))[0]!.id;
});
afterEach(async () => {
  for (const d of draaiend.splice(0)) {
    await d.relay.stop();
    d.mailer.close();
    await d.pool.close().catch(() => {});
  }
  sink.weiger = undefined;
  if (!sink.running) await sink.start();
  // Each test starts from an outbox with nothing due.
  await t.sql`update outbox set status = 'failed' where status = 'pending'`;
});
afterAll(async () => {
  await sink?.stop();
  await t?.drop();
});

describe('mail relay', () => {
  it('delivers a row notificeer writes within a second, woken by NOTIFY (the poll is a minute away), with the follow link filled in and never stored', async () => {
    // The real SMTP mailer, noting when the relay hands it each mail (the wake-up latency, apart from SMTP).
    const echt = createSmtpMailer(sink.url, { timeoutMs: 2000 });
    const aangeboden: number[] = [];
    await relay({ mailer: { send: (b) => (aangeboden.push(Date.now()), echt.send(b)), close: () => echt.close() } });
    // Let the relay's first look (at start) pass, so only the NOTIFY can wake it.
    await new Promise((r) => setTimeout(r, 200));
    const acts = createMeldingActivities({ db: t.db, appUrl: 'https://werkroute.example.nl' });
    const begin = Date.now();
    expect(await env.run(acts.notificeer, { sleutel: 'notify', meldingId, sjabloon: 'nieuwe_melding' as const, ontvangers: [{ soort: 'werkgever' as const }, { soort: 'medewerker' as const, medewerkerId: String(teamId) }], gegevens: { soort: 'vraag', deadline: '2027-01-18T17:00:00+01:00' } })).toEqual({ rijen: 2 });
    const keys = (await t.db.select({ key: outbox.idempotencyKey }).from(outbox).where(sql`starts_with(${outbox.idempotencyKey}, 'notify:')`)).map((r) => r.key);
    await waitFor(() => van(keys).length === 2, { what: 'both mails delivered', timeoutMs: 5_000, intervalMs: 10 });
    const geleverd = Date.now() - begin;
    const opgepakt = aangeboden[0]! - begin;
    console.log(`mail relay: first mail handed to SMTP ${opgepakt} ms, both delivered ${geleverd} ms after notificeer returned`);
    // Woken by the NOTIFY, not by the poll a minute away.
    expect(opgepakt).toBeLessThan(1_000);
    expect(geleverd).toBeLessThan(5_000);
    await waitFor(() => alleVerzonden(keys), { what: 'marked sent' });

    const aanWerkgever = van(keys).find((m) => m.to.includes('c@werkgever.test'))!;
    expect(tekstVan(aanWerkgever)).toContain(`Volg uw melding: https://werkroute.example.nl/volg/${VOLG_TOKEN}`);
    expect(aanWerkgever.messageId).toMatch(/^<notify:c\d+@werkroute>$/);
    const opgeslagen = await t.db.select({ body: outbox.body }).from(outbox).where(eq(outbox.meldingId, meldingId));
    expect(opgeslagen.some((r) => r.body.includes('{{volglink}}'))).toBe(true);
    expect(opgeslagen.map((r) => r.body).join()).not.toContain(VOLG_TOKEN);
  });

  it('without the key that reads the link the mail goes without the link line', async () => {
    await relay({ volglinkSleutel: volglinkSleutel(randomBytes(32)) });
    const [key] = await rijen('anderesleutel', 1, { ontvangerMedewerkerId: null, ontvangerContactpersoonId: null, ontvangerAdres: 'c@werkgever.test', body: 'Hallo\nVolg uw melding: {{volglink}}\nGroet\n' });
    await waitFor(() => alleVerzonden([key!]), { what: 'sent' });
    const tekst = tekstVan(van([key!])[0]!);
    expect(tekst).not.toContain('Volg uw melding');
    expect(tekst).not.toContain('{{volglink}}');
    expect(tekst).toContain('Groet');
  });

  it('a crash between delivery and "sent" resends that row on restart with the same Message-ID; no other row is doubled', async () => {
    const poolA = createDbClient(t.url, { max: 2, applicationName: 'test-relay-a' });
    const echt = createSmtpMailer(sink.url, { timeoutMs: 2000 });
    let gecrasht = false;
    // Relay A "dies" right after its first SMTP delivery: its connections are cut before it can mark the row.
    const crashend: Mailer = {
      async send(b) {
        await echt.send(b);
        if (!gecrasht) {
          gecrasht = true;
          await poolA.sql.end({ timeout: 0 });
        }
      },
      close: () => echt.close(),
    };
    await relay({ pool: poolA, mailer: crashend, maxInFlight: 1 });
    const keys = await rijen('crash', 5);
    await waitFor(() => gecrasht, { what: 'relay A crashed after a delivery' });
    const eerste = sink.messages.filter((m) => keys.some((k) => m.messageId === mid(k)));
    expect(eerste).toHaveLength(1);
    // Nothing was marked: the row's lock went with A's connection.
    expect((await status(keys)).every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);

    await relay();
    await waitFor(() => alleVerzonden(keys), { what: 'relay B delivered everything' });
    const ids = van(keys).map((m) => m.messageId);
    expect(ids).toHaveLength(6);
    const dubbel = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dubbel).toEqual([eerste[0]!.messageId]);
    expect(new Set(ids).size).toBe(5);
  });

  it('two relays on one database never send the same row twice (FOR UPDATE SKIP LOCKED), at most maxInFlight each', async () => {
    const telling = { a: 0, b: 0, tegelijk: 0, maxTegelijk: 0 };
    const traag = (wie: 'a' | 'b'): Mailer => {
      const m = createSmtpMailer(sink.url, { timeoutMs: 2000 });
      return {
        async send(b) {
          telling.tegelijk += 1;
          telling.maxTegelijk = Math.max(telling.maxTegelijk, telling.tegelijk);
          try {
            await new Promise((r) => setTimeout(r, 10));
            await m.send(b);
            telling[wie] += 1;
          } finally {
            telling.tegelijk -= 1;
          }
        },
        close: () => m.close(),
      };
    };
    await relay({ mailer: traag('a'), maxInFlight: 3 });
    await relay({ mailer: traag('b'), maxInFlight: 3 });
    const keys = await rijen('twee', 60);
    await waitFor(() => alleVerzonden(keys), { what: 'all 60 sent', timeoutMs: 20_000 });
    const ids = van(keys).map((m) => m.messageId);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(telling.a + telling.b).toBe(60);
    expect(telling.maxTegelijk).toBeLessThanOrEqual(6);
    console.log(`mail relay: two relays split 60 rows ${telling.a}/${telling.b}, at most ${telling.maxTegelijk} in flight`);
  });

  it('SMTP down: the row stays pending with growing attempts and backoff, and goes once the server is back', async () => {
    await sink.stop();
    await relay();
    const [key] = await rijen('transient', 1);
    const na2 = await waitFor(async () => (await status([key!])).find((r) => r.attempts >= 2), { what: 'two failed attempts' });
    expect(na2.status).toBe('pending');
    expect(na2.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(na2.lastError).not.toContain('@');
    expect(van([key!])).toHaveLength(0);
    await sink.start();
    await waitFor(() => alleVerzonden([key!]), { what: 'delivered after the outage' });
    expect(van([key!])).toHaveLength(1);
    const [s] = await status([key!]);
    expect(s?.lastError).toBeNull();
  });

  it('backoff doubles per attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 12].map((n) => backoffNa(n, 30_000, 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 3_600_000]);
  });

  it('permanent: a 5xx to the recipient or message, not a 4xx, a socket error or a refused login (configuration)', () => {
    expect(permanent(Object.assign(new Error('Message failed: 550'), { responseCode: 550, code: 'EMESSAGE' }))).toBe(true);
    expect(permanent(Object.assign(new Error('Recipient rejected'), { responseCode: 553, code: 'EENVELOPE' }))).toBe(true);
    expect(permanent(Object.assign(new Error('Invalid login'), { responseCode: 535, code: 'EAUTH' }))).toBe(false);
    expect(permanent(Object.assign(new Error('Try later'), { responseCode: 451, code: 'EENVELOPE' }))).toBe(false);
    expect(permanent(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(false);
  });

  it('a row still undeliverable after the give-up time (3 days) ends as failed', async () => {
    await sink.stop();
    await relay({ opgevenNaMs: 3 * 86_400_000 });
    const [key] = await rijen('oud', 1, { queuedAt: new Date(Date.now() - 3 * 86_400_000 - 60_000) });
    const s = await waitFor(async () => (await status([key!])).find((r) => r.status === 'failed'), { what: 'failed' });
    expect(s.attempts).toBe(1);
  });

  it('a permanent 5xx reply is not retried: the row ends as failed with the reply, without the address', async () => {
    sink.weiger = (m) => (m.to.includes('t@team.test') ? { code: 550, tekst: 'Mailbox t@team.test unavailable' } : undefined);
    await relay();
    const [key] = await rijen('permanent', 1);
    const s = await waitFor(async () => (await status([key!])).find((r) => r.status === 'failed'), { what: 'failed' });
    expect(s.attempts).toBe(1);
    expect(s.lastError).toContain('550');
    expect(s.lastError).not.toContain('t@team.test');
  });

  it('stop waits for the sends in flight and marks them; it claims nothing after', async () => {
    let begonnen = 0;
    let klaar = 0;
    const trage: Mailer = {
      async send() {
        begonnen += 1;
        await new Promise((r) => setTimeout(r, 300));
        klaar += 1;
      },
      close() {},
    };
    const r = await relay({ mailer: trage, maxInFlight: 1 });
    const keys = await rijen('stop', 2);
    await waitFor(() => begonnen > 0, { what: 'a send in flight', intervalMs: 5 });
    await r.stop();
    expect([begonnen, klaar]).toEqual([1, 1]);
    expect((await status(keys)).map((x) => x.status).sort()).toEqual(['pending', 'sent']);
  });
});
