// The read model of a melding's live state: the workflow's last answer to its status query.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { meldingLive } from '../schema';

export interface BewaardeLive<V> {
  versie: number;
  weergave: V;
  opgehaaldOp: Date;
}

/**
 * Keeps the view unless a newer version is already stored (writers race: activity, steps, reads).
 * `openEffecten` is stored as 0: it describes the moment of answering, not the state.
 */
export async function liveBewaren(db: Pick<Db, 'execute'>, meldingId: string, view: { versie: number; openEffecten?: number }, forceer = false): Promise<void> {
  const versie = view.versie;
  const weergave = { ...view, openEffecten: 0 };
  // An anonymised melding (retention, erasure) keeps no view: it may carry the texts that were removed.
  await db.execute(sql`
    insert into melding_live (melding_id, versie, weergave)
    select ${meldingId}, ${versie}, ${JSON.stringify(weergave)}::jsonb
     where not exists (select 1 from meldingen where id = ${meldingId} and geanonimiseerd_op is not null)
    on conflict (melding_id) do update set versie = excluded.versie, weergave = excluded.weergave, opgehaald_at = now()
     where melding_live.versie < excluded.versie or (${forceer} and melding_live.versie = excluded.versie)`);
}

export async function liveLezen<V>(db: Db, meldingId: string): Promise<BewaardeLive<V> | undefined> {
  const [r] = await db
    .select({ versie: meldingLive.versie, weergave: meldingLive.weergave, opgehaaldOp: meldingLive.opgehaaldAt })
    .from(meldingLive)
    .where(eq(meldingLive.meldingId, meldingId));
  return r ? { versie: r.versie, weergave: r.weergave as V, opgehaaldOp: r.opgehaaldOp } : undefined;
}
