// The mail relay: the one place where outbox rows leave over SMTP (transactional outbox). The activity
// `notificeer` only writes rows (and a NOTIFY in the same transaction); this loop, started beside the worker,
// claims due rows with FOR UPDATE SKIP LOCKED, one row per transaction, at most `maxInFlight` at a time, and
// marks each row sent in the transaction that holds its lock, right after delivery.
//
// Guarantee: a row is delivered at least once; it is delivered twice only when the process dies (or loses
// the database) between the SMTP "250 OK" and the commit of "sent": then the lock goes with the connection
// and another relay sends it again, with the same Message-ID `<idempotency_key@werkroute>`. At most the
// mails in flight at that moment (maxInFlight) can be doubled that way; no row is ever sent by two relays at
// once, since a row stays locked for as long as it is being sent.
import { sql } from 'drizzle-orm';
import type { Db, Sql } from '../db/client';
import { volgTokenVan } from '../db/repositories/volglink';
import { VOLGLINK_PLEK } from '../security/volglink';
import { OUTBOX_KANAAL } from '../db/schema';
import { zonderAdressen, type Logger } from './melding';
import type { Mailer } from './mailer';

export interface MailRelayOpties {
  db: Db;
  /** The postgres.js pool behind `db`; its dedicated LISTEN connection wakes the relay. */
  sql: Sql;
  mailer: Mailer;
  log?: Logger;
  clock?: { now(): number };
  /** Base URL of the web app for the follow link (default http://localhost:3000). */
  appUrl?: string | (() => string);
  /** Reads the follow link's secret (security/volglink.ts); absent: the link line is left out. */
  volglinkSleutel?: Buffer;
  /** Rows being sent at once (default 4); each holds one connection of the pool while it is sent. */
  maxInFlight?: number;
  /** Fallback poll when no NOTIFY arrives (default 30 s). */
  pollMs?: number;
  /** First retry delay after a transient failure (default 30 s), doubled per attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  /** Longest retry delay (default 1 h). */
  maxBackoffMs?: number;
  /** A row still undelivered this long after it was queued (written or requeued) is marked 'failed' (default 3 days). */
  opgevenNaMs?: number;
}

export interface MailRelay {
  /** Look for due rows now (as a NOTIFY does). */
  wek(): void;
  /** Stop claiming, wait for the sends in flight, stop listening. */
  stop(): Promise<void>;
}

const stil: Logger = { info: () => {}, warn: () => {}, error: () => {} };

interface Rij {
  id: number;
  key: string;
  onderwerp: string;
  body: string;
  melding_id: string | null;
  attempts: number;
  /** How long the row has been queued (since written or requeued). */
  wacht_ms: number;
  email: string | null;
}

/**
 * A 5xx reply (nodemailer `responseCode`) to the recipient or the message is permanent: retrying will not help.
 * A 5xx to our own login (`EAUTH`) is a configuration fault: retried like an outage, until someone fixes it.
 */
export function permanent(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown } | null;
  return typeof e?.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'EAUTH';
}

/** A point in time as a query parameter (drizzle's raw sql passes no Date objects to postgres.js). */
const tijd = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

export function backoffNa(attempts: number, basisMs: number, maxMs: number): number {
  return Math.min(maxMs, basisMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

export async function startMailRelay(opts: MailRelayOpties): Promise<MailRelay> {
  const { db, mailer } = opts;
  const log = opts.log ?? stil;
  const max = Math.max(1, opts.maxInFlight ?? 4);
  const pollMs = opts.pollMs ?? 30_000;
  const backoffMs = opts.backoffMs ?? 30_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 3_600_000;
  const opgevenNaMs = opts.opgevenNaMs ?? 3 * 86_400_000;
  const nu = () => opts.clock?.now() ?? Date.now();
  // Due times are compared in the database's clock (several relay hosts, one truth), unless a clock is injected.
  const dbNu = (plusMs = 0) => (opts.clock ? tijd(nu() + plusMs) : sql`now() + ${plusMs}::float8 * interval '1 millisecond'`);
  const basis = () => ((typeof opts.appUrl === 'function' ? opts.appUrl() : opts.appUrl) ?? 'http://localhost:3000').replace(/\/+$/, '');

  let stoppen = false;
  let actief = 0;
  // Bumped by every wake-up: a slot that found nothing looks once more when a wake-up came in meanwhile.
  let generatie = 0;
  const lopend = new Set<Promise<void>>();
  let volgende: { at: number; timer: NodeJS.Timeout } | undefined;
  // After a database error no slot claims again before this time (no tight loop while PostgreSQL is away).
  let pauzeTot = 0;
  const foutPauzeMs = Math.min(pollMs, 1_000);

  function wekOp(at: number): void {
    if (stoppen || (volgende && volgende.at <= at)) return;
    if (volgende) clearTimeout(volgende.timer);
    const timer = setTimeout(() => {
      volgende = undefined;
      wek();
    }, Math.min(pollMs, Math.max(0, at - nu()) + 5));
    timer.unref();
    volgende = { at, timer };
  }

  async function metVolglink(body: string, meldingId: string | null): Promise<string> {
    if (!body.includes(VOLGLINK_PLEK)) return body;
    const token = meldingId ? await volgTokenVan(db, opts.volglinkSleutel, meldingId) : undefined;
    // Unreadable (another app secret): the mail goes without the link line rather than with a dead one.
    return token ? body.replaceAll(VOLGLINK_PLEK, `${basis()}/volg/${token}`) : body.replace(/^.*\{\{volglink\}\}.*\n?/gm, '');
  }

  /** Claims, sends and settles one due row; false when there was none. */
  async function eenRij(): Promise<boolean> {
    return db.transaction(async (tx) => {
      const rijen = (await tx.execute(sql`
        select o.id, o.idempotency_key as key, o.onderwerp, o.body, o.melding_id, o.attempts,
               (extract(epoch from (${dbNu()} - o.queued_at)) * 1000)::float8 as wacht_ms,
               coalesce(o.ontvanger_adres, m.email, c.email) as email
          from outbox o
          left join medewerkers m on m.id = o.ontvanger_medewerker_id
          left join contactpersonen c on c.id = o.ontvanger_contactpersoon_id
         where o.status = 'pending' and o.next_attempt_at <= ${dbNu()}
         order by o.next_attempt_at, o.id
         limit 1
           for update of o skip locked`)) as unknown as Rij[];
      const rij = rijen[0];
      if (!rij) return false;
      if (!rij.email) {
        await tx.execute(sql`update outbox set status = 'failed', attempts = attempts + 1, last_error = 'geen e-mailadres' where id = ${rij.id}`);
        log.warn('mail zonder adres: failed', { outboxId: rij.id });
        return true;
      }
      try {
        await mailer.send({ to: rij.email, subject: rij.onderwerp, text: await metVolglink(rij.body, rij.melding_id), messageId: `<${rij.key}@werkroute>` });
      } catch (err) {
        const fout = zonderAdressen(err instanceof Error ? err.message : String(err)).slice(0, 500);
        const pogingen = rij.attempts + 1;
        const wacht = backoffNa(pogingen, backoffMs, maxBackoffMs);
        const opgeven = permanent(err) || rij.wacht_ms + wacht > opgevenNaMs;
        if (opgeven) {
          await tx.execute(sql`update outbox set status = 'failed', attempts = ${pogingen}, last_error = ${fout} where id = ${rij.id}`);
          log.error('mail onbestelbaar: failed', { outboxId: rij.id, pogingen, fout });
        } else {
          await tx.execute(sql`update outbox set attempts = ${pogingen}, last_error = ${fout}, next_attempt_at = ${dbNu(wacht)} where id = ${rij.id}`);
          log.warn('smtp mislukt; later opnieuw', { outboxId: rij.id, pogingen, overMs: wacht, fout });
        }
        return true;
      }
      await tx.execute(sql`update outbox set status = 'sent', sent_at = ${dbNu()}, attempts = attempts + 1, last_error = null where id = ${rij.id}`);
      return true;
    });
  }

  async function slot(): Promise<void> {
    for (;;) {
      if (stoppen) return;
      const g = generatie;
      let gedaan: boolean;
      try {
        gedaan = await eenRij();
      } catch (err) {
        // Database trouble (or a lost connection): leave it to the next wake-up or poll.
        const oorzaak = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
        log.warn('mail relay: database', { fout: zonderAdressen(oorzaak).slice(0, 300) });
        pauzeTot = nu() + foutPauzeMs;
        wekOp(pauzeTot);
        return;
      }
      if (!gedaan && g === generatie) return;
    }
  }

  /** When the earliest waiting retry is due, wake up then (bounded by the poll). */
  async function planVolgende(): Promise<void> {
    if (stoppen) return;
    const r = (await db.execute(sql`select (extract(epoch from (min(next_attempt_at) - ${dbNu()})) * 1000)::float8 as over from outbox where status = 'pending'`)) as unknown as { over: number | null }[];
    const over = r[0]?.over;
    if (over === null || over === undefined || stoppen) return;
    const at = Math.max(nu() + Number(over), pauzeTot);
    wekOp(at);
  }

  function wek(): void {
    generatie += 1;
    if (nu() < pauzeTot) return wekOp(pauzeTot);
    while (!stoppen && actief < max) {
      actief += 1;
      const p: Promise<void> = slot()
        .finally(() => {
          actief -= 1;
          lopend.delete(p);
          if (actief === 0) planVolgende().catch(() => {});
        });
      lopend.add(p);
    }
  }

  const luister = await opts.sql.listen(
    OUTBOX_KANAAL,
    () => wek(),
    // Also on every reconnect of the LISTEN connection: rows may have come in while it was down.
    () => wek(),
  );
  const poll = setInterval(wek, pollMs);
  poll.unref();
  log.info('mail relay gestart', { maxInFlight: max, pollMs });
  wek();

  let gestopt: Promise<void> | undefined;
  return {
    wek,
    stop: () =>
      (gestopt ??= (async () => {
        stoppen = true;
        clearInterval(poll);
        if (volgende) clearTimeout(volgende.timer);
        await Promise.allSettled([...lopend]);
        await luister.unlisten().catch(() => {});
        log.info('mail relay gestopt');
      })()),
  };
}
