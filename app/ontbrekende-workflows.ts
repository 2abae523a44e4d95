// A melding is committed to PostgreSQL before its workflow starts (the workflow's activities read the
// rows). If the process dies between the two, or Temporal is down and the employer never retries, the
// melding would sit in the database without a werkroute. This sweep finds such meldingen and starts their
// workflows; the start is idempotent on the workflow id, so a workflow that does exist is left alone.
// The same sweep refreshes read models (melding_live) that fell behind their melding.
import { sql } from 'drizzle-orm';
import type { MeldingTemporal } from '../api/temporal';
import { metLeesmodel } from '../api/leesmodel';
import type { Db } from '../db/client';
import type { Logger } from './logger';

export interface OntbrekendeWorkflowsOpties {
  db: Db;
  temporal: MeldingTemporal;
  logger: Logger;
  /** Between sweeps (default 60 s); the first sweep runs at once. */
  intervalMs?: number;
  /** Only meldingen older than this (default 60 s): a fresh one is still being started by its request. */
  ouderDanMs?: number;
  /** At most this many per sweep (default 200). */
  max?: number;
}

export interface OntbrekendeWorkflows {
  /** One sweep; resolves with the number of meldingen it (re)started or confirmed. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

export function startOntbrekendeWorkflows(opts: OntbrekendeWorkflowsOpties): OntbrekendeWorkflows {
  const intervalMs = opts.intervalMs ?? 60_000;
  const ouderDanMs = opts.ouderDanMs ?? 60_000;
  const max = opts.max ?? 200;
  const leesmodel = metLeesmodel(opts.temporal, opts.db, opts.logger);
  let bezig: Promise<number> | undefined;
  let gestopt = false;

  async function eenRonde(): Promise<number> {
    // projectie_versie 0: the workflow never projected its first state, so it may not exist.
    const rijen = (await opts.db.execute(sql`
      select id, soort, created_at from meldingen
       where projectie_versie = 0 and gesloten_at is null and created_at < now() - make_interval(secs => ${ouderDanMs / 1000})
       order by created_at limit ${max}`)) as unknown as { id: string; soort: 'vraag' | 'aanbod'; created_at: string | Date }[];
    let gestart = 0;
    for (const r of rijen) {
      if (gestopt) break;
      try {
        await opts.temporal.start({ meldingId: r.id, soort: r.soort, ontvangenOp: new Date(r.created_at).getTime() });
        gestart++;
      } catch (err) {
        // Temporal unreachable: the next sweep tries again; nothing is lost.
        opts.logger.warn('workflow start for a stored melding failed; retrying next sweep', { meldingId: r.id, err });
        break;
      }
    }
    if (rijen.length > 0) opts.logger.info('meldingen without a projected workflow checked', { gevonden: rijen.length, gestart });
    await leesmodellenBijwerken();
    return gestart;
  }

  /**
   * The worker keeps each melding's read model (melding_live) at every state change, but under a heavy
   * backlog its query can time out. Such read models are refreshed here, one at a time, so reads need no
   * workflow query for them later.
   */
  async function leesmodellenBijwerken(): Promise<void> {
    const achter = (await opts.db.execute(sql`
      select m.id from meldingen m left join melding_live l on l.melding_id = m.id
       where m.projectie_versie > 0 and m.geanonimiseerd_op is null and (l.versie is null or l.versie < m.projectie_versie)
       order by m.updated_at desc limit ${max}`)) as unknown as { id: string }[];
    let bijgewerkt = 0;
    for (const r of achter) {
      if (gestopt) break;
      try {
        // metLeesmodel stores what the workflow answers.
        if (await leesmodel.status(r.id, { timeoutMs: 10_000 })) bijgewerkt++;
      } catch {
        break; // busy or unreachable: the next sweep goes on
      }
    }
    if (achter.length > 0) opts.logger.info('read models behind their melding refreshed', { gevonden: achter.length, bijgewerkt });
  }

  const sweep = () => (bezig ??= eenRonde().finally(() => (bezig = undefined)));
  const tick = () =>
    void sweep().catch((err) => opts.logger.warn('sweep for meldingen without a workflow failed', { err }));
  const timer = setInterval(tick, intervalMs);
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
