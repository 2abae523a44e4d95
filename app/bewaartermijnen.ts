// Applies the retention rules (db/repositories/privacy.ts) at start and every hour: closed meldingen past
// their term lose their personal data and free texts; sessions, sign-in counts and idempotency keys go
// after their short lives. Several instances may run it: a transaction-level advisory lock lets one at a time.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Bewaartermijnen } from '../db/bewaartermijnen';
import { anonimiseerVerlopen, ruimKortlevendOp } from '../db/repositories/privacy';
import type { Logger } from './logger';

export interface BewaartermijnenOpties {
  db: Db;
  termijnen: Bewaartermijnen;
  logger: Logger;
  intervalMs?: number;
  now?: () => Date;
}

export interface BewaartermijnenSweep {
  /** One pass; resolves with the number of meldingen anonymised. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

const LOCK = 72_617_003;

export function startBewaartermijnen(opts: BewaartermijnenOpties): BewaartermijnenSweep {
  const now = opts.now ?? (() => new Date());
  let bezig: Promise<number> | undefined;
  let gestopt = false;

  async function eenRonde(): Promise<number> {
    // A transaction-level lock: with a pool, a session-level one could be released on another connection.
    return opts.db.transaction(async (tx) => {
      const [slot] = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCK}) as ok`);
      if (!slot?.ok) return 0;
      let totaal = 0;
      for (;;) {
        const n = await anonimiseerVerlopen(tx, opts.termijnen, now());
        totaal += n;
        if (n < 500 || gestopt) break;
      }
      await ruimKortlevendOp(tx, now());
      if (totaal > 0) opts.logger.info('retention: closed meldingen anonymised', { meldingen: totaal });
      return totaal;
    });
  }

  const sweep = () => (bezig ??= eenRonde().finally(() => (bezig = undefined)));
  const tick = () => void sweep().catch((err) => opts.logger.warn('retention sweep failed', { err: String(err) }));
  const timer = setInterval(tick, opts.intervalMs ?? 3_600_000);
  timer.unref();
  tick();
  return {
    sweep,
    async stop() {
      gestopt = true;
      clearInterval(timer);
      await bezig?.catch(() => undefined);
    },
  };
}
